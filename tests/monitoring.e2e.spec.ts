// 防止返贫监测 end to end on the real stack: a household registered through an identification round (income year
// 2025) exits, enters monitoring as 脱贫不稳定户, its missing support measure escalates until one is assigned, a
// disaster report triggers a re-check whose new survey is below the poverty line → relapsed, back to applicant, and
// it is registered again through the village's next identification round (income year 2026).
import { randomUUID } from 'node:crypto';
import { eventually, testToken } from '@fupin/testing';
import { clientFor } from './support/clients';
import { exitThroughProcedure } from './support/exit';
import { randomVillage } from './support/people';
import { startPlatform, type RunningPlatform } from './support/platform';
import { applyHousehold, officialsOf, registerThroughRound, type Officials } from './support/procedure';

jest.setTimeout(300_000);

// income years 2025 and 2026 have no seeded national line: the province sets them (省定标准)
const POLICIES = [
  { province: '43', year: 2025, povertyLineFen: 450_000 },
  { province: '43', year: 2026, povertyLineFen: 460_000 },
];
let platform: RunningPlatform;
const village = randomVillage();
let o: Officials;
const ident = (tokenValue: string) => clientFor('identification-service', tokenValue);

beforeAll(async () => {
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: '3',
    EXIT_NOTICE_SECONDS: '3',
    EXIT_ANNOUNCEMENT_SECONDS: '3',
    EXIT_STABLE_YEARS_NOT_BELOW: '0',
    POVERTY_POLICY_OVERRIDES: JSON.stringify(POLICIES),
    MONITORING_MEASURE_DEADLINE_SECONDS: '3',
    MONITORING_ESCALATION_STEP_SECONDS: '2',
    MONITORING_RECHECK_SECONDS: '86400',
    // continue-as-new every few passes: the state (measures, checks, deadline) must survive it
    MONITORING_MAX_ITERATIONS: '2',
  });
  o = await officialsOf(village);
});

afterAll(async () => {
  await platform?.stop();
});

const state = async (householdId: string) => {
  const r = await ident(o.cadre).GET('/monitoring/{householdId}', { params: { path: { householdId } } });
  expect(r.response.status).toBe(200);
  return r.data!;
};

async function survey(id: string, incomeYear: number, perCapitaYuan: number) {
  const r = await ident(o.cadre).POST('/households/{id}/surveys', {
    params: { path: { id }, header: { 'Idempotency-Key': randomUUID() } },
    body: {
      incomeYear,
      farmingIncome: 0,
      livestockIncome: 0,
      wageIncome: perCapitaYuan * 300,
      propertyIncome: 0,
      transferIncome: 0,
      businessNetIncome: 0,
      productionCosts: 0,
      livingExpenses: 300_000,
      illnessSpending: 0,
      studentCosts: 0,
    },
  });
  expect(r.response.status).toBe(201);
}

const householdStatus = async (id: string) =>
  (await ident(o.cadre).GET('/households/{id}', { params: { path: { id } } })).data?.status;
/** The register records the round's outcome a moment after the workflow reaches it. */
const statusBecomes = (id: string, status: string) =>
  eventually(async () => ((await householdStatus(id)) === status ? status : undefined), 20_000, 200);

