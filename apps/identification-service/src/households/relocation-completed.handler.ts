import type { EventEnvelope, RelocationCompletedV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import { markRelocated } from './household.repository';

/**
 * relocation.completed (易地扶贫搬迁 销号标识) → the register records the household as relocated, in the consumer's
 * transaction (processed once with the event's id). Other relocation events are relocation-service's own business.
 */
export function relocationCompletedHandler() {
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor) => {
    const done = event.payload as RelocationCompletedV1;
    await markRelocated(tx, { householdId: done.householdId, caseId: done.caseId, relocatedOn: done.relocatedOn });
  };
}
