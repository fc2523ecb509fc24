// 办理时限 of the exit procedures on the real stack: the service (real PostgreSQL, its activity worker) on a Temporal
// server of the test's own, with the identification workflows bundled from source on the orchestration queue (the
// queues' names are fixed, and the shared stack's workers run built code). A step left past its short deadline is
// escalated (village → township → county, then the workflow operator): the state view shows the step's dueAt and the
// rung reached, the audit trail holds each miss once, and nothing moves.
//   source .stack/test/env.sh && npx jest apps/identification-service/src/exit-deadlines.int.spec.ts --selectProjects integration
/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TaskQueues, type NoticeActivities } from '@fupin/workflows';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import {
  startPrivateTemporal,
  type PrivateTemporal,
} from '../../../libs/identification-workflows/src/testing/private-temporal';
import { recordClearingEscalation } from './monitoring/monitoring.repository';
import { startService } from './service';
import { householdInput } from './testing/people';

jest.setTimeout(120_000);

const village = `4305231014${String(Math.floor(Math.random() * 90) + 10)}`;
let temporal: PrivateTemporal;
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let cadre: string;
let auditor: string;
let approver: string;

/** notice-service stands in for itself: a notice opens for its period and closes without objections. */
const notices: NoticeActivities = {
  async openNotice({ noticeId, durationSeconds }) {
    const openedAt = new Date();
    const closesAt = new Date(+openedAt + durationSeconds * 1000);
    return { noticeId, openedAt: openedAt.toISOString(), closesAt: closesAt.toISOString() };
  },
  async closeNotice() {
    return { closedAt: new Date().toISOString(), objections: 0, filed: [] };
  },
  async answerObjection() {},
};

beforeAll(async () => {
  const workflows = path.join(__dirname, '..', '..', '..', 'libs', 'identification-workflows', 'src', 'index.ts');
  temporal = await startPrivateTemporal(workflows, { [TaskQueues.notice]: notices }, TaskQueues.orchestration);
  svc = await startTestService('identification-service', startService, {
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    RUN_WORKER: 'true',
    PROCEDURE_TEST_MODE: 'true',
    EXIT_STEP_DEADLINE_SECONDS: '2',
    VILLAGE_EXIT_NOTICE_SECONDS: '1',
    VILLAGE_EXIT_STEP_DEADLINE_SECONDS: '2',
  });
  cadre = await testToken('village_cadre', village, { subject: 'cadre-qian' });
  auditor = await testToken('auditor', village.slice(0, 6));
  approver = await testToken('county_approver', village.slice(0, 6), { subject: 'approver-zhou' });
});
afterAll(async () => {
  await svc?.stop();
  await temporal?.stop();
});

