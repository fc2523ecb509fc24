import {
  applyLoanEvent,
  loanMaturity,
  loanOpen,
  loanTermsOf,
  startLoan,
  type LoanEvent,
  type MicrocreditState,
} from './index';

const VILLAGE = '430523101201';
const cadre = { subject: 'cadre-1', role: 'village_cadre', jurisdiction: VILLAGE };
const otherCadre = { subject: 'cadre-2', role: 'village_cadre', jurisdiction: '430523101202' };
const bank = { subject: 'bank-1', name: '农商行 李行长', role: 'bank', jurisdiction: '430523' };
const industry = {
  subject: 'ind-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department' as const, department: 'industry', divisionCode: '430523' },
};
const at = '2026-03-01T02:00:00.000Z';

function applied(repayment: 'equal_instalment' | 'interest_quarterly' = 'interest_quarterly'): MicrocreditState {
  const r = startLoan({
    loanId: 'L1',
    householdId: 'H1',
    villageCode: VILLAGE,
    principalFen: 5_000_000,
    annualRateBp: 435,
    termMonths: 36,
    repayment,
    appliedOn: '2026-03-01',
    appliedBy: cadre,
    at,
  });
  if (!r.ok) throw new Error(r.refusal.rule);
  return r.state;
}

function run(s: MicrocreditState, ...events: LoanEvent[]): MicrocreditState {
  return events.reduce((state, e) => {
    const r = applyLoanEvent(state, e);
    if (!r.ok) throw new Error(`${e.type}: ${r.refusal.rule}`);
    return r.state;
  }, s);
}
const rule = (s: MicrocreditState, e: LoanEvent) => {
  const r = applyLoanEvent(s, e);
  return r.ok ? 'ok' : r.refusal.rule;
};

const villageOk: LoanEvent = { type: 'villageChecked', approved: true, by: cadre, at };
const bankOk: LoanEvent = { type: 'bankDecided', approved: true, by: bank, at };
const disbursed: LoanEvent = {
  type: 'disbursed',
  disbursedOn: '2026-03-05',
  paymentRef: 'NX-001',
  today: '2026-03-05',
  by: bank,
  at,
};

