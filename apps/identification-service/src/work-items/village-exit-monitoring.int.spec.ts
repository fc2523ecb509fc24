// 待办 of village exits and relapse monitoring on the real database, through HTTP: the mirrors as the register writes
// them (the exit recorded in notice and its county step's miss by the village exit's activity functions; a period
// entered, its measure deadline's rungs and its first measure by the monitoring repository's) and GET /work-items as
// each official reads them — the county's steps once the township notice has ended, the village's measure, escalations.
import { randomUUID } from 'node:crypto';
import type { WorkItemList } from '@fupin/service-kit';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { identificationDb } from '../db';
import {
  type EntryResult,
  enterMonitoring,
  recordEscalation,
  recordMeasure,
} from '../monitoring/monitoring.repository';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import { recordVillageExitEscalation } from '../village-exits/activities';
import { proposeVillageExit, updateVillageExit } from '../village-exits/village-exit.repository';

jest.setTimeout(60_000);

const HOUR = 3600;
const rand = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');
// a county of its own, so other tests' rows never show in these inboxes
const county = `45${rand(4)}`;
const townshipA = `${county}101`;
const townshipB = `${county}102`;
const villageA = `${townshipA}201`;
const villageB = `${townshipA}202`;
const villageC = `${townshipB}203`;
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
const db = () => identificationDb(svc.service.runtime);
const ago = (hours: number) => new Date(Date.now() - hours * HOUR * 1000).toISOString();

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, {
    RUN_WORKER: 'false',
    PROCEDURE_TEST_MODE: 'true',
    VILLAGE_EXIT_NOTICE_SECONDS: String(HOUR),
    VILLAGE_EXIT_STEP_DEADLINE_SECONDS: String(24 * HOUR),
    MONITORING_MEASURE_DEADLINE_SECONDS: '2',
  });
});
afterAll(() => svc?.stop());

async function inbox(role: string, jurisdiction: string, query = ''): Promise<WorkItemList> {
  const res = await call<WorkItemList>('GET', `${svc.url}/work-items${query}`, {
    token: await testToken(role, jurisdiction),
  });
  expect(res.status).toBe(200);
  return res.body;
}

const check = {
  ok: true,
  poorNotExited: 2,
  ruralPopulation: 400,
  ratio: { numerator: 2, denominator: 400 },
  incidenceBp: 50,
  thresholdBp: 200,
  western: false,
  checkedAt: ago(0),
  message: { 'zh-CN': '低于标准', en: 'below the line' },
};

/** A village exit proposed, its township notice opened `hoursAgo` (as the workflow's activity records it). */
async function exitInNotice(villageCode: string, hoursAgo: number): Promise<string> {
  const actor = { subject: 'reviewer', role: 'township_reviewer', jurisdiction: villageCode.slice(0, 9) };
  const proposed = await proposeVillageExit(db(), { villageCode, year: 2026 }, actor, randomUUID());
  const exitId = proposed.body.id;
  const record = {
    exitId,
    status: 'in_notice' as const,
    noticeId: randomUUID(),
    check,
    checkKind: 'proposal' as const,
  };
  await updateVillageExit(db(), { ...record, at: ago(hoursAgo) }, null);
  return exitId;
}

/** An exited household of three, at risk by its survey, entered into monitoring now. */
async function monitored(villageCode: string): Promise<EntryResult & { householdId: string }> {
  const cadre = await testToken('village_cadre', villageCode);
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: householdInput(villageCode, 3),
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  const zero = { farmingIncome: 0, livestockIncome: 0, propertyIncome: 0, transferIncome: 0, businessNetIncome: 0 };
  const costs = { productionCosts: 0, livingExpenses: 0, illnessSpending: 0, studentCosts: 0 };
  const survey = await call('POST', `${svc.url}/households/${created.body.id}/surveys`, {
    token: cadre,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { incomeYear: 2020, wageIncome: 1_500_000, ...zero, ...costs },
  });
  expect(survey.status).toBe(201);
  await db().$executeRawUnsafe(`UPDATE household SET status = 'exited' WHERE id = $1::uuid`, created.body.id);
  const actor = { subject: 'cadre', role: 'village_cadre', jurisdiction: villageCode };
  const entry = await enterMonitoring(db(), { householdId: created.body.id }, actor, randomUUID(), []);
  return { ...(entry.body as EntryResult), householdId: created.body.id };
}

let overdueExit: string;
let escalatedExit: string;
let watched: EntryResult & { householdId: string };
let assisted: EntryResult & { householdId: string };

beforeAll(async () => {
  // A: the notice ended 29 h ago, past the decision's 24 h; B: the notice still open; C: a missed answer to objections
  overdueExit = await exitInNotice(villageA, 30);
  await exitInNotice(villageB, 0.5);
  escalatedExit = await exitInNotice(villageC, 60);
  const escalation = {
    times: 1,
    at: ago(20),
    to: { level: 'county' as const, role: 'county_approver' as const, alertWorkflowOperator: true },
  };
  const missed = { exitId: escalatedExit, villageCode: villageC, step: 'objection_answers' as const, escalation };
  await recordVillageExitEscalation(db(), { ...missed, due: ago(35) }, randomUUID());
  // monitoring: one period waiting for its first measure (due 2 s after entry), one given a measure
  watched = await monitored(villageA);
  assisted = await monitored(villageA);
  const measure = {
    measureId: randomUUID(),
    kind: 'employment' as const,
    description: '推荐到县城扶贫车间务工',
    department: null,
    assignedBy: 'cadre',
    assignedAt: new Date().toISOString(),
  };
  const signer = { subject: 'cadre', role: 'village_cadre', jurisdiction: villageA };
  await recordMeasure(db(), {
    monitoringId: assisted.monitoringId,
    householdId: assisted.householdId,
    measure,
    signer,
  });
  await new Promise((r) => setTimeout(r, 2_100));
});