/** A registered household meeting every exit criterion (surveys of 2019 and 2020, a safe house and water). */
async function registered(): Promise<string> {
  const input = householdInput(village, 3);
  const members = input.members.map((m) => ({ ...m, basicMedicalInsured: true }));
  const post = <T>(url: string, body: unknown) =>
    call<T>('POST', `${svc.url}${url}`, { token: cadre, body, headers: { 'Idempotency-Key': randomUUID() } });
  const created = await post<{ id: string }>('/households', { ...input, members });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const zero = { farmingIncome: 0, livestockIncome: 0, propertyIncome: 0, transferIncome: 0, businessNetIncome: 0 };
  const costs = { productionCosts: 0, livingExpenses: 0, illnessSpending: 0, studentCosts: 0 };
  for (const incomeYear of [2019, 2020])
    expect(
      (await post(`/households/${id}/surveys`, { incomeYear, wageIncome: 2_700_000, ...zero, ...costs })).status,
    ).toBe(201);
  expect((await post(`/households/${id}/observations`, { housingGrade: 'B', drinkingWaterSafe: true })).status).toBe(
    201,
  );
  await svc.service.runtime.db.$executeRawUnsafe(`UPDATE household SET status = 'registered' WHERE id = $1::uuid`, id);
  return id;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (const deadline = Date.now() + 60_000; ;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

interface Pending {
  kind: string;
  step?: string;
  dueAt?: string;
  escalatedTo?: { level: string; role: string; times: number; divisionCode: string } | null;
}
interface AuditRecord {
  action: string;
  subjectId: string;
  actorSubject: string;
  reason: string;
}

/** The audit records of `subjectId` whose action ends in `.deadline_missed`, oldest first. */
async function missesOf(subjectId: string): Promise<AuditRecord[]> {
  const r = await call<{ records: AuditRecord[] }>('GET', `${svc.url}/audit/records?division=${village}&limit=500`, {
    token: auditor,
  });
  return r.body.records.filter((a) => a.subjectId === subjectId && a.action.endsWith('.deadline_missed')).reverse();
}

it('household exit: a missed deadline escalates village → township → county: in GET /exits/:id and once per rung in the audit trail', async () => {
  const householdId = await registered();
  const opened = await call<{ roundId: string }>('POST', `${svc.url}/exits`, {
    token: cadre,
    body: { villageCode: village, incomeYear: 2020, householdIds: [householdId] },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(opened.status).toBe(201);
  const state = () =>
    call<{ households: { step: string; pending: Pending }[] }>('GET', `${svc.url}/exits/${opened.body.roundId}`, {
      token: cadre,
    });
  const escalated = await until(
    state,
    (r) => r.status === 200 && (r.body.households[0].pending.escalatedTo?.times ?? 0) >= 2,
  );
  const { step, pending } = escalated.body.households[0];
  expect(step).toBe('village_assessment'); // escalation alerts; it does not move the case
  expect(pending).toMatchObject({
    kind: 'human',
    step: 'village_assessment',
    escalatedTo: { level: 'county', role: 'county_approver', divisionCode: village.slice(0, 6) },
  });
  expect(Date.parse(pending.dueAt!)).toBeGreaterThan(Date.now() - 5_000);

  const audit = () => missesOf(householdId);
  const misses = await until(audit, (records) => records.length >= 2);
  expect(misses.slice(0, 2).map((a) => [a.action, a.actorSubject, a.reason])).toEqual([
    [
      'exit.village_assessment.deadline_missed',
      'system:exit-procedure',
      '村级民主评议逾期未办理，第1次督办：乡镇 / village democratic assessment overdue (1): escalated to the township',
    ],
    [
      'exit.village_assessment.deadline_missed',
      'system:exit-procedure',
      '村级民主评议逾期未办理，第2次督办：县 / village democratic assessment overdue (2): escalated to the county',
    ],
  ]);
  // each rung recorded once: as many records as misses the state shows by now, never more
  const shown = (await state()).body.households[0].pending.escalatedTo!.times;
  expect((await audit()).length).toBeLessThanOrEqual(shown);
});

it('village exit: the county decision past its deadline alerts the county and the operator, in GET /village-exits/:id and the audit trail', async () => {
  const county = village.slice(0, 6);
  const loaded = await call('PUT', `${svc.url}/divisions`, {
    token: approver,
    body: {
      countyCode: county,
      divisions: [
        { code: county, name: '测试县' },
        { code: village.slice(0, 9), name: '测试镇' },
        { code: village, name: '督办村', ruralPopulation: 1000 },
      ],
    },
  });
  expect(loaded.status).toBe(200);
  await registered(); // 3 of 1000 (0.3 %): below the line, and a household for the notice to list
  const proposed = await call<{ id: string }>('POST', `${svc.url}/village-exits`, {
    token: cadre,
    body: { villageCode: village, year: 2020 },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(proposed.status).toBe(201);
  interface Deadline {
    step: string;
    dueAt: string;
    escalatedTo: { level: string; role: string; alertWorkflowOperator: boolean; times: number } | null;
  }
  const exit = () =>
    call<{ status: string; waitingFor: string | null; deadline: Deadline | null }>(
      'GET',
      `${svc.url}/village-exits/${proposed.body.id}`,
      { token: approver },
    );
  const late = await until(exit, (r) => r.status === 200 && (r.body.deadline?.escalatedTo?.times ?? 0) >= 1);
  expect(late.body).toMatchObject({ status: 'in_notice', waitingFor: 'county_decision' }); // not moved
  expect(late.body.deadline).toMatchObject({
    step: 'county_decision',
    escalatedTo: { level: 'county', role: 'county_approver', alertWorkflowOperator: true },
  });
  const misses = await until(
    () => missesOf(proposed.body.id),
    (records) => records.length >= 1,
  );
  expect([misses[0].action, misses[0].actorSubject, misses[0].reason]).toEqual([
    'village_exit.county_decision.deadline_missed',
    'system:village-exit',
    '贫困村退出县级审定逾期未办理，第1次督办：县并通知流程运维 / county decision on the village exit overdue (1): escalated to the county and the workflow operator',
  ]);
});

it('risk clearing: an overdue stage is audited once per rung in the household’s village, naming the rung', async () => {
  // the workflow side (the stage's clock, the rung in the state view) runs in
  // libs/identification-workflows/src/kernel/deadline-histories.int.spec.ts; here the record it asks for
  const householdId = randomUUID();
  const at = new Date().toISOString();
  const input = {
    monitoringId: randomUUID(),
    householdId,
    villageCode: village,
    stage: 'objections' as const,
    escalation: {
      times: 1,
      at,
      to: { level: 'county' as const, role: 'county_approver' as const, alertWorkflowOperator: false },
    },
    due: at,
  };
  const key = randomUUID();
  await recordClearingEscalation(svc.service.runtime.db, input, key);
  await recordClearingEscalation(svc.service.runtime.db, input, key); // the activity retried
  const misses = await missesOf(householdId);
  expect(misses.map((a) => [a.action, a.actorSubject, a.reason])).toEqual([
    [
      'monitoring.clearing.objections.deadline_missed',
      'system:monitoring',
      '风险消除异议答复逾期未办理，第1次督办：县 / township answers to objections to the risk clearing overdue (1): escalated to the county',
    ],
  ]);
});
