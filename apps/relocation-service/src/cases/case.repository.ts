import { Injectable } from '@nestjs/common';
import { InjectDb } from '@fupin/service-kit';
import { type RelocationDb, type RelocationTx, isoDay } from '../db';
import type {
  RegisteredHousehold,
  RelocationCase,
  RelocationTranche,
  ResettlementSite,
} from '../generated/prisma/client';
import type { CaseInput, CaseStatus, CaseSummary, CaseView } from './case.schema';

/** A case as the use cases read it, locked in their transaction. */
export type CaseRow = Pick<
  RelocationCase,
  'id' | 'householdId' | 'villageCode' | 'countyCode' | 'status' | 'mode' | 'siteCode' | 'movedInOn' | 'workflowId'
>;

export type HouseholdRow = Pick<RegisteredHousehold, 'householdId' | 'villageCode' | 'memberCount' | 'exitedAt'>;

export type SiteForPlan = Pick<ResettlementSite, 'code' | 'countyCode' | 'mode' | 'capacityHomes'>;

/** The plan as stored: no site and no area for monetary resettlement. */
export interface PlanRecord {
  mode: string;
  siteCode: string | null;
  areaM2: number | null;
  persons: number;
  subsidyFen: number;
}

type StoredCase = RelocationCase & { tranches: RelocationTranche[] };

const iso = (d: Date | null) => (d === null ? null : d.toISOString());
const day = (d: Date | null) => (d === null ? null : isoDay(d));

function toView(c: StoredCase): CaseView {
  return {
    id: c.id,
    householdId: c.householdId,
    villageCode: c.villageCode,
    countyCode: c.countyCode,
    kind: c.kind as CaseView['kind'],
    status: c.status as CaseStatus,
    consent: { signedBy: c.consentSignedBy, signedOn: isoDay(c.consentSignedOn), documentRef: c.consentDocumentRef },
    plan:
      c.mode === null || c.persons === null || c.subsidyFen === null || c.plannedAt === null
        ? null
        : {
            mode: c.mode as NonNullable<CaseView['plan']>['mode'],
            siteCode: c.siteCode,
            areaM2: c.areaM2 === null ? 0 : c.areaM2.toNumber(),
            persons: c.persons,
            subsidyFen: Number(c.subsidyFen),
            plannedAt: c.plannedAt.toISOString(),
          },
    renovation:
      c.kind !== 'renovation' || c.plannedYear === null
        ? null
        : {
            plannedYear: c.plannedYear,
            houseGrade: c.houseGrade as 'C' | 'D',
            newGrade: c.newGrade as 'A' | 'B' | null,
            subsidyFen: Number(c.subsidyFen ?? 0),
          },
    tranches: c.tranches.map((t) => ({
      milestone: t.milestone,
      amountFen: Number(t.amountFen),
      status: t.status as CaseView['tranches'][number]['status'],
      paymentRef: t.paymentRef,
      paidAt: iso(t.paidAt),
    })),
    movedInOn: day(c.movedInOn),
    reclaimedOn: day(c.reclaimedOn),
    followUp:
      c.followUpKind === null || c.followUpOn === null ? null : { kind: c.followUpKind, on: isoDay(c.followUpOn) },
    landRightsKept: c.landRightsKept,
    withdrawal: c.withdrawnAt === null ? null : { at: c.withdrawnAt.toISOString(), reason: c.withdrawalReason ?? '' },
    workflowId: c.workflowId,
    createdAt: c.createdAt.toISOString(),
  };
}

const CASE_COLUMNS = `id::text AS id, household_id::text AS "householdId", village_code AS "villageCode",
  county_code AS "countyCode", status, mode, site_code AS "siteCode", moved_in_on AS "movedInOn", workflow_id AS "workflowId"`;

/**
 * Relocation cases and their tranches: the only place their SQL lives. Methods taking `tx` run inside the use
 * case's transaction. Model calls for the plain reads; SQL for the row locks (FOR UPDATE), ON CONFLICT on the open
 * case of a household, the counts the site's capacity is checked against, and the database clock.
 */
