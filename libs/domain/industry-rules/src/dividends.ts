/**
 * Equity dividend contracts (入股分红 / 资产收益扶贫): a household's funds (or fiscal funds quantified to it, 折股量化)
 * are put into a partner as a share (入股) for `termYears`; each contract year the partner pays a dividend (分红), a
 * fixed sum or a rate of the principal, and returns the principal at the term (到期还本). Pure; money in integer fen.
 *
 * Decisions:
 * - Contract year k runs from the (k−1)-th anniversary of `startOn` (exclusive) to the k-th (inclusive); the term ends
 *   on the `termYears`-th anniversary, when the principal is due. An anniversary of 29 February is 28 February in
 *   common years.
 * - The yearly dividend is `amountFen`, or principal × rateBp / 10000 rounded half up (四舍五入) to whole fen.
 * - Yearly payment dates (`MM-DD`): one payment in each contract year, on that day, of the whole yearly dividend.
 *   29 February is refused as a yearly day (it is missing three years in four).
 * - A list of dates: every date inside the term, none twice, at least one in every contract year; a year's dividend
 *   is split equally over its dates, the remainder fen on the year's last date (the year's sum is exact).
 * - Status as of `today` (passed in): a payment not yet due is `upcoming`; from its due day it is `due` through
 *   `missedAfterDays` (default 30) days after, and `missed` from the day after that (dueOn + 30 still due, dueOn + 31
 *   missed); a recorded payment is `paid` (`paidLate` when paid after that grace). Arrears (欠付) are the missed
 *   amounts. A payment is recorded once per due date and kind, for the exact scheduled amount.
 */

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';

// ---------------------------------------------------------------------------------------------------------------
// Calendar dates (YYYY-MM-DD, no time zone)

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** The date exists (2024-02-30 and 2024-13-01 do not). */
const sameDay = (s: string): boolean => {
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
};
const MS_PER_DAY = 86_400_000;

const isCalendarDate = (s: unknown): s is string => typeof s === 'string' && DATE.test(s) && sameDay(s);

const dayNumber = (d: string): number => Date.parse(`${d}T00:00:00Z`) / MS_PER_DAY;
const fromDayNumber = (n: number): string => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);

/** `d` plus `n` days. */
const addDays = (d: string, n: number): string => fromDayNumber(dayNumber(d) + n);

/** The `years`-th anniversary of `d`; 29 February falls on 28 February in common years. */
function addYears(d: string, years: number): string {
  const y = Number(d.slice(0, 4)) + years;
  const md = d.slice(5);
  const candidate = `${String(y).padStart(4, '0')}-${md}`;
  return isCalendarDate(candidate) ? candidate : `${String(y).padStart(4, '0')}-02-28`;
}

// ---------------------------------------------------------------------------------------------------------------
// Contract

export type DividendAmount = { kind: 'fixed'; amountFen: number } | { kind: 'rate'; rateBp: number };
export type DividendDates = { kind: 'yearly'; monthDay: string } | { kind: 'dates'; dates: readonly string[] };

export interface DividendContract {
  /** 入股本金, fen. */
  principalFen: number;
  /** The yearly dividend (年分红): fixed fen, or a rate of the principal in basis points (10000 = 100 %). */
  dividend: DividendAmount;
  paymentDates: DividendDates;
  /** YYYY-MM-DD: the day the share is paid in. */
  startOn: string;
  /** 合同期限, whole years. */
  termYears: number;
}

export const MAX_DIVIDEND_TERM_YEARS = 30;
const BP = 10_000n;

export type DividendKind = 'dividend' | 'principal';

export interface ScheduledDividend {
  dueOn: string;
  amountFen: number;
  kind: DividendKind;
  /** 1 … termYears */
  contractYear: number;
}

const isPositiveFen = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

function violation(field: string, rule: string, zh: string, en: string): RuleViolation {
  return { field, rule, message: { 'zh-CN': zh, en } };
}

/** The contract's end (到期日): the `termYears`-th anniversary of the start. */
export const dividendTermEnd = (c: Pick<DividendContract, 'startOn' | 'termYears'>): string =>
  addYears(c.startOn, c.termYears);

/** The yearly dividend in fen: fixed, or principal × rate rounded half up. */
export function yearlyDividendFen(c: Pick<DividendContract, 'principalFen' | 'dividend'>): number {
  if (c.dividend.kind === 'fixed') return c.dividend.amountFen;
  const product = BigInt(c.principalFen) * BigInt(c.dividend.rateBp);
  return Number((product * 2n + BP) / (2n * BP));
}

