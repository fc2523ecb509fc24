import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import type { ServiceRuntime } from '@fupin/service-kit';
import type { MedicalAidActivities } from '@fupin/workflows';
import { activityIdempotencyKey } from '@fupin/workflow-runtime';
import type { MedicalAidConfig } from '../config';

/** Activities served on the medical-aid task queue: only this service writes its tables. */
export function medicalAidActivities(runtime: ServiceRuntime<MedicalAidConfig>): MedicalAidActivities {
  return {
    async recordEnrollmentDecision({ householdId, outcome, reason, signer }) {
      const key = activityIdempotencyKey();
      await runtime.db.$transaction(async (tx) => {
        const rows = await tx.$queryRawUnsafe<{ status: string; county_code: string }[]>(
          `SELECT status::text AS status, county_code FROM enrollment WHERE household_id = $1::uuid FOR UPDATE`,
          householdId,
        );
        const current = rows[0];
        if (!current) throw new Error(`enrollment ${householdId} not found`);
        if (current.status !== 'pending') return; // a retry after the first attempt committed: nothing more to do
        await tx.$executeRawUnsafe(
          `UPDATE enrollment SET status = $2::"EnrollmentStatus", decided_by = $3, reason = $4, updated_at = now() WHERE household_id = $1::uuid`,
          householdId,
          outcome,
          signer?.subject ?? null,
          reason,
        );
        await appendAudit(tx, {
          actorSubject: signer?.subject ?? 'system:deadline',
          actorRole: signer?.role ?? 'system',
          jurisdiction: signer?.jurisdiction ?? current.county_code,
          action: `enrollment.${outcome}`,
          subjectType: 'enrollment',
          subjectId: householdId,
          before: { status: current.status },
          after: { status: outcome, reason, idempotencyKey: key },
          reason,
        });
        const event = buildEvent(contracts.enrollmentDecided, {
          aggregateId: householdId,
          actor: signer
            ? { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction }
            : { system: 'medical-enrollment-deadline' },
          payload: { householdId, outcome, decidedBy: signer?.subject, reason },
        });
        await addToOutbox(tx, contracts.enrollmentDecided.topic, event);
      });
    },
  };
}
