import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import {
  type VillageExitEscalationRecord,
  type VillageExitRecord,
  villageExitWorkflowId,
} from '@fupin/identification-workflows';
import { type SqlExecutor, onceForKey } from '@fupin/persistence';
import { DomainError, InjectDb } from '@fupin/service-kit';
import { type Columns, type IdentificationDb, asColumns } from '../db';
import type { Household, Person, VillageExit } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';
import type { ProposeVillageExitInput, VillageExitProposed } from './village-exit.schema';

/** A village exit as the service reads it: every column, by name. */
export type VillageExitRow = Columns<VillageExit>;

/**
 * 贫困村退出 records (one row per village and year): the only place their SQL lives. Model calls for the reads; SQL for
 * the row locks (FOR UPDATE), the writes stamped with the database clock (created_at, updated_at) and the notice's
 * households (each household's head: an ordering on an expression).
 */
@Injectable()
export class VillageExitRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  propose(input: ProposeVillageExitInput, actor: Actor, key: string) {
    return proposeVillageExit(this.db, input, actor, key);
  }

  load(id: string): Promise<VillageExitRow | null> {
    return loadVillageExit(this.db, id);
  }

  list(division: string): Promise<VillageExitRow[]> {
    return listVillageExits(this.db, division);
  }
}

/**
 * 提出贫困村退出: one row per village and year. A refused exit may be proposed again (a new attempt on the same
 * row; every attempt is in the audit chain); one that is under way or done may not.
 */
export async function proposeVillageExit(
  db: IdentificationDb,
  input: { villageCode: string; year: number },
  actor: Actor,
  key: string,
) {
  return db.$transaction(async (tx) =>
    onceForKey<VillageExitProposed>(tx, 'village_exit.propose', key, input, async () => {
      const existing = await tx.$queryRawUnsafe<Pick<VillageExit, 'id' | 'status' | 'attempt'>[]>(
        `SELECT id::text, status, attempt FROM village_exit WHERE village_code = $1 AND year = $2 FOR UPDATE`,
        input.villageCode,
        input.year,
      );
      const before = existing[0];
      if (before && before.status !== 'refused') {
        throw new DomainError(
          409,
          'village_exit.exists',
          {
            'zh-CN': `村 ${input.villageCode} ${input.year} 年度的退出已提出（${before.id}，状态 ${before.status}）`,
            en: `village ${input.villageCode} already has its ${input.year} exit (${before.id}, ${before.status})`,
          },
          'villageCode',
          { exitId: before.id },
        );
      }
      const id = before?.id ?? randomUUID();
      const attempt = before ? before.attempt + 1 : 1;
      const workflowId = villageExitWorkflowId(input.villageCode, input.year);
      if (before) {
        await tx.$executeRawUnsafe(
          `UPDATE village_exit SET status = 'proposed', attempt = $2, notice_id = NULL, proposal_check = NULL, decision_check = NULL, poor_not_exited = NULL, rural_population = NULL,
                  incidence_bp = NULL, threshold_bp = NULL, reason = NULL, proposed_by = $3, proposed_role = $4, decided_by = NULL, decided_at = NULL, updated_at = now(),
                  step = 'proposed', step_since = now(), escalation_times = 0, escalated_at = NULL, escalated_level = NULL, escalated_role = NULL
            WHERE id = $1::uuid`,
          id,
          attempt,
          actor.subject,
          actor.role,
        );
      } else {
        await tx.$executeRawUnsafe(
          `INSERT INTO village_exit (id, village_code, year, workflow_id, status, attempt, proposed_by, proposed_role) VALUES ($1::uuid, $2, $3, $4, 'proposed', 1, $5, $6)`,
          id,
          input.villageCode,
          input.year,
          workflowId,
          actor.subject,
          actor.role,
        );
      }
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'village_exit.proposed',
        subjectType: 'village_exit',
        subjectId: id,
        before: before ? { status: before.status, attempt: before.attempt } : undefined,
        after: { villageCode: input.villageCode, year: input.year, attempt },
        reason: '提出贫困村退出 / village exit proposed',
      });
      return {
        status: 201,
        body: {
          id,
          workflowId,
          villageCode: input.villageCode,
          year: input.year,
          attempt,
          status: 'proposed' as const,
        },
      };
    }),
  );
}

export async function loadVillageExit(db: IdentificationDb, id: string): Promise<VillageExitRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const row = await db.villageExit.findUnique({ where: { id } });
  return row && asColumns(row);
}

/** The exits under a division (its code a prefix of the village's), most recently changed first. */
export async function listVillageExits(db: IdentificationDb, division: string): Promise<VillageExitRow[]> {
  const rows = await db.villageExit.findMany({
    where: { villageCode: { startsWith: division } },
    orderBy: { updatedAt: 'desc' },
    take: 500,
  });
  return rows.map(asColumns);
}