function amountViolations(c: DividendContract): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!isPositiveFen(c.principalFen))
    out.push(
      violation('principalFen', 'integer_fen', '入股本金须为正整数（分）', 'principalFen must be whole fen ≥ 1'),
    );
  const d = c.dividend;
  if (d?.kind === 'fixed' && !isPositiveFen(d.amountFen))
    out.push(
      violation(
        'dividend.amountFen',
        'integer_fen',
        '年分红须为正整数（分）',
        'the yearly dividend must be whole fen ≥ 1',
      ),
    );
  else if (d?.kind === 'rate' && !(Number.isSafeInteger(d.rateBp) && d.rateBp > 0 && d.rateBp <= 10_000))
    out.push(
      violation(
        'dividend.rateBp',
        'rate_bp',
        '分红比例须为1—10000基点的整数',
        'the dividend rate must be whole basis points from 1 to 10000',
      ),
    );
  else if (d?.kind !== 'fixed' && d?.kind !== 'rate')
    out.push(violation('dividend', 'dividend_kind', '分红方式须为固定金额或比例', 'the dividend is fixed or a rate'));
  return out;
}

function termViolations(c: DividendContract): RuleViolation[] {
  const out: RuleViolation[] = [];
  if (!isCalendarDate(c.startOn))
    out.push(violation('startOn', 'invalid_date', '起始日期须为 YYYY-MM-DD', 'startOn must be YYYY-MM-DD'));
  if (!Number.isSafeInteger(c.termYears) || c.termYears < 1 || c.termYears > MAX_DIVIDEND_TERM_YEARS)
    out.push(
      violation(
        'termYears',
        'term_years',
        `合同期限须为1—${MAX_DIVIDEND_TERM_YEARS}年的整数`,
        `termYears must be a whole number from 1 to ${MAX_DIVIDEND_TERM_YEARS}`,
      ),
    );
  return out;
}

const MONTH_DAY = /^(\d{2})-(\d{2})$/;

function yearlyDayViolation(monthDay: unknown): RuleViolation | null {
  const ok = typeof monthDay === 'string' && MONTH_DAY.test(monthDay) && monthDay !== '02-29';
  if (ok && isCalendarDate(`2023-${monthDay}`)) return null;
  return violation(
    'paymentDates.monthDay',
    'payment_date',
    '每年分红日须为 MM-DD（不能是2月29日）',
    'the yearly payment day must be MM-DD (not 29 February)',
  );
}

/** The contract year (1 … termYears) a date falls in, or 0 outside the term. */
function contractYearOf(c: DividendContract, d: string): number {
  for (let k = 1; k <= c.termYears; k++) if (d > addYears(c.startOn, k - 1) && d <= addYears(c.startOn, k)) return k;
  return 0;
}

function dateListViolations(c: DividendContract, dates: unknown): RuleViolation[] {
  const field = 'paymentDates.dates';
  const list = Array.isArray(dates) ? (dates as unknown[]) : [];
  if (!list.length || !list.every(isCalendarDate))
    return [violation(field, 'payment_date', '分红日期须为 YYYY-MM-DD 的列表', 'dates must be a list of YYYY-MM-DD')];
  const out: RuleViolation[] = [];
  if (new Set(list).size !== list.length)
    out.push(violation(field, 'payment_date_duplicate', '分红日期重复', 'a payment date appears twice'));
  const outside = list.filter((d) => contractYearOf(c, d) === 0);
  if (outside.length)
    out.push(
      violation(
        field,
        'payment_date_outside_term',
        `分红日期${outside.join('、')}不在合同期内`,
        `${outside.join(', ')} outside the term`,
      ),
    );
  const years = new Set(list.map((d) => contractYearOf(c, d)));
  const empty = Array.from({ length: c.termYears }, (_, i) => i + 1).filter((k) => !years.has(k));
  if (empty.length)
    out.push(
      violation(
        field,
        'payment_year_uncovered',
        `第${empty.join('、')}个合同年度没有分红日期`,
        `contract year(s) ${empty.join(', ')} have no payment date`,
      ),
    );
  return out;
}

/** Every rule the contract breaks (empty = valid). */
export function checkDividendContract(c: DividendContract): RuleViolation[] {
  const out = [...amountViolations(c), ...termViolations(c)];
  if (out.some((v) => v.field === 'startOn' || v.field === 'termYears')) return out;
  const p = c.paymentDates;
  if (p?.kind === 'yearly') {
    const v = yearlyDayViolation(p.monthDay);
    if (v) out.push(v);
  } else if (p?.kind === 'dates') out.push(...dateListViolations(c, p.dates));
  else
    out.push(
      violation('paymentDates', 'payment_date', '分红日期须为每年固定日或日期列表', 'yearly or a list of dates'),
    );
  return out;
}

