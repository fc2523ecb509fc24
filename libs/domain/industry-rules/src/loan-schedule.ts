/**
 * The repayment schedule (还款计划) of 扶贫小额信贷, exact to the fen. Pure: no clock (dates are passed in as
 * `YYYY-MM-DD`), no floating point on money (integers, BigInt where a product could pass 2^53), failures as values.
 *
 * - `equal_instalment` (等额本息): `termMonths` monthly instalments, due on the disbursement's day of month (clamped to
 *   the month's last day, always from the ORIGINAL day: 01-31 → 02-28 → 03-31). r = annualRateBp / 10000 / 12 exactly;
 *   A = half_up(P·r·(1+r)^n / ((1+r)^n − 1)), or half_up(P/n) when r = 0. Each month interest = half_up(balance·r),
 *   principal = A − interest, and the last instalment's principal is the remaining balance.
 * - `interest_quarterly` (按季结息、到期还本): interest on the 20th of March, June, September and December strictly after
 *   disbursement and strictly before maturity, and at maturity (disbursement + termMonths, day clamped). Each
 *   period's interest is half_up(P · annualRateBp/10000 · days/360) over its actual days (ACT/360); the whole
 *   principal is repaid at maturity.
 *
 * Half-up (四舍五入) to the fen everywhere; every amount here is ≥ 0.
 */

import type { RuleViolation } from '@fupin/localized';

// ---------------------------------------------------------------------------------------------------------------
// Calendar dates (公历日期) as day numbers: days since 1970-01-01, proleptic Gregorian.

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Day number of y-m-d (H. Hinnant's days_from_civil). */
function dayFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [y, m, d] of a day number (civil_from_days). */
function civilFromDay(day: number): [number, number, number] {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d];
}

/** [y, m, d] of a real `YYYY-MM-DD` date (year 0001–9999), else null. */
export function parseIsoDate(value: unknown): [number, number, number] | null {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (!match) return null;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return [y, m, d];
}

/** True for a real calendar date written `YYYY-MM-DD`, e.g. not `2026-02-29`. */
export const isIsoDate = (value: unknown): value is string => parseIsoDate(value) !== null;

