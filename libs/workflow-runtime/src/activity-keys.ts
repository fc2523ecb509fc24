import { Context } from '@temporalio/activity';

/**
 * Idempotency key of the running activity: the same across retries of one activity in one workflow
 * run, so an activity that wrote before a crash finds its own earlier write. The run id is part of it:
 * a workflow that continues as new keeps its workflow id and numbers its activities from 1 again.
 */
export function activityIdempotencyKey(): string {
  const info = Context.current().info;
  const run = info.workflowExecution;
  return `${run?.workflowId ?? 'standalone'}/${run?.runId ?? '-'}/${info.activityId}`;
}
