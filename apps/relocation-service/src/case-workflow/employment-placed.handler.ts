import type { EmploymentPlacedV1, EventEnvelope } from '@fupin/contracts';
import { followUpUpdate } from '@fupin/relocation-workflows';
import { DomainError, ProcedureWorkflow, type ServiceRuntime, type Workflows } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { type RelocationDb, relocationDb } from '../db';

/** Statuses of an open relocation case whose household has moved in: the follow-up measure is due (后续扶持). */
const AWAITING_FOLLOW_UP: readonly string[] = ['moved_in', 'reclaimed'];

/** The household's open relocation case (not a renovation), as the follow-up needs it. */
function openRelocationCase(db: RelocationDb, householdId: string) {
  return db.relocationCase.findFirst({
    where: { openHouseholdId: householdId, kind: 'relocation' },
    select: { id: true, status: true, workflowId: true, followUpKind: true },
  });
}

/**
 * employment.placed (就业扶贫, industry-service) → the follow-up support (后续扶持) of the household's open relocation
 * case, when it has moved in: the case workflow records the measure (kind employment, source industry-service, the
 * placement as reference) without a signer, and completes the case if the old house is already reclaimed; before
 * the reclamation the measure is kept. No open case, or a case not yet moved in: nothing to do (logged). Processed
 * once by the consumer's de-duplication row; a redelivery after the update found the measure recorded is a no-op.
 */
export function employmentPlacedHandler(runtime: Pick<ServiceRuntime, 'db' | 'temporal' | 'logger'>) {
  const db = relocationDb(runtime);
  const workflows: Workflows = {
    get temporal() {
      return runtime.temporal;
    },
  };
  return async (event: EventEnvelope<unknown>): Promise<void> => {
    const placed = event.payload as EmploymentPlacedV1;
    const c = await openRelocationCase(db, placed.householdId);
    const context = { householdId: placed.householdId, placementId: placed.placementId, caseId: c?.id };
    if (!c || !AWAITING_FOLLOW_UP.includes(c.status) || c.followUpKind) {
      runtime.logger.info({ ...context, status: c?.status }, 'employment.placed: no relocation follow-up due');
      return;
    }
    const measure = { kind: 'employment' as const, source: 'industry-service', ref: `placement:${placed.placementId}` };
    try {
      await new ProcedureWorkflow(workflows, c.workflowId, TaskQueues.orchestration).update(followUpUpdate, {
        measure,
      });
    } catch (e) {
      // the workflow refused (a measure already recorded, the case moved on): final, not retried
      if (!(e instanceof DomainError) || e.status >= 500) throw e;
      runtime.logger.info({ ...context, code: e.code }, 'employment.placed: follow-up not recorded by the case');
    }
  };
}
