/** 月度报表: once a month (a Temporal schedule) each county's layers are totalled and people over the share limit flagged. */
export interface MonthlyReportInput {
  /** YYYY-MM; absent = the month before the run (in Asia/Shanghai). */
  month?: string;
}

export interface MonthlyReportActivities {
  buildMonthlyReport(input: {
    month: string;
  }): Promise<{ month: string; counties: number; claims: number; flagged: number }>;
}

export const MONTHLY_REPORT_SCHEDULE_ID = 'medical-aid-monthly-report';

/** The month before `at`, as the county sees the calendar (UTC+8). */
export function previousMonth(at: Date): string {
  const local = new Date(at.getTime() + 8 * 3_600_000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth(); // 0-based: the previous month's 1-based number
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}
