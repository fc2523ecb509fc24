/**
 * Repayments, arrears (逾期) and repayment reminders (还款提醒) of a 扶贫小额信贷 loan against its schedule. Pure.
 *
 * Conventions:
 * - Repayments are applied in date order (same day: in the order given) to the earliest unpaid instalment, interest
 *   before principal (先息后本). Paying ahead pays later instalments at their scheduled amounts (no re-amortisation).
 * - An instalment not fully paid by the end of its grace period (宽限期, dueOn + graceDays, inclusive) puts the
 *   loan in arrears from the next day, dueOn + graceDays + 1. A payment on day t counts for day t: the loan is
 *   current again from the day the overdue amounts are paid.
 * - `arrearsFrom` is the first day of the arrears episode still running on the date asked about (arrears that run
 *   on from one overdue instalment into the next are one episode).
 * - A repayment larger than what is still owed on the schedule (本息余额) is refused: `repayment_over_balance`.
 */

import type { RuleViolation } from '@fupin/localized';
import { addDays, dayNumber, isIsoDate, isoFromDay, type LoanSchedule } from './loan-schedule';

/** 还款记录 */
export interface Repayment {
  paidOn: string;
  amountFen: number;
}

export interface LoanStatus {
  status: 'current' | 'arrears';
  /** First day of the running arrears episode, or null when current. */
  arrearsFrom: string | null;
  /** 逾期金额: scheduled amounts past their grace period and unpaid, fen. */
  overdueFen: number;
  /** 剩余本金, fen. */
  outstandingPrincipalFen: number;
  /** 剩余本息 (principal and scheduled interest not yet paid), fen. */
  outstandingFen: number;
}

export type LoanStatusResult = ({ ok: true } & LoanStatus) | { ok: false; violations: RuleViolation[] };

const violation = (field: string, rule: string, zh: string, en: string): RuleViolation => ({
  field,
  rule,
  message: { 'zh-CN': zh, en },
});

const yuan = (fen: number): string => (fen / 100).toFixed(2);

const instalmentTotal = (schedule: LoanSchedule): number =>
  schedule.instalments.reduce((sum, i) => sum + i.principalFen + i.interestFen, 0);

function repaymentShapeViolations(r: Repayment, field: string): RuleViolation[] {
  const found: RuleViolation[] = [];
  if (!isIsoDate(r?.paidOn))
    found.push(
      violation(`${field}.paidOn`, 'date', '还款日须为有效日期（YYYY-MM-DD）', 'paidOn must be a YYYY-MM-DD date'),
    );
  if (typeof r?.amountFen !== 'number' || !Number.isSafeInteger(r.amountFen) || r.amountFen <= 0)
    found.push(
      violation(
        `${field}.amountFen`,
        'positive_integer_fen',
        '还款金额须为正整数（单位：分）',
        'repayment must be a positive whole number of fen',
      ),
    );
  return found;
}

function overBalance(field: string, amountFen: number, balanceFen: number): RuleViolation {
  return violation(
    `${field}.amountFen`,
    'repayment_over_balance',
    `还款${yuan(amountFen)}元超过剩余本息${yuan(balanceFen)}元`,
    `repayment of ${yuan(amountFen)} yuan exceeds the outstanding balance of ${yuan(balanceFen)} yuan`,
  );
}

/**
 * May `repayment` be recorded after `earlier` (already recorded, assumed valid)? Refused when it is malformed or
 * larger than what the schedule still asks for once the earlier repayments are counted (`repayment_over_balance`).
 */
export function checkRepayment(
  schedule: LoanSchedule,
  earlier: readonly Repayment[],
  repayment: Repayment,
): RuleViolation[] {
  const shape = repaymentShapeViolations(repayment, 'repayment');
  if (shape.length) return shape;
  const balance = instalmentTotal(schedule) - earlier.reduce((sum, r) => sum + r.amountFen, 0);
  return repayment.amountFen > balance ? [overBalance('repayment', repayment.amountFen, balance)] : [];
}

interface DatedPayment {
  day: number;
  amountFen: number;
}

type Payments = { ok: true; payments: DatedPayment[] } | { ok: false; violations: RuleViolation[] };

/** Repayments up to `day` in date order, or the violations of the whole list (each checked in date order). */
function orderedPayments(schedule: LoanSchedule, repayments: readonly Repayment[], day: number): Payments {
  const shape = repayments.flatMap((r, i) => repaymentShapeViolations(r, `repayments[${i}]`));
  if (shape.length) return { ok: false, violations: shape };
  const order = repayments.map((r, i) => ({ i, day: dayNumber(r.paidOn), amountFen: r.amountFen }));
  order.sort((a, b) => a.day - b.day || a.i - b.i);
  let balance = instalmentTotal(schedule);
  const over: RuleViolation[] = [];
  for (const p of order) {
    if (p.amountFen > balance) over.push(overBalance(`repayments[${p.i}]`, p.amountFen, balance));
    else balance -= p.amountFen;
  }
  if (over.length) return { ok: false, violations: over };
  return { ok: true, payments: order.filter((p) => p.day <= day) };
}

