import { proxyActivities } from '@temporalio/workflow';
import { NOTICE_REFUSALS, TaskQueues, type NoticeActivities } from '@fupin/workflows';

// What every identification-side workflow calls, set up once: the register's activities (identification-service,
// the only writer of its tables) and notice-service's notices. Retried with backoff; business refusals are final.

/** The register's activities of type `T` on the identification task queue. */
export function registerActivities<T extends object>(startToCloseTimeout: '1m' | '2m' | '5m' = '2m'): T {
  return proxyActivities<T & Record<string, (...args: never[]) => Promise<unknown>>>({
    taskQueue: TaskQueues.identification,
    startToCloseTimeout,
    retry: { maximumAttempts: 30, maximumInterval: '30s', nonRetryableErrorTypes: ['BusinessRefusal'] },
  }) as T;
}

/** notice-service's activities: open, close, answer objections. */
export function noticeActivities(): NoticeActivities {
  return proxyActivities<NoticeActivities>({
    taskQueue: TaskQueues.notice,
    startToCloseTimeout: '1m',
    retry: { maximumAttempts: 30, maximumInterval: '30s', nonRetryableErrorTypes: [...NOTICE_REFUSALS] },
  });
}
