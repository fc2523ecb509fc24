/**
 * The county's quarterly interest subsidy (贴息) on a 扶贫小额信贷 loan, exact to the fen. Pure.
 *
 * - The subsidy of a quarter is the interest accrued in it by `accruedInterestFen`'s convention: ACT/360 per day for
 *   `interest_quarterly`; the interest of the instalments due within the quarter for `equal_instalment`.
 * - Arrears (逾期) suspend it: no subsidy for interest due on or after `arrearsFrom` (the days from `arrearsFrom` on
 *   for `interest_quarterly`, the instalments due from `arrearsFrom` on for `equal_instalment`). `suspended` is true
 *   for every quarter ending on or after `arrearsFrom`.
 * - Misuse (挪用) cancels it: nothing for the quarter in which misuse was recorded nor any later one (`cancelled`);
 *   earlier quarters are unaffected. The clawback (追回) is the subsidy of the quarter in which misuse was recorded,
 *   if that quarter is among `paidQuarters`; it is reported once, on the result for that quarter, so re-running a
 *   later quarter never claws back twice.
 */

import type { RuleViolation } from '@fupin/localized';
import {
  accruedInterestOnDays,
  checkLoanTerms,
  dayNumber,
  equalInstalmentAmounts,
  equalInstalmentFactor,
  type InstalmentFactor,
  isIsoDate,
  type LoanSchedule,
  type LoanTerms,
} from './loan-schedule';

// ---------------------------------------------------------------------------------------------------------------
// Quarters (季度), written `YYYY-Qn`

const QUARTER = /^(\d{4})-Q([1-4])$/;
const QUARTER_ENDS = ['03-31', '06-30', '09-30', '12-31'] as const;
const QUARTER_STARTS = ['01-01', '04-01', '07-01', '10-01'] as const;

/** True for `YYYY-Q1` … `YYYY-Q4` (year 0001–9999). */
export const isQuarter = (value: unknown): value is string =>
  typeof value === 'string' && QUARTER.test(value) && !value.startsWith('0000');

