import { ScheduleAlreadyRunning } from '@temporalio/client';
import { buildMonthlyReport } from '@fupin/medical-aid-rules';
import type { ServiceRuntime } from '@fupin/service-kit';
import {
  MONTHLY_REPORT_SCHEDULE_ID,
  type MonthlyReportActivities,
  TaskQueues,
  medicalMonthlyReportWorkflow,
} from '@fupin/workflows';
import { medicalAidDb } from '../db';
import { ReportRepository } from './report.repository';

/** The activity: totals of the claims paid in the month (Asia/Shanghai calendar), per county, stored and audited. */
export function monthlyReportActivities(runtime: Pick<ServiceRuntime, 'db'>): MonthlyReportActivities {
  const reports = new ReportRepository(medicalAidDb(runtime));
  return {
    async buildMonthlyReport({ month }) {
      if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`month must be YYYY-MM, got ${month}`);
      const claims = await reports.paidClaims(month);
      const report = buildMonthlyReport(claims);
      await reports.store(month, report, claims.length);
      return { month, counties: report.counties.length, claims: claims.length, flagged: report.flagged.length };
    },
  };
}

/** The schedule (Temporal): at 02:00 on the 1st of each month, Asia/Shanghai. Created once; later starts find it. */
export async function ensureMonthlyReportSchedule(runtime: Pick<ServiceRuntime, 'temporal' | 'logger'>): Promise<void> {
  try {
    await runtime.temporal.schedule.create({
      scheduleId: MONTHLY_REPORT_SCHEDULE_ID,
      spec: { cronExpressions: ['0 2 1 * *'], timezone: 'Asia/Shanghai' },
      action: {
        type: 'startWorkflow',
        workflowType: medicalMonthlyReportWorkflow,
        taskQueue: TaskQueues.orchestration,
        args: [{}],
      },
    });
    runtime.logger.info({ scheduleId: MONTHLY_REPORT_SCHEDULE_ID }, 'monthly report schedule created');
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  }
}