describe('microcredit procedure (扶贫小额信贷)', () => {
  it('runs application → village check → bank approval → disbursement with every signer in the history', () => {
    const s = run(applied(), villageOk, bankOk, disbursed);
    expect(s.step).toBe('servicing');
    expect(s.disbursedOn).toBe('2026-03-05');
    expect(s.history.map((h) => [h.event, h.to, typeof h.by === 'string' ? h.by : h.by.subject])).toEqual([
      ['applied', 'village_check', 'cadre-1'],
      ['villageChecked', 'bank_approval', 'cadre-1'],
      ['bankDecided', 'disbursement', 'bank-1'],
      ['disbursed', 'servicing', 'bank-1'],
    ]);
    expect(loanTermsOf(s)).toEqual({
      principalFen: 5_000_000,
      annualRateBp: 435,
      repayment: 'interest_quarterly',
      disbursedOn: '2026-03-05',
      termMonths: 36,
    });
  });

  it('keeps each step to its actor: the bank cannot check for the village, a cadre of another village cannot', () => {
    const s = applied();
    expect(rule(s, { ...villageOk, by: bank })).toBe('wrong_role');
    expect(rule(s, { ...villageOk, by: otherCadre })).toBe('out_of_jurisdiction');
    expect(rule(s, bankOk)).toBe('wrong_step');
    expect(rule(run(s, villageOk), { ...bankOk, by: industry })).toBe('wrong_role');
    expect(rule(run(s, villageOk), { ...bankOk, by: { ...bank, jurisdiction: '430524' } })).toBe('out_of_jurisdiction');
  });

  it('refusal by the village or the bank ends the application; withdrawal only before disbursement', () => {
    expect(run(applied(), { ...villageOk, approved: false }).step).toBe('refused');
    expect(run(applied(), villageOk, { ...bankOk, approved: false }).step).toBe('refused');
    const w: LoanEvent = { type: 'withdrawn', reason: '户主改为务工', by: industry, at };
    expect(run(applied(), villageOk, bankOk, w).step).toBe('withdrawn');
    expect(loanOpen(run(applied(), w))).toBe(false);
    expect(rule(run(applied(), villageOk, bankOk, disbursed), w)).toBe('wrong_step');
    expect(rule(applied(), { ...w, reason: ' ' })).toBe('reason_required');
  });

  it('disburses on a value date between the application and today', () => {
    const s = run(applied(), villageOk, bankOk);
    expect(rule(s, { ...disbursed, disbursedOn: '2026-02-28' })).toBe('date_too_early');
    expect(rule(s, { ...disbursed, disbursedOn: '2026-03-06' })).toBe('date_in_future');
    expect(rule(s, { ...disbursed, disbursedOn: '2026-02-30' })).toBe('date');
    expect(rule(s, { ...disbursed, paymentRef: '' })).toBe('payment_ref_required');
    expect(rule(s, { ...disbursed, disbursedOn: '2026-03-01' })).toBe('ok');
  });

  it('records misuse once, by the village, not before disbursement', () => {
    const s = run(applied(), villageOk, bankOk, disbursed);
    const misuse: LoanEvent = {
      type: 'misused',
      misuseOn: '2026-06-01',
      note: '购买摩托车',
      today: '2026-06-02',
      by: cadre,
      at,
    };
    expect(rule(run(applied(), villageOk), misuse)).toBe('wrong_step');
    expect(rule(s, { ...misuse, by: bank })).toBe('wrong_role');
    const m = run(s, misuse);
    expect(m.misuseOn).toBe('2026-06-01');
    expect(rule(m, misuse)).toBe('misuse_recorded');
  });

  it('extends a principal-at-term loan once, 1–12 months, not after maturity', () => {
    const s = run(applied(), villageOk, bankOk, disbursed);
    const ext = (months: number, today = '2029-03-01'): LoanEvent => ({
      type: 'extended',
      months,
      today,
      by: bank,
      at,
    });
    expect(rule(s, ext(13))).toBe('extension_months');
    expect(rule(s, ext(0))).toBe('extension_months');
    expect(rule(s, ext(6, '2029-03-06'))).toBe('extension_after_maturity');
    const e = run(s, ext(12, '2029-03-05'));
    expect(loanMaturity(e)).toBe('2030-03-05');
    expect(loanTermsOf(e)?.termMonths).toBe(48);
    expect(rule(e, ext(1))).toBe('extension_once');
    const equal = run(applied('equal_instalment'), villageOk, bankOk, disbursed);
    expect(rule(equal, ext(6))).toBe('extension_principal_at_term_only');
  });

  it('is repaid by the servicing only while servicing', () => {
    const s = run(applied(), villageOk, bankOk, disbursed);
    const repaid = run(s, { type: 'repaid', repaidOn: '2029-03-05', at });
    expect(repaid.step).toBe('repaid');
    expect(repaid.history.at(-1)).toMatchObject({ by: 'system', repaidOn: '2029-03-05' });
    expect(rule(applied(), { type: 'repaid', repaidOn: '2029-03-05', at })).toBe('wrong_step');
  });

  it('takes applications from the village cadre or the county industry office only', () => {
    const base = {
      loanId: 'L',
      householdId: 'H',
      villageCode: VILLAGE,
      principalFen: 1,
      annualRateBp: 0,
      termMonths: 1,
    };
    const start = (appliedBy: typeof cadre | typeof bank) =>
      startLoan({ ...base, repayment: 'equal_instalment', appliedOn: '2026-03-01', appliedBy, at });
    expect(start(bank).ok).toBe(false);
    expect(start(otherCadre).ok).toBe(false);
    expect(start(cadre).ok).toBe(true);
  });
});
