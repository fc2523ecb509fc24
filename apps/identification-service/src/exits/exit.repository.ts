import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { EXIT_CRITERION_LABELS, type ExitStability } from '@fupin/exit-rules';
import type { PovertyPolicyOverride } from '@fupin/identification-rules';
import {
  type ExitRoundConfig,
  type ExitRoundHousehold,
  type HouseholdExitRoundInput,
  householdExitWorkflowId,
} from '@fupin/identification-workflows';
import { type SqlExecutor, onceForKey } from '@fupin/persistence';
import { DomainError, InjectDb } from '@fupin/service-kit';
import { type Columns, type IdentificationDb, type IdentificationTx, asColumns, identificationTx } from '../db';
import type { ExitHousehold, ExitRound, Household, Person } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';
import { checkHouseholdsForExit } from './exit-criteria';
import type { ExitRoundOpened, OpenExitInput } from './exit.schema';
import { STEP_MIRROR_COLUMNS, STEP_MIRROR_SET, type StepMirrorRow } from '../work-items/step-mirror';

const exitRoundColumns = {
  id: true,
  villageCode: true,
  incomeYear: true,
  workflowId: true,
  createdBy: true,
  createdAt: true,
} as const;

/** An exit round as the exit service reads it (by column name). */
export type ExitRoundRow = Columns<Pick<ExitRound, keyof typeof exitRoundColumns>>;

export interface ExitRules {
  policyOverrides: readonly PovertyPolicyOverride[];
  stability: ExitStability;
}

/**
 * Exit rounds (退出批次) and their households: the only place their SQL lives (with exit-criteria.repository.ts). Model
 * calls for the plain reads; SQL for the households locked at a proposal, the round's inserts (created_at and
 * updated_at: the database clock), the list's counts, the workflow's input (each household's head: an ordering on an
 * expression) and the activities' batched writes (one statement per call).
 */
@Injectable()
export class ExitRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  open(input: OpenExitInput, actor: Actor, rules: ExitRules, key: string) {
    return openExitRound(this.db, input, actor, rules, key);
  }

  load(id: string): Promise<ExitRoundRow | null> {
    return loadExitRound(this.db, id);
  }

  list(division: string) {
    return listExitRounds(this.db, division);
  }

  workflowInput(round: ExitRoundRow, config: ExitRoundConfig): Promise<HouseholdExitRoundInput> {
    return exitWorkflowInput(this.db, round, config);
  }

  households(roundId: string) {
    return exitRoundHouseholds(this.db, roundId);
  }

  /** The exit criteria of households as they stand now, for an exit of `incomeYear` (default: each newest survey's). */
  criteria(householdIds: string[], rules: ExitRules, incomeYear?: number) {
    return checkHouseholdsForExit(this.db, householdIds, { ...rules, incomeYear });
  }
}

/**
 * Propose households for exit (拟退出): each must be registered in the village, not already in an unfinished exit, and
 * meet every exit criterion on an observation of the round's income year — otherwise nothing is written and each failing household is named with its failed
 * criteria. One transaction: round + households (with the criteria found) + audit. The caller starts the workflow.
 */
