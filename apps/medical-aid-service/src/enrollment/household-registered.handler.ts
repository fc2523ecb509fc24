import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { EventEnvelope, HouseholdRegisteredV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { TaskQueues, medicalEnrollmentWorkflow, medicalEnrollmentWorkflowId } from '@fupin/workflows';
import type { MedicalAidConfig } from '../config';
import { medicalAidDb } from '../db';
import { EnrollmentRepository } from './enrollment.repository';

/**
 * household.registered → the household's members become insured people of medical aid, and an
 * enrollment confirmation workflow starts for the county's medical officer. Runs inside the
 * consumer's transaction (with the de-duplication row); starting the workflow is idempotent by id.
 */
export function householdRegisteredHandler(runtime: ServiceRuntime<MedicalAidConfig>) {
  const enrollments = new EnrollmentRepository(medicalAidDb(runtime));
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor) => {
    const payload = event.payload as HouseholdRegisteredV1;
    await enrollments.insureMembers(tx, payload);
    const workflowId = medicalEnrollmentWorkflowId(payload.householdId);
    const countyCode = payload.villageCode.slice(0, 6);
    await enrollments.open(tx, {
      householdId: payload.householdId,
      villageCode: payload.villageCode,
      countyCode,
      workflowId,
    });
    try {
      await runtime.temporal.workflow.start(medicalEnrollmentWorkflow, {
        taskQueue: TaskQueues.orchestration,
        workflowId,
        args: [
          {
            householdId: payload.householdId,
            villageCode: payload.villageCode,
            countyCode,
            idNumbers: payload.members.map((m) => m.idNumber),
            decisionTimeoutMs: runtime.config.enrollmentDecisionTimeoutMs,
          },
        ],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
  };
}