it("the county approver sees the exits whose township notice has ended: the decision's deadline, or the missed step", async () => {
  const { items, total } = await inbox('county_approver', county, '?procedure=village_exit');
  expect(total).toBe(2);
  const byId = new Map(items.map((i) => [i.procedureId, i]));
  expect(byId.get(overdueExit)).toMatchObject({
    procedure: 'village_exit',
    path: `/village-exits/${overdueExit}`,
    villageCode: villageA,
    step: 'county_decision',
    stepLabel: { 'zh-CN': '贫困村退出县级审定', en: 'county decision on the village exit' },
    role: 'county_approver',
    households: 1,
    overdueHouseholds: 1,
    escalatedHouseholds: 0,
    escalatedToMe: false,
  });
  const decision = byId.get(overdueExit)!;
  // the county's step began when the one-hour notice ended; the decision is due a day later
  expect(Math.abs(Date.parse(decision.since) - (Date.now() - 29 * HOUR * 1000))).toBeLessThan(60_000);
  expect(Date.parse(decision.dueAt!) - Date.parse(decision.since)).toBe(24 * HOUR * 1000);
  // the miss named the answers to objections: due a day after it, not overdue yet, counted escalated
  expect(byId.get(escalatedExit)).toMatchObject({
    step: 'objection_answers',
    overdueHouseholds: 0,
    escalatedHouseholds: 1,
  });
  expect(Math.abs(Date.parse(byId.get(escalatedExit)!.dueAt!) - (Date.now() + 4 * HOUR * 1000))).toBeLessThan(60_000);
});

it('nobody below the county signs a village exit; other counties see nothing', async () => {
  expect((await inbox('township_reviewer', townshipA, '?procedure=village_exit')).total).toBe(0);
  expect((await inbox('village_cadre', villageA, '?procedure=village_exit')).total).toBe(0);
  expect((await inbox('county_approver', `45${rand(4)}`, '?procedure=village_exit')).total).toBe(0);
  expect((await inbox('county_approver', county, `?procedure=village_exit&village=${townshipB}`)).items).toHaveLength(
    1,
  );
});

it("the village cadre sees the period still without a measure, overdue at its fixed deadline; not the assisted one's", async () => {
  const { items } = await inbox('village_cadre', villageA, '?procedure=relapse_monitoring');
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({
    procedure: 'relapse_monitoring',
    procedureId: watched.monitoringId,
    path: `/monitoring/${watched.householdId}`,
    step: 'measure',
    role: 'village_cadre',
    households: 1,
    overdueHouseholds: 1,
    escalatedToMe: false,
  });
  expect(Date.parse(items[0].dueAt!) - Date.parse(items[0].since)).toBe(2_000);
  expect(Date.parse(items[0].since)).toBe(Date.parse(watched.enteredAt));
  expect((await inbox('village_cadre', villageB, '?procedure=relapse_monitoring')).total).toBe(0);
});

it("the measure deadline's rungs reach the township, then the county; the first measure ends the wait", async () => {
  const ids = { monitoringId: watched.monitoringId, householdId: watched.householdId };
  expect((await inbox('township_reviewer', townshipA, '?procedure=relapse_monitoring')).total).toBe(0);
  await recordEscalation(db(), { ...ids, level: 'village', due: ago(0) }, randomUUID());
  await recordEscalation(db(), { ...ids, level: 'township', due: ago(0) }, randomUUID());
  const township = await inbox('township_reviewer', townshipA, '?procedure=relapse_monitoring');
  expect(township.items.map((i) => [i.procedureId, i.escalatedToMe, i.escalatedHouseholds])).toEqual([
    [watched.monitoringId, true, 1],
  ]);
  expect((await inbox('township_reviewer', townshipB, '?procedure=relapse_monitoring')).total).toBe(0);
  await recordEscalation(db(), { ...ids, level: 'county', due: ago(0) }, randomUUID());
  expect((await inbox('township_reviewer', townshipA, '?procedure=relapse_monitoring')).total).toBe(0);
  expect((await inbox('county_approver', county, '?procedure=relapse_monitoring')).items[0]).toMatchObject({
    procedureId: watched.monitoringId,
    escalatedToMe: true,
  });
  const measure = {
    measureId: randomUUID(),
    kind: 'industry' as const,
    description: '发展庭院养殖',
    department: 'industry',
    assignedBy: 'officer',
    assignedAt: new Date().toISOString(),
  };
  const signer = { subject: 'officer', role: 'department_officer', jurisdiction: `dept:industry@${county}` };
  await recordMeasure(db(), { ...ids, measure, signer });
  expect((await inbox('county_approver', county, '?procedure=relapse_monitoring')).total).toBe(0);
  expect((await inbox('village_cadre', villageA, '?procedure=relapse_monitoring')).total).toBe(0);
});

it('a decided exit leaves the inbox; a department officer, who signs none of these steps, is refused', async () => {
  await updateVillageExit(
    db(),
    { exitId: overdueExit, status: 'exited', check, checkKind: 'decision', reason: '同意', at: ago(0) },
    { subject: 'approver' },
  );
  const left = await inbox('county_approver', county, '?procedure=village_exit');
  expect(left.items.map((i) => i.procedureId)).toEqual([escalatedExit]);
  const officer = await call('GET', `${svc.url}/work-items`, {
    token: await testToken('department_officer', `dept:civil_affairs@${county}`),
  });
  expect(officer.status).toBe(403);
});