export async function openExitRound(
  db: IdentificationDb,
  input: { villageCode: string; incomeYear: number; householdIds: string[] },
  actor: Actor,
  rules: ExitRules,
  key: string,
) {
  return db.$transaction(async (tx) =>
    onceForKey<ExitRoundOpened>(tx, 'exit.open', key, input, async () => {
      const existing = await tx.exitRound.findUnique({
        where: { villageCode_incomeYear: { villageCode: input.villageCode, incomeYear: input.incomeYear } },
        select: { id: true },
      });
      if (existing) {
        throw new DomainError(
          409,
          'exit.round_exists',
          {
            'zh-CN': `村 ${input.villageCode} ${input.incomeYear} 年度的退出批次已存在（${existing.id}）`,
            en: `village ${input.villageCode} already has the ${input.incomeYear} exit round (${existing.id})`,
          },
          'villageCode',
          { roundId: existing.id },
        );
      }
      const ids = [...new Set(input.householdIds)];
      const rows = await lockProposed(tx, ids);
      const found = new Set(rows.map((r) => r.id));
      const missing = ids.filter((id) => !found.has(id));
      if (missing.length)
        throw new DomainError(
          404,
          'household.not_found',
          { 'zh-CN': `未找到户 ${missing.join('、')}`, en: `households not found: ${missing.join(', ')}` },
          'householdIds',
        );
      const wrong = rows.filter((r) => r.villageCode !== input.villageCode || r.status !== 'registered');
      if (wrong.length) {
        throw new DomainError(
          409,
          'exit.not_registered',
          {
            'zh-CN': `只有本村在册贫困户才能拟退出：${wrong.map((w) => `${w.id}（${w.status}）`).join('、')}`,
            en: `only registered poor households of this village can be proposed for exit: ${wrong.map((w) => `${w.id} (${w.status})`).join(', ')}`,
          },
          'householdIds',
        );
      }
      const busy = rows.filter((r) => r.openExit);
      if (busy.length) {
        throw new DomainError(
          409,
          'exit.already_proposed',
          {
            'zh-CN': `以下户已在退出程序中：${busy.map((b) => b.id).join('、')}`,
            en: `already in an exit procedure: ${busy.map((b) => b.id).join(', ')}`,
          },
          'householdIds',
        );
      }
      const checks = await checkHouseholdsForExit(tx, ids, {
        policyOverrides: rules.policyOverrides,
        stability: rules.stability,
        incomeYear: input.incomeYear,
      });
      const failing = ids.map((id) => checks.get(id)!).filter((c) => !c.ok);
      if (failing.length) {
        const describe = (lang: 'zh-CN' | 'en') =>
          failing
            .map(
              (c) =>
                `${c.householdId}: ${[...c.problems.map((p) => p[lang]), ...c.failed.map((f) => f.message[lang])].join(lang === 'en' ? '; ' : '；')}`,
            )
            .join(lang === 'en' ? ' | ' : '｜');
        throw new DomainError(
          422,
          'exit.criteria_not_met',
          {
            'zh-CN': `以下户未达到退出标准，不能拟退出：${describe('zh-CN')}`,
            en: `not meeting the exit criteria, cannot be proposed: ${describe('en')}`,
          },
          'householdIds',
          failing.map((c) => ({
            householdId: c.householdId,
            problems: c.problems,
            failed: c.failed.map((f) => ({
              criterion: f.criterion,
              label: EXIT_CRITERION_LABELS[f.criterion],
              message: f.message,
              detail: f.detail,
            })),
          })),
        );
      }
      const { roundId, workflowId } = await insertExitRound(
        tx,
        {
          villageCode: input.villageCode,
          incomeYear: input.incomeYear,
          perCapitaFen: new Map(ids.map((id) => [id, checks.get(id)!.perCapitaFen])),
        },
        actor,
        '拟退出：退出标准核查通过 / proposed for exit: criteria met',
      );
      return {
        status: 201,
        body: {
          roundId,
          workflowId,
          villageCode: input.villageCode,
          incomeYear: input.incomeYear,
          households: ids.length,
        },
      };
    }),
  );
}

/** The proposed households, locked, each with the exit round it is still in (if any). */
function lockProposed(tx: IdentificationTx, ids: string[]) {
  return tx.$queryRawUnsafe<
    (Pick<Household, 'id' | 'status' | 'villageCode'> & { openExit: ExitHousehold['roundId'] | null })[]
  >(
    `SELECT h.id::text, h.status, h.village_code AS "villageCode",
            (SELECT eh.round_id::text FROM exit_household eh WHERE eh.household_id = h.id AND eh.outcome IS NULL LIMIT 1) AS "openExit"
       FROM household h WHERE h.id = ANY($1::uuid[]) FOR UPDATE`,
    ids,
  );
}

