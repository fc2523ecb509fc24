import { ActivityFailure, CancellationScope, proxyActivities } from '@temporalio/workflow';
import { TaskQueues } from '@fupin/workflows';
import {
  SCREENING_REFUSALS,
  type ScreeningActivities,
  type ScreeningInput,
  type ScreeningOutcome,
} from './definitions';

/** The chunk loop runs as heartbeating activities of ~30 s each; a crashed worker is noticed within heartbeatTimeout. */
function screeningActivities(taskQueue: string) {
  const { screenHouseholds } = proxyActivities<ScreeningActivities>({
    taskQueue,
    startToCloseTimeout: '10m',
    heartbeatTimeout: '1m',
    retry: {
      initialInterval: '1s',
      maximumInterval: '1m',
      maximumAttempts: 20,
      nonRetryableErrorTypes: [...SCREENING_REFUSALS],
    },
  });
  const { completeScreening, failScreening } = proxyActivities<ScreeningActivities>({
    taskQueue,
    startToCloseTimeout: '1m',
    retry: { maximumAttempts: 30, maximumInterval: '30s' },
  });
  return { screenHouseholds, completeScreening, failScreening };
}

/** `screening:<id>`: screen slice after slice until done, then mark it completed; failed when a slice gives up. */
export async function screeningWorkflow(input: ScreeningInput): Promise<ScreeningOutcome> {
  const { screeningId } = input;
  const activities = screeningActivities(input.activityTaskQueue ?? TaskQueues.identification);
  try {
    for (;;) {
      const slice = await activities.screenHouseholds({ screeningId });
      if (slice.done) break;
    }
  } catch (e) {
    if (!(e instanceof ActivityFailure)) throw e;
    const reason = e.cause?.message ?? e.message;
    return CancellationScope.nonCancellable(() => activities.failScreening({ screeningId, reason }));
  }
  return activities.completeScreening({ screeningId });
}
