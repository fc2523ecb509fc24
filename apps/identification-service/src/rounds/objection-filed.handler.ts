import { WorkflowNotFoundError } from '@temporalio/client';
import type { EventEnvelope, ObjectionFiledV1 } from '@fupin/contracts';
import { objectionFiledSignal } from '@fupin/identification-workflows';
import type { ServiceRuntime } from '@fupin/service-kit';

/**
 * objection.filed (from notice-service) → the identification round that owns the notice is woken: the
 * household leaves the batch for re-examination (复核), the rest of the notice goes on. Objections to
 * other procedures' notices are not ours.
 */
export function objectionFiledHandler(runtime: Pick<ServiceRuntime, 'temporal' | 'logger'>) {
  return async (event: EventEnvelope<unknown>) => {
    const payload = event.payload as ObjectionFiledV1;
    if (!payload.ownerWorkflowId?.startsWith('identification-round:')) return;
    try {
      await runtime.temporal.workflow.getHandle(payload.ownerWorkflowId).signal(objectionFiledSignal, {
        objectionId: payload.objectionId, noticeId: payload.noticeId, householdId: payload.householdId, text: payload.reason,
      });
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) {
        runtime.logger.warn({ workflowId: payload.ownerWorkflowId, objectionId: payload.objectionId }, 'objection for a round that is not running');
        return;
      }
      throw e;
    }
  };
}
