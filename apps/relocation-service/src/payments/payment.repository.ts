import { Injectable } from '@nestjs/common';
import { InjectDb } from '@fupin/service-kit';
import type { RelocationDb, RelocationTx } from '../db';
import type { RelocationCase, RelocationTranche } from '../generated/prisma/client';

export type PayableCase = Pick<RelocationCase, 'id' | 'householdId' | 'villageCode' | 'status'>;
export type TrancheRow = Pick<
  RelocationTranche,
  'caseId' | 'milestone' | 'seq' | 'amountFen' | 'status' | 'paymentRef' | 'paidAt' | 'paidBy'
>;

/**
 * Tranche payments: the only place their SQL lives. A payment is a guarded UPDATE (status pending → paid) under the
 * case's row lock, with the unique (case, milestone) key and the unique payment reference as the last word.
 */
@Injectable()
export class PaymentRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  transaction<T>(work: (tx: RelocationTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  /** The case, locked: attempts to pay its tranches take turns. */
  async lockCase(tx: RelocationTx, caseId: string): Promise<PayableCase | null> {
    if (!/^[0-9a-f-]{36}$/i.test(caseId)) return null;
    const rows = await tx.$queryRawUnsafe<PayableCase[]>(
      `SELECT id::text AS id, household_id::text AS "householdId", village_code AS "villageCode", status
         FROM relocation_case WHERE id = $1::uuid FOR UPDATE`,
      caseId,
    );
    return rows[0] ?? null;
  }

  tranche(tx: RelocationTx, caseId: string, milestone: string): Promise<TrancheRow | null> {
    return tx.relocationTranche.findUnique({ where: { caseId_milestone: { caseId, milestone } } });
  }

  /** Tranches of the case before this one (by milestone order) that are not paid yet. */
  unpaidBefore(tx: RelocationTx, caseId: string, seq: number): Promise<number> {
    return tx.relocationTranche.count({ where: { caseId, seq: { lt: seq }, status: { not: 'paid' } } });
  }

  async referenceUsed(tx: RelocationTx, paymentRef: string): Promise<boolean> {
    return (await tx.relocationTranche.count({ where: { paymentRef } })) > 0;
  }

  /** Pending → paid, once: the guard makes a second attempt change nothing (null). */
  async markPaid(
    tx: RelocationTx,
    caseId: string,
    milestone: string,
    paymentRef: string,
    paidBy: string,
  ): Promise<TrancheRow | null> {
    const rows = await tx.$queryRawUnsafe<TrancheRow[]>(
      `UPDATE relocation_tranche SET status = 'paid', payment_ref = $3, paid_at = now(), paid_by = $4
        WHERE case_id = $1::uuid AND milestone = $2 AND status = 'pending'
        RETURNING case_id::text AS "caseId", milestone, seq, amount_fen AS "amountFen", status,
                  payment_ref AS "paymentRef", paid_at AS "paidAt", paid_by AS "paidBy"`,
      caseId,
      milestone,
      paymentRef,
      paidBy,
    );
    return rows[0] ?? null;
  }
}
