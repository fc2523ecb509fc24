/**
 * Servicing a disbursed 扶贫小额信贷 loan (贷后管理), pure: on a business day, which reminders are due, whether a new
 * arrears episode began (escalated to the township, the subsidy suspended from its first day), whether the loan is
 * repaid, and the next day anything can happen. The loan's workflow wakes on that day, and whenever a repayment is
 * recorded, and asks again — so a late wake-up catches up and a retried one repeats nothing (reminders and episodes
 * are recorded once by their keys).
 *
 * The business day: in production the China Standard Time date. In tests a day may last `daySeconds` < 86400 from
 * the moment the disbursement was recorded, so three years of schedule run in minutes (configuration, test mode only).
 */

import type { RuleViolation } from '@fupin/localized';
import { loanStatusOn, reminderDates, type LoanStatus, type Reminder, type Repayment } from './arrears';
import { addDays, daysBetween, type LoanSchedule } from './loan-schedule';

export const DAY_SECONDS = 86_400;
const CST_OFFSET_MS = 8 * 3_600_000;
/** Production wakes at 01:00 China Standard Time on the day. */
const WAKE_HOUR_MS = 3_600_000;

/** How a loan's days are told. */
export interface LoanClock {
  disbursedOn: string;
  /** When the disbursement was recorded (ms since the epoch). */
  disbursedAtMs: number;
  /** 86400 in production; fewer seconds per day in tests. */
  daySeconds: number;
}

/** The China Standard Time date of an instant. */
export const shanghaiDay = (ms: number): string => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);

/** The loan's business day at `nowMs`. */
export function loanBusinessDay(clock: LoanClock, nowMs: number): string {
  if (clock.daySeconds >= DAY_SECONDS) return shanghaiDay(nowMs);
  const elapsed = Math.max(0, Math.floor((nowMs - clock.disbursedAtMs) / (clock.daySeconds * 1000)));
  return addDays(clock.disbursedOn, elapsed);
}

/** The instant the loan's business day `day` begins (production: 01:00 CST that day). */
export function loanDayStartMs(clock: LoanClock, day: string): number {
  if (clock.daySeconds >= DAY_SECONDS) return Date.parse(`${day}T00:00:00+08:00`) + WAKE_HOUR_MS;
  return clock.disbursedAtMs + daysBetween(clock.disbursedOn, day) * clock.daySeconds * 1000;
}

export interface DueReminder extends Reminder {
  /** What falls due that day (principal and interest of the instalment), fen. */
  amountFen: number;
}

/** A reminder's key: recorded once. */
export const reminderKey = (r: Pick<Reminder, 'dueOn' | 'daysBefore'>): string => `${r.dueOn}/${r.daysBefore}`;

export interface ServicingInput {
  schedule: LoanSchedule;
  repayments: readonly Repayment[];
  graceDays: number;
  asOf: string;
  /** Keys (`reminderKey`) of the reminders already sent. */
  sentReminders: readonly string[];
  /** The first day of the arrears episode already recorded, or null. */
  recordedArrearsFrom: string | null;
}

export interface ServicingPlan {
  status: LoanStatus;
  /** Reminders due by `asOf` not yet sent, for instalments not yet due (a late wake-up skips stale ones). */
  reminders: DueReminder[];
  /** A new arrears episode to record and escalate, or null. */
  arrears: { arrearsFrom: string; overdueFen: number } | null;
  /** Nothing is owed any more (结清). */
  repaid: boolean;
  /** The next day a reminder or a grace period's end falls on, after `asOf`; null when none is left. */
  nextDay: string | null;
}

export type ServicingResult = { ok: true; plan: ServicingPlan } | { ok: false; violations: RuleViolation[] };

/** The days servicing must look at: each reminder, and the day after each instalment's grace period. */
function servicingDays(schedule: LoanSchedule, graceDays: number): string[] {
  const days = [
    ...reminderDates(schedule).map((r) => r.remindOn),
    ...schedule.instalments.map((i) => addDays(i.dueOn, graceDays + 1)),
  ];
  return [...new Set(days)].sort();
}

/** What servicing does on `asOf`. */
export function planLoanServicing(input: ServicingInput): ServicingResult {
  const { schedule, repayments, graceDays, asOf } = input;
  const status = loanStatusOn(schedule, repayments, graceDays, asOf);
  if (!status.ok) return status;
  const { ok: _ok, ...loanStatus } = status;
  const repaid = loanStatus.outstandingFen === 0;
  const sent = new Set(input.sentReminders);
  const amountOn = new Map(schedule.instalments.map((i) => [i.dueOn, i.principalFen + i.interestFen]));
  const reminders = repaid
    ? []
    : reminderDates(schedule)
        .filter((r) => r.remindOn <= asOf && asOf <= r.dueOn && !sent.has(reminderKey(r)))
        .map((r) => ({ ...r, amountFen: amountOn.get(r.dueOn) ?? 0 }));
  const fresh = loanStatus.arrearsFrom !== null && loanStatus.arrearsFrom !== input.recordedArrearsFrom;
  const arrears = fresh ? { arrearsFrom: loanStatus.arrearsFrom!, overdueFen: loanStatus.overdueFen } : null;
  const nextDay = repaid ? null : (servicingDays(schedule, graceDays).find((d) => d > asOf) ?? null);
  return { ok: true, plan: { status: loanStatus, reminders, arrears, repaid, nextDay } };
}
