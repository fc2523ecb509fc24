import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { POVERTY_CAUSE_LABELS, type PovertyCause } from '@fupin/identification-rules';
import type { IdentificationRoundInput, RoundHousehold } from '@fupin/identification-workflows';
import { identificationRoundWorkflowId } from '@fupin/identification-workflows';
import { type SqlExecutor, type TransactionalClient, onceForKey } from '@fupin/persistence';
import { type Db, DomainError, InjectDb } from '@fupin/service-kit';
import type { Actor } from '../households/household.repository';
import type { OpenRoundInput, RoundOpened } from './round.schema';

export interface RoundRow {
  id: string;
  village_code: string;
  income_year: number;
  workflow_id: string;
  status: string;
  created_by: string;
  created_at: Date;
}

/** Identification rounds (识别批次) and their households: the only place their SQL lives. */
@Injectable()
export class RoundRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  open(input: OpenRoundInput, actor: Actor, key: string) {
    return openRound(this.db, input, actor, key);
  }

  load(roundId: string): Promise<RoundRow | null> {
    return loadRound(this.db, roundId);
  }

  list(division: string) {
    return listRounds(this.db, division);
  }

  workflowInput(round: RoundRow, config: IdentificationRoundInput['config']): Promise<IdentificationRoundInput> {
    return roundWorkflowInput(this.db, round, config);
  }

  households(roundId: string) {
    return roundHouseholds(this.db, roundId);
  }
}

/**
 * Open a round: the village's applicant households (or the ones named) enter the procedure together.
 * One transaction: round + its households + status in_procedure + audit. The workflow is started by the caller.
 */
export async function openRound(
  db: TransactionalClient,
  input: { villageCode: string; incomeYear: number; householdIds?: string[] },
  actor: Actor,
  key: string,
) {
  return db.$transaction(async (tx) =>
    onceForKey<RoundOpened>(tx, 'round.open', key, input, async () => {
      const existing = await tx.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text FROM identification_round WHERE village_code = $1 AND income_year = $2`,
        input.villageCode,
        input.incomeYear,
      );
      if (existing[0]) {
        throw new DomainError(
          409,
          'round.exists',
          {
            'zh-CN': `村 ${input.villageCode} ${input.incomeYear} 年度的识别批次已存在（${existing[0].id}）`,
            en: `village ${input.villageCode} already has the ${input.incomeYear} round (${existing[0].id})`,
          },
          'villageCode',
          { roundId: existing[0].id },
        );
      }
      const candidates = await tx.$queryRawUnsafe<{ id: string; status: string; village_code: string }[]>(
        input.householdIds
          ? `SELECT id::text, status, village_code FROM household WHERE id = ANY($1::uuid[]) FOR UPDATE`
          : `SELECT id::text, status, village_code FROM household WHERE village_code = $1 AND status IN ('applicant', 'refused', 'withdrawn') ORDER BY created_at FOR UPDATE`,
        input.householdIds ?? input.villageCode,
      );
      if (input.householdIds) {
        const found = new Set(candidates.map((c) => c.id));
        const missing = input.householdIds.filter((id) => !found.has(id));
        if (missing.length)
          throw new DomainError(
            404,
            'household.not_found',
            { 'zh-CN': `未找到户 ${missing.join('、')}`, en: `households not found: ${missing.join(', ')}` },
            'householdIds',
          );
        const wrong = candidates.filter(
          (c) => c.village_code !== input.villageCode || !['applicant', 'refused', 'withdrawn'].includes(c.status),
        );
        if (wrong.length) {
          throw new DomainError(
            409,
            'round.household_not_applying',
            {
              'zh-CN': `以下户不是本村的申请户：${wrong.map((w) => `${w.id}（${w.status}）`).join('、')}`,
              en: `not applying households of this village: ${wrong.map((w) => `${w.id} (${w.status})`).join(', ')}`,
            },
            'householdIds',
          );
        }
      }
      if (candidates.length === 0)
        throw new DomainError(
          409,
          'round.no_applicants',
          { 'zh-CN': '本村没有待识别的申请户', en: 'the village has no applying households' },
          'villageCode',
        );
      const ids = candidates.map((c) => c.id);
      const { roundId, workflowId } = await insertRound(tx, input.villageCode, input.incomeYear, ids, actor);
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

/** The round, its households at application (status in_procedure) and the audit record, in `tx`. */
export async function insertRound(
  tx: SqlExecutor,
  villageCode: string,
  incomeYear: number,
  ids: string[],
  actor: Actor,
) {
  const roundId = randomUUID();
  const workflowId = identificationRoundWorkflowId(villageCode, incomeYear);
  await tx.$executeRawUnsafe(
    `INSERT INTO identification_round (id, village_code, income_year, workflow_id, status, created_by) VALUES ($1::uuid, $2, $3, $4, 'running', $5)`,
    roundId,
    villageCode,
    incomeYear,
    workflowId,
    actor.subject,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO round_household (round_id, household_id, step) SELECT $1::uuid, unnest($2::uuid[]), 'application'`,
    roundId,
    ids,
  );
  await tx.$executeRawUnsafe(
    `UPDATE household SET status = 'in_procedure', updated_at = now() WHERE id = ANY($1::uuid[])`,
    ids,
  );
  await appendAudit(tx, {
    actorSubject: actor.subject,
    actorRole: actor.role,
    jurisdiction: actor.jurisdiction,
    action: 'identification.round.open',
    subjectType: 'identification_round',
    subjectId: roundId,
    after: { villageCode, incomeYear, households: ids },
    reason: 'application (农户申请)',
  });
  return { roundId, workflowId };
}

export async function loadRound(db: SqlExecutor, roundId: string): Promise<RoundRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(roundId)) return null;
  const rows = await db.$queryRawUnsafe<RoundRow[]>(
    `SELECT id::text, village_code, income_year, workflow_id, status, created_by, created_at FROM identification_round WHERE id = $1::uuid`,
    roundId,
  );
  return rows[0] ?? null;
}

