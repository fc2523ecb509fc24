import { randomUUID } from 'node:crypto';
import { appendAudit } from '@fupin/audit';
import { villageExitWorkflowId } from '@fupin/identification-workflows';
import { type SqlExecutor, type TransactionalClient, onceForKey } from '@fupin/persistence';
import { DomainError } from '@fupin/service-kit';
import type { Actor } from '../households/household.repository';

export interface VillageExitRow {
  id: string;
  village_code: string;
  year: number;
  workflow_id: string;
  status: string;
  attempt: number;
  notice_id: string | null;
  proposal_check: unknown;
  decision_check: unknown;
  poor_not_exited: number | null;
  rural_population: number | null;
  incidence_bp: number | null;
  threshold_bp: number | null;
  reason: string | null;
  proposed_by: string;
  proposed_role: string;
  decided_by: string | null;
  decided_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id::text, village_code, year, workflow_id, status, attempt, notice_id::text, proposal_check, decision_check, poor_not_exited, rural_population,
  incidence_bp, threshold_bp, reason, proposed_by, proposed_role, decided_by, decided_at, created_at, updated_at`;

/**
 * 提出贫困村退出: one row per village and year. A refused exit may be proposed again (a new attempt on the same
 * row; every attempt is in the audit chain); one that is under way or done may not.
 */
export async function proposeVillageExit(
  db: TransactionalClient,
  input: { villageCode: string; year: number },
  actor: Actor,
  key: string,
) {
  return db.$transaction(async (tx) =>
    onceForKey(tx, 'village_exit.propose', key, input, async () => {
      const existing = await tx.$queryRawUnsafe<{ id: string; status: string; attempt: number }[]>(
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
                  incidence_bp = NULL, threshold_bp = NULL, reason = NULL, proposed_by = $3, proposed_role = $4, decided_by = NULL, decided_at = NULL, updated_at = now()
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
        body: { id, workflowId, villageCode: input.villageCode, year: input.year, attempt, status: 'proposed' },
      };
    }),
  );
}

export async function loadVillageExit(db: SqlExecutor, id: string): Promise<VillageExitRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await db.$queryRawUnsafe<VillageExitRow[]>(
    `SELECT ${COLUMNS} FROM village_exit WHERE id = $1::uuid`,
    id,
  );
  return rows[0] ?? null;
}

export async function listVillageExits(db: SqlExecutor, division: string): Promise<VillageExitRow[]> {
  return db.$queryRawUnsafe<VillageExitRow[]>(
    `SELECT ${COLUMNS} FROM village_exit WHERE village_code LIKE $1 || '%' ORDER BY updated_at DESC LIMIT 500`,
    division,
  );
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
