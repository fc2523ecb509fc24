import type { EventEnvelope, HouseholdExitedV1, HouseholdRegisteredV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { relocationDb } from '../db';
import { RegisteredHouseholdRepository } from './household.repository';

/**
 * household.registered → relocation knows the household and its members (who it may serve). Runs in
 * the consumer's transaction with the de-duplication row; a re-registration updates in place.
 */
export function householdRegisteredHandler(runtime: Pick<ServiceRuntime, 'db'>) {
  const households = new RegisteredHouseholdRepository(relocationDb(runtime));
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor): Promise<void> => {
    await households.saveRegistered(tx, event.payload as HouseholdRegisteredV1);
  };
}

/**
 * household.exited → the household left the register; relocation keeps serving it through the transition period
 * (摘帽不摘政策), so the date is recorded, not the household removed.
 */
export function householdExitedHandler(runtime: Pick<ServiceRuntime, 'db'>) {
  const households = new RegisteredHouseholdRepository(relocationDb(runtime));
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor): Promise<void> => {
    await households.markExited(tx, event.payload as HouseholdExitedV1);
  };
}
