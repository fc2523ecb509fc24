import { Injectable } from '@nestjs/common';
import { InjectDb } from '@fupin/service-kit';
import type { RelocationDb, RelocationTx } from '../db';
import type { RegisteredHousehold } from '../generated/prisma/client';

/** What deciding a renovation needs of the household: where it lives, whether it left, its house's latest grade. */
export type RenovationHousehold = Pick<
  RegisteredHousehold,
  'householdId' | 'villageCode' | 'exitedAt' | 'houseGrade' | 'houseObservedAt'
>;

export interface RenovationRecord {
  id: string;
  household: RenovationHousehold;
  application: { signedBy: string; signedOn: string; documentRef: string };
  plannedYear: number;
  houseGrade: string;
  subsidyFen: number;
  tranches: readonly { milestone: string; amountFen: number }[];
  workflowId: string;
  createdBy: string;
}

/**
 * 危房改造 cases: rows of the case table of kind `renovation` and their tranches. The only SQL of the feature: the
 * insert that the open-case key (one open case per household, of either kind) refuses with ON CONFLICT.
 */
@Injectable()
export class RenovationRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  transaction<T>(work: (tx: RelocationTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  household(householdId: string): Promise<RenovationHousehold | null> {
    return this.db.registeredHousehold.findUnique({
      where: { householdId },
      select: { householdId: true, villageCode: true, exitedAt: true, houseGrade: true, houseObservedAt: true },
    });
  }

  /** The household's open case and its kind, or null. */
  async openCase(householdId: string, tx?: RelocationTx): Promise<{ id: string; kind: string } | null> {
    return (tx ?? this.db).relocationCase.findUnique({
      where: { openHouseholdId: householdId },
      select: { id: true, kind: true },
    });
  }

  /**
   * The case submitted to the township (待办: its review, from now), with its tranches; false (nothing written) when a
   * case is open already.
   */
  async insert(tx: RelocationTx, r: RenovationRecord): Promise<boolean> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO relocation_case (id, household_id, open_household_id, village_code, county_code, kind, status, step,
         recorded_seq, consent_signed_by, consent_signed_on, consent_document_ref, planned_year, house_grade, subsidy_fen,
         planned_at, workflow_id, created_by, pending_action)
       VALUES ($1::uuid, $2::uuid, $2::uuid, $3, $4, 'renovation', 'submitted', 'township_review', 1, $5, $6::date, $7, $8,
         $9, $10, now(), $11, $12, 'township_review')
       ON CONFLICT (open_household_id) DO NOTHING`,
      r.id,
      r.household.householdId,
      r.household.villageCode,
      r.household.villageCode.slice(0, 6),
      r.application.signedBy,
      r.application.signedOn,
      r.application.documentRef,
      r.plannedYear,
      r.houseGrade,
      r.subsidyFen,
      r.workflowId,
      r.createdBy,
    );
    if (inserted !== 1) return false;
    await tx.relocationTranche.createMany({
      data: r.tranches.map((t, i) => ({
        caseId: r.id,
        milestone: t.milestone,
        seq: i + 1,
        amountFen: t.amountFen,
        status: 'pending',
      })),
    });
    return true;
  }
}