export async function listRounds(db: SqlExecutor, division: string) {
  return db.$queryRawUnsafe<(RoundRow & { households: number; registered: number })[]>(
    `SELECT r.id::text, r.village_code, r.income_year, r.workflow_id, r.status, r.created_by, r.created_at,
            count(rh.*)::int AS households, count(rh.*) FILTER (WHERE rh.outcome = 'registered')::int AS registered
       FROM identification_round r LEFT JOIN round_household rh ON rh.round_id = r.id
      WHERE r.village_code LIKE $1 || '%' GROUP BY r.id ORDER BY r.created_at DESC LIMIT 200`,
    division,
  );
}

/** What the workflow needs: who is in the round and what their notices show. */
export async function roundWorkflowInput(
  db: SqlExecutor,
  round: RoundRow,
  config: IdentificationRoundInput['config'],
): Promise<IdentificationRoundInput> {
  const rows = await db.$queryRawUnsafe<
    {
      household_id: string;
      head_name: string;
      head_id_number: string;
      phone: string | null;
      members: number;
      main_cause: string | null;
    }[]
  >(
    `SELECT rh.household_id::text, head.name AS head_name, head.id_number AS head_id_number, h.phone,
            (SELECT count(*)::int FROM person p WHERE p.household_id = h.id) AS members, h.main_cause
       FROM round_household rh JOIN household h ON h.id = rh.household_id
       JOIN LATERAL (SELECT name, id_number FROM person p WHERE p.household_id = h.id ORDER BY p.relation <> '户主', p.id_number LIMIT 1) head ON true
      WHERE rh.round_id = $1::uuid ORDER BY rh.household_id`,
    round.id,
  );
  const households: RoundHousehold[] = rows.map((r) => ({
    householdId: r.household_id,
    headName: r.head_name,
    headIdNumber: r.head_id_number,
    ...(r.phone ? { phone: r.phone } : {}),
    memberCount: r.members,
    ...(r.main_cause
      ? { mainCause: POVERTY_CAUSE_LABELS[r.main_cause as PovertyCause]?.['zh-CN'] ?? r.main_cause }
      : {}),
  }));
  return { roundId: round.id, villageCode: round.village_code, incomeYear: round.income_year, households, config };
}

/** Each household's step as the register last recorded it (mirror of the workflow, for lists and polling). */
export async function roundHouseholds(db: SqlExecutor, roundId: string) {
  return db.$queryRawUnsafe<
    {
      householdId: string;
      step: string;
      outcome: string | null;
      reason: string | null;
      flaggedForReview: boolean;
      updatedAt: Date;
    }[]
  >(
    `SELECT household_id::text AS "householdId", step, outcome, reason, flagged_for_review AS "flaggedForReview", updated_at AS "updatedAt"
       FROM round_household WHERE round_id = $1::uuid ORDER BY household_id`,
    roundId,
  );
}

// ── what the round's activities read and write (batched: one statement per call, whatever the batch size) ────────

export interface SurveyRow {
  household_id: string;
  household_size: number;
  farming_income: string;
  livestock_income: string;
  wage_income: string;
  property_income: string;
  transfer_income: string;
  business_net_income: string;
  production_costs: string;
  living_expenses: string;
  illness_spending: string;
  student_costs: string;
}

