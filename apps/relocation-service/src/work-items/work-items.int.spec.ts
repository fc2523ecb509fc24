// 待办 of relocation on the real database, through HTTP: the cases' step mirror as the service writes it — the consent
// over HTTP (the plan awaited), the submission and the renovation's application by their repository functions, the
// case workflow's changes and misses by its activities (recordProgress, recordEscalation) — and GET /work-items as each
// signer reads it: their own actions only, inside their division, the supervisor's milestone and the office's tranche
// approval apart, escalations to the county, overdue from the configured deadlines, the filters.
import { randomUUID } from 'node:crypto';
import type { RelocationHistoryEntry } from '@fupin/relocation-rules';
import type { RelocationPendingMirror } from '@fupin/relocation-workflows';
import type { WorkItemList } from '@fupin/service-kit';
import { call, testToken } from '@fupin/testing';
import { relocationCaseActivities } from '../case-workflow/case-workflow.activities';
import { CaseWorkflowRepository } from '../case-workflow/case-workflow.repository';
import { relocationDb } from '../db';
import { RenovationRepository } from '../renovations/renovation.repository';
import {
  COUNTY,
  OTHER_COUNTY,
  type RelocationTestService,
  cadre,
  consent,
  designate,
  registerHousehold,
  startRelocation,
} from '../test-support';

jest.setTimeout(90_000);

const HOUR = 3600;
const rand = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');
const townshipA = `${COUNTY}${rand(3)}`;
const townshipB = `${COUNTY}${String((Number(townshipA.slice(6)) + 1) % 1000).padStart(3, '0')}`;
const villageA = `${townshipA}${rand(3)}`;
const villageB = `${townshipA}${String((Number(villageA.slice(9)) + 1) % 1000).padStart(3, '0')}`;
const villageC = `${townshipB}${rand(3)}`;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR * 1000).toISOString();

let svc: RelocationTestService;
const db = () => relocationDb(svc.service.runtime);
const activities = () => relocationCaseActivities(svc.service.runtime);

beforeAll(async () => {
  svc = await startRelocation({
    PROCEDURE_TEST_MODE: 'true',
    RELOCATION_DEADLINE_SECONDS: JSON.stringify({
      plan: 24 * HOUR,
      township_review: 24 * HOUR,
      county_approval: 24 * HOUR,
      milestone: 24 * HOUR,
      tranche_approval: 2 * HOUR,
    }),
  });
  for (const v of [villageA, villageB, villageC]) await designate(svc, v);
});
afterAll(() => svc?.stop());

const dept = (department: string, division = COUNTY): [string, string] => [
  'department_officer',
  `dept:${department}@${division}`,
];

async function inbox(role: string, jurisdiction: string, query = ''): Promise<WorkItemList> {
  const res = await call<WorkItemList>('GET', `${svc.url}/work-items${query}`, {
    token: await testToken(role, jurisdiction),
  });
  expect(res.status).toBe(200);
  return res.body;
}
const ids = (list: WorkItemList) => list.items.map((i) => [i.procedureId, i.step]);

/** A registered household's case, consented over HTTP: the village's plan is awaited. */
async function consented(village: string): Promise<{ caseId: string; householdId: string }> {
  const householdId = await registerHousehold(svc, village);
  const r = await consent(svc, await cadre(village), householdId);
  expect(r.status).toBe(201);
  return { caseId: r.body.id, householdId };
}

/** Its plan submitted `hoursAgo` (as the submission records it once the workflow started). */
async function submitted(village: string, hoursAgo: number) {
  const c = await consented(village);
  const cases = new CaseWorkflowRepository(db());
  await cases.transaction((tx) => cases.markSubmitted(tx, c.caseId, 'township_review', 2, ago(hoursAgo)));
  return { ...c, villageCode: village, seq: 2 };
}

type Case = Awaited<ReturnType<typeof submitted>>;

/** The case workflow's change, recorded by its activity: the entry and the action it leaves awaited. */
async function progress(c: Case, entry: RelocationHistoryEntry, pending: RelocationPendingMirror | null) {
  const { caseId, householdId, villageCode } = c;
  await activities().recordProgress({
    caseId,
    householdId,
    villageCode,
    step: entry.to,
    fromSeq: c.seq,
    entries: [entry],
    pending,
  });
  c.seq++;
}

