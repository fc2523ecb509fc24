// 一户一档 on industry-service against the real database: a household's history read from industry's audit chain —
// production income as the API records it, a microcredit loan's application and village check as the loan workflow's
// activity records them (the step moved from and to, named by the service) — with who signed and when, inside the
// reader's jurisdiction only: a township reviewer of another township is refused (403).
import { randomUUID } from 'node:crypto';
import { applyLoanEvent, startLoan } from '@fupin/industry-rules';
import { call, testToken } from '@fupin/testing';
import { industryDb } from '../db';
import { LoanRepository } from '../loans/loan.repository';
import { type IndustryTestService, freshVillage, registerHousehold, startIndustry } from '../test-support';

jest.setTimeout(60_000);

let svc: IndustryTestService;
beforeAll(async () => {
  svc = await startIndustry();
});
afterAll(() => svc?.stop());

interface History {
  service: string;
  entries: {
    procedure: string;
    action: string;
    actionLabel: { 'zh-CN': string; en: string };
    from: { code: string; label: { 'zh-CN': string } } | null;
    to: { code: string; label: { 'zh-CN': string } } | null;
    signedBy: { subject: string; role: string; jurisdiction: string };
    subject: { type: string; id: string };
  }[];
  error?: { code: string };
}
const history = async (householdId: string, token: string) =>
  call<History>('GET', `${svc.url}/households/${householdId}/history`, { token });

/** A loan applied for and checked by the village, recorded as the loan workflow's activity records its progress. */
async function checkedLoan(householdId: string, villageCode: string, cadre: { subject: string; role: string }) {
  const signer = { ...cadre, jurisdiction: villageCode };
  const id = randomUUID();
  const at = new Date(Date.now() + 60_000).toISOString();
  const started = startLoan({
    loanId: id,
    householdId,
    villageCode,
    principalFen: 5_000_000,
    annualRateBp: 435,
    termMonths: 36,
    repayment: 'interest_quarterly',
    appliedOn: at.slice(0, 10),
    appliedBy: signer,
    at,
  });
  if (!started.ok) throw new Error(started.refusal.rule);
  const checked = applyLoanEvent(started.state, {
    type: 'villageChecked',
    approved: true,
    by: signer,
    at: new Date(Date.now() + 120_000).toISOString(),
  });
  if (!checked.ok) throw new Error(checked.refusal.rule);
  const loans = new LoanRepository(industryDb(svc.service.runtime));
  const loan = {
    id,
    householdId,
    villageCode,
    borrowerIdNumber: '430523198001010011',
    borrowerName: '李大山',
    principalFen: 5_000_000,
    termMonths: 36,
    annualRateBp: 435,
    repayment: 'interest_quarterly',
    purpose: 'planting',
    purposeDetail: '种植油茶 20 亩',
    appliedOn: at.slice(0, 10),
    workflowId: `microcredit:${id}`,
  };
  await loans.transaction((tx) => loans.insert(tx, loan, started.state.history[0], signer));
  const row = await loans.find(id);
  if (!row) throw new Error('loan not recorded');
  await loans.transaction((tx) =>
    loans.recordProgress(tx, row, {
      loanId: id,
      step: checked.state.step,
      fromSeq: 1,
      entries: checked.state.history.slice(1),
      disbursedOn: null,
      paymentRef: null,
      misuseOn: null,
      extensionMonths: 0,
    }),
  );
  return id;
}

it("reads a household's production income and loan steps from the audit chain; 403 for another township", async () => {
  const village = freshVillage();
  const householdId = await registerHousehold(svc, village);
  const cadreToken = await testToken('village_cadre', village, { subject: 'cadre-li' });
  const income = await call('POST', `${svc.url}/households/${householdId}/production-income`, {
    token: cadreToken,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { earnedOn: new Date().toISOString().slice(0, 10), amountFen: 1_234_500, reference: '出售肉牛1头' },
  });
  expect(income.status).toBe(201);
  const loanId = await checkedLoan(householdId, village, { subject: 'cadre-li', role: 'village_cadre' });
  await registerHousehold(svc, village); // a neighbour: none of its records are this household's

  const township = village.slice(0, 9);
  const read = await history(householdId, await testToken('township_reviewer', township));
  expect(read.status).toBe(200);
  expect(read.body.service).toBe('industry-service');
  expect(read.body.entries.map((e) => [e.action, e.from?.code ?? null, e.to?.code ?? null])).toEqual([
    ['industry.production_income', null, null],
    ['industry.loan.applied', null, 'village_check'],
    ['industry.loan.step.villageChecked', 'village_check', 'bank_approval'],
  ]);
  const [recorded, applied, checked] = read.body.entries;
  expect(recorded).toMatchObject({
    procedure: 'industry',
    actionLabel: { 'zh-CN': '登记生产经营收入', en: 'production income recorded' },
    signedBy: { subject: 'cadre-li', role: 'village_cadre', jurisdiction: village },
    subject: { type: 'household', id: householdId },
  });
  expect(applied).toMatchObject({ procedure: 'loan', subject: { type: 'microcredit_loan', id: loanId } });
  expect(checked).toMatchObject({
    actionLabel: { 'zh-CN': '村级审核', en: 'village check' },
    from: { label: { 'zh-CN': '待村级审核' } },
    to: { label: { 'zh-CN': '待银行审批' } },
    signedBy: { subject: 'cadre-li', role: 'village_cadre' },
  });

  const other = `${township.slice(0, 6)}${township.slice(6) === '999' ? '998' : '999'}`;
  const foreign = await history(householdId, await testToken('township_reviewer', other));
  expect([foreign.status, foreign.body.error?.code]).toEqual([403, 'auth.out_of_jurisdiction']);
  const unknown = await history(randomUUID(), await testToken('county_approver', township.slice(0, 6)));
  expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'household.not_found']);
});