export interface ObservationRow {
  household_id: string;
  housing_grade: string;
  drinking_water_safe: boolean;
  food_secure: boolean;
  clothing_secure: boolean;
  children_out_of_school: number;
}

/** The households' surveys of the income year. */
export async function surveysOfYear(db: SqlExecutor, householdIds: string[], incomeYear: number) {
  return db.$queryRawUnsafe<SurveyRow[]>(
    `SELECT household_id::text, household_size, farming_income::text, livestock_income::text, wage_income::text, property_income::text,
            transfer_income::text, business_net_income::text, production_costs::text, living_expenses::text, illness_spending::text, student_costs::text
       FROM income_survey WHERE household_id = ANY($1::uuid[]) AND income_year = $2`,
    householdIds,
    incomeYear,
  );
}

/** Each household's latest living-condition observation (看房、看水 …). */
export async function latestObservations(db: SqlExecutor, householdIds: string[]) {
  return db.$queryRawUnsafe<ObservationRow[]>(
    `SELECT DISTINCT ON (household_id) household_id::text, housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school
           FROM living_observation WHERE household_id = ANY($1::uuid[]) ORDER BY household_id, observed_at DESC`,
    householdIds,
  );
}

/** The households' villages and how many of their members have no basic medical insurance. */
export async function householdsWithUninsured(db: SqlExecutor, householdIds: string[]) {
  return db.$queryRawUnsafe<{ id: string; village_code: string; uninsured: number }[]>(
    `SELECT h.id::text, h.village_code, (SELECT count(*)::int FROM person p WHERE p.household_id = h.id AND NOT p.basic_medical_insured) AS uninsured
           FROM household h WHERE h.id = ANY($1::uuid[])`,
    householdIds,
  );
}

/** Every cross-check hit (with source and load date) and the township flag, for the round's households at once. */
export async function recordCrossCheck(
  db: SqlExecutor,
  roundId: string,
  recorded: { household_id: string; hits: unknown; flagged: boolean }[],
): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE round_household rh SET exclusion_hits = x.hits, flagged_for_review = x.flagged, updated_at = now()
           FROM json_to_recordset($2::json) AS x(household_id uuid, hits jsonb, flagged boolean)
          WHERE rh.round_id = $1::uuid AND rh.household_id = x.household_id`,
    roundId,
    JSON.stringify(recorded),
  );
}

/** Each household's latest step, in one statement. */
export async function recordRoundSteps(tx: SqlExecutor, roundId: string, latest: Map<string, string>): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE round_household rh SET step = x.step, updated_at = now() FROM json_to_recordset($2::json) AS x(household_id uuid, step text)
              WHERE rh.round_id = $1::uuid AND rh.household_id = x.household_id`,
    roundId,
    JSON.stringify([...latest].map(([household_id, step]) => ({ household_id, step }))),
  );
}

/** The households' status and their round outcome; `rows` is the JSON of {household_id, status, reason}. */
export async function recordRoundOutcomes(tx: SqlExecutor, roundId: string, rows: string): Promise<void> {
  await tx.$executeRawUnsafe(
    // a household registered again (返贫) is poor again: its old exit and transition period no longer apply
    `UPDATE household h SET status = x.status, updated_at = now(),
                    exited_at = CASE WHEN x.status = 'registered' THEN NULL ELSE h.exited_at END,
                    transition_ends_on = CASE WHEN x.status = 'registered' THEN NULL ELSE h.transition_ends_on END
               FROM json_to_recordset($1::json) AS x(household_id uuid, status text) WHERE h.id = x.household_id`,
    rows,
  );
  await tx.$executeRawUnsafe(
    `UPDATE round_household rh SET step = x.status, outcome = x.status, reason = x.reason, updated_at = now()
               FROM json_to_recordset($2::json) AS x(household_id uuid, status text, reason text) WHERE rh.round_id = $1::uuid AND rh.household_id = x.household_id`,
    roundId,
    rows,
  );
}

/** The members of the registered households (head first), for household.registered. */
export async function registeredMembers(tx: SqlExecutor, householdIds: string[]) {
  return tx.$queryRawUnsafe<
    { household_id: string; village_code: string; id_number: string; name: string; relation: string }[]
  >(
    `SELECT p.household_id::text, h.village_code, p.id_number, p.name, p.relation FROM person p JOIN household h ON h.id = p.household_id
              WHERE p.household_id = ANY($1::uuid[]) ORDER BY p.household_id, p.relation <> '户主', p.id_number`,
    householdIds,
  );
}
