import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { EventEnvelope, HouseholdRegisteredV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { TaskQueues, medicalEnrollmentWorkflow, medicalEnrollmentWorkflowId } from '@fupin/workflows';
import type { MedicalAidConfig } from '../config';

/**
 * household.registered → the household's members become insured people of medical aid, and an
 * enrollment confirmation workflow starts for the county's medical officer. Runs inside the
 * consumer's transaction (with the de-duplication row); starting the workflow is idempotent by id.
 */
export function householdRegisteredHandler(runtime: ServiceRuntime<MedicalAidConfig>) {
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor) => {
    const payload = event.payload as HouseholdRegisteredV1;
    for (const m of payload.members) {
      await tx.$executeRawUnsafe(
        `INSERT INTO insured_person (id_number, household_id, name, village_code, registered_poor, updated_at)
         VALUES ($1, $2::uuid, $3, $4, true, now())
         ON CONFLICT (id_number) DO UPDATE SET household_id = EXCLUDED.household_id, name = EXCLUDED.name, village_code = EXCLUDED.village_code, registered_poor = true, poor_until = NULL, updated_at = now()`,
        m.idNumber,
        payload.householdId,
        m.name,
        payload.villageCode,
      );
    }
    const workflowId = medicalEnrollmentWorkflowId(payload.householdId);
    const countyCode = payload.villageCode.slice(0, 6);
    await tx.$executeRawUnsafe(
      `INSERT INTO enrollment (household_id, village_code, county_code, status, workflow_id, updated_at)
       VALUES ($1::uuid, $2, $3, 'pending', $4, now()) ON CONFLICT (household_id) DO NOTHING`,
      payload.householdId,
      payload.villageCode,
      countyCode,
      workflowId,
    );
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