/** Principal repaid by `paidFen` applied to the instalments in order, interest first within each. */
function principalRepaid(schedule: LoanSchedule, paidFen: number): number {
  let left = paidFen;
  let principal = 0;
  for (const i of schedule.instalments) {
    left -= Math.min(left, i.interestFen);
    const part = Math.min(left, i.principalFen);
    principal += part;
    left -= part;
    if (left === 0) break;
  }
  return principal;
}

/** Day on which instalment k becomes overdue (dueOn + graceDays + 1) and the amount due through it. */
interface Overdue {
  day: number;
  cumulativeDueFen: number;
}

function overdueSteps(schedule: LoanSchedule, graceDays: number): Overdue[] {
  let cumulative = 0;
  return schedule.instalments.map((i) => {
    cumulative += i.principalFen + i.interestFen;
    return { day: dayNumber(i.dueOn) + graceDays + 1, cumulativeDueFen: cumulative };
  });
}

/** What must have been paid by `day`: everything due through the last instalment overdue on `day`. */
function owedOn(steps: readonly Overdue[], day: number): number {
  let owed = 0;
  for (const s of steps) if (s.day <= day) owed = s.cumulativeDueFen;
  return owed;
}

/** Start of the arrears episode running on `day` (null if current), walking the days on which status can change. */
function arrearsStart(steps: readonly Overdue[], payments: readonly DatedPayment[], day: number): number | null {
  const days = [...steps.map((s) => s.day), ...payments.map((p) => p.day)].filter((d) => d <= day);
  days.sort((a, b) => a - b);
  let start: number | null = null;
  let paid = 0;
  let next = 0;
  for (const d of days) {
    while (next < payments.length && payments[next].day <= d) paid += payments[next++].amountFen;
    start = paid < owedOn(steps, d) ? (start ?? d) : null;
  }
  return start;
}

function dateViolations(graceDays: number, date: string): RuleViolation[] {
  const found: RuleViolation[] = [];
  if (!Number.isSafeInteger(graceDays) || graceDays < 0)
    found.push(
      violation(
        'graceDays',
        'non_negative_integer',
        '宽限期须为非负整数（天）',
        'graceDays must be a whole number ≥ 0',
      ),
    );
  if (!isIsoDate(date))
    found.push(violation('date', 'date', '日期须为有效日期（YYYY-MM-DD）', 'date must be YYYY-MM-DD'));
  return found;
}

/**
 * The loan's status at the end of `date`: current or in arrears (with the episode's first day), what is overdue,
 * and what is still owed. Repayments dated after `date` are not counted; every repayment is still checked
 * (`repayments[i].paidOn` / `.amountFen`: `date`, `positive_integer_fen`, `repayment_over_balance`).
 */
export function loanStatusOn(
  schedule: LoanSchedule,
  repayments: readonly Repayment[],
  graceDays: number,
  date: string,
): LoanStatusResult {
  const bad = dateViolations(graceDays, date);
  if (bad.length) return { ok: false, violations: bad };
  const day = dayNumber(date);
  const ordered = orderedPayments(schedule, repayments, day);
  if (!ordered.ok) return ordered;
  const paid = ordered.payments.reduce((sum, p) => sum + p.amountFen, 0);
  const steps = overdueSteps(schedule, graceDays);
  const start = arrearsStart(steps, ordered.payments, day);
  const principal = schedule.instalments.reduce((sum, i) => sum + i.principalFen, 0);
  return {
    ok: true,
    status: start === null ? 'current' : 'arrears',
    arrearsFrom: start === null ? null : isoFromDay(start),
    overdueFen: Math.max(0, owedOn(steps, day) - paid),
    outstandingPrincipalFen: principal - principalRepaid(schedule, paid),
    outstandingFen: instalmentTotal(schedule) - paid,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Reminders

/** Days before a due date on which the borrower is reminded (还款提醒). */
export const REMINDER_DAYS_BEFORE = [15, 3] as const;

export interface Reminder {
  /** 1-based instalment number */
  instalment: number;
  dueOn: string;
  remindOn: string;
  daysBefore: (typeof REMINDER_DAYS_BEFORE)[number];
}

/** The reminders of every instalment — due date minus 15 days and minus 3 days — in date order. */
export function reminderDates(schedule: LoanSchedule): Reminder[] {
  const reminders = schedule.instalments.flatMap((i, k) =>
    REMINDER_DAYS_BEFORE.map((daysBefore) => ({
      instalment: k + 1,
      dueOn: i.dueOn,
      remindOn: addDays(i.dueOn, -daysBefore),
      daysBefore,
    })),
  );
  return reminders.sort((a, b) => (a.remindOn < b.remindOn ? -1 : a.remindOn > b.remindOn ? 1 : 0));
}