const signer = (role: string, jurisdiction: string) => ({ subject: `${role}-1`, role, jurisdiction });

let planned: { caseId: string };
let atTownship: Case;
let atCounty: Case;
let building: Case;
let renovation: string;

beforeAll(async () => {
  planned = await consented(villageA);
  atTownship = await submitted(villageB, 48);
  // C: approved by its township 50 h ago, the county office missed its day 26 h ago (escalated to the county)
  atCounty = await submitted(villageC, 60);
  const approve = { step: 'township_review', action: 'approve', to: 'county_approval', reason: null } as const;
  await progress(
    atCounty,
    { ...approve, by: signer('township_reviewer', townshipB), at: ago(50) },
    {
      action: 'county_approval',
      since: ago(50),
      escalation: null,
    },
  );
  const escalation = { level: 'county', role: 'county_approver', alertWorkflowOperator: true, times: 1 } as const;
  await activities().recordEscalation({
    caseId: atCounty.caseId,
    householdId: atCounty.householdId,
    villageCode: villageC,
    seq: atCounty.seq,
    entry: {
      step: 'county_approval',
      action: 'deadline_missed',
      to: 'county_approval',
      by: 'system',
      at: ago(26),
      reason: '县搬迁办审批方案逾期未办理',
      escalation: { ...escalation, action: 'county_approval' },
    },
    divisionCode: COUNTY,
    due: ago(26),
  });
  // D: approved by the county an hour ago: the supervisor's first milestone is awaited
  building = await submitted(villageA, 3);
  await progress(
    building,
    {
      step: 'county_approval',
      action: 'approve',
      to: 'construction',
      by: signer('department_officer', `dept:relocation@${COUNTY}`),
      at: ago(1),
      reason: null,
    },
    { action: 'milestone', since: ago(1), escalation: null },
  );
  // a renovation applied for in village A: at the township's review from now
  const householdId = await registerHousehold(svc, villageA);
  const renovations = new RenovationRepository(db());
  const household = (await renovations.household(householdId))!;
  renovation = randomUUID();
  const inserted = await renovations.transaction((tx) =>
    renovations.insert(tx, {
      id: renovation,
      household,
      application: { signedBy: '王建国', signedOn: '2026-03-01', documentRef: 'SQ-1' },
      plannedYear: 2026,
      houseGrade: 'C',
      subsidyFen: 1_500_000,
      tranches: [{ milestone: 'acceptance', amountFen: 1_500_000 }],
      workflowId: `renovation-case:${householdId}`,
      createdBy: 'cadre',
    }),
  );
  expect(inserted).toBe(true);
});

it("the village cadre sees their village's case awaiting its plan, due the plan's day after the consent", async () => {
  const { items, total } = await inbox('village_cadre', villageA);
  expect(total).toBe(1);
  expect(items[0]).toMatchObject({
    service: 'relocation-service',
    procedure: 'relocation_case',
    procedureLabel: { 'zh-CN': '易地扶贫搬迁', en: 'Relocation case' },
    procedureId: planned.caseId,
    path: `/cases/${planned.caseId}`,
    villageCode: villageA,
    step: 'plan',
    stepLabel: { 'zh-CN': '报送搬迁方案', en: 'submitting the relocation plan' },
    role: 'village_cadre',
    households: 1,
    overdueHouseholds: 0,
    escalatedHouseholds: 0,
    escalatedToMe: false,
  });
  expect(Date.parse(items[0].dueAt!) - Date.parse(items[0].since)).toBe(24 * HOUR * 1000);
  expect((await inbox('village_cadre', villageC)).total).toBe(0);
});

it("the township reviewer sees its township's reviews (relocation overdue, the renovation just in), not the other's", async () => {
  const { items } = await inbox('township_reviewer', townshipA);
  expect(items.map((i) => [i.procedure, i.procedureId, i.step, i.overdueHouseholds])).toEqual([
    ['relocation_case', atTownship.caseId, 'township_review', 1],
    ['renovation_case', renovation, 'township_review', 0],
  ]);
  expect(Math.abs(Date.parse(items[0].since) - (Date.now() - 48 * HOUR * 1000))).toBeLessThan(60_000);
  expect(ids(await inbox('township_reviewer', townshipA, '?procedure=renovation_case'))).toEqual([
    [renovation, 'township_review'],
  ]);
  expect(ids(await inbox('township_reviewer', townshipA, '?overdue=true'))).toEqual([
    [atTownship.caseId, 'township_review'],
  ]);
  expect((await inbox('township_reviewer', townshipB)).total).toBe(0);
});

