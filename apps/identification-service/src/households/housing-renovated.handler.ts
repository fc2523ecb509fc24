import type { EventEnvelope, HousingRenovatedV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { recordRenovatedHousing } from '../surveys/survey.repository';

/**
 * housing.renovated (危房改造竣工) → the new house grade recorded as a living-condition observation, so the exit
 * criterion "house safe" sees it; in the consumer's transaction (processed once with the event's id). A household
 * this register does not hold is logged and skipped.
 */
export function housingRenovatedHandler(runtime: Pick<ServiceRuntime, 'logger'>) {
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor) => {
    const renovated = event.payload as HousingRenovatedV1;
    const outcome = await recordRenovatedHousing(tx, renovated, event.occurredAt);
    if (outcome === 'unknown_household')
      runtime.logger.warn(
        { householdId: renovated.householdId, caseId: renovated.caseId },
        'housing.renovated for a household not in the register: skipped',
      );
  };
}
