import { ActivityFailure, CancellationScope, proxyActivities } from '@temporalio/workflow';
import { TaskQueues } from '@fupin/workflows';
import {
  IMPORT_JOB_REFUSALS,
  type ImportJobActivities,
  type ImportJobInput,
  type ImportJobOutcome,
} from './definitions';

/**
 * The activities of one import job. Not `registerActivities` (../activity-proxies): the work is one long activity
 * that heartbeats (a crashed worker is noticed within `heartbeatTimeout`, then the retry resumes on another), and its
 * task queue comes from the input.
 */
function jobActivities(taskQueue: string) {
  const { runImportJob } = proxyActivities<ImportJobActivities>({
    taskQueue,
    startToCloseTimeout: '2h',
    heartbeatTimeout: '30s',
    retry: {
      initialInterval: '1s',
      maximumInterval: '1m',
      maximumAttempts: 20,
      nonRetryableErrorTypes: [...IMPORT_JOB_REFUSALS],
    },
  });
  const { markImportJobInterrupted } = proxyActivities<ImportJobActivities>({
    taskQueue,
    startToCloseTimeout: '1m',
    retry: { maximumAttempts: 30, maximumInterval: '30s' },
  });
  return { runImportJob, markImportJobInterrupted };
}

/** `import-job:<jobId>`: the job's one activity, and its outcome; interrupted when the activity gives up. */
export async function importJobWorkflow(input: ImportJobInput): Promise<ImportJobOutcome> {
  const jobs = jobActivities(input.activityTaskQueue ?? TaskQueues.identification);
  try {
    return await jobs.runImportJob(input.jobId);
  } catch (e) {
    if (!(e instanceof ActivityFailure)) throw e;
    return CancellationScope.nonCancellable(() => jobs.markImportJobInterrupted(input.jobId));
  }
}
