import { WorkflowNotFoundError } from '@temporalio/client';
import type { EventEnvelope, ObjectionFiledV1 } from '@fupin/contracts';
import { objectionFiledSignal } from '@fupin/identification-workflows';
import type { ServiceRuntime } from '@fupin/service-kit';

/** Workflows of this service that post notices and take their objections as the same `objectionFiled` signal. */
const OWNERS = ['identification-round:', 'household-exit:', 'village-exit:'];

/**
 * objection.filed (from notice-service) → the identification round that owns the notice is woken: the
 * household leaves the batch for re-examination (复核), the rest of the notice goes on. Objections to
 * other procedures' notices are not ours.
 */
export function objectionFiledHandler(runtime: Pick<ServiceRuntime, 'temporal' | 'logger'>) {
  return async (event: EventEnvelope<unknown>) => {
    const payload = event.payload as ObjectionFiledV1;
    const owner = payload.ownerWorkflowId;
    if (!owner || !OWNERS.some((prefix) => owner.startsWith(prefix))) return;
    try {
      await runtime.temporal.workflow.getHandle(owner).signal(objectionFiledSignal, {
        objectionId: payload.objectionId,
        noticeId: payload.noticeId,
        householdId: payload.householdId,
        text: payload.reason,
      });
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) {
        runtime.logger.warn(
          { workflowId: payload.ownerWorkflowId, objectionId: payload.objectionId },
          'objection for a round that is not running',
        );
        return;
      }
      throw e;
    }
  };
}
