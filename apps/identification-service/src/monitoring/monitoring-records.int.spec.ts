// What the register records of a monitoring period, read back: its measures and checks in order (amounts in fen as
// numbers, times as ISO strings), the division's list with the latest check, and the household's file over HTTP.
import { randomUUID } from 'node:crypto';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { identificationDb } from '../db';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import {
  type EntryResult,
  MonitoringRepository,
  enterMonitoring,
  recheckHousehold,
  recordMeasure,
} from './monitoring.repository';

jest.setTimeout(60_000);

const village = `4305231${String(Math.floor(Math.random() * 90) + 10)}${Math.floor(Math.random() * 900) + 100}`;
const actor = { subject: 'cadre-he', role: 'village_cadre', jurisdiction: village };
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let cadre: string;
const db = () => svc.service.runtime.db;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  cadre = await testToken('village_cadre', village, { subject: actor.subject });
});
afterAll(() => svc?.stop());

/** An exited household of three whose 2020 survey shows 5,000 yuan per person (below the 6,000 monitoring line). */
async function exitedAtRisk(): Promise<string> {
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: householdInput(village, 3),
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  const survey = await call('POST', `${svc.url}/households/${created.body.id}/surveys`, {
    token: cadre,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      incomeYear: 2020,
      farmingIncome: 0,
      livestockIncome: 0,
      wageIncome: 1_500_000,
      propertyIncome: 0,
      transferIncome: 0,
      businessNetIncome: 0,
      productionCosts: 0,
      livingExpenses: 0,
      illnessSpending: 0,
      studentCosts: 0,
    },
  });
  expect(survey.status).toBe(201);
  await db().$executeRawUnsafe(`UPDATE household SET status = 'exited' WHERE id = $1::uuid`, created.body.id);
  return created.body.id;
}

it("reads a period's measures and checks in order, lists it with its latest check, and serves the file", async () => {
  const householdId = await exitedAtRisk();
  const entry = (await enterMonitoring(db(), { householdId }, actor, randomUUID(), [])).body as EntryResult;
  const measure = {
    measureId: randomUUID(),
    kind: 'employment' as const,
    description: '推荐到县城扶贫车间务工',
    department: 'human_resources',
    assignedBy: actor.subject,
    assignedAt: '2026-11-30T02:00:00.123Z',
  };
  await recordMeasure(db(), { monitoringId: entry.monitoringId, householdId, measure, signer: actor });
  const recheck = await recheckHousehold(
    db(),
    [],
    { monitoringId: entry.monitoringId, householdId, reason: 'disaster', detail: '冰雹' },
    randomUUID(),
  );

  const repository = new MonitoringRepository(identificationDb(svc.service.runtime));
  const records = await repository.records(entry.monitoringId);
  expect(records.measures).toEqual([measure]);
  const figures = { incomeYear: 2020, perCapitaFen: 500_000, monitoringLineFen: 600_000, povertyLineFen: 400_000 };
  expect(records.checks).toEqual([
    {
      checkId: expect.any(String),
      checkedAt: expect.any(Date),
      reason: 'entry',
      detail: null,
      outcome: 'at_risk',
      ...figures,
    },
    {
      checkId: recheck.checkId,
      checkedAt: new Date(recheck.checkedAt),
      reason: 'disaster',
      detail: '冰雹',
      outcome: 'at_risk',
      ...figures,
    },
  ]);
  expect(records.checks[0].checkedAt.getTime()).toBeLessThanOrEqual(records.checks[1].checkedAt.getTime());

  const listed = (await repository.list(village)).find((m) => m.monitoringId === entry.monitoringId);
  expect(listed).toMatchObject({
    householdId,
    villageCode: village,
    categories: ['unstable_exited'],
    status: 'monitoring',
    measures: 1,
    lastCheckAt: new Date(recheck.checkedAt),
    lastOutcome: 'at_risk',
  });

  const file = await call<{ monitoringId: string; measures: unknown[]; checks: { checkId: string }[] }>(
    'GET',
    `${svc.url}/monitoring/${householdId}`,
    { token: cadre },
  );
  expect(file.status).toBe(200);
  expect(file.body.monitoringId).toBe(entry.monitoringId);
  expect(file.body.measures).toEqual([measure]);
  expect(file.body.checks.map((c) => c.checkId)).toEqual(records.checks.map((c) => c.checkId));
});
