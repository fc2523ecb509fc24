import type { ServiceRuntime } from '@fupin/service-kit';
import type { MedicalAidActivities } from '@fupin/workflows';
import { activityIdempotencyKey } from '@fupin/workflow-runtime';
import type { MedicalAidConfig } from '../config';
import { medicalAidDb } from '../db';
import { EnrollmentRepository } from './enrollment.repository';

/** Activities served on the medical-aid task queue: only this service writes its tables. */
export function medicalAidActivities(runtime: ServiceRuntime<MedicalAidConfig>): MedicalAidActivities {
  const enrollments = new EnrollmentRepository(medicalAidDb(runtime));
  return {
    async recordEnrollmentDecision(decision) {
      await enrollments.recordDecision(decision, activityIdempotencyKey());
    },
  };
}