@Injectable()
export class CaseRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  transaction<T>(work: (tx: RelocationTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  household(householdId: string): Promise<HouseholdRow | null> {
    return this.db.registeredHousehold.findUnique({
      where: { householdId },
      select: { householdId: true, villageCode: true, memberCount: true, exitedAt: true },
    });
  }

  async designated(villageCode: string): Promise<boolean> {
    const area = await this.db.relocationArea.findUnique({ where: { villageCode }, select: { designated: true } });
    return area?.designated === true;
  }

  /**
   * The case, opened with the consent and waiting for its plan (待办: the village's `plan`, from now); false (nothing
   * written) when the household already has an open case.
   */
  async insertConsented(
    tx: RelocationTx,
    c: { id: string; household: HouseholdRow; consent: CaseInput['consent']; workflowId: string; createdBy: string },
  ): Promise<boolean> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO relocation_case (id, household_id, open_household_id, village_code, county_code, status, consent_signed_by,
         consent_signed_on, consent_document_ref, workflow_id, created_by, pending_action)
       VALUES ($1::uuid, $2::uuid, $2::uuid, $3, $4, 'consented', $5, $6::date, $7, $8, $9, 'plan')
       ON CONFLICT (open_household_id) DO NOTHING`,
      c.id,
      c.household.householdId,
      c.household.villageCode,
      c.household.villageCode.slice(0, 6),
      c.consent.signedBy,
      c.consent.signedOn,
      c.consent.documentRef,
      c.workflowId,
      c.createdBy,
    );
    return inserted === 1;
  }

  async openCaseOf(tx: RelocationTx, householdId: string): Promise<string | null> {
    const open = await tx.relocationCase.findUnique({ where: { openHouseholdId: householdId }, select: { id: true } });
    return open?.id ?? null;
  }

  async find(id: string): Promise<CaseView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const c = await this.db.relocationCase.findUnique({
      where: { id },
      include: { tranches: { orderBy: { seq: 'asc' } } },
    });
    return c && toView(c);
  }

  async inVillage(villageCode: string, status: CaseStatus | undefined): Promise<CaseSummary[]> {
    const rows = await this.db.relocationCase.findMany({
      where: { villageCode, ...(status === undefined ? {} : { status }) },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      select: { id: true, householdId: true, status: true, mode: true, siteCode: true, persons: true, createdAt: true },
      take: 1000,
    });
    return rows.map((r) => ({
      id: r.id,
      householdId: r.householdId,
      status: r.status as CaseStatus,
      mode: r.mode as CaseSummary['mode'],
      siteCode: r.siteCode,
      persons: r.persons,
      createdAt: r.createdAt.toISOString(),
    }));
  }

  // ------------------------------------------------------------ inside a use case's transaction

  async lock(tx: RelocationTx, id: string): Promise<CaseRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows = await tx.$queryRawUnsafe<CaseRow[]>(
      `SELECT ${CASE_COLUMNS} FROM relocation_case WHERE id = $1::uuid FOR UPDATE`,
      id,
    );
    return rows[0] ?? null;
  }

  /** The site, locked: two plans for its last home wait for each other here, so only one gets it. */
  async lockSite(tx: RelocationTx, code: string): Promise<SiteForPlan | null> {
    const rows = await tx.$queryRawUnsafe<SiteForPlan[]>(
      `SELECT code, county_code AS "countyCode", mode, capacity_homes AS "capacityHomes" FROM resettlement_site WHERE code = $1 FOR UPDATE`,
      code,
    );
    return rows[0] ?? null;
  }

  /** Homes of the site held by other cases (planned there and not withdrawn): derived from the cases. */
  async homesTaken(tx: RelocationTx, siteCode: string, exceptCaseId: string): Promise<number> {
    const [{ taken }] = await tx.$queryRawUnsafe<{ taken: number }[]>(
      `SELECT count(*)::int AS taken FROM relocation_case WHERE site_code = $1 AND status NOT IN ('withdrawn', 'refused') AND id <> $2::uuid`,
      siteCode,
      exceptCaseId,
    );
    return taken;
  }

  async paidTranches(tx: RelocationTx, caseId: string): Promise<number> {
    return tx.relocationTranche.count({ where: { caseId, status: 'paid' } });
  }

  /** The plan on the case (status planned) and its tranches, replacing a previous plan's pending ones. */
  async savePlan(
    tx: RelocationTx,
    caseId: string,
    plan: PlanRecord,
    tranches: readonly { milestone: string; amountFen: number }[],
  ): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE relocation_case SET status = 'planned', mode = $2, site_code = $3, area_m2 = $4::numeric, persons = $5, subsidy_fen = $6, planned_at = now()
        WHERE id = $1::uuid`,
      caseId,
      plan.mode,
      plan.siteCode,
      plan.areaM2,
      plan.persons,
      plan.subsidyFen,
    );
    await tx.relocationTranche.deleteMany({ where: { caseId, status: 'pending' } });
    await tx.relocationTranche.createMany({
      data: tranches.map((t, i) => ({
        caseId,
        milestone: t.milestone,
        seq: i + 1,
        amountFen: t.amountFen,
        status: 'pending',
      })),
    });
  }

  /** Withdrawn: the case closes (its home at the site is free again) and every pending tranche stops. */
  async markWithdrawn(
    tx: RelocationTx,
    caseId: string,
    reason: string,
  ): Promise<{ withdrawnAt: Date; stopped: number }> {
    const [{ withdrawnAt }] = await tx.$queryRawUnsafe<{ withdrawnAt: Date }[]>(
      `UPDATE relocation_case SET status = 'withdrawn', open_household_id = NULL, withdrawn_at = now(), withdrawal_reason = $2,
              pending_action = NULL, escalation_times = 0, escalated_at = NULL, escalated_level = NULL, escalated_role = NULL
        WHERE id = $1::uuid RETURNING withdrawn_at AS "withdrawnAt"`,
      caseId,
      reason,
    );
    const stopped = await tx.relocationTranche.updateMany({
      where: { caseId, status: 'pending' },
      data: { status: 'stopped' },
    });
    return { withdrawnAt: new Date(withdrawnAt), stopped: stopped.count };
  }
}
