import { WorkflowNotFoundError } from '@temporalio/client';
import type { ClaimSettledV1, EventEnvelope } from '@fupin/contracts';
import { riskEventSignal } from '@fupin/identification-workflows';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { activeMonitoringOfPerson } from './monitoring.repository';

/**
 * claim.settled (medical aid, 一站式结算) → a large patient share (自付 ≥ MONITORING_LARGE_CLAIM_FEN) of a member of a
 * monitored household wakes that household's monitoring workflow for a re-check. The claim names the patient by ID
 * number: person → household → its active monitoring period. Claims of unmonitored people are not ours.
 */
export function claimSettledHandler(
  runtime: Pick<ServiceRuntime<IdentificationConfig>, 'temporal' | 'logger' | 'config'>,
) {
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor) => {
    const claim = event.payload as ClaimSettledV1;
    if (claim.patientPays < runtime.config.monitoring.largeClaimFen) return;
    const monitored = await activeMonitoringOfPerson(tx, claim.idNumber);
    if (!monitored) return;
    const total = claim.basic + claim.critical + claim.assistance + claim.backstop + claim.patientPays;
    try {
      await runtime.temporal.workflow.getHandle(monitored.workflowId).signal(riskEventSignal, {
        kind: 'medical_claim',
        detail: `大额医疗费用：自付${(claim.patientPays / 100).toFixed(2)}元，总费用${(total / 100).toFixed(2)}元（结算单 ${claim.claimId}） / large medical claim: patient pays ${(claim.patientPays / 100).toFixed(2)} yuan of ${(total / 100).toFixed(2)}`,
        reportedBy: 'medical-aid-service',
      });
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) {
        runtime.logger.warn(
          { workflowId: monitored.workflowId, claimId: claim.claimId },
          'large claim for a monitoring workflow that is not running',
        );
        return;
      }
      throw e;
    }
  };
}
