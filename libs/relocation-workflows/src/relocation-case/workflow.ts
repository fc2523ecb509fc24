import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { RetryPolicy, UpdateDefinition } from '@temporalio/common';
import { Mutex } from 'async-mutex';
import { TaskQueues } from '@fupin/workflows';
import {
  type RelocationActivities,
  type RelocationCaseInput,
  type RelocationCaseView,
  approveTrancheUpdate,
  followUpUpdate,
  milestoneUpdate,
  moveInUpdate,
  reclaimedUpdate,
  relocationCaseStateQuery,
  reviewUpdate,
  withdrawUpdate,
} from './definitions';
import { change, commands, escalateIfMissed, payDueTranche, withdraw, type RelocationRun } from './handlers';
import { RelocationCase, type RelocationCommand } from './state';

const retry: RetryPolicy = { maximumInterval: '30s', nonRetryableErrorTypes: ['BusinessRefusal'] };
/** For the updates' handlers: a caller is waiting, so the attempts end (the update fails, the case stays). */
const forUpdates = proxyActivities<RelocationActivities>({
  taskQueue: TaskQueues.relocation,
  startToCloseTimeout: '1m',
  retry: { ...retry, maximumAttempts: 30 },
});
/** For the main line (payments, escalations): retried until relocation-service answers. */
const forMainLine = proxyActivities<RelocationActivities>({
  taskQueue: TaskQueues.relocation,
  startToCloseTimeout: '1m',
  retry,
});

type Act = (run: RelocationRun, command: RelocationCommand) => Promise<RelocationCaseView>;

/** Until something is owed: a payment approved, the deadline of the step awaited, or any change of the case. */
async function nextDue(c: RelocationCase): Promise<void> {
  if (c.finished() || c.paymentDue()) return;
  const version = c.version;
  const due = c.deadlineDueAt();
  const changed = () => c.version !== version;
  if (due === null) await condition(changed);
  else await condition(changed, Math.max(1, due - Date.now()));
}

/**
 * 易地扶贫搬迁 of one household (`relocation-case:<householdId>`): the updates move the case through the procedure of
 * @fupin/relocation-rules, each under one lock with the main line, which pays each approved tranche once and escalates
 * each missed deadline once per rung, until the case is completed, withdrawn or refused.
 */
export async function relocationCaseWorkflow(input: RelocationCaseInput): Promise<RelocationCaseView> {
  const c = new RelocationCase(input);
  const lock = new Mutex();
  const run: RelocationRun = { c, acts: forUpdates };
  const mainLine: RelocationRun = { c, acts: forMainLine };

  setHandler(relocationCaseStateQuery, () => c.view());
  const on = <A>(update: UpdateDefinition<RelocationCaseView, [A]>, command: (a: A) => RelocationCommand, act: Act) =>
    setHandler(update, (a: A) => lock.runExclusive(() => act(run, command(a))), {
      validator: (a: A) => void c.decide(command(a)),
    });
  on(reviewUpdate, commands.review, change);
  on(milestoneUpdate, commands.milestone, change);
  on(approveTrancheUpdate, commands.approveTranche, change);
  on(moveInUpdate, commands.moveIn, change);
  on(reclaimedUpdate, commands.reclaimed, change);
  on(followUpUpdate, commands.followUp, change);
  on(withdrawUpdate, commands.withdraw, withdraw);

  while (!c.finished()) {
    await nextDue(c);
    await lock.runExclusive(async () => {
      await payDueTranche(mainLine);
      await escalateIfMissed(mainLine);
    });
  }
  await condition(allHandlersFinished);
  return c.view();
}
