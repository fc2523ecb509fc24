/**
 * The procedure of one 扶贫小额信贷 loan (`microcredit:<loanId>`) as a pure reducer: application → village check
 * (村级审核, the village cadre) → bank approval (银行审批, the `bank` role of the county) → disbursement (放款, the
 * bank) → servicing (还款中: reminders, repayments, arrears — derived from the repayments, not steps here) → repaid
 * (结清). Misuse (挪用认定, the village) and one extension (展期 ≤ 12 months, the bank) happen while servicing.
 * Every refusal is a value naming the rule; the history keeps each signer (谁签字谁负责).
 *
 * Decisions:
 * - A refusal by the village or the bank ends the application (`refused`); the household may apply again.
 * - Withdrawal (撤回申请) only before disbursement; by the village cadre or the county industry office.
 * - The disbursement date is the bank's value date: not before the application, not after today.
 * - Extension only for loans repaying the principal at term (`interest_quarterly`): an equal-instalment loan that
 *   cannot pay goes into arrears instead — re-amortising paid instalments is not this rule's business. Asked for on or
 *   before maturity, at most once, 1–12 months.
 */

import type { LocalizedMessage } from '@fupin/localized';
import { addMonthsClamped, isIsoDate, maturityDate, type LoanTerms, type RepaymentMethod } from './loan-schedule';
import {
  projectActorRefusal,
  projectFundsSigner,
  type ProjectFundsActor,
  type ProjectFundsPrincipal,
  type ProjectFundsRefusal,
  type ProjectFundsSigner,
} from './project-funds';

export const LOAN_STEPS = [
  'village_check',
  'bank_approval',
  'disbursement',
  'servicing',
  'repaid',
  'refused',
  'withdrawn',
] as const;
export type LoanStep = (typeof LOAN_STEPS)[number];

export const LOAN_STEP_LABELS: Readonly<Record<LoanStep, LocalizedMessage>> = {
  village_check: { 'zh-CN': '待村级审核', en: 'village check awaited' },
  bank_approval: { 'zh-CN': '待银行审批', en: 'bank approval awaited' },
  disbursement: { 'zh-CN': '待放款', en: 'disbursement awaited' },
  servicing: { 'zh-CN': '还款中', en: 'being repaid' },
  repaid: { 'zh-CN': '已结清', en: 'repaid' },
  refused: { 'zh-CN': '未获批准', en: 'refused' },
  withdrawn: { 'zh-CN': '已撤回', en: 'withdrawn' },
};

export const MAX_EXTENSION_MONTHS = 12;
export const microcreditWorkflowId = (loanId: string): string => `microcredit:${loanId}`;

export type LoanSigner = ProjectFundsSigner;
export type LoanRefusal = ProjectFundsRefusal;

export interface LoanHistoryEntry {
  readonly event: LoanEvent['type'] | 'applied';
  readonly from: LoanStep | null;
  readonly to: LoanStep;
  readonly by: LoanSigner | 'system';
  readonly at: string;
  readonly note?: string;
  readonly disbursedOn?: string;
  readonly paymentRef?: string;
  readonly misuseOn?: string;
  readonly months?: number;
  readonly repaidOn?: string;
}

export interface MicrocreditState {
  readonly loanId: string;
  readonly householdId: string;
  /** The borrower's village (12 digits): the village check and misuse are its cadre's. */
  readonly villageCode: string;
  readonly principalFen: number;
  readonly annualRateBp: number;
  readonly termMonths: number;
  readonly repayment: RepaymentMethod;
  readonly appliedOn: string;
  readonly step: LoanStep;
  readonly disbursedOn: string | null;
  readonly paymentRef: string | null;
  readonly misuseOn: string | null;
  readonly extensionMonths: number;
  readonly history: readonly LoanHistoryEntry[];
}

export interface StartLoan {
  loanId: string;
  householdId: string;
  villageCode: string;
  principalFen: number;
  annualRateBp: number;
  termMonths: number;
  repayment: RepaymentMethod;
  appliedOn: string;
  appliedBy: ProjectFundsPrincipal;
  at: string;
}

type Signed = { by: ProjectFundsPrincipal; at: string };
export type LoanEvent =
  | (Signed & { type: 'villageChecked'; approved: boolean; note?: string })
  | (Signed & { type: 'bankDecided'; approved: boolean; note?: string })
  | (Signed & { type: 'disbursed'; disbursedOn: string; paymentRef: string; today: string })
  | (Signed & { type: 'withdrawn'; reason: string })
  | (Signed & { type: 'misused'; misuseOn: string; note: string; today: string })
  | (Signed & { type: 'extended'; months: number; today: string })
  | { type: 'repaid'; repaidOn: string; at: string };