it('an exited household under monitoring relapses on a disaster and is registered again through identification', async () => {
  const id = await applyHousehold(o.cadre, village, { incomeYear: 2025, perCapitaYuan: 3000 });
  await registerThroughRound(village, [id], 2025);
  expect(await statusBecomes(id, 'registered')).toBe('registered');

  // a registered household is already assisted: not monitored
  const enter = (key = randomUUID()) =>
    ident(o.cadre).POST('/monitoring', {
      params: { header: { 'Idempotency-Key': key } },
      body: { householdId: id },
    });
  const tooEarly = await enter();
  expect(tooEarly.response.status).toBe(409);
  expect(tooEarly.error?.error.code).toBe('monitoring.registered');

  // the next year's survey: above the 4,600-yuan line, below the 6,900-yuan monitoring line; it exits (销号) through
  // the exit procedure (one survey above the line suffices here: EXIT_STABLE_YEARS_NOT_BELOW=0) …
  await survey(id, 2026, 5500);
  await exitThroughProcedure(village, [id], 2026);
  expect(await statusBecomes(id, 'exited')).toBe('exited');

  // … and, still below the monitoring line, is watched as 脱贫不稳定户
  const key = randomUUID();
  const entered = await enter(key);
  expect(entered.response.status).toBe(201);
  expect(entered.data).toMatchObject({
    categories: ['unstable_exited'],
    triggers: ['income_below_monitoring_line'],
    workflowId: `relapse-monitoring:${id}`,
  });
  const again = await enter(key);
  expect(again.response.status).toBe(200);
  const listed = await ident(o.reviewer).GET('/monitoring', { params: { query: { division: village.slice(0, 9) } } });
  expect(listed.data?.households).toContainEqual(expect.objectContaining({ householdId: id, status: 'monitoring' }));

  // no measure within the (shortened) deadline: escalated to the village, then the township
  await eventually(
    async () => ((await state(id)).measureDeadline?.escalationLevel === 'township' ? true : undefined),
    30_000,
    300,
  );
  const measure = await ident(o.reviewer).POST('/monitoring/{householdId}/measures', {
    params: { path: { householdId: id } },
    body: { kind: 'employment', description: '推荐到县工业园就业 job at the county industrial park' },
  });
  expect(measure.response.status).toBe(201);
  const withMeasure = await state(id);
  expect(withMeasure.measures).toEqual([expect.objectContaining({ kind: 'employment', assignedBy: 'reviewer-wang' })]);
  expect(withMeasure.measureDeadline).toMatchObject({
    met: true,
    metLate: true,
    overdue: false,
    escalationLevel: null,
  });
  expect(withMeasure.workflowRuns).toBeGreaterThan(0); // continued as new on the way, nothing lost

  // clearing now is refused: no stable months, labour unknown
  const clearing = await ident(o.cadre).POST('/monitoring/{householdId}/clearing', {
    params: { path: { householdId: id } },
  });
  expect(clearing.response.status).toBe(409);
  expect(clearing.error?.error.code).toBe('monitoring.clearing_refused');
  expect(clearing.error?.error.message.en).toMatch(/stably above the monitoring line for 0 month/);

  // only civil affairs reports disasters among the departments
  const report = (tokenValue: string, detail: string) =>
    ident(tokenValue).POST('/monitoring/{householdId}/events', {
      params: { path: { householdId: id } },
      body: { kind: 'disaster', detail },
    });
  const industry = await testToken('department_officer', 'dept:industry', { subject: 'industry-officer' });
  expect((await report(industry, 'flood')).response.status).toBe(403);

  // a flood: the re-survey finds 3,000 yuan per person, below the 4,600-yuan line → 返贫
  await survey(id, 2026, 3000);
  const civil = await testToken('department_officer', 'dept:civil_affairs', { subject: 'civil-affairs-officer' });
  const reported = await report(civil, '洪灾冲毁农田 flood destroyed the fields');
  expect(reported.response.status).toBe(202);
  const relapsed = await eventually(
    async () => {
      const s = await state(id);
      return s.status === 'relapsed' ? s : undefined;
    },
    30_000,
    300,
  );
  expect(relapsed.checks.at(-1)).toMatchObject({
    reason: 'disaster',
    outcome: 'relapsed',
    perCapitaFen: 300_000,
    povertyLineFen: 460_000,
  });
  expect(await householdStatus(id)).toBe('applicant');

  // registered again through the village's identification round of income year 2026
  await registerThroughRound(village, [id], 2026);
  expect(await statusBecomes(id, 'registered')).toBe('registered');
});
