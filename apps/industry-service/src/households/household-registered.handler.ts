import type { EventEnvelope, HouseholdExitedV1, HouseholdRegisteredV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import { markExited, saveRegistered } from './household.repository';

/** household.registered → industry knows the household and its members (projects' beneficiaries, borrowers). */
export const householdRegisteredHandler = () => (event: EventEnvelope<unknown>, tx: SqlExecutor) =>
  saveRegistered(tx, event.payload as HouseholdRegisteredV1);

/** household.exited → the day is recorded; support goes on through the transition period. */
export const householdExitedHandler = () => (event: EventEnvelope<unknown>, tx: SqlExecutor) =>
  markExited(tx, event.payload as HouseholdExitedV1);