export type LoanResult = { ok: true; state: MicrocreditState } | { ok: false; refusal: LoanRefusal };

const refuse = (rule: string, zh: string, en: string, field?: string): LoanResult => ({
  ok: false,
  refusal: { rule, message: { 'zh-CN': zh, en }, ...(field ? { field } : {}) },
});

const VILLAGE: readonly ProjectFundsActor[] = [{ role: 'village_cadre', level: 'village' }];
const BANK: readonly ProjectFundsActor[] = [{ role: 'bank', level: 'county' }];
const APPLICANTS: readonly ProjectFundsActor[] = [
  { role: 'village_cadre', level: 'village' },
  { role: 'department_officer', level: 'county', departments: ['industry'] },
];

/** Who acts on each event, and the words naming it in a refusal. */
const ACTORS: Readonly<
  Record<Exclude<LoanEvent['type'], 'repaid'> | 'applied', [readonly ProjectFundsActor[], LocalizedMessage]>
> = {
  applied: [APPLICANTS, { 'zh-CN': '贷款申请', en: 'the loan application' }],
  villageChecked: [VILLAGE, { 'zh-CN': '村级审核', en: 'the village check' }],
  bankDecided: [BANK, { 'zh-CN': '银行审批', en: 'the bank approval' }],
  disbursed: [BANK, { 'zh-CN': '放款', en: 'the disbursement' }],
  withdrawn: [APPLICANTS, { 'zh-CN': '撤回申请', en: 'the withdrawal' }],
  misused: [VILLAGE, { 'zh-CN': '挪用认定', en: 'the misuse record' }],
  extended: [BANK, { 'zh-CN': '展期', en: 'the extension' }],
};

/** The step each event needs. */
const NEEDS: Readonly<Record<LoanEvent['type'], readonly LoanStep[]>> = {
  villageChecked: ['village_check'],
  bankDecided: ['bank_approval'],
  disbursed: ['disbursement'],
  withdrawn: ['village_check', 'bank_approval', 'disbursement'],
  misused: ['servicing'],
  extended: ['servicing'],
  repaid: ['servicing'],
};

/** The loan's terms as the schedule is computed now (the extension lengthens the term). */
export function loanTermsOf(s: MicrocreditState): LoanTerms | null {
  if (!s.disbursedOn) return null;
  const { principalFen, annualRateBp, repayment, disbursedOn } = s;
  return { principalFen, annualRateBp, repayment, disbursedOn, termMonths: s.termMonths + s.extensionMonths };
}

function entry(s: MicrocreditState, e: LoanEvent, to: LoanStep, extra: Partial<LoanHistoryEntry> = {}): LoanResult {
  const by: LoanSigner | 'system' = e.type === 'repaid' ? 'system' : projectFundsSigner(e.by);
  const note = 'note' in e && e.note?.trim() ? { note: e.note.trim() } : 'reason' in e ? { note: e.reason.trim() } : {};
  const added: LoanHistoryEntry = { event: e.type, from: s.step, to, by, at: e.at, ...note, ...extra };
  const history = [...s.history, added];
  return { ok: true, state: { ...s, step: to, history } };
}

/** 申请: the loan's first state, the applicant (village cadre or county industry office) checked. */
export function startLoan(input: StartLoan): LoanResult {
  const [actors, what] = ACTORS.applied;
  const denied = projectActorRefusal(actors, what, input.appliedBy, input.villageCode);
  if (denied) return { ok: false, refusal: denied };
  const { appliedBy, at, ...terms } = input;
  const state: MicrocreditState = {
    ...terms,
    step: 'village_check',
    disbursedOn: null,
    paymentRef: null,
    misuseOn: null,
    extensionMonths: 0,
    history: [{ event: 'applied', from: null, to: 'village_check', by: projectFundsSigner(appliedBy), at }],
  };
  return { ok: true, state };
}

function dayRefusal(field: string, day: string, notBefore: string, today: string): LoanResult | null {
  if (!isIsoDate(day))
    return refuse('date', `${field}须为有效日期（YYYY-MM-DD）`, `${field} must be a YYYY-MM-DD date`, field);
  if (day < notBefore)
    return refuse('date_too_early', `${field}不得早于${notBefore}`, `${field} may not be before ${notBefore}`, field);
  if (day > today)
    return refuse('date_in_future', `${field}不得晚于今天${today}`, `${field} may not be after today ${today}`, field);
  return null;
}