/** The round, its households at village_assessment (with the income the notice shows) and the audit record, in `tx`. */
export async function insertExitRound(
  tx: SqlExecutor,
  round: { villageCode: string; incomeYear: number; perCapitaFen: Map<string, number | null> },
  actor: Actor,
  reason: string,
) {
  const roundId = randomUUID();
  const workflowId = householdExitWorkflowId(round.villageCode, round.incomeYear);
  const ids = [...round.perCapitaFen.keys()];
  await tx.$executeRawUnsafe(
    `INSERT INTO exit_round (id, village_code, income_year, workflow_id, created_by) VALUES ($1::uuid, $2, $3, $4, $5)`,
    roundId,
    round.villageCode,
    round.incomeYear,
    workflowId,
    actor.subject,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO exit_household (round_id, household_id, step, criteria) SELECT $1::uuid, x.household_id, 'village_assessment', x.criteria
       FROM json_to_recordset($2::json) AS x(household_id uuid, criteria jsonb)`,
    roundId,
    JSON.stringify(
      ids.map((id) => ({ household_id: id, criteria: { ok: true, perCapitaFen: round.perCapitaFen.get(id) } })),
    ),
  );
  await appendAudit(tx, {
    actorSubject: actor.subject,
    actorRole: actor.role,
    jurisdiction: actor.jurisdiction,
    action: 'exit.round.open',
    subjectType: 'exit_round',
    subjectId: roundId,
    after: { villageCode: round.villageCode, incomeYear: round.incomeYear, households: ids },
    reason,
  });
  return { roundId, workflowId };
}

/** The round, or null; `db` is the client or a transaction (an activity's). */
export async function loadExitRound(db: SqlExecutor, id: string): Promise<ExitRoundRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const round = await identificationTx(db).exitRound.findUnique({ where: { id }, select: exitRoundColumns });
  return round && asColumns(round);
}

export async function listExitRounds(db: IdentificationDb, division: string) {
  return db.$queryRawUnsafe<(ExitRoundRow & { households: number; exited: number })[]>(
    `SELECT r.id::text, r.village_code, r.income_year, r.workflow_id, r.created_by, r.created_at,
            count(eh.*)::int AS households, count(eh.*) FILTER (WHERE eh.outcome = 'exited')::int AS exited
       FROM exit_round r LEFT JOIN exit_household eh ON eh.round_id = r.id
      WHERE r.village_code LIKE $1 || '%' GROUP BY r.id ORDER BY r.created_at DESC LIMIT 200`,
    division,
  );
}

type ExitWorkflowRow = Pick<ExitHousehold, 'householdId'> &
  Pick<Household, 'phone'> & {
    headName: Person['name'];
    headIdNumber: Person['idNumber'];
    members: number;
    /** as recorded at the proposal (criteria JSON), as text */
    perCapitaFen: string | null;
  };

export async function exitWorkflowInput(
  db: SqlExecutor,
  round: ExitRoundRow,
  config: ExitRoundConfig,
): Promise<HouseholdExitRoundInput> {
  const rows = await db.$queryRawUnsafe<ExitWorkflowRow[]>(
    `SELECT eh.household_id::text AS "householdId", head.name AS "headName", head.id_number AS "headIdNumber", h.phone,
            (SELECT count(*)::int FROM person p WHERE p.household_id = h.id) AS members, eh.criteria->>'perCapitaFen' AS "perCapitaFen"
       FROM exit_household eh JOIN household h ON h.id = eh.household_id
       JOIN LATERAL (SELECT name, id_number FROM person p WHERE p.household_id = h.id ORDER BY p.relation <> '户主', p.id_number LIMIT 1) head ON true
      WHERE eh.round_id = $1::uuid ORDER BY eh.household_id`,
    round.id,
  );
  const households: ExitRoundHousehold[] = rows.map((r) => ({
    householdId: r.householdId,
    headName: r.headName,
    headIdNumber: r.headIdNumber,
    ...(r.phone ? { phone: r.phone } : {}),
    memberCount: r.members,
    perCapitaFen: Number(r.perCapitaFen ?? 0),
  }));
  return { roundId: round.id, villageCode: round.village_code, incomeYear: round.income_year, households, config };
}

/** Each household's step as the register last recorded it, by household id. */
export function exitRoundHouseholds(db: IdentificationDb, roundId: string) {
  return db.exitHousehold.findMany({
    where: { roundId },
    orderBy: { householdId: 'asc' },
    select: { householdId: true, step: true, outcome: true, reason: true, signature: true, updatedAt: true },
  });
}

// ── what the exit round's activities read and write (batched: one statement per call) ────────────────────────────

/** The round's village ('system' when the round is unknown). */
export async function exitRoundVillage(tx: SqlExecutor, roundId: string): Promise<string> {
  const round = await identificationTx(tx).exitRound.findUnique({
    where: { id: roundId },
    select: { villageCode: true },
  });
  return round?.villageCode ?? 'system';
}

/** Each household's latest step (and the household's signature once given), in one statement. */
export async function recordExitSteps(
  tx: SqlExecutor,
  roundId: string,
  rows: (StepMirrorRow & { signature: unknown })[],
): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE exit_household m SET ${STEP_MIRROR_SET}, signature = COALESCE(x.signature, m.signature)
           FROM json_to_recordset($2::json) AS ${STEP_MIRROR_COLUMNS.slice(0, -1)}, signature jsonb)
          WHERE m.round_id = $1::uuid AND m.household_id = x.household_id`,
    roundId,
    JSON.stringify(rows),
  );
}

/**
 * 销号: only a household still registered leaves the register (guards a replayed or raced outcome); answers the
 * households that left.
 */
export async function leaveRegister(
  tx: SqlExecutor,
  exited: { householdId: string; at: string; transitionEndsOn: string }[],
): Promise<Pick<Household, 'id'>[]> {
  if (exited.length === 0) return [];
  return tx.$queryRawUnsafe<Pick<Household, 'id'>[]>(
    `UPDATE household h SET status = 'exited', exited_at = x.at, transition_ends_on = x.ends, updated_at = now()
           FROM json_to_recordset($1::json) AS x(household_id uuid, at timestamptz, ends date)
          WHERE h.id = x.household_id AND h.status = 'registered' RETURNING h.id::text`,
    JSON.stringify(exited.map((o) => ({ household_id: o.householdId, at: o.at, ends: o.transitionEndsOn }))),
  );
}

/** Each household's outcome in the round (exited or stays_registered), in one statement. */
export async function recordExitHouseholdOutcomes(
  tx: SqlExecutor,
  roundId: string,
  outcomes: { householdId: string; outcome: string; reason: string | null }[],
): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE exit_household eh SET step = x.outcome, outcome = x.outcome, reason = x.reason, updated_at = now()
           FROM json_to_recordset($2::json) AS x(household_id uuid, outcome text, reason text) WHERE eh.round_id = $1::uuid AND eh.household_id = x.household_id`,
    roundId,
    JSON.stringify(outcomes.map((o) => ({ household_id: o.householdId, outcome: o.outcome, reason: o.reason }))),
  );
}
