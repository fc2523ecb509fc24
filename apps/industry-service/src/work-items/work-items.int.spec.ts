// 待办 of industry on the real database, through HTTP: the loans' and the project funds' step mirrors as the service
// writes them — the loan application and the funds procedure's opening by their repositories, the workflows' changes
// by their activities (recordLoanProgress, recordFundsProgress) — and GET /work-items as each signer reads it: the
// village's check, the bank's approval and disbursement, the finance office's allocation and payment, the township's
// implementation, the acceptance; own division only, nothing due (these steps have no deadlines), the filters.
import { randomUUID } from 'node:crypto';
import type { LoanHistoryEntry, ProjectFundsHistoryEntry } from '@fupin/industry-rules';
import type { WorkItemList } from '@fupin/service-kit';
import { call, testToken } from '@fupin/testing';
import { industryDb } from '../db';
import { microcreditActivities } from '../loans/loan.activities';
import { LoanRepository } from '../loans/loan.repository';
import { projectFundsActivities } from '../project-funds/project-funds.activities';
import { ProjectFundsRepository } from '../project-funds/project-funds.repository';
import {
  COUNTY,
  OTHER_COUNTY,
  type IndustryTestService,
  creditCode,
  industryOfficer,
  registerHousehold,
  startIndustry,
} from '../test-support';

jest.setTimeout(90_000);

const HOUR = 3_600_000;
const rand = (n: number) => String(Math.floor(Math.random() * 10 ** n)).padStart(n, '0');
const townshipA = `${COUNTY}${rand(3)}`;
const townshipB = `${COUNTY}${String((Number(townshipA.slice(6)) + 1) % 1000).padStart(3, '0')}`;
const villageA = `${townshipA}${rand(3)}`;
const villageB = `${townshipB}${rand(3)}`;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();

let svc: IndustryTestService;
const db = () => industryDb(svc.service.runtime);

beforeAll(async () => {
  svc = await startIndustry();
});
afterAll(() => svc?.stop());

async function inbox(role: string, jurisdiction: string, query = ''): Promise<WorkItemList> {
  const res = await call<WorkItemList>('GET', `${svc.url}/work-items${query}`, {
    token: await testToken(role, jurisdiction),
  });
  expect(res.status).toBe(200);
  return res.body;
}
const ids = (list: WorkItemList) => list.items.map((i) => [i.procedure, i.procedureId, i.step]);
const signer = (role: string, jurisdiction: string) => ({ subject: `${role}-1`, role, jurisdiction });

/** A loan applied for `hoursAgo` in the village, as the application records it: at the village check. */
async function loan(village: string, hoursAgo: number): Promise<{ id: string; seq: number }> {
  const householdId = await registerHousehold(svc, village);
  const id = randomUUID();
  const applied: LoanHistoryEntry = {
    event: 'applied',
    from: null,
    to: 'village_check',
    by: signer('village_cadre', village),
    at: ago(hoursAgo),
  };
  const loans = new LoanRepository(db());
  await loans.transaction((tx) =>
    loans.insert(
      tx,
      {
        id,
        householdId,
        villageCode: village,
        borrowerIdNumber: `${village.slice(0, 6)}19800101001X`,
        borrowerName: '李大山',
        principalFen: 3_000_000,
        termMonths: 12,
        annualRateBp: 435,
        repayment: 'interest_quarterly',
        purpose: 'breeding',
        purposeDetail: '养牛两头',
        appliedOn: '2026-03-01',
        workflowId: `microcredit:${id}`,
      },
      applied,
      signer('village_cadre', village),
    ),
  );
  return { id, seq: 1 };
}

/** The loan workflow's change, recorded by its activity. */
async function loanMoved(l: { id: string; seq: number }, entry: LoanHistoryEntry) {
  await microcreditActivities(svc.service.runtime).recordLoanProgress({
    loanId: l.id,
    step: entry.to,
    fromSeq: l.seq++,
    entries: [entry],
    disbursedOn: null,
    paymentRef: null,
    misuseOn: null,
    extensionMonths: 0,
  });
}

