import { proxyActivities, sleep, workflowInfo } from '@temporalio/workflow';
import { TaskQueues } from '@fupin/workflows';
import type { DividendActivities, DividendDueInput, DividendDueResult } from './definitions';
import { missedCheckDelayMs } from './state';

/** Retried until industry-service answers: nobody waits on a fire, and each activity records once. */
const acts = proxyActivities<DividendActivities>({
  taskQueue: TaskQueues.industry,
  startToCloseTimeout: '1m',
  retry: { maximumInterval: '30s', nonRetryableErrorTypes: ['BusinessRefusal'] },
});

/**
 * One fire of a contract's schedule `dividend:<contractId>`: raise what fell due, wait the missed period, then mark
 * missed what is still unpaid. Short and without I/O of its own: the rows and events are industry-service's.
 */
export async function dividendDueWorkflow(input: DividendDueInput): Promise<DividendDueResult> {
  const { contractId } = input;
  const { raised } = await acts.raiseDividendDue({ contractId, firedBy: workflowInfo().workflowId });
  if (!raised.length) return { raised, missed: [] };
  const wait = missedCheckDelayMs(raised, Date.now());
  if (wait > 0) await sleep(wait);
  const items = raised.map(({ dueOn, kind }) => ({ dueOn, kind }));
  const { missed } = await acts.checkDividendsMissed({ contractId, items });
  return { raised, missed };
}
