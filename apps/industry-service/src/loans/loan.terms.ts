import { loanSchedule, shanghaiDay, loanBusinessDay, type LoanClock, type LoanSchedule } from '@fupin/industry-rules';
import type { LoanRow } from './loan.repository';

/** The loan's clock: its business days count from the disbursement (scaled only in tests). */
export function clockOf(row: LoanRow, daySeconds: number): LoanClock | null {
  if (!row.disbursedOn || !row.disbursedAt) return null;
  return { disbursedOn: row.disbursedOn, disbursedAtMs: row.disbursedAt.getTime(), daySeconds };
}

/** The loan's business day now: China Standard Time, or the scaled day of a test loan. */
export function businessDayOf(row: LoanRow, daySeconds: number, nowMs = Date.now()): string {
  const clock = clockOf(row, daySeconds);
  return clock ? loanBusinessDay(clock, nowMs) : shanghaiDay(nowMs);
}

/** The loan's schedule as it stands (an extension lengthens the term), once disbursed. */
export function scheduleOf(row: LoanRow): LoanSchedule | null {
  if (!row.disbursedOn) return null;
  const result = loanSchedule({
    principalFen: row.principalFen,
    annualRateBp: row.annualRateBp,
    termMonths: row.termMonths + row.extensionMonths,
    repayment: row.repayment,
    disbursedOn: row.disbursedOn,
  });
  if (!result.ok) throw new Error(`loan ${row.id}: its terms give no schedule (${result.violations[0].rule})`);
  return result.schedule;
}
