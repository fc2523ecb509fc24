import type { EventEnvelope, HouseholdExitedV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { medicalAidDb } from '../db';
import { EnrollmentRepository } from './enrollment.repository';

/**
 * household.exited → its members keep their benefits as registered poor until the transition period ends
 * (摘帽不摘政策); claims discharged after that day are settled as for anyone else. Idempotent: the same day again.
 */
export function householdExitedHandler(runtime: Pick<ServiceRuntime, 'db'>) {
  const enrollments = new EnrollmentRepository(medicalAidDb(runtime));
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor): Promise<void> => {
    const p = event.payload as HouseholdExitedV1;
    await enrollments.keepPoorUntil(tx, p.householdId, p.transitionEndsOn);
  };
}
