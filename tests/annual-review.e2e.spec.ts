// 一年一评、有进有出 end to end on the real stack: the county approver starts the annual review; it waits for the
// year's surveys (one village is late: overdue surveys end with the survey period), opens the exit round of the
// household meeting the criteria and the identification round of the new application as child workflows, shows
// progress per township while the officials sign, and ends with the report — entered, exited, incidence before/after.
import { randomUUID } from 'node:crypto';
import { eventually } from '@fupin/testing';
import { mustExitAct, waitForExitStep } from './support/exit';
import { randomVillage } from './support/people';
import { call, startPlatform, token, type RunningPlatform } from './support/platform';
import {
  applyHousehold,
  completeSurvey,
  driveRoundToRegistration,
  officialsOf,
  registerThroughRound,
  type Officials,
} from './support/procedure';

jest.setTimeout(300_000);

let platform: RunningPlatform;
const v1 = randomVillage();
const county = v1.slice(0, 6);
const v2 = `${county}${String(((Number(v1.slice(6, 9)) - 99) % 900) + 100).padStart(3, '0')}${v1.slice(9)}`; // another township
let o1: Officials;
let o2: Officials;
const ident = () => platform.url('identification-service');
const SURVEY_S = 10;

interface Review {
  campaignId: string;
  phase: string;
  surveys: { expected: number; received: number };
  townships: { townshipCode: string; villages: number; done: number; waiting: number; overdue: number }[];
  report: null | {
    entered: number;
    exited: number;
    stayedRegistered: number;
    monitored: number;
    villages: {
      villageCode: string;
      before: { poorNotExited: number; bp: number | null };
      after: { poorNotExited: number; bp: number | null };
    }[];
    county: { before: { bp: number | null }; after: { bp: number | null } };
  };
}

beforeAll(async () => {
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: '3',
    EXIT_NOTICE_SECONDS: '3',
    EXIT_ANNOUNCEMENT_SECONDS: '3',
    REVIEW_CHECK_SECONDS: '1',
    REVIEW_SURVEY_SECONDS: String(SURVEY_S),
    REVIEW_DEADLINE_SECONDS: '600',
    REVIEW_VILLAGE_BATCH: '1',
  });
  o1 = await officialsOf(v1);
  o2 = await officialsOf(v2);
});

afterAll(async () => {
  await platform?.stop();
});

