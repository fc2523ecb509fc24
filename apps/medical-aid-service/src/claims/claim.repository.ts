import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import type { MedicalPolicy, Settlement, YearToDate } from '@fupin/medical-aid-rules';
import { onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import { medicalClaimWorkflowId } from '@fupin/workflows';
import { type MedicalAidDb, type MedicalAidTx, isoDay } from '../db';
import type { Claim, PersonYearToDate, Prisma } from '../generated/prisma/client';
import type { ClaimEntered, ClaimInput } from './claim.schema';

export interface Actor {
  subject: string;
  role: string;
  jurisdiction: string;
}

const claimViewColumns = {
  id: true,
  idNumber: true,
  countyCode: true,
  hospital: true,
  status: true,
  registeredPoor: true,
  noDeposit: true,
  totalCost: true,
  inPolicyCost: true,
  basic: true,
  critical: true,
  assistance: true,
  backstop: true,
  patientPays: true,
  review: true,
  reason: true,
  paymentRef: true,
  workflowId: true,
} satisfies Prisma.ClaimSelect;

/** A claim as GET /claims/:id reads it (amounts in fen as bigint: BigInt columns). */
export type ClaimViewRow = Prisma.ClaimGetPayload<{ select: typeof claimViewColumns }>;

/** A claim as its activities read it, locked. */
export type ClaimRow = Pick<
  Claim,
  | 'id'
  | 'idNumber'
  | 'countyCode'
  | 'dischargedOn'
  | 'totalCost'
  | 'inPolicyCost'
  | 'level'
  | 'inCounty'
  | 'status'
  | 'registeredPoor'
  | 'basic'
  | 'critical'
  | 'assistance'
  | 'backstop'
  | 'review'
  | 'paymentRef'
  | 'paidAt'
>;

type YearToDateRow = Pick<
  PersonYearToDate,
  'basicDeductibleUsed' | 'basicPaid' | 'criticalBase' | 'criticalPaid' | 'assistancePaid'
>;

/**
 * Claims, the person's year-to-date accumulators and the policy version a claim is settled under: the only place
 * their SQL lives. Methods taking `tx` run inside the caller's transaction (the claim activities'). Model calls for
 * the plain reads and writes; SQL for the row locks (FOR UPDATE), ON CONFLICT, arithmetic on the stored amounts, the
 * database clock (`now()`: the transaction's time, as the audit record's) and dates PostgreSQL parses.
 */
@Injectable()
export class ClaimRepository {
  constructor(@InjectDb() private readonly db: MedicalAidDb) {}

  /**
   * A claim entered at discharge (status entered) and its audit record, once per Idempotency-Key. SQL: PostgreSQL
   * parses the dates (`2026-02-30` is refused, 400), where a JS Date would roll it over to 2 March.
   */
  enter(input: ClaimInput, actor: Actor, idempotencyKey: string) {
    return this.db.$transaction(async (tx) =>
      onceForKey<ClaimEntered>(tx, 'claim.enter', idempotencyKey, input, async () => {
        const id = randomUUID();
        await tx.$executeRawUnsafe(
          `INSERT INTO claim (id, id_number, county_code, hospital, admitted_on, discharged_on, total_cost, in_policy_cost, level, in_county, status, workflow_id, entered_by)
           VALUES ($1::uuid, $2, $3, $4, $5::date, $6::date, $7, $8, $9, $10, 'entered', $11, $12)`,
          id,
          input.idNumber,
          input.countyCode,
          input.hospital,
          input.admittedOn,
          input.dischargedOn,
          input.totalCost,
          input.inPolicyCost,
          input.level,
          input.inCounty,
          medicalClaimWorkflowId(id),
          actor.subject,
        );
        await appendAudit(tx, {
          actorSubject: actor.subject,
          actorRole: actor.role,
          jurisdiction: actor.jurisdiction,
          action: 'claim.enter',
          subjectType: 'claim',
          subjectId: id,
          after: input,
          reason: 'entered at discharge',
        });
        return { status: 202, body: { id, status: 'entered' as const } };
      }),
    );
  }

  async find(id: string): Promise<ClaimViewRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    return this.db.claim.findUnique({ where: { id }, select: claimViewColumns });
  }

  // ------------------------------------------------------------ inside the claim activities' transactions

  async lock(tx: MedicalAidTx, claimId: string): Promise<ClaimRow | null> {
    const rows = await tx.$queryRawUnsafe<ClaimRow[]>(
      `SELECT id::text AS id, id_number AS "idNumber", county_code AS "countyCode", discharged_on AS "dischargedOn",
              total_cost AS "totalCost", in_policy_cost AS "inPolicyCost", level, in_county AS "inCounty", status,
              registered_poor AS "registeredPoor", basic, critical, assistance, backstop, review,
              payment_ref AS "paymentRef", paid_at AS "paidAt"
         FROM claim WHERE id = $1::uuid FOR UPDATE`,
      claimId,
    );
    return rows[0] ?? null;
  }

  /** The newest version of the county's policy for the year (the one new claims are settled under). */
  async currentPolicy(tx: MedicalAidTx, countyCode: string, year: number) {
    const row = await tx.medicalPolicy.findFirst({
      where: { countyCode, year },
      orderBy: { version: 'desc' },
      select: { id: true, policy: true },
    });
    // the JSON column holds a policy validatePolicy accepted when it was published (policy.service)
    return row && { id: row.id, policy: row.policy as unknown as MedicalPolicy };
  }

  /** Registered poor on that day (YYYY-MM-DD): registered, and not past the transition period after an exit. */
  async poorOn(tx: MedicalAidTx, idNumber: string, day: string): Promise<boolean> {
    const person = await tx.insuredPerson.findUnique({
      where: { idNumber },
      select: { registeredPoor: true, poorUntil: true },
    });
    return person !== null && person.registeredPoor && (person.poorUntil === null || day <= isoDay(person.poorUntil));
  }

  async markChecked(tx: MedicalAidTx, claimId: string, poor: boolean, noDeposit: boolean): Promise<void> {
    await tx.claim.update({
      where: { id: claimId },
      data: { status: 'checked', registeredPoor: poor, noDeposit },
      select: { id: true },
    });
  }

  /** The person's year, created if new and locked, so two claims settled at once never spend the same cap twice. */
  async lockYearToDate(tx: MedicalAidTx, idNumber: string, year: number): Promise<YearToDate> {
    await tx.$executeRawUnsafe(
      `INSERT INTO person_year_to_date (id_number, year) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      idNumber,
      year,
    );
    const [y] = await tx.$queryRawUnsafe<YearToDateRow[]>(
      `SELECT basic_deductible_used AS "basicDeductibleUsed", basic_paid AS "basicPaid", critical_base AS "criticalBase",
              critical_paid AS "criticalPaid", assistance_paid AS "assistancePaid"
         FROM person_year_to_date WHERE id_number = $1 AND year = $2 FOR UPDATE`,
      idNumber,
      year,
    );
    return {
      basicDeductibleUsed: Number(y.basicDeductibleUsed),
      basicPaid: Number(y.basicPaid),
      criticalBase: Number(y.criticalBase),
      criticalPaid: Number(y.criticalPaid),
      assistancePaid: Number(y.assistancePaid),
    };
  }

  async saveYearToDate(tx: MedicalAidTx, idNumber: string, year: number, next: YearToDate): Promise<void> {
    await tx.personYearToDate.update({
      where: { idNumber_year: { idNumber, year } },
      data: {
        basicDeductibleUsed: next.basicDeductibleUsed,
        basicPaid: next.basicPaid,
        criticalBase: next.criticalBase,
        criticalPaid: next.criticalPaid,
        assistancePaid: next.assistancePaid,
      },
      select: { year: true },
    });
  }

  /** Settled under the policy version, which from now on can never change (used_at set once). */
  async markSettled(tx: MedicalAidTx, claimId: string, policyId: string, s: Settlement, review: boolean) {
    await tx.$executeRawUnsafe(
      `UPDATE claim SET status = 'settled', policy_id = $2::uuid, basic = $3, critical = $4, assistance = $5, backstop = $6, patient_pays = $7, review = $8, settled_at = now() WHERE id = $1::uuid`,
      claimId,
      policyId,
      s.basic,
      s.critical,
      s.assistance,
      s.backstop,
      s.patientPays,
      review ? 'pending' : null,
    );
    await tx.$executeRawUnsafe(
      `UPDATE medical_policy SET used_at = now() WHERE id = $1::uuid AND used_at IS NULL`,
      policyId,
    );
  }

  /**
   * Rejected with the reason; a pending review becomes rejected, and a signer's reason is the review's. `c` is the
   * claim as locked in this transaction.
   */
  async markRejected(
    tx: MedicalAidTx,
    c: Pick<ClaimRow, 'id' | 'review'>,
    reason: string,
    signerSubject: string | null,
  ): Promise<void> {
    await tx.claim.update({
      where: { id: c.id },
      data: {
        status: 'rejected',
        reason,
        ...(c.review === 'pending' ? { review: 'rejected' } : {}),
        ...(signerSubject === null ? {} : { reviewReason: reason }),
      },
      select: { id: true },
    });
  }

  /** A settled claim that is rejected gives its amounts back to the person's year. */
  async giveBackToYear(tx: MedicalAidTx, c: ClaimRow, year: number): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE person_year_to_date SET basic_paid = basic_paid - $3, critical_paid = critical_paid - $4, assistance_paid = assistance_paid - $5,
                    critical_base = greatest(0, critical_base - $6) WHERE id_number = $1 AND year = $2`,
      c.idNumber,
      year,
      Number(c.basic ?? 0),
      Number(c.critical ?? 0),
      Number(c.assistance ?? 0),
      Number(c.inPolicyCost) - Number(c.basic ?? 0),
    );
  }

  /** Paid under its unique payment reference; a pending review counts as approved. Answers when. */
  async markPaid(tx: MedicalAidTx, claimId: string, paymentRef: string): Promise<Date> {
    const [{ paidAt }] = await tx.$queryRawUnsafe<{ paidAt: NonNullable<Claim['paidAt']> }[]>(
      `UPDATE claim SET status = 'paid', payment_ref = $2, paid_at = now(), review = CASE WHEN review = 'pending' THEN 'approved' ELSE review END WHERE id = $1::uuid RETURNING paid_at AS "paidAt"`,
      claimId,
      paymentRef,
    );
    return paidAt;
  }
}
