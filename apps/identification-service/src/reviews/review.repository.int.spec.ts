// Annual review campaigns on the real database, through the repository: started once per county and year, read back
// one by one and listed (newest income year first, without reports), finished once with the report, and the reads
// the campaign's activities make.
import { randomUUID } from 'node:crypto';
import type { ReviewReport } from '@fupin/exit-rules';
import { DomainError } from '@fupin/service-kit';
import { startTestService, type TestService } from '@fupin/testing';
import { identificationDb } from '../db';
import { insertExitRound } from '../exits/exit.repository';
import { insertRound } from '../rounds/round.repository';
import { startService } from '../service';
import {
  ReviewRepository,
  campaignCounty,
  exitRoundOfYear,
  finishCampaign,
  identificationRoundOfYear,
} from './review.repository';

jest.setTimeout(60_000);

const county = `52${Math.floor(Math.random() * 9000) + 1000}`; // rarely the same across runs
const actor = { subject: 'county-approver-zheng', role: 'county_approver', jurisdiction: county };
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let reviews: ReviewRepository;
const db = () => svc.service.runtime.db;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  reviews = new ReviewRepository(identificationDb(svc.service.runtime));
});
afterAll(() => svc?.stop());

it('starts a campaign once per county and year, lists them newest first, and finishes one once with its report', async () => {
  const older = await reviews.start({ countyCode: county, incomeYear: 2020 }, actor, randomUUID());
  const newer = await reviews.start({ countyCode: county, incomeYear: 2021 }, actor, randomUUID());
  const again = await reviews.start({ countyCode: county, incomeYear: 2020 }, actor, randomUUID()).catch((e) => e);
  expect(again).toBeInstanceOf(DomainError);
  expect(again).toMatchObject({ status: 409, code: 'review.exists', details: { campaignId: older.body.campaignId } });

  const id = older.body.campaignId;
  expect(await reviews.load(id)).toEqual({
    id,
    county_code: county,
    income_year: 2020,
    workflow_id: older.body.workflowId,
    status: 'running',
    report: null,
    created_by: actor.subject,
    created_at: expect.any(Date),
    finished_at: null,
  });
  expect(await reviews.load('not-a-uuid')).toBeNull();
  expect(await campaignCounty(db(), id)).toBe(county);
  expect(await campaignCounty(db(), randomUUID())).toBeNull();

  const report = { entered: 3, exited: 2, stayedRegistered: 1, monitored: 0 } as unknown as ReviewReport;
  expect(await db().$transaction((tx) => finishCampaign(tx, id, report))).toEqual({
    county_code: county,
    income_year: 2020,
  });
  expect(await db().$transaction((tx) => finishCampaign(tx, id, report))).toBeNull(); // a retried activity
  expect(await reviews.load(id)).toMatchObject({ status: 'finished', report, finished_at: expect.any(Date) });

  const listed = await reviews.list(county);
  expect(listed.map((c) => [c.id, c.income_year, c.status, c.report])).toEqual([
    [newer.body.campaignId, 2021, 'running', null],
    [id, 2020, 'finished', null],
  ]);
});

it("finds a village's rounds of the year, and none before they are opened", async () => {
  const village = `${county}101201`;
  expect(await identificationRoundOfYear(db(), village, 2020)).toBeNull();
  expect(await exitRoundOfYear(db(), village, 2020)).toBeNull();
  const { roundId } = await db().$transaction((tx) => insertRound(tx, village, 2020, [], actor));
  expect(await identificationRoundOfYear(db(), village, 2020)).toBe(roundId);
  expect(await identificationRoundOfYear(db(), village, 2021)).toBeNull();
  const exit = await db().$transaction((tx) =>
    insertExitRound(tx, { villageCode: village, incomeYear: 2020, perCapitaFen: new Map() }, actor, 'test'),
  );
  expect(await exitRoundOfYear(db(), village, 2020)).toBe(exit.roundId);
  expect(await exitRoundOfYear(db(), village, 2021)).toBeNull();
});
