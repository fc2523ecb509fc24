import { proxyActivities } from '@temporalio/workflow';
import { TaskQueues } from '../task-queues';
import { type MonthlyReportActivities, type MonthlyReportInput, previousMonth } from './definitions';

const medicalAid = proxyActivities<MonthlyReportActivities>({
  taskQueue: TaskQueues.medicalAid,
  startToCloseTimeout: '10m',
  retry: { maximumAttempts: 20 },
});

export async function medicalMonthlyReportWorkflow(input: MonthlyReportInput = {}) {
  return medicalAid.buildMonthlyReport({ month: input.month ?? previousMonth(new Date()) });
}