it('the county relocation office approves, the supervisor records milestones, the county sees the escalated approval', async () => {
  const [officeRole, office] = dept('relocation');
  const approvals = await inbox(officeRole, office);
  // the office signs the approval and is a supervisor too (dept:relocation or dept:housing)
  expect(ids(approvals)).toEqual([
    [atCounty.caseId, 'county_approval'],
    [building.caseId, 'milestone'],
  ]);
  expect(approvals.items[0]).toMatchObject({
    role: 'department_officer',
    overdueHouseholds: 1,
    escalatedHouseholds: 1,
  });
  const [housingRole, housing] = dept('housing');
  expect(ids(await inbox(housingRole, housing))).toEqual([[building.caseId, 'milestone']]);
  const county = await inbox('county_approver', COUNTY);
  expect(county.items.map((i) => [i.procedureId, i.step, i.escalatedToMe, i.role])).toEqual([
    [atCounty.caseId, 'county_approval', true, 'department_officer'],
  ]);
  // due a day after the miss: two hours ago
  expect(Math.abs(Date.parse(county.items[0].dueAt!) - (Date.now() - 2 * HOUR * 1000))).toBeLessThan(60_000);
});

it("a recorded milestone hands the case to the office's tranche approval, with its own deadline", async () => {
  await progress(
    building,
    {
      step: 'construction',
      action: 'milestone_recorded',
      to: 'construction',
      by: signer('department_officer', `dept:housing@${COUNTY}`),
      at: ago(0),
      reason: null,
      milestone: 'foundation',
      evidenceRef: 'photo-1',
    },
    { action: 'tranche_approval', since: ago(0), escalation: null },
  );
  const [housingRole, housing] = dept('housing');
  expect((await inbox(housingRole, housing)).total).toBe(0);
  const [officeRole, office] = dept('relocation');
  const approval = (await inbox(officeRole, office)).items.find((i) => i.procedureId === building.caseId)!;
  expect(approval).toMatchObject({ step: 'tranche_approval', overdueHouseholds: 0 });
  expect(Date.parse(approval.dueAt!) - Date.parse(approval.since)).toBe(2 * HOUR * 1000);
  // approved: the payment is the service's, nobody's inbox
  await progress(
    building,
    {
      step: 'construction',
      action: 'tranche_approved',
      to: 'construction',
      by: signer('department_officer', `dept:relocation@${COUNTY}`),
      at: ago(0),
      reason: null,
      milestone: 'foundation',
    },
    null,
  );
  expect(ids(await inbox(officeRole, office))).toEqual([[atCounty.caseId, 'county_approval']]);
});

it('other counties, a department without a division and departments that sign nothing see nothing', async () => {
  const [officeRole] = dept('relocation');
  expect((await inbox(officeRole, `dept:relocation@${OTHER_COUNTY}`)).total).toBe(0);
  expect((await inbox(officeRole, 'dept:relocation')).total).toBe(0);
  expect((await inbox('county_approver', OTHER_COUNTY)).total).toBe(0);
  expect((await inbox('auditor', COUNTY)).total).toBe(0);
  const finance = await call('GET', `${svc.url}/work-items`, { token: await testToken(...dept('finance')) });
  expect(finance.status).toBe(403);
});

it('filters by village and pages; a withdrawal before submission ends the wait for the plan', async () => {
  const [officeRole, office] = dept('relocation');
  expect(ids(await inbox(officeRole, office, `?village=${villageC}`))).toEqual([[atCounty.caseId, 'county_approval']]);
  expect((await inbox(officeRole, office, `?village=${OTHER_COUNTY}`)).total).toBe(0);
  const page = await inbox('township_reviewer', townshipA, '?sort=since&limit=1&offset=1');
  expect(page.total).toBe(2);
  expect(ids(page)).toEqual([[renovation, 'township_review']]);
  const withdrawn = await call('POST', `${svc.url}/cases/${planned.caseId}/withdraw`, {
    token: await cadre(villageA),
    body: { reason: '农户不愿搬迁' },
  });
  expect(withdrawn.status).toBe(201);
  expect((await inbox('village_cadre', villageA)).total).toBe(0);
});
