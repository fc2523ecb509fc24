import {
  type CalendarSpec,
  type Client,
  MONTHS,
  ScheduleAlreadyRunning,
  ScheduleNotFoundError,
  ScheduleOverlapPolicy,
  type ScheduleSpec,
} from '@temporalio/client';
import { type DividendDueInput, dividendDueWorkflow, dividendDueWorkflowId } from '@fupin/industry-workflows';
import { TaskQueues } from '@fupin/workflows';
import type { DividendConfig } from './dividend.config';

/** 09:00 Asia/Shanghai of a due date: the schedule's production calendar, one entry per date. */
export function dueDateCalendar(dueOn: string): CalendarSpec {
  const [year, month, day] = dueOn.split('-').map(Number);
  return { year, month: MONTHS[month - 1], dayOfMonth: day, hour: 9, minute: 0, second: 0, comment: dueOn };
}

/**
 * The schedule's spec: at 09:00 Asia/Shanghai on each date an item is due (production), or every
 * `intervalSeconds` (tests, with PROCEDURE_TEST_MODE), each fire raising the next item. Its fires are limited to
 * as many as it needs (dates, or items), so a schedule never fires past its contract.
 */
export function dividendScheduleSpec(
  dueOns: readonly string[],
  test: DividendConfig['test'],
): { spec: ScheduleSpec; fires: number } {
  if (test) return { spec: { intervals: [{ every: `${test.intervalSeconds}s` }] }, fires: dueOns.length };
  const dates = [...new Set(dueOns)].sort();
  return { spec: { calendars: dates.map(dueDateCalendar), timezone: 'Asia/Shanghai' }, fires: dates.length };
}

/**
 * Create the contract's schedule `scheduleId` on the orchestration queue; one that exists already is the one
 * (a retry after a crash between the commit and the creation creates nothing twice).
 */
export async function ensureDividendSchedule(
  temporal: Client,
  c: { contractId: string; scheduleId: string; dueOns: readonly string[] },
  test: DividendConfig['test'],
): Promise<void> {
  const { spec, fires } = dividendScheduleSpec(c.dueOns, test);
  const args: [DividendDueInput] = [{ contractId: c.contractId }];
  try {
    await temporal.schedule.create({
      scheduleId: c.scheduleId,
      spec,
      action: {
        type: 'startWorkflow',
        workflowType: dividendDueWorkflow,
        workflowId: dividendDueWorkflowId(c.contractId),
        taskQueue: TaskQueues.orchestration,
        args,
      },
      // a fire waits out its missed period (30 days) while the next may come: they run side by side
      policies: { overlap: ScheduleOverlapPolicy.ALLOW_ALL, catchupWindow: '30d' },
      state: { remainingActions: Math.max(fires, 1), note: `入股分红合同 ${c.contractId}` },
    });
  } catch (e) {
    if (!(e instanceof ScheduleAlreadyRunning)) throw e;
  }
}

/** Delete the schedule (every item paid or missed); already gone is done. */
export async function deleteDividendSchedule(temporal: Client, scheduleId: string): Promise<void> {
  try {
    await temporal.schedule.getHandle(scheduleId).delete();
  } catch (e) {
    if (!(e instanceof ScheduleNotFoundError)) throw e;
  }
}
