import {
  HOUSE_GRADES,
  type EventEnvelope,
  type HouseholdExitedV1,
  type HouseholdRegisteredV1,
  type HouseholdUpdatedV1,
} from '@fupin/contracts';
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

/**
 * household.updated → relocation keeps the house's grade of the latest living-condition observation (看房), which
 * decides who may get a renovation (危房改造: C or D). Other changes are identification's business.
 */
export function householdUpdatedHandler(runtime: Pick<ServiceRuntime, 'db'>) {
  const households = new RegisteredHouseholdRepository(relocationDb(runtime));
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor): Promise<void> => {
    const { householdId, changes } = event.payload as HouseholdUpdatedV1;
    const grade = changes['housingGrade'];
    if (!(HOUSE_GRADES as readonly unknown[]).includes(grade)) return;
    await households.saveHouseGrade(tx, householdId, grade as string, event.occurredAt);
  };
}