/** A project of the division with a partner and a beneficiary, its funds procedure opened: at the allocation. */
async function project(divisionCode: string): Promise<{ id: string; seq: number }> {
  const village = divisionCode.length === 12 ? divisionCode : `${divisionCode}${rand(3)}`;
  const office = await industryOfficer();
  const code = creditCode();
  const partner = await call<{ id: string }>('POST', `${svc.url}/partners`, {
    token: office,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      creditCode: code,
      name: '黄牛合作社',
      kind: 'cooperative',
      countyCode: COUNTY,
      bankAccountRef: `ACC-${code}`,
    },
  });
  expect(partner.status).toBe(201);
  const created = await call<{ id: string }>('POST', `${svc.url}/projects`, {
    token: office,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      name: '黄牛养殖',
      kind: 'breeding',
      divisionCode,
      year: 2026,
      budgetFen: 30_000_000,
      fundSource: 'special_fund',
      partnerId: partner.body.id,
      expectedIncomeFenPerHousehold: 300_000,
      beneficiaries: [await registerHousehold(svc, village)],
    },
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  const funds = new ProjectFundsRepository(db());
  const actor = signer('department_officer', `dept:industry@${COUNTY}`);
  await funds.transaction((tx) => funds.open(tx, id, `project-funds:${id}`, actor, { projectId: id }));
  return { id, seq: 1 };
}

/** The funds workflow's change, recorded by its activity. */
async function fundsMoved(p: { id: string; seq: number }, entry: ProjectFundsHistoryEntry) {
  await projectFundsActivities(svc.service.runtime).recordFundsProgress({
    projectId: p.id,
    step: entry.to,
    fromSeq: p.seq++,
    entries: [entry],
    allocatedFen: 20_000_000,
    noticeId: null,
  });
}

let checkA: { id: string; seq: number };
let atBank: { id: string; seq: number };
let toPay: { id: string; seq: number };
let allocation: { id: string; seq: number };
let implementation: { id: string; seq: number };
let inPublicity: { id: string; seq: number };

beforeAll(async () => {
  checkA = await loan(villageA, 5);
  atBank = await loan(villageB, 10);
  await loanMoved(atBank, {
    event: 'villageChecked',
    from: 'village_check',
    to: 'bank_approval',
    by: signer('village_cadre', villageB),
    at: ago(2),
  });
  toPay = await loan(villageA, 30);
  for (const [from, to, at] of [
    ['village_check', 'bank_approval', ago(20)],
    ['bank_approval', 'disbursement', ago(1)],
  ] as const)
    await loanMoved(toPay, { event: 'bankDecided', from, to, by: signer('bank', COUNTY), at });
  const otherCounty = `${OTHER_COUNTY}101201`; // another county's loan at its bank
  await loanMoved(await loan(otherCounty, 1), {
    event: 'villageChecked',
    from: 'village_check',
    to: 'bank_approval',
    by: signer('village_cadre', otherCounty),
    at: ago(0),
  });

  allocation = await project(villageA);
  implementation = await project(townshipA);
  await fundsMoved(implementation, {
    checkpoint: 'allocated',
    step: 'allocation',
    to: 'implementation',
    by: signer('department_officer', `dept:finance@${COUNTY}`),
    at: ago(3),
    amountFen: 20_000_000,
  });
  inPublicity = await project(villageB);
  await fundsMoved(inPublicity, {
    checkpoint: 'noticePublished',
    step: 'notice',
    to: 'publicity',
    by: 'system',
    at: ago(0),
    noticeId: randomUUID(),
  });
});

it('the village cadre sees its village check since the application, never due', async () => {
  const { items, total } = await inbox('village_cadre', villageA, '?procedure=microcredit_loan');
  expect(total).toBe(1);
  expect(items[0]).toMatchObject({
    service: 'industry-service',
    procedure: 'microcredit_loan',
    procedureLabel: { 'zh-CN': '扶贫小额信贷', en: 'Microcredit loan' },
    procedureId: checkA.id,
    path: `/loans/${checkA.id}`,
    villageCode: villageA,
    step: 'village_check',
    stepLabel: { 'zh-CN': '待村级审核', en: 'village check awaited' },
    role: 'village_cadre',
    households: 1,
    overdueHouseholds: 0,
    escalatedHouseholds: 0,
    escalatedToMe: false,
    dueAt: null,
  });
  expect(Math.abs(Date.parse(items[0].since) - (Date.now() - 5 * HOUR))).toBeLessThan(60_000);
  expect((await inbox('village_cadre', villageB, '?procedure=microcredit_loan')).total).toBe(0);
});