/** The quarter of a `YYYY-MM-DD` date: 2026-03-31 → `2026-Q1`. Throws RangeError for anything else. */
export function quarterOf(date: string): string {
  if (!isIsoDate(date)) throw new RangeError(`not a YYYY-MM-DD date: "${date}"`);
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** First and last day of a quarter: `2026-Q1` → 2026-01-01 … 2026-03-31. Throws RangeError for a malformed one. */
export function quarterRange(quarter: string): { from: string; to: string } {
  const match = QUARTER.exec(quarter);
  if (!match || !isQuarter(quarter)) throw new RangeError(`not a YYYY-Qn quarter: "${quarter}"`);
  const q = Number(match[2]) - 1;
  return { from: `${match[1]}-${QUARTER_STARTS[q]}`, to: `${match[1]}-${QUARTER_ENDS[q]}` };
}

// ---------------------------------------------------------------------------------------------------------------
// One loan

/** A loan as the subsidy run sees it. */
export interface SubsidyLoan {
  loan: LoanTerms;
  /** Read for `equal_instalment` when given (else the amounts are computed from the terms). */
  schedule?: LoanSchedule;
  /** 逾期起始日: the first day in arrears (`loanStatusOn(...).arrearsFrom`), or null. */
  arrearsFrom?: string | null;
  /** 挪用认定日: the day misuse was recorded, or null. */
  misuseOn?: string | null;
  /** Quarters whose subsidy was already paid (`YYYY-Qn`). */
  paidQuarters?: readonly string[];
}

export interface SubsidyRequest extends SubsidyLoan {
  /** `YYYY-Qn` */
  quarter: string;
}

export interface QuarterlySubsidy {
  /** 本季贴息, fen */
  subsidyFen: number;
  /** Arrears began on or before the quarter's last day (贴息暂停). */
  suspended: boolean;
  /** Misuse was recorded on or before the quarter's last day (贴息取消). */
  cancelled: boolean;
  /** 应追回贴息, fen: only on the quarter of misuse, when it was already paid. */
  clawbackFen: number;
}

export type QuarterlySubsidyResult = ({ ok: true } & QuarterlySubsidy) | { ok: false; violations: RuleViolation[] };

const violation = (field: string, rule: string, zh: string, en: string): RuleViolation => ({
  field,
  rule,
  message: { 'zh-CN': zh, en },
});

function dateViolation(field: 'arrearsFrom' | 'misuseOn', value: unknown): RuleViolation[] {
  if (value === undefined || value === null || isIsoDate(value)) return [];
  return [violation(field, 'date', `${field}须为有效日期（YYYY-MM-DD）`, `${field} must be a YYYY-MM-DD date or null`)];
}

function quarterViolation(field: string, value: unknown): RuleViolation[] {
  if (isQuarter(value)) return [];
  return [violation(field, 'quarter', `${field}须为季度（如2026-Q1）`, `${field} must be a quarter such as 2026-Q1`)];
}

/** Every rule the loan's subsidy inputs break; loan term fields are reported as `loan.<field>`. */
export function checkSubsidyLoan(s: SubsidyLoan): RuleViolation[] {
  const terms = checkLoanTerms(s.loan ?? {}).map((v) => ({ ...v, field: `loan.${v.field}` }));
  const paid = Array.isArray(s.paidQuarters) || s.paidQuarters === undefined ? (s.paidQuarters ?? []) : [null];
  return [
    ...terms,
    ...dateViolation('arrearsFrom', s.arrearsFrom),
    ...dateViolation('misuseOn', s.misuseOn),
    ...paid.flatMap((q, i) => quarterViolation(`paidQuarters[${i}]`, q)),
  ];
}

interface QuarterDays {
  quarter: string;
  /** Day before the first day (exclusive bound) */
  before: number;
  last: number;
}

const quarterDays = (quarter: string): QuarterDays => {
  const { from, to } = quarterRange(quarter);
  return { quarter, before: dayNumber(from) - 1, last: dayNumber(to) };
};

/** Interest of (fromDay, toDay] by the accrual convention, from the schedule when given. */
type Accrual = (fromDay: number, toDay: number) => number;

/** The quarter's subsidy before misuse: accrual up to the day before arrears began. */
function baseSubsidy(accrue: Accrual, q: QuarterDays, arrearsDay: number | null): number {
  const until = arrearsDay === null ? q.last : Math.min(q.last, arrearsDay - 1);
  return until > q.before ? accrue(q.before, until) : 0;
}

const dayOrNull = (date: string | null | undefined): number | null => (date ? dayNumber(date) : null);

/** The subsidy of an already validated loan, given how to accrue its interest. */
function subsidyOf(s: SubsidyLoan, q: QuarterDays, accrue: Accrual): QuarterlySubsidy {
  const arrearsDay = dayOrNull(s.arrearsFrom);
  const misuseDay = dayOrNull(s.misuseOn);
  const suspended = arrearsDay !== null && arrearsDay <= q.last;
  const cancelled = misuseDay !== null && misuseDay <= q.last;
  const base = baseSubsidy(accrue, q, arrearsDay);
  const misuseHere = misuseDay !== null && misuseDay > q.before && misuseDay <= q.last;
  const clawbackFen = misuseHere && (s.paidQuarters ?? []).includes(q.quarter) ? base : 0;
  return { subsidyFen: cancelled ? 0 : base, suspended, cancelled, clawbackFen };
}

function scheduleAccrual(schedule: LoanSchedule): Accrual {
  const due = schedule.instalments.map((i) => dayNumber(i.dueOn));
  return (from, to) =>
    schedule.instalments.reduce((sum, i, k) => (due[k] > from && due[k] <= to ? sum + i.interestFen : sum), 0);
}

function accrualOf(s: SubsidyLoan, interests?: readonly number[]): Accrual {
  if (s.schedule && s.loan.repayment === 'equal_instalment') return scheduleAccrual(s.schedule);
  return (from, to) => accruedInterestOnDays(s.loan, from, to, interests);
}

/** The subsidy of one loan for one quarter, or every rule the request breaks. */
export function quarterlySubsidy(request: SubsidyRequest): QuarterlySubsidyResult {
  const violations = [...quarterViolation('quarter', request.quarter), ...checkSubsidyLoan(request)];
  if (violations.length) return { ok: false, violations };
  return { ok: true, ...subsidyOf(request, quarterDays(request.quarter), accrualOf(request)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Many loans

/**
 * The monthly interests of a 等额本息 loan, shared between loans of the same (principal, rate, term), with the
 * instalment factor shared between loans of the same (rate, term): the memo lives as long as one batch.
 */
function batchInterests(): (t: LoanTerms) => readonly number[] | undefined {
  const factors = new Map<string, InstalmentFactor>();
  const interests = new Map<string, readonly number[]>();
  return (t) => {
    if (t.repayment !== 'equal_instalment') return undefined;
    const rateTerm = `${t.annualRateBp}:${t.termMonths}`;
    const key = `${t.principalFen}:${rateTerm}`;
    let found = interests.get(key);
    if (found) return found;
    let factor = factors.get(rateTerm);
    if (!factor) factors.set(rateTerm, (factor = equalInstalmentFactor(t.annualRateBp, t.termMonths)));
    found = equalInstalmentAmounts(t.principalFen, t.annualRateBp, t.termMonths, factor).interestFen;
    interests.set(key, found);
    return found;
  };
}

/**
 * The subsidy of each loan for one quarter, in the order given (a refused loan gets its violations, the rest are
 * computed). Fast for a county's whole book: the 等额本息 amounts are computed once per (principal, rate, term) and
 * shared, and only the instalments due in the quarter are looked at; `interest_quarterly` needs one multiplication.
 */
export function quarterlySubsidies(loans: readonly SubsidyLoan[], quarter: string): QuarterlySubsidyResult[] {
  const bad = quarterViolation('quarter', quarter);
  if (bad.length) return loans.map(() => ({ ok: false, violations: bad }));
  const q = quarterDays(quarter);
  const interestsOf = batchInterests();
  return loans.map((s): QuarterlySubsidyResult => {
    const violations = checkSubsidyLoan(s);
    if (violations.length) return { ok: false, violations };
    return { ok: true, ...subsidyOf(s, q, accrualOf(s, s.schedule ? undefined : interestsOf(s.loan))) };
  });
}