/** The day `MM-DD` inside contract year k. */
function yearlyDueOn(c: DividendContract, monthDay: string, k: number): string {
  const from = addYears(c.startOn, k - 1);
  const sameYear = `${from.slice(0, 4)}-${monthDay}`;
  return sameYear > from ? sameYear : addYears(sameYear, 1);
}

/** A year's dividend over its dates: equal shares, the remainder fen on the last. */
function split(total: number, dueOns: string[], contractYear: number): ScheduledDividend[] {
  const share = Math.floor(total / dueOns.length);
  const rest = total - share * dueOns.length;
  return dueOns.map((dueOn, i) => ({
    dueOn,
    amountFen: share + (i === dueOns.length - 1 ? rest : 0),
    kind: 'dividend' as const,
    contractYear,
  }));
}

function dividendRows(c: DividendContract): ScheduledDividend[] {
  const yearly = yearlyDividendFen(c);
  const years = Array.from({ length: c.termYears }, (_, i) => i + 1);
  const p = c.paymentDates;
  if (p.kind === 'yearly') return years.map((k) => split(yearly, [yearlyDueOn(c, p.monthDay, k)], k)[0]);
  const sorted = [...p.dates].sort();
  return years.flatMap((k) =>
    split(
      yearly,
      sorted.filter((d) => contractYearOf(c, d) === k),
      k,
    ),
  );
}

/**
 * The contract's payments, by due date: each dividend, then the principal's return at the end of the term (on the
 * same day as the last dividend, the dividend comes first). Invalid contracts give their violations.
 */
export function dividendSchedule(
  c: DividendContract,
): { ok: true; schedule: ScheduledDividend[] } | { ok: false; violations: RuleViolation[] } {
  const violations = checkDividendContract(c);
  if (violations.length) return { ok: false, violations };
  const principal: ScheduledDividend = {
    dueOn: dividendTermEnd(c),
    amountFen: c.principalFen,
    kind: 'principal',
    contractYear: c.termYears,
  };
  return { ok: true, schedule: [...dividendRows(c), principal] };
}

// ---------------------------------------------------------------------------------------------------------------
// Payments and status

export const DEFAULT_MISSED_AFTER_DAYS = 30;

/** A payment as recorded: which due date (and kind: default the dividend, else the principal due that day). */
export interface DividendPayment {
  dueOn: string;
  paidOn: string;
  amountFen: number;
  kind?: DividendKind;
}

export interface DividendRefusal {
  rule: string;
  message: LocalizedMessage;
  field?: string;
  /** `dividend_already_recorded`: the payment already recorded. */
  recorded?: DividendPayment;
}

type RecordResult = { ok: true; payments: DividendPayment[] } | { ok: false; refusal: DividendRefusal };

const refuse = (rule: string, zh: string, en: string, field?: string) => ({
  ok: false as const,
  refusal: { rule, message: { 'zh-CN': zh, en }, ...(field ? { field } : {}) } as DividendRefusal,
});

/** The scheduled row a payment is for: its kind if given, else the dividend due that day, else the principal. */
function rowOf(schedule: readonly ScheduledDividend[], p: Pick<DividendPayment, 'dueOn' | 'kind'>) {
  const onDay = schedule.filter((r) => r.dueOn === p.dueOn);
  if (p.kind) return onDay.find((r) => r.kind === p.kind);
  return onDay.find((r) => r.kind === 'dividend') ?? onDay[0];
}

function paymentRefusal(
  schedule: readonly ScheduledDividend[],
  recorded: readonly DividendPayment[],
  p: DividendPayment,
  today: string,
): ReturnType<typeof refuse> | null {
  const row = rowOf(schedule, p);
  if (!row) return refuse('dividend_not_scheduled', `${p.dueOn}没有应付款项`, `nothing is due on ${p.dueOn}`, 'dueOn');
  const first = recorded.find((r) => rowOf(schedule, r) === row);
  if (first) {
    const r = refuse(
      'dividend_already_recorded',
      `${p.dueOn}的${row.kind === 'principal' ? '本金' : '分红'}已于${first.paidOn}记录支付`,
      `the ${row.kind} due on ${p.dueOn} is already recorded as paid on ${first.paidOn}`,
      'dueOn',
    );
    return { ok: false, refusal: { ...r.refusal, recorded: first } };
  }
  if (!isCalendarDate(p.paidOn) || p.paidOn > today)
    return refuse(
      'paid_on',
      '支付日期须为 YYYY-MM-DD 且不晚于今天',
      'paidOn must be YYYY-MM-DD, not after today',
      'paidOn',
    );
  if (p.amountFen !== row.amountFen)
    return refuse(
      'dividend_amount_mismatch',
      `${p.dueOn}应付${row.amountFen}分，不是${String(p.amountFen)}分`,
      `${row.amountFen} fen is due on ${p.dueOn}, not ${String(p.amountFen)}`,
      'amountFen',
    );
  return null;
}

