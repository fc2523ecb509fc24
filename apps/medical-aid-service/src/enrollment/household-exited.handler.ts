import type { EventEnvelope, HouseholdExitedV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';

/**
 * household.exited → its members keep their benefits as registered poor until the transition period ends
 * (摘帽不摘政策); claims discharged after that day are settled as for anyone else. Idempotent: the same day again.
 */
export async function householdExitedHandler(event: EventEnvelope<unknown>, tx: SqlExecutor): Promise<void> {
  const p = event.payload as HouseholdExitedV1;
  await tx.$executeRawUnsafe(
    `UPDATE insured_person SET poor_until = $2::date, updated_at = now() WHERE household_id = $1::uuid`,
    p.householdId,
    p.transitionEndsOn,
  );
}
