import { Injectable } from '@nestjs/common';
import type { RelocationHistoryEntry } from '@fupin/relocation-rules';
import type { RelocationPendingMirror } from '@fupin/relocation-workflows';
import { InjectDb } from '@fupin/service-kit';
import { type RelocationDb, type RelocationTx, isoDay } from '../db';
import type { RelocationCase } from '../generated/prisma/client';

/** What the case workflow's records need of the case row, locked. */
export type ProgressRow = Pick<
  RelocationCase,
  'id' | 'householdId' | 'villageCode' | 'countyCode' | 'status' | 'step' | 'recordedSeq' | 'siteCode'
>;

/** What starting the workflow needs: the consent, the plan as stored, the site's placement. */
export interface SubmissionRow {
  id: string;
  householdId: string;
  villageCode: string;
  countyCode: string;
  status: string;
  step: string | null;
  workflowId: string;
  createdBy: string;
  createdAt: Date;
  consent: { signedBy: string; signedOn: string; documentRef: string };
  mode: string;
  siteCode: string | null;
  placement: string | null;
  areaM2: number;
  persons: number;
  subsidyFen: number;
  plannedAt: Date;
}

/** The case row's columns a recorded change sets (undefined: unchanged). */
export interface ProgressChange {
  status: string;
  step: string;
  recordedSeq: number;
  movedInOn?: string;
  reclaimedOn?: string;
  followUp?: { kind: string; on: string };
  landRightsKept?: boolean;
  withdrawal?: { at: string; reason: string };
  /** 危房改造: the grade given at the acceptance inspection. */
  newGrade?: string;
  /** 待办: the action awaited after the change, its start and last miss; null: none; undefined: not told (kept). */
  pending?: RelocationPendingMirror | null;
}

/** The step mirror's columns (待办, ADR 0019) for the action awaited; none awaited keeps the last start. */
function pendingColumns(p: RelocationPendingMirror | null) {
  const e = p?.escalation ?? null;
  return {
    pendingAction: p?.action ?? null,
    ...(p ? { stepSince: new Date(p.since) } : {}),
    escalationTimes: e?.times ?? 0,
    escalatedAt: e ? new Date(e.at) : null,
    escalatedLevel: e?.level ?? null,
    escalatedRole: e?.role ?? null,
  };
}

/** Statuses that close a case: the household may open another one. */
export const CLOSED_STATUSES: readonly string[] = ['withdrawn', 'completed', 'refused'];

/**
 * The case workflow's side of the case row: submission, the progress it records (step, status, dates, how many
 * history entries are recorded) and the tranches a withdrawal stops. The only SQL of the feature.
 */
@Injectable()
export class CaseWorkflowRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  transaction<T>(work: (tx: RelocationTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work);
  }

  async lock(tx: RelocationTx, caseId: string): Promise<ProgressRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(caseId)) return null;
    const rows = await tx.$queryRawUnsafe<ProgressRow[]>(
      `SELECT id::text AS id, household_id::text AS "householdId", village_code AS "villageCode", county_code AS "countyCode",
         status, step, recorded_seq AS "recordedSeq", site_code AS "siteCode"
       FROM relocation_case WHERE id = $1::uuid FOR UPDATE`,
      caseId,
    );
    return rows[0] ?? null;
  }

  /** The case with its plan, locked: submitting waits for a plan change in progress, and the other way round. */
  async lockSubmission(tx: RelocationTx, caseId: string): Promise<SubmissionRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(caseId)) return null;
    await tx.$queryRawUnsafe(`SELECT 1 FROM relocation_case WHERE id = $1::uuid FOR UPDATE`, caseId);
    const c = await tx.relocationCase.findUnique({ where: { id: caseId }, include: { site: true } });
    if (!c) return null;
    return {
      id: c.id,
      householdId: c.householdId,
      villageCode: c.villageCode,
      countyCode: c.countyCode,
      status: c.status,
      step: c.step,
      workflowId: c.workflowId,
      createdBy: c.createdBy,
      createdAt: c.createdAt,
      consent: { signedBy: c.consentSignedBy, signedOn: isoDay(c.consentSignedOn), documentRef: c.consentDocumentRef },
      mode: c.mode ?? '',
      siteCode: c.siteCode,
      placement: c.site?.placement ?? null,
      areaM2: c.areaM2 === null ? 0 : c.areaM2.toNumber(),
      persons: c.persons ?? 0,
      subsidyFen: Number(c.subsidyFen ?? 0),
      plannedAt: c.plannedAt ?? c.createdAt,
    };
  }

  /**
   * The plan submitted: the workflow has the consent and plan entries (0, 1) already recorded by the HTTP side; the
   * step mirror (待办) waits for `step`'s action from the submission.
   */
  async markSubmitted(
    tx: RelocationTx,
    caseId: string,
    step: 'township_review',
    recordedSeq: number,
    submittedAt: string,
  ): Promise<void> {
    const pending = pendingColumns({ action: step, since: submittedAt, escalation: null });
    await tx.relocationCase.update({
      where: { id: caseId },
      data: { status: 'submitted', step, recordedSeq, ...pending },
    });
  }

  async recordProgress(tx: RelocationTx, caseId: string, change: ProgressChange): Promise<void> {
    const day = (d: string | undefined) => (d === undefined ? undefined : new Date(`${d}T00:00:00Z`));
    await tx.relocationCase.update({
      where: { id: caseId },
      data: {
        status: change.status,
        step: change.step,
        recordedSeq: change.recordedSeq,
        ...(CLOSED_STATUSES.includes(change.status) ? { openHouseholdId: null } : {}),
        movedInOn: day(change.movedInOn),
        reclaimedOn: day(change.reclaimedOn),
        followUpKind: change.followUp?.kind,
        followUpOn: day(change.followUp?.on),
        landRightsKept: change.landRightsKept,
        withdrawnAt: change.withdrawal ? new Date(change.withdrawal.at) : undefined,
        withdrawalReason: change.withdrawal?.reason,
        newGrade: change.newGrade,
        ...(change.pending === undefined ? {} : pendingColumns(change.pending)),
      },
    });
  }

  /** An escalation entry recorded: the count of recorded entries moves, and the miss is the mirror's last (待办). */
  async markRecorded(tx: RelocationTx, caseId: string, recordedSeq: number, e: RelocationHistoryEntry): Promise<void> {
    const miss = e.escalation && {
      escalationTimes: e.escalation.times,
      escalatedAt: new Date(e.at),
      escalatedLevel: e.escalation.level,
      escalatedRole: e.escalation.role,
    };
    await tx.relocationCase.update({ where: { id: caseId }, data: { recordedSeq, ...miss } });
  }

  /** Withdrawal: every unpaid tranche stops (the home is free once the case is withdrawn: allocation is derived). */
  async stopPendingTranches(tx: RelocationTx, caseId: string): Promise<number> {
    const stopped = await tx.relocationTranche.updateMany({
      where: { caseId, status: 'pending' },
      data: { status: 'stopped' },
    });
    return stopped.count;
  }
}