function extension(s: MicrocreditState, e: Extract<LoanEvent, { type: 'extended' }>): LoanResult {
  if (s.repayment !== 'interest_quarterly')
    return refuse(
      'extension_principal_at_term_only',
      '展期仅适用于按季结息、到期还本的贷款；等额本息贷款未按期还款按逾期处理',
      'only a loan repaying the principal at term may be extended; an equal-instalment loan not paid goes into arrears',
      'months',
    );
  if (s.extensionMonths > 0)
    return refuse('extension_once', '贷款只能展期一次', 'a loan may be extended only once', 'months');
  if (!Number.isSafeInteger(e.months) || e.months < 1 || e.months > MAX_EXTENSION_MONTHS)
    return refuse(
      'extension_months',
      `展期须为1至${MAX_EXTENSION_MONTHS}个月`,
      `an extension is 1 to ${MAX_EXTENSION_MONTHS} months`,
      'months',
    );
  const maturity = maturityDate({ disbursedOn: s.disbursedOn!, termMonths: s.termMonths });
  if (e.today > maturity)
    return refuse(
      'extension_after_maturity',
      `贷款已于${maturity}到期，不能展期`,
      `the loan matured on ${maturity}`,
      'months',
    );
  return entry({ ...s, extensionMonths: e.months }, e, 'servicing', { months: e.months });
}

function apply(s: MicrocreditState, e: LoanEvent): LoanResult {
  switch (e.type) {
    case 'villageChecked':
      return entry(s, e, e.approved ? 'bank_approval' : 'refused');
    case 'bankDecided':
      return entry(s, e, e.approved ? 'disbursement' : 'refused');
    case 'disbursed': {
      const bad = dayRefusal('disbursedOn', e.disbursedOn, s.appliedOn, e.today);
      if (bad) return bad;
      if (!e.paymentRef?.trim())
        return refuse('payment_ref_required', '须填写放款凭证号', 'paymentRef is required', 'paymentRef');
      const { disbursedOn, paymentRef } = e;
      return entry({ ...s, disbursedOn, paymentRef: paymentRef.trim() }, e, 'servicing', { disbursedOn, paymentRef });
    }
    case 'withdrawn':
      if (!e.reason?.trim()) return refuse('reason_required', '撤回须说明理由', 'a reason is required', 'reason');
      return entry(s, e, 'withdrawn');
    case 'misused': {
      if (s.misuseOn)
        return refuse('misuse_recorded', `已于${s.misuseOn}认定挪用`, `misuse was recorded on ${s.misuseOn}`);
      const bad = dayRefusal('misuseOn', e.misuseOn, s.disbursedOn!, e.today);
      if (bad) return bad;
      if (!e.note?.trim()) return refuse('reason_required', '须说明挪用情况', 'describe the misuse', 'note');
      return entry({ ...s, misuseOn: e.misuseOn }, e, 'servicing', { misuseOn: e.misuseOn });
    }
    case 'extended':
      return extension(s, e);
    case 'repaid':
      return entry(s, e, 'repaid', { repaidOn: e.repaidOn });
  }
}

/** The loan after `event`, or the refusal naming the rule (wrong step 409-like, wrong actor, bad value). */
export function applyLoanEvent(s: MicrocreditState, event: LoanEvent): LoanResult {
  const needs = NEEDS[event.type];
  if (!needs) return refuse('unknown_event', `未知事件${String(event.type)}`, `unknown event ${String(event.type)}`);
  if (event.type !== 'repaid') {
    const [actors, what] = ACTORS[event.type];
    const denied = projectActorRefusal(actors, what, event.by, s.villageCode);
    if (denied) return { ok: false, refusal: denied };
  }
  if (!needs.includes(s.step)) {
    const [, what] = event.type === 'repaid' ? [[], { 'zh-CN': '结清', en: 'repayment in full' }] : ACTORS[event.type];
    const label = LOAN_STEP_LABELS[s.step];
    return refuse(
      'wrong_step',
      `贷款当前为“${label['zh-CN']}”，不能进行${what['zh-CN']}`,
      `the loan is at "${label.en}": ${what.en} is not possible now`,
    );
  }
  return apply(s, event);
}

/** Open: the loan still needs someone (not repaid, refused or withdrawn). */
export const loanOpen = (s: Pick<MicrocreditState, 'step'>): boolean =>
  s.step !== 'repaid' && s.step !== 'refused' && s.step !== 'withdrawn';

/** The maturity (到期日) including an extension, once disbursed. */
export function loanMaturity(s: MicrocreditState): string | null {
  return s.disbursedOn ? addMonthsClamped(s.disbursedOn, s.termMonths + s.extensionMonths) : null;
}
