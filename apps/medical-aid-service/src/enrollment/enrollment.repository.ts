import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { type HouseholdRegisteredV1, buildEvent, contracts } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import type { SqlExecutor } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { EnrollmentSigner } from '@fupin/workflows';
import type { MedicalAidDb } from '../db';
import type { Enrollment, Prisma } from '../generated/prisma/client';

const enrollmentColumns = {
  householdId: true,
  villageCode: true,
  countyCode: true,
  status: true,
  decidedBy: true,
  reason: true,
  updatedAt: true,
} satisfies Prisma.EnrollmentSelect;

export type EnrollmentRow = Prisma.EnrollmentGetPayload<{ select: typeof enrollmentColumns }>;

export interface EnrollmentDecisionRecord {
  householdId: string;
  outcome: 'approved' | 'rejected' | 'expired';
  reason: string;
  signer: EnrollmentSigner | null;
}

/**
 * Enrollments and the insured people (from household.registered and household.exited): the only place their SQL
 * lives. Methods taking `tx` run inside the caller's transaction (the Kafka consumer's, with its de-duplication row):
 * the consumer hands them the platform's SQL executor, so they stay SQL (upserts with ON CONFLICT, the database clock).
 */
@Injectable()
export class EnrollmentRepository {
  constructor(@InjectDb() private readonly db: MedicalAidDb) {}

  /** `householdId` is a uuid (checked by the service). */
  find(householdId: string): Promise<EnrollmentRow | null> {
    return this.db.enrollment.findUnique({ where: { householdId }, select: enrollmentColumns });
  }

  /**
   * The workflow's decision (or its deadline): enrollment + audit + enrollment.decided, in one transaction.
   * A retry after the first attempt committed changes nothing. SQL: the row lock, and `updated_at` from the database
   * clock (the transaction's time, as the audit record's).
   */
  async recordDecision({ householdId, outcome, reason, signer }: EnrollmentDecisionRecord, idempotencyKey: string) {
    await this.db.$transaction(async (tx) => {
      const rows = await tx.$queryRawUnsafe<Pick<Enrollment, 'status' | 'countyCode'>[]>(
        `SELECT status::text AS status, county_code AS "countyCode" FROM enrollment WHERE household_id = $1::uuid FOR UPDATE`,
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
        jurisdiction: signer?.jurisdiction ?? current.countyCode,
        action: `enrollment.${outcome}`,
        subjectType: 'enrollment',
        subjectId: householdId,
        before: { status: current.status },
        after: { status: outcome, reason, idempotencyKey },
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
  }

  /** The household's members become (or again are) insured people, registered poor. */
  async insureMembers(tx: SqlExecutor, payload: HouseholdRegisteredV1): Promise<void> {
    for (const m of payload.members) {
      await tx.$executeRawUnsafe(
        `INSERT INTO insured_person (id_number, household_id, name, village_code, registered_poor, updated_at)
         VALUES ($1, $2::uuid, $3, $4, true, now())
         ON CONFLICT (id_number) DO UPDATE SET household_id = EXCLUDED.household_id, name = EXCLUDED.name, village_code = EXCLUDED.village_code, registered_poor = true, poor_until = NULL, updated_at = now()`,
        m.idNumber,
        payload.householdId,
        m.name,
        payload.villageCode,
      );
    }
  }

  /** A pending enrollment for the household, unless it has one already. */
  async open(
    tx: SqlExecutor,
    e: { householdId: string; villageCode: string; countyCode: string; workflowId: string },
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO enrollment (household_id, village_code, county_code, status, workflow_id, updated_at)
       VALUES ($1::uuid, $2, $3, 'pending', $4, now()) ON CONFLICT (household_id) DO NOTHING`,
      e.householdId,
      e.villageCode,
      e.countyCode,
      e.workflowId,
    );
  }

  /** After an exit: the household's members count as registered poor through this day (摘帽不摘政策). */
  async keepPoorUntil(tx: SqlExecutor, householdId: string, lastDay: string): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE insured_person SET poor_until = $2::date, updated_at = now() WHERE household_id = $1::uuid`,
      householdId,
      lastDay,
    );
  }
}