it('runs the county annual review: exits proposed, applications identified, progress per township, the report', async () => {
  const divisions = await call('PUT', `${ident()}/divisions`, {
    token: o1.approver,
    body: {
      countyCode: county,
      divisions: [
        { code: county, name: '测试县' },
        { code: v1.slice(0, 9), name: '一镇' },
        { code: v2.slice(0, 9), name: '二镇' },
        { code: v1, name: '甲村', ruralPopulation: 300 },
        { code: v2, name: '乙村', ruralPopulation: 300 },
      ],
    },
  });
  expect(divisions.status).toBe(200);
  // last years' register: two households in v1, one in v2 (3 people each)
  const [h1, h2] = await Promise.all([1, 2].map(() => applyHousehold(ident(), o1.cadre, v1, { incomeYear: 2018 })));
  await registerThroughRound(ident(), v1, [h1, h2], 2018);
  const h4 = await applyHousehold(ident(), o2.cadre, v2, { incomeYear: 2018 });
  await registerThroughRound(ident(), v2, [h4], 2018);
  // this year's surveys: h1 stably above the line, h2 still below; h4's survey never comes; h3 applies
  for (const year of [2019, 2020])
    await completeSurvey(ident(), o1.cadre, h1, { incomeYear: year, perCapitaYuan: 9000 });
  for (const year of [2019, 2020])
    await completeSurvey(ident(), o1.cadre, h2, { incomeYear: year, perCapitaYuan: 2000 });
  const h3 = await applyHousehold(ident(), o1.cadre, v1, { incomeYear: 2020 });

  const body = { countyCode: county, incomeYear: 2020 };
  expect(
    (await call('POST', `${ident()}/reviews`, { token: o1.cadre, body, headers: { 'Idempotency-Key': randomUUID() } }))
      .status,
  ).toBe(403);
  const started = await call<{ campaignId: string; workflowId: string }>('POST', `${ident()}/reviews`, {
    token: o1.approver,
    body,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(started.status).toBe(201);
  expect(started.body.workflowId).toBe(`annual-review:${county}:2020`);
  const again = await call<{ error: { code: string } }>('POST', `${ident()}/reviews`, {
    token: o1.approver,
    body,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('review.exists');
  const review = async () => {
    const r = await call<Review>('GET', `${ident()}/reviews/${started.body.campaignId}`, { token: o1.approver });
    if (r.status !== 200) throw new Error(`review: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };

  // collecting surveys: h4 has none, so the campaign waits for the survey period
  const collecting = await eventually(
    async () => {
      const r = await review();
      return r.phase === 'surveys' && r.surveys.expected === 4 ? r : undefined;
    },
    20_000,
    250,
  );
  expect(collecting.surveys).toEqual({ expected: 4, received: 3 });

  // then each village's rounds: h1 proposed for exit, h3's application in the identification procedure
  const exitRound = await eventually(
    async () => {
      const r = await call<{ rounds: { id: string; income_year: number; households: number }[] }>(
        'GET',
        `${ident()}/exits?division=${v1}`,
        { token: o1.cadre },
      );
      return r.body.rounds?.find((x) => x.income_year === 2020);
    },
    SURVEY_S * 1000 + 30_000,
    500,
  );
  expect(exitRound.households).toBe(1);
  // every village's rounds opened (one village per batch here): the campaign follows the procedures
  const inProcedure = await eventually(
    async () => {
      const r = await review();
      return r.phase === 'procedures' ? r : undefined;
    },
    30_000,
    250,
  );
  expect(inProcedure.townships.map((t) => t.townshipCode).sort()).toEqual([v1.slice(0, 9), v2.slice(0, 9)].sort());
  expect(inProcedure.townships.find((t) => t.townshipCode === v1.slice(0, 9))).toMatchObject({
    villages: 1,
    done: 0,
    waiting: 1,
    overdue: 0,
  });
  expect(inProcedure.townships.find((t) => t.townshipCode === v2.slice(0, 9))).toMatchObject({ villages: 1, done: 1 });

  // the officials sign: h1 exits …
  await waitForExitStep(ident(), exitRound.id, o1.cadre, [h1], 'village_assessment');
  await mustExitAct(ident(), exitRound.id, o1.cadre, { step: 'village_assessment', householdIds: [h1] });
  await mustExitAct(ident(), exitRound.id, o1.cadre, { step: 'task_force_check', householdIds: [h1] });
  await mustExitAct(ident(), exitRound.id, o1.cadre, {
    step: 'household_agreement',
    householdIds: [h1],
    signatures: { [h1]: { signedBy: '王建国', signedOn: '2026-11-20' } },
  });
  await waitForExitStep(ident(), exitRound.id, o1.approver, [h1], 'county_approval', 30_000);
  await mustExitAct(ident(), exitRound.id, o1.approver, { step: 'county_approval', householdIds: [h1] });
  // … and h3 is registered
  const rounds = await call<{ rounds: { id: string; income_year: number }[] }>(
    'GET',
    `${ident()}/rounds?division=${v1}`,
    { token: o1.cadre },
  );
  const identification = rounds.body.rounds.find((r) => r.income_year === 2020)!;
  await driveRoundToRegistration(ident(), v1, identification.id, [h3]);

  const finished = await eventually(
    async () => {
      const r = await review();
      return r.phase === 'finished' ? r : undefined;
    },
    60_000,
    500,
  );
  expect(finished.townships.every((t) => t.done === t.villages && t.overdue === 0)).toBe(true);
  expect(finished.report).toMatchObject({ entered: 1, exited: 1, stayedRegistered: 0 });
  // 甲村: 6 poor people of 300 before (h1, h2) → 6 after (h2, h3); 乙村: 3 → 3
  expect(finished.report!.villages).toEqual(
    expect.arrayContaining([
      {
        villageCode: v1,
        before: { poorNotExited: 6, ruralPopulation: 300, bp: 200 },
        after: { poorNotExited: 6, ruralPopulation: 300, bp: 200 },
      },
      {
        villageCode: v2,
        before: { poorNotExited: 3, ruralPopulation: 300, bp: 100 },
        after: { poorNotExited: 3, ruralPopulation: 300, bp: 100 },
      },
    ]),
  );
  expect(finished.report!.county).toMatchObject({ before: { bp: 150 }, after: { bp: 150 } });
  expect((await call<{ status: string }>('GET', `${ident()}/households/${h1}`, { token: o1.cadre })).body.status).toBe(
    'exited',
  );
  expect((await call<{ status: string }>('GET', `${ident()}/households/${h3}`, { token: o1.cadre })).body.status).toBe(
    'registered',
  );

  // the report is kept with the campaign and audited
  const auditor = await token('auditor', county);
  const listed = await call<{ reviews: { id: string; status: string }[] }>(
    'GET',
    `${ident()}/reviews?county=${county}`,
    { token: auditor },
  );
  expect(listed.body.reviews.find((r) => r.id === started.body.campaignId)?.status).toBe('finished');
  const audit = await call<{ records: { action: string; subjectId: string }[] }>(
    'GET',
    `${ident()}/audit/records?division=${county}&limit=1000`,
    { token: auditor },
  );
  expect(
    audit.body.records
      .filter((r) => r.subjectId === started.body.campaignId)
      .map((r) => r.action)
      .sort(),
  ).toEqual(['review.finished', 'review.start']);
});