/** The day number of a `YYYY-MM-DD` date; throws RangeError for anything else. */
export function dayNumber(iso: string): number {
  const ymd = parseIsoDate(iso);
  if (!ymd) throw new RangeError(`not a YYYY-MM-DD date: "${iso}"`);
  return dayFromCivil(ymd[0], ymd[1], ymd[2]);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** The `YYYY-MM-DD` date of a day number. */
export function isoFromDay(day: number): string {
  const [y, m, d] = civilFromDay(day);
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** `iso` plus `days` (may be negative). */
export const addDays = (iso: string, days: number): string => isoFromDay(dayNumber(iso) + days);

/** Days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => dayNumber(to) - dayNumber(from);

/** Months since year 0 of y-m: a month index, so k months later is index + k. */
const monthIndex = (y: number, m: number): number => y * 12 + m - 1;

/** Day number of day `d` of the month at `index`, clamped to the month's last day. */
function clampedDay(index: number, d: number): number {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return dayFromCivil(y, m, Math.min(d, daysInMonth(y, m)));
}

/** `iso` plus `months`, the day clamped to the target month's last day (2026-01-31 + 1 → 2026-02-28). */
export function addMonthsClamped(iso: string, months: number): string {
  const ymd = parseIsoDate(iso);
  if (!ymd) throw new RangeError(`not a YYYY-MM-DD date: "${iso}"`);
  return isoFromDay(clampedDay(monthIndex(ymd[0], ymd[1]) + months, ymd[2]));
}

// ---------------------------------------------------------------------------------------------------------------
// Exact half-up arithmetic on non-negative integers

const SAFE = Number.MAX_SAFE_INTEGER;

/** half_up(n / d) for BigInt n ≥ 0, d > 0. */
const bigHalfUp = (n: bigint, d: bigint): bigint => (2n * n + d) / (2n * d);

/** half_up(a·b / d) for safe integers a, b ≥ 0 and d > 0: plain numbers while exact, BigInt beyond. */
export function halfUpMulDiv(a: number, b: number, d: number): number {
  const product = a * b;
  if (product <= (SAFE - d) / 2) {
    const twice = 2 * product + d;
    const den = 2 * d;
    return (twice - (twice % den)) / den;
  }
  return Number(bigHalfUp(BigInt(a) * BigInt(b), BigInt(d)));
}

// ---------------------------------------------------------------------------------------------------------------
// Terms

export const REPAYMENT_METHODS = ['equal_instalment', 'interest_quarterly'] as const;
/** 还款方式: 等额本息 or 按季结息、到期还本. */
export type RepaymentMethod = (typeof REPAYMENT_METHODS)[number];
export const isRepaymentMethod = (value: unknown): value is RepaymentMethod =>
  typeof value === 'string' && (REPAYMENT_METHODS as readonly string[]).includes(value);

/** 贷款期限上限 accepted by the schedule (30 years); microcredit's own policy limit is `checkMicrocredit`'s. */
export const MAX_SCHEDULE_TERM_MONTHS = 360;
/** 年利率上限, basis points (100 %/year): with the principal bound it keeps every figure a safe integer. */
export const MAX_ANNUAL_RATE_BP = 10_000;
/** 本金上限, fen (10 billion yuan): far above any loan, and keeps every figure a safe integer. */
export const MAX_SCHEDULE_PRINCIPAL_FEN = 1_000_000_000_000;

/** The loan as the schedule request gives it. */
export interface LoanTerms {
  /** 贷款本金, fen */
  principalFen: number;
  /** 年利率, basis points (4.35 % = 435) */
  annualRateBp: number;
  /** 贷款期限, months */
  termMonths: number;
  /** 还款方式 */
  repayment: RepaymentMethod;
  /** 放款日 `YYYY-MM-DD` */
  disbursedOn: string;
}

/** One instalment (一期): what is due on `dueOn`. */
export interface Instalment {
  dueOn: string;
  principalFen: number;
  interestFen: number;
}

/** 还款计划: the instalments in due order and the total interest. */
export interface LoanSchedule {
  instalments: Instalment[];
  totalInterestFen: number;
}

export type LoanScheduleResult = { ok: true; schedule: LoanSchedule } | { ok: false; violations: RuleViolation[] };

const violation = (field: string, rule: string, zh: string, en: string): RuleViolation => ({
  field,
  rule,
  message: { 'zh-CN': zh, en },
});

function principalViolation(p: unknown): RuleViolation | null {
  if (typeof p !== 'number' || !Number.isSafeInteger(p) || p <= 0)
    return violation(
      'principalFen',
      'positive_integer_fen',
      '贷款本金须为正整数（单位：分）',
      'principal must be a positive whole number of fen',
    );
  if (p > MAX_SCHEDULE_PRINCIPAL_FEN)
    return violation(
      'principalFen',
      'max_principal',
      '贷款本金超出可计算范围',
      'principal is beyond the supported range',
    );
  return null;
}

function rateViolation(bp: unknown): RuleViolation | null {
  if (typeof bp !== 'number' || !Number.isSafeInteger(bp) || bp < 0)
    return violation(
      'annualRateBp',
      'non_negative_integer_bp',
      '年利率须为非负整数（单位：基点，万分之一）',
      'annual rate must be a whole number of basis points ≥ 0',
    );
  if (bp > MAX_ANNUAL_RATE_BP)
    return violation('annualRateBp', 'max_rate', '年利率不得超过100%', 'annual rate must not exceed 100 %');
  return null;
}

function termViolation(n: unknown): RuleViolation | null {
  if (typeof n === 'number' && Number.isSafeInteger(n) && n >= 1 && n <= MAX_SCHEDULE_TERM_MONTHS) return null;
  return violation(
    'termMonths',
    'term_range',
    `贷款期限须为1至${MAX_SCHEDULE_TERM_MONTHS}的整数（单位：月）`,
    `term must be a whole number of months from 1 to ${MAX_SCHEDULE_TERM_MONTHS}`,
  );
}

/** Every rule the terms break (empty = a schedule can be computed). Accepts untrusted input (an API body). */
export function checkLoanTerms(terms: Partial<Record<keyof LoanTerms, unknown>>): RuleViolation[] {
  const found = [principalViolation(terms.principalFen), rateViolation(terms.annualRateBp)];
  found.push(termViolation(terms.termMonths));
  if (!isRepaymentMethod(terms.repayment))
    found.push(
      violation(
        'repayment',
        'unknown_repayment',
        '还款方式须为等额本息（equal_instalment）或按季结息到期还本（interest_quarterly）',
        'repayment must be equal_instalment or interest_quarterly',
      ),
    );
  if (!isIsoDate(terms.disbursedOn))
    found.push(
      violation('disbursedOn', 'date', '放款日须为有效日期（YYYY-MM-DD）', 'disbursedOn must be a YYYY-MM-DD date'),
    );
  return found.filter((v): v is RuleViolation => v !== null);
}

function assertTerms(terms: LoanTerms): void {
  const problems = checkLoanTerms(terms);
  if (problems.length) throw new RangeError(problems.map((p) => p.message.en).join('; '));
}

/** 到期日: disbursement + termMonths, the day clamped. */
export const maturityDate = (terms: Pick<LoanTerms, 'disbursedOn' | 'termMonths'>): string =>
  addMonthsClamped(terms.disbursedOn, terms.termMonths);

// ---------------------------------------------------------------------------------------------------------------
// 等额本息

/** Monthly rate denominator: r = bp / (10000 · 12). */
const MONTH_DEN = 120_000;

/**
 * The factor of 等额本息 as a fraction: A = half_up(P · num / den) with r = bp/120000, i.e.
 * num / den = r·(1+r)^n / ((1+r)^n − 1) = bp·(D+bp)^n / (D·((D+bp)^n − D^n)), D = 120000; for r = 0, 1/n.
 * It depends on the rate and term only: compute it once for many loans of the same rate and term.
 */
export interface InstalmentFactor {
  num: bigint;
  den: bigint;
}

export function equalInstalmentFactor(annualRateBp: number, termMonths: number): InstalmentFactor {
  if (annualRateBp === 0) return { num: 1n, den: BigInt(termMonths) };
  const d = BigInt(MONTH_DEN);
  const b = BigInt(annualRateBp);
  const grown = (d + b) ** BigInt(termMonths);
  return { num: b * grown, den: d * (grown - d ** BigInt(termMonths)) };
}

/** A = half_up(P·r·(1+r)^n / ((1+r)^n − 1)), or half_up(P/n) when r = 0: the monthly instalment (月供). */
export function equalInstalmentFen(
  principalFen: number,
  annualRateBp: number,
  termMonths: number,
  factor: InstalmentFactor = equalInstalmentFactor(annualRateBp, termMonths),
): number {
  return Number(bigHalfUp(BigInt(principalFen) * factor.num, factor.den));
}

/** The amounts of the `termMonths` instalments of 等额本息 (they do not depend on the dates). */
export interface InstalmentAmounts {
  principalFen: number[];
  interestFen: number[];
}

/**
 * The principal and interest of each month. A principal A − interest that would pass the remaining balance (only
 * for a principal of a few fen, where A rounds up) is capped at the balance, so no balance is ever negative.
 * `factor` may be shared between loans of the same rate and term (see `equalInstalmentFactor`).
 */
export function equalInstalmentAmounts(
  principalFen: number,
  annualRateBp: number,
  termMonths: number,
  factor?: InstalmentFactor,
): InstalmentAmounts {
  const a = equalInstalmentFen(principalFen, annualRateBp, termMonths, factor);
  const principals: number[] = [];
  const interests: number[] = [];
  let balance = principalFen;
  for (let k = 1; k <= termMonths; k++) {
    const interest = halfUpMulDiv(balance, annualRateBp, MONTH_DEN);
    const principal = k === termMonths ? balance : Math.min(Math.max(a - interest, 0), balance);
    principals.push(principal);
    interests.push(interest);
    balance -= principal;
  }
  return { principalFen: principals, interestFen: interests };
}

/** Due day numbers of months 1..n after the disbursement (clamped from the original day). */
function monthlyDueDays(disbursedOn: string, termMonths: number): number[] {
  const [y, m, d] = parseIsoDate(disbursedOn) as [number, number, number];
  const first = monthIndex(y, m);
  return Array.from({ length: termMonths }, (_, i) => clampedDay(first + i + 1, d));
}

function equalInstalmentSchedule(t: LoanTerms): Instalment[] {
  const amounts = equalInstalmentAmounts(t.principalFen, t.annualRateBp, t.termMonths);
  return monthlyDueDays(t.disbursedOn, t.termMonths).map((day, i) => ({
    dueOn: isoFromDay(day),
    principalFen: amounts.principalFen[i],
    interestFen: amounts.interestFen[i],
  }));
}

// ---------------------------------------------------------------------------------------------------------------
// 按季结息、到期还本

/** ACT/360 denominator: P · bp/10000 · days/360. */
const ACT360_DEN = 3_600_000;

/** half_up(P · bp/10000 · days/360): the ACT/360 interest on `principalFen` for `days` days. */
export const act360InterestFen = (principalFen: number, annualRateBp: number, days: number): number =>
  halfUpMulDiv(principalFen, annualRateBp * days, ACT360_DEN);

/** The settlement days (结息日, the 20th of Mar/Jun/Sep/Dec) in (fromDay, toDay), as day numbers. */
export function quarterlySettlementDays(fromDay: number, toDay: number): number[] {
  const days: number[] = [];
  for (let year = civilFromDay(fromDay)[0]; dayFromCivil(year, 3, 20) < toDay; year++) {
    for (const month of [3, 6, 9, 12]) {
      const day = dayFromCivil(year, month, 20);
      if (day > fromDay && day < toDay) days.push(day);
    }
  }
  return days;
}

function interestQuarterlySchedule(t: LoanTerms): Instalment[] {
  const start = dayNumber(t.disbursedOn);
  const maturity = dayNumber(maturityDate(t));
  let previous = start;
  return [...quarterlySettlementDays(start, maturity), maturity].map((day) => {
    const interestFen = act360InterestFen(t.principalFen, t.annualRateBp, day - previous);
    previous = day;
    return { dueOn: isoFromDay(day), principalFen: day === maturity ? t.principalFen : 0, interestFen };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The schedule and accrued interest

/** The repayment schedule of a loan, or every rule its terms break. */
export function loanSchedule(terms: LoanTerms): LoanScheduleResult {
  const violations = checkLoanTerms(terms);
  if (violations.length) return { ok: false, violations };
  const instalments =
    terms.repayment === 'equal_instalment' ? equalInstalmentSchedule(terms) : interestQuarterlySchedule(terms);
  const totalInterestFen = instalments.reduce((sum, i) => sum + i.interestFen, 0);
  return { ok: true, schedule: { instalments, totalInterestFen } };
}

/** ACT/360 interest on the whole principal for the loan's days within (fromDay, toDay]. */
function quarterlyAccrual(terms: LoanTerms, fromDay: number, toDay: number): number {
  const start = Math.max(fromDay, dayNumber(terms.disbursedOn));
  const end = Math.min(toDay, dayNumber(maturityDate(terms)));
  return end > start ? act360InterestFen(terms.principalFen, terms.annualRateBp, end - start) : 0;
}

/** Interest of the monthly instalments due in (fromDay, toDay]: only the months of the period are looked at. */
function monthlyAccrual(terms: LoanTerms, interests: readonly number[], fromDay: number, toDay: number): number {
  const [y, m, d] = parseIsoDate(terms.disbursedOn) as [number, number, number];
  const first = monthIndex(y, m);
  const [fy, fm] = civilFromDay(fromDay);
  const [ty, tm] = civilFromDay(toDay);
  const last = Math.min(terms.termMonths, monthIndex(ty, tm) - first);
  let sum = 0;
  for (let k = Math.max(1, monthIndex(fy, fm) - first); k <= last; k++) {
    const due = clampedDay(first + k, d);
    if (due > fromDay && due <= toDay) sum += interests[k - 1];
  }
  return sum;
}

/** Interest of the scheduled instalments with a due day in (fromDay, toDay]. */
function instalmentAccrual(schedule: LoanSchedule, fromDay: number, toDay: number): number {
  let sum = 0;
  for (const i of schedule.instalments) {
    const due = dayNumber(i.dueOn);
    if (due > fromDay && due <= toDay) sum += i.interestFen;
  }
  return sum;
}

/**
 * `accruedInterestFen` on day numbers (see `dayNumber`) without checking the terms, for batches: pass the
 * `interestFen` of `equalInstalmentAmounts` as `interests` to share it between loans of the same amount, rate and
 * term (it is computed when absent; unused for `interest_quarterly`).
 */
export function accruedInterestOnDays(
  terms: LoanTerms,
  fromDay: number,
  toDay: number,
  interests?: readonly number[],
): number {
  if (toDay <= fromDay) return 0;
  if (terms.repayment === 'interest_quarterly') return quarterlyAccrual(terms, fromDay, toDay);
  const monthly =
    interests ?? equalInstalmentAmounts(terms.principalFen, terms.annualRateBp, terms.termMonths).interestFen;
  return monthlyAccrual(terms, monthly, fromDay, toDay);
}

/**
 * Interest accrued (应计利息) on a loan in the period (fromExclusive, toInclusive], in fen — the base of the county's
 * interest subsidy (贴息). Conventions:
 * - `interest_quarterly`: ACT/360 on the outstanding principal (the whole principal from disbursement to maturity;
 *   prepayment is not modelled) for each actual day of the period within (disbursedOn, maturity], rounded half-up
 *   once for the period: half_up(P · bp/10000 · days/360).
 * - `equal_instalment`: the interest of the instalments whose due date falls within the period (not apportioned by
 *   day), exactly as scheduled; `schedule` is read when given, else the amounts are computed from the terms.
 * Throws RangeError for terms that `checkLoanTerms` refuses or dates that are not `YYYY-MM-DD`; an empty or inverted
 * period accrues 0.
 */
export function accruedInterestFen(
  terms: LoanTerms,
  fromExclusive: string,
  toInclusive: string,
  schedule?: LoanSchedule,
): number {
  assertTerms(terms);
  const [from, to] = [dayNumber(fromExclusive), dayNumber(toInclusive)];
  if (schedule && terms.repayment === 'equal_instalment') return to > from ? instalmentAccrual(schedule, from, to) : 0;
  return accruedInterestOnDays(terms, from, to);
}