it("the county's bank sees the approval and the disbursement, since the step was reached; not another county's", async () => {
  const bank = await inbox('bank', COUNTY, '?sort=since');
  expect(ids(bank)).toEqual([
    ['microcredit_loan', atBank.id, 'bank_approval'],
    ['microcredit_loan', toPay.id, 'disbursement'],
  ]);
  expect(Math.abs(Date.parse(bank.items[1].since) - (Date.now() - HOUR))).toBeLessThan(60_000);
  expect((await inbox('bank', OTHER_COUNTY)).total).toBe(1);
  expect(ids(await inbox('bank', COUNTY, `?village=${townshipB}`))).toEqual([
    ['microcredit_loan', atBank.id, 'bank_approval'],
  ]);
});

it('the finance office allocates; the township starts the implementation of its own projects only', async () => {
  const finance = await inbox('department_officer', `dept:finance@${COUNTY}`);
  expect(ids(finance)).toEqual([['project_funds', allocation.id, 'allocation']]);
  expect(finance.items[0]).toMatchObject({ path: `/projects/${allocation.id}/funds`, role: 'department_officer' });
  expect(ids(await inbox('county_approver', COUNTY))).toEqual([['project_funds', allocation.id, 'allocation']]);
  const township = await inbox('township_reviewer', townshipA);
  expect(ids(township)).toEqual([['project_funds', implementation.id, 'implementation']]);
  expect(township.items[0].villageCode).toBe(townshipA);
  expect(ids(await inbox('department_officer', `dept:industry@${townshipA}`))).toEqual([
    ['project_funds', implementation.id, 'implementation'],
  ]);
  expect((await inbox('township_reviewer', townshipB)).total).toBe(0);
});

it("a started implementation waits for the acceptance; the notice's publicity is nobody's", async () => {
  await fundsMoved(implementation, {
    checkpoint: 'implementationStarted',
    step: 'implementation',
    to: 'acceptance',
    by: signer('township_reviewer', townshipA),
    at: ago(0),
    startedOn: '2026-03-02',
  });
  expect(ids(await inbox('township_reviewer', townshipA))).toEqual([
    ['project_funds', implementation.id, 'acceptance'],
  ]);
  expect(ids(await inbox('department_officer', `dept:industry@${COUNTY}`))).toEqual([
    ['project_funds', implementation.id, 'acceptance'],
  ]);
  const all = await inbox('county_approver', COUNTY, '?procedure=project_funds');
  expect(all.items.map((i) => i.procedureId)).not.toContain(inPublicity.id);
});

it('nothing is due or overdue here; other departments, a department without a division and the auditor see nothing', async () => {
  expect((await inbox('bank', COUNTY, '?overdue=true')).total).toBe(0);
  expect(
    (await inbox('bank', COUNTY, `?dueBefore=${encodeURIComponent(new Date(Date.now() + 1e10).toISOString())}`)).total,
  ).toBe(0);
  expect((await inbox('bank', COUNTY, '?overdue=false')).total).toBe(2);
  expect((await inbox('department_officer', 'dept:finance')).total).toBe(0);
  expect((await inbox('auditor', COUNTY)).total).toBe(0);
  const housing = await call('GET', `${svc.url}/work-items`, {
    token: await testToken('department_officer', `dept:housing@${COUNTY}`),
  });
  expect(housing.status).toBe(403);
  const page = await inbox('bank', COUNTY, '?sort=since&limit=1&offset=1');
  expect([page.total, ids(page)]).toEqual([2, [['microcredit_loan', toPay.id, 'disbursement']]]);
});