/** The record as the API shows it. */
export function villageExitBody(row: VillageExitRow) {
  return {
    id: row.id,
    villageCode: row.village_code,
    year: row.year,
    attempt: row.attempt,
    status: row.status,
    workflowId: row.workflow_id,
    noticeId: row.notice_id,
    figures:
      row.poor_not_exited === null
        ? null
        : {
            poorNotExited: row.poor_not_exited,
            ruralPopulation: row.rural_population,
            incidenceBp: row.incidence_bp,
            thresholdBp: row.threshold_bp,
          },
    proposalCheck: row.proposal_check,
    decisionCheck: row.decision_check,
    reason: row.reason,
    proposedBy: { subject: row.proposed_by, role: row.proposed_role },
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

// ── what the village exit's activities read and write ─────────────────────────────────────────────────────────────

/** The village's register households (registered, then exited) with their heads, for the township notice. */
export async function noticeHouseholds(db: SqlExecutor, villageCode: string) {
  return db.$queryRawUnsafe<
    (Columns<Pick<Household, 'id' | 'status' | 'phone'>> & {
      head_name: Person['name'];
      head_id: Person['idNumber'];
      members: number;
    })[]
  >(
    `SELECT h.id::text, h.status, h.phone, head.name AS head_name, head.id_number AS head_id, (SELECT count(*)::int FROM person m WHERE m.household_id = h.id) AS members
           FROM household h
           JOIN LATERAL (SELECT p.name, p.id_number FROM person p WHERE p.household_id = h.id ORDER BY p.relation <> '户主', p.id_number LIMIT 1) head ON true
          WHERE h.village_code = $1 AND h.status IN ('registered', 'exited')
          ORDER BY h.status, h.created_at, h.id LIMIT 5000`,
    villageCode,
  );
}

/** The exit's row, locked until the end of `tx`; null when there is none. */
export async function lockVillageExit(tx: SqlExecutor, exitId: string) {
  const rows = await tx.$queryRawUnsafe<Columns<Pick<VillageExit, 'villageCode' | 'year' | 'status' | 'attempt'>>[]>(
    `SELECT village_code, year, status, attempt FROM village_exit WHERE id = $1::uuid FOR UPDATE`,
    exitId,
  );
  return rows[0] ?? null;
}

/**
 * Status, notice, the check (at the proposal or the decision) with its figures, and who decided (when decided); the
 * step mirror (待办, ADR 0019) follows: `notice` from the notice's opening (the county's steps begin when it ends).
 */
export async function updateVillageExit(
  tx: SqlExecutor,
  record: VillageExitRecord,
  decidedBy: { subject: string } | null,
): Promise<void> {
  const c = record.check;
  const decided = record.status === 'exited' || record.status === 'refused';
  await tx.$executeRawUnsafe(
    `UPDATE village_exit SET status = $2, notice_id = COALESCE($3::uuid, notice_id),
                    proposal_check = CASE WHEN $4 = 'proposal' THEN $5::jsonb ELSE proposal_check END,
                    decision_check = CASE WHEN $4 = 'decision' THEN $5::jsonb ELSE decision_check END,
                    poor_not_exited = COALESCE($6, poor_not_exited), rural_population = COALESCE($7, rural_population),
                    incidence_bp = COALESCE($8, incidence_bp), threshold_bp = COALESCE($9, threshold_bp),
                    reason = COALESCE($10, reason),
                    decided_by = CASE WHEN $11 THEN $12 ELSE decided_by END, decided_at = CASE WHEN $11 THEN $13::timestamptz ELSE decided_at END,
                    updated_at = now(),
                    step = CASE WHEN $2 = 'in_notice' THEN 'notice' ELSE $2 END, step_since = $13::timestamptz,
                    escalation_times = 0, escalated_at = NULL, escalated_level = NULL, escalated_role = NULL
              WHERE id = $1::uuid`,
    record.exitId,
    record.status,
    record.noticeId ?? null,
    record.checkKind ?? null,
    c ? JSON.stringify(c) : null,
    c?.poorNotExited ?? null,
    c?.ruralPopulation ?? null,
    c?.incidenceBp ?? null,
    c?.thresholdBp ?? null,
    record.reason ?? null,
    decided,
    decidedBy ? decidedBy.subject : 'system',
    record.at,
  );
}

/** 逾期督办 of a county step, on the exit's step mirror (待办, ADR 0019): the step it names and the rung, while in notice. */
export async function recordVillageExitMiss(tx: SqlExecutor, record: VillageExitEscalationRecord): Promise<void> {
  const { escalation } = record;
  await tx.$executeRawUnsafe(
    `UPDATE village_exit SET step = $2, escalation_times = $3, escalated_at = $4::timestamptz, escalated_level = $5,
            escalated_role = $6
      WHERE id = $1::uuid AND status = 'in_notice'`,
    record.exitId,
    record.step,
    escalation.times,
    escalation.at,
    escalation.to.level,
    escalation.to.role,
  );
}
