// The dividend schedule on a private Temporal server (real PostgreSQL, real Temporal, the service's real activities on
// industry's queue, the workflows bundled from source on the orchestration queue) with its intervals shortened by
// configuration: the schedule dividend:<id> fires every 2 s, each fire raising the next item (dividend.due); the
// first is paid within its period, the next ones are not → dividend.missed in the outbox, escalated, the contract in
// arrears, and the schedule deleted once every item is settled. RECORD_HISTORIES=1 writes the fires' histories into
// libs/industry-workflows/src/dividends/histories for apps/orchestrator's replay test.
/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ScheduleNotFoundError } from '@temporalio/client';
import { TaskQueues } from '@fupin/workflows';
import { call, withSuperuser } from '@fupin/testing';
import {
  historyOf,
  recordHistory,
  startPrivateTemporal,
  type PrivateTemporal,
} from '../../../../libs/identification-workflows/src/testing/private-temporal';
import {
  COUNTY,
  type IndustryTestService,
  creditCode,
  freshVillage,
  industryOfficer,
  registerHousehold,
  startIndustry,
} from '../test-support';
import { shanghaiDay } from './dividend.clock';

jest.setTimeout(180_000);

const workflowsLib = path.join(__dirname, '..', '..', '..', '..', 'libs', 'industry-workflows', 'src');
let temporal: PrivateTemporal;
let svc: IndustryTestService;

beforeAll(async () => {
  temporal = await startPrivateTemporal(path.join(workflowsLib, 'index.ts'), {}, TaskQueues.orchestration);
  svc = await startIndustry({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    RUN_WORKER: 'true',
    PROCEDURE_TEST_MODE: 'true',
    INDUSTRY_DIVIDEND_TEST_INTERVAL_SECONDS: '2',
    INDUSTRY_DIVIDEND_TEST_MISSED_SECONDS: '6',
  });
});
afterAll(async () => {
  await svc?.stop();
  await temporal?.stop();
});

interface Contract {
  id: string;
  scheduleId: string;
  schedule: string;
  arrearsFen: number;
  inArrears: boolean;
  items: { dueOn: string; kind: string; amountFen: number; status: string; raisedAt: string | null }[];
}

const get = async (id: string) =>
  (await call<Contract>('GET', `${svc.url}/dividend-contracts/${id}`, { token: await industryOfficer() })).body;

async function until(id: string, done: (c: Contract) => boolean, seconds = 40): Promise<Contract> {
  for (const deadline = Date.now() + seconds * 1000; ;) {
    const c = await get(id);
    if (done(c)) return c;
    if (Date.now() > deadline) throw new Error(`contract ${id}: timed out; last ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const outbox = (id: string) =>
  withSuperuser(svc.db.url, (c) =>
    c.query<{ type: string; payload: { dueOn: string; kind: string } }>(
      `SELECT type, envelope->'payload' AS payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY seq`,
      [id],
    ),
  ).then((r) => r.rows);

it('the shortened schedule raises an item, it is paid; the next is missed → dividend.missed; then the schedule ends', async () => {
  const office = await industryOfficer();
  const householdId = await registerHousehold(svc, freshVillage());
  const code = creditCode();
  const partner = await call<{ id: string }>('POST', `${svc.url}/partners`, {
    token: office,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      creditCode: code,
      name: '茶叶合作社',
      kind: 'cooperative',
      countyCode: COUNTY,
      bankAccountRef: `ACC-${code}`,
    },
  });
  // dates far ahead: only the shortened schedule can raise them
  const created = await call<{ id: string; scheduleId: string }>('POST', `${svc.url}/dividend-contracts`, {
    token: office,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      householdId,
      partnerId: partner.body.id,
      principalFen: 1_000_000,
      fundSource: 'fiscal',
      fundRef: '财政资金折股量化 2030-07',
      dividend: { kind: 'rate', rateBp: 800 }, // 8 % a year: 80,000 fen, 40,000 on each date
      paymentDates: { kind: 'dates', dates: ['2030-10-15', '2031-04-15'] },
      startOn: '2030-07-01',
      termYears: 1,
    },
  });
  expect(created.status).toBe(201);
  const { id, scheduleId } = created.body;
  const described = await temporal.client.schedule.getHandle(scheduleId).describe();
  expect(described.spec.intervals).toEqual([expect.objectContaining({ every: 2000 })]);
  expect(described.state.remainingActions).toBe(3);

  // the first fire raises the first item only
  const raised = await until(id, (c) => c.items[0].raisedAt !== null);
  expect(raised.items.map((i) => i.status)).toEqual(['due', 'upcoming', 'upcoming']);
  const paid = await call('POST', `${svc.url}/dividend-contracts/${id}/payments`, {
    token: office,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { dueOn: '2030-10-15', kind: 'dividend', amountFen: 40_000, paymentRef: 'TEA-1', paidOn: shanghaiDay() },
  });
  expect(paid.status).toBe(201);

  // the next ones are raised in order and not paid: missed after 6 s, escalated; every item settled ends the schedule
  const settled = await until(id, (c) => c.schedule === 'closed');
  expect(settled.items.map((i) => [i.dueOn, i.kind, i.status])).toEqual([
    ['2030-10-15', 'dividend', 'paid'],
    ['2031-04-15', 'dividend', 'missed'],
    ['2031-07-01', 'principal', 'missed'],
  ]);
  expect([settled.arrearsFen, settled.inArrears]).toEqual([40_000 + 1_000_000, true]);
  await expect(temporal.client.schedule.getHandle(scheduleId).describe()).rejects.toBeInstanceOf(ScheduleNotFoundError);

  const events = await outbox(id);
  const of = (type: string) => events.filter((e) => e.type === type).map((e) => `${e.payload.dueOn} ${e.payload.kind}`);
  expect(of('dividend.due')).toEqual(['2030-10-15 dividend', '2031-04-15 dividend', '2031-07-01 principal']);
  expect(of('dividend.paid')).toEqual(['2030-10-15 dividend']);
  expect(of('income.recorded')).toHaveLength(1);
  expect(of('dividend.missed')).toEqual(['2031-04-15 dividend', '2031-07-01 principal']);
  const escalations = await withSuperuser(svc.db.url, (c) =>
    c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE subject_id = $1 AND action = 'industry.dividend.missed'`,
      [id],
    ),
  );
  expect(escalations.rows[0].n).toBe(2);

  // every fire ran to its end: one raised and paid, two raised and missed
  const runs = [];
  for await (const w of temporal.client.workflow.list({ query: `WorkflowType = 'dividendDueWorkflow'` })) runs.push(w);
  expect(runs).toHaveLength(3);
  const results = await Promise.all(
    runs.map(async (w) => {
      const handle = temporal.client.workflow.getHandle(w.workflowId, w.runId);
      return { handle, result: (await handle.result()) as { raised: { dueOn: string }[]; missed: unknown[] } };
    }),
  );
  const byDue = (d: string) => results.find((r) => r.result.raised[0]?.dueOn === d)!;
  expect(byDue('2030-10-15').result.missed).toEqual([]);
  expect(byDue('2031-04-15').result.missed).toEqual([{ dueOn: '2031-04-15', kind: 'dividend' }]);
  const histories = path.join(workflowsLib, 'dividends');
  recordHistory(await historyOf(byDue('2030-10-15').handle), histories, 'v1-raised-paid');
  recordHistory(await historyOf(byDue('2031-04-15').handle), histories, 'v1-raised-missed');
});