/**
 * Record one payment against the schedule: refused if nothing is due that day (`dividend_not_scheduled`), if that
 * due date is already recorded (`dividend_already_recorded`, carrying the first record), if paid after `today`
 * (`paid_on`) or for another amount than scheduled (`dividend_amount_mismatch`).
 */
export function recordDividendPayment(
  schedule: readonly ScheduledDividend[],
  recorded: readonly DividendPayment[],
  payment: DividendPayment,
  today: string,
): RecordResult {
  const problem = paymentRefusal(schedule, recorded, payment, today);
  if (problem) return problem;
  const kind = rowOf(schedule, payment)!.kind;
  return { ok: true, payments: [...recorded, { ...payment, kind }] };
}

export type DividendItemStatus = 'upcoming' | 'due' | 'paid' | 'missed';

export interface DividendStatusItem extends ScheduledDividend {
  status: DividendItemStatus;
  /** The last day it is still `due` (dueOn + missedAfterDays); the day after it is missed. */
  graceEndsOn: string;
  paidOn: string | null;
  /** Paid, but after the grace period. */
  paidLate: boolean;
}

export interface DividendStatus {
  items: DividendStatusItem[];
  /** 欠付: the missed amounts. */
  arrearsFen: number;
  /** Due today and still within the grace period. */
  dueFen: number;
  paidFen: number;
}

export interface DividendStatusOptions {
  /** YYYY-MM-DD: the day the status is taken (no clock here). */
  today: string;
  /** Days after the due date a payment may still come before it is missed; default 30. */
  missedAfterDays?: number;
}

function itemStatus(row: ScheduledDividend, paid: DividendPayment | undefined, today: string, grace: number) {
  const graceEndsOn = addDays(row.dueOn, grace);
  const status: DividendItemStatus = paid
    ? 'paid'
    : today < row.dueOn
      ? 'upcoming'
      : today <= graceEndsOn
        ? 'due'
        : 'missed';
  return { ...row, status, graceEndsOn, paidOn: paid?.paidOn ?? null, paidLate: !!paid && paid.paidOn > graceEndsOn };
}

/**
 * Each scheduled payment's status as of `today`, with the arrears. The payments are checked as `recordDividendPayment`
 * records them, in order: the first refusal is returned instead (e.g. the same due date recorded twice).
 */
export function dividendStatus(
  schedule: readonly ScheduledDividend[],
  payments: readonly DividendPayment[],
  options: DividendStatusOptions,
): { ok: true; status: DividendStatus } | { ok: false; refusal: DividendRefusal } {
  const { today, missedAfterDays = DEFAULT_MISSED_AFTER_DAYS } = options;
  if (!isCalendarDate(today))
    return refuse('invalid_date', 'today 须为 YYYY-MM-DD', 'today must be YYYY-MM-DD', 'today');
  if (!Number.isSafeInteger(missedAfterDays) || missedAfterDays < 0)
    return refuse(
      'missed_after_days',
      '宽限天数须为非负整数',
      'missedAfterDays must be a whole number ≥ 0',
      'missedAfterDays',
    );
  let recorded: DividendPayment[] = [];
  for (const p of payments) {
    const r = recordDividendPayment(schedule, recorded, p, today);
    if (!r.ok) return r;
    recorded = r.payments;
  }
  const items = schedule.map((row) =>
    itemStatus(
      row,
      recorded.find((p) => p.dueOn === row.dueOn && p.kind === row.kind),
      today,
      missedAfterDays,
    ),
  );
  const total = (s: DividendItemStatus) => items.filter((i) => i.status === s).reduce((n, i) => n + i.amountFen, 0);
  return { ok: true, status: { items, arrearsFen: total('missed'), dueFen: total('due'), paidFen: total('paid') } };
}
