// 已知收入 on a real PostgreSQL: industry-service's income.recorded, run through the handler in a transaction as the
// consumer runs it, shows as the household's known income of the year of earnedOn, each income once (a redelivery or
// the same incomeId under another event id counts once); a household the register does not hold is skipped.
import { randomUUID } from 'node:crypto';
import { buildEvent, contracts, type IncomeRecordedV1 } from '@fupin/contracts';
import {
  call,
  pgTransactionalClient,
  startTestService,
  testToken,
  withSuperuser,
  type TestService,
} from '@fupin/testing';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import { incomeRecordedHandler } from './income-recorded.handler';

jest.setTimeout(60_000);

const village = '430523102202';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
});
afterAll(() => svc?.stop());

interface KnownIncome {
  incomeYear: number;
  prefill: Record<string, number>;
  bySource: { source: string; surveyItem: string; totalFen: number; count: number }[];
  incomes: { incomeId: string; source: string; surveyItem: string; amountFen: number; earnedOn: string }[];
  surveyedAt: string | null;
  error?: { code: string; field?: string };
}

const income = (householdId: string, over: Partial<IncomeRecordedV1>) =>
  buildEvent(contracts.incomeRecorded, {
    aggregateId: householdId,
    actor: { subject: 'cadre-1', role: 'village_cadre', jurisdiction: village },
    payload: {
      householdId,
      villageCode: village,
      incomeId: randomUUID(),
      source: 'production',
      amountFen: 100,
      earnedOn: '2026-05-01',
      reference: 'ref',
      ...over,
    },
  });

it('keeps income.recorded as known income of the year of earnedOn, each income once, pre-filled per survey item', async () => {
  const cadre = await testToken('village_cadre', village);
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: householdInput(village, 3),
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  const householdId = created.body.id;

  const production = income(householdId, { amountFen: 1_234_567, earnedOn: '2026-12-31', reference: '出售肉牛1头' });
  const sameIncomeAgain = { ...production, id: randomUUID() }; // the same incomeId under another event
  const events = [
    production,
    production, // redelivered
    sameIncomeAgain,
    income(householdId, { source: 'dividend', amountFen: 300_000, earnedOn: '2026-06-30' }),
    income(householdId, { source: 'wage', amountFen: 250_050, earnedOn: '2026-07-31' }),
    income(householdId, { source: 'wage', amountFen: 250_050, earnedOn: '2026-08-31' }),
    income(householdId, { source: 'production', amountFen: 999, earnedOn: '2027-01-01' }), // the next income year
    income(randomUUID(), {}), // a household the register does not hold: skipped
  ];
  const runtime = svc.service.runtime;
  const warn = jest.spyOn(runtime.logger, 'warn');
  const db = pgTransactionalClient(svc.db.url);
  try {
    for (const event of events) await db.$transaction((tx) => incomeRecordedHandler(runtime)(event, tx));
    expect(warn).toHaveBeenCalledTimes(1);
  } finally {
    await db.$disconnect();
    warn.mockRestore();
  }

  const read = await call<KnownIncome>('GET', `${svc.url}/households/${householdId}/known-income?year=2026`, {
    token: cadre,
  });
  expect(read.status).toBe(200);
  expect(read.body.prefill).toEqual({ farmingIncome: 1_234_567, wageIncome: 500_100, propertyIncome: 300_000 });
  expect(read.body.bySource).toEqual([
    { source: 'dividend', surveyItem: 'propertyIncome', totalFen: 300_000, count: 1 },
    { source: 'wage', surveyItem: 'wageIncome', totalFen: 500_100, count: 2 },
    { source: 'production', surveyItem: 'farmingIncome', totalFen: 1_234_567, count: 1 },
  ]);
  expect(read.body.incomes.map((i) => [i.earnedOn, i.source, i.amountFen])).toEqual([
    ['2026-06-30', 'dividend', 300_000],
    ['2026-07-31', 'wage', 250_050],
    ['2026-08-31', 'wage', 250_050],
    ['2026-12-31', 'production', 1_234_567],
  ]);
  expect(read.body.surveyedAt).toBeNull();
  const next = await call<KnownIncome>('GET', `${svc.url}/households/${householdId}/known-income?year=2027`, {
    token: cadre,
  });
  expect(next.body.prefill).toEqual({ farmingIncome: 999, wageIncome: 0, propertyIncome: 0 });

  const outsider = await call<KnownIncome>('GET', `${svc.url}/households/${householdId}/known-income?year=2026`, {
    token: await testToken('village_cadre', '430523102203'),
  });
  expect(outsider.status).toBe(403);
  const noYear = await call<KnownIncome>('GET', `${svc.url}/households/${householdId}/known-income`, { token: cadre });
  expect([noYear.status, noYear.body.error?.field]).toEqual([400, 'year']);

  const counts = await withSuperuser(svc.db.url, (c) =>
    c.query<{ rows: number; audits: number }>(
      `SELECT (SELECT count(*)::int FROM known_income WHERE household_id::text = $1) AS rows,
              (SELECT count(*)::int FROM audit_record WHERE action = 'household.known_income' AND subject_id = $1) AS audits`,
      [householdId],
    ),
  );
  expect(counts.rows[0]).toEqual({ rows: 5, audits: 5 });
});
