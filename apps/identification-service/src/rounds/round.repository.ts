import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { POVERTY_CAUSE_LABELS, type PovertyCause } from '@fupin/identification-rules';
import type { IdentificationRoundInput, RoundHousehold } from '@fupin/identification-workflows';
import { identificationRoundWorkflowId } from '@fupin/identification-workflows';
import { type SqlExecutor, onceForKey } from '@fupin/persistence';
import { DomainError, InjectDb } from '@fupin/service-kit';
import { type Columns, type IdentificationDb, type IdentificationTx, asColumns, identificationTx } from '../db';
import type {
  Household,
  IdentificationRound,
  IncomeSurvey,
  LivingObservation,
  Person,
  RoundHousehold as RoundHouseholdModel,
} from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';
import { STEP_MIRROR_COLUMNS, STEP_MIRROR_SET, type StepMirrorRow } from '../work-items/step-mirror';
import type { OpenRoundInput, RoundOpened } from './round.schema';

const roundColumns = {
  id: true,
  villageCode: true,
  incomeYear: true,
  workflowId: true,
  status: true,
  createdBy: true,
  createdAt: true,
} as const;

/** A round as the round service and the review's activities read it (by column name). */
export type RoundRow = Columns<Pick<IdentificationRound, keyof typeof roundColumns>>;

/**
 * Identification rounds (识别批次) and their households: the only place their SQL lives. Model calls for the plain
 * reads; SQL for the households locked at the opening, the round's inserts (created_at and updated_at: the database
 * clock), the list's counts, the workflow's input (each household's head: an ordering on an expression) and the
 * activities' batched reads and writes (one statement per call, whatever the batch size).
 */
@Injectable()
export class RoundRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

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
  db: IdentificationDb,
  input: { villageCode: string; incomeYear: number; householdIds?: string[] },
  actor: Actor,
  key: string,
) {
  return db.$transaction(async (tx) =>
    onceForKey<RoundOpened>(tx, 'round.open', key, input, async () => {
      const existing = await tx.identificationRound.findUnique({
        where: { villageCode_incomeYear: { villageCode: input.villageCode, incomeYear: input.incomeYear } },
        select: { id: true },
      });
      if (existing) {
        throw new DomainError(
          409,
          'round.exists',
          {
            'zh-CN': `村 ${input.villageCode} ${input.incomeYear} 年度的识别批次已存在（${existing.id}）`,
            en: `village ${input.villageCode} already has the ${input.incomeYear} round (${existing.id})`,
          },
          'villageCode',
          { roundId: existing.id },
        );
      }
      const candidates = await lockCandidates(tx, input);
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
          (c) => c.villageCode !== input.villageCode || !['applicant', 'refused', 'withdrawn'].includes(c.status),
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

/** The households named (or else the village's applying ones, oldest first), locked until the round takes them. */
function lockCandidates(tx: IdentificationTx, input: { villageCode: string; householdIds?: string[] }) {
  return tx.$queryRawUnsafe<Pick<Household, 'id' | 'status' | 'villageCode'>[]>(
    input.householdIds
      ? `SELECT id::text, status, village_code AS "villageCode" FROM household WHERE id = ANY($1::uuid[]) FOR UPDATE`
      : `SELECT id::text, status, village_code AS "villageCode" FROM household WHERE village_code = $1 AND status IN ('applicant', 'refused', 'withdrawn') ORDER BY created_at FOR UPDATE`,
    input.householdIds ?? input.villageCode,
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

/** The round, or null; `db` is the client or a transaction (an activity's). */
export async function loadRound(db: SqlExecutor, roundId: string): Promise<RoundRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(roundId)) return null;
  const round = await identificationTx(db).identificationRound.findUnique({
    where: { id: roundId },
    select: roundColumns,
  });
  return round && asColumns(round);
}

export async function listRounds(db: IdentificationDb, division: string) {
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
    (Pick<RoundHouseholdModel, 'householdId'> &
      Pick<Household, 'phone' | 'mainCause'> & {
        headName: Person['name'];
        headIdNumber: Person['idNumber'];
        members: number;
      })[]
  >(
    `SELECT rh.household_id::text AS "householdId", head.name AS "headName", head.id_number AS "headIdNumber", h.phone,
            (SELECT count(*)::int FROM person p WHERE p.household_id = h.id) AS members, h.main_cause AS "mainCause"
       FROM round_household rh JOIN household h ON h.id = rh.household_id
       JOIN LATERAL (SELECT name, id_number FROM person p WHERE p.household_id = h.id ORDER BY p.relation <> '户主', p.id_number LIMIT 1) head ON true
      WHERE rh.round_id = $1::uuid ORDER BY rh.household_id`,
    round.id,
  );
  const households: RoundHousehold[] = rows.map((r) => ({
    householdId: r.householdId,
    headName: r.headName,
    headIdNumber: r.headIdNumber,
    ...(r.phone ? { phone: r.phone } : {}),
    memberCount: r.members,
    ...(r.mainCause ? { mainCause: POVERTY_CAUSE_LABELS[r.mainCause as PovertyCause]?.['zh-CN'] ?? r.mainCause } : {}),
  }));
  return { roundId: round.id, villageCode: round.village_code, incomeYear: round.income_year, households, config };
}

/** Each household's step as the register last recorded it (mirror of the workflow, for lists and polling). */
export function roundHouseholds(db: IdentificationDb, roundId: string) {
  return db.roundHousehold.findMany({
    where: { roundId },
    orderBy: { householdId: 'asc' },
    select: { householdId: true, step: true, outcome: true, reason: true, flaggedForReview: true, updatedAt: true },
  });
}

// ── what the round's activities read and write (batched: one statement per call, whatever the batch size) ────────

type SurveyItems = Pick<
  IncomeSurvey,
  | 'farmingIncome'
  | 'livestockIncome'
  | 'wageIncome'
  | 'propertyIncome'
  | 'transferIncome'
  | 'businessNetIncome'
  | 'productionCosts'
  | 'livingExpenses'
  | 'illnessSpending'
  | 'studentCosts'
>;

/** A survey's line items by column name, the amounts (bigint, fen) as text. */
export type SurveyRow = Columns<
  Pick<IncomeSurvey, 'householdId' | 'householdSize'> & { [K in keyof SurveyItems]: string }
>;

export type ObservationRow = Columns<
  Pick<
    LivingObservation,
    'householdId' | 'housingGrade' | 'drinkingWaterSafe' | 'foodSecure' | 'clothingSecure' | 'childrenOutOfSchool'
  >
>;

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
  return db.$queryRawUnsafe<(Columns<Pick<Household, 'id' | 'villageCode'>> & { uninsured: number })[]>(
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

/** Each household's latest step, when it began and its misses (待办, ADR 0019), in one statement. */
export async function recordRoundSteps(tx: SqlExecutor, roundId: string, rows: StepMirrorRow[]): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE round_household m SET ${STEP_MIRROR_SET} FROM json_to_recordset($2::json) AS ${STEP_MIRROR_COLUMNS}
      WHERE m.round_id = $1::uuid AND m.household_id = x.household_id`,
    roundId,
    JSON.stringify(rows),
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
    Columns<Pick<Person, 'householdId' | 'idNumber' | 'name' | 'relation'> & Pick<Household, 'villageCode'>>[]
  >(
    `SELECT p.household_id::text, h.village_code, p.id_number, p.name, p.relation FROM person p JOIN household h ON h.id = p.household_id
              WHERE p.household_id = ANY($1::uuid[]) ORDER BY p.household_id, p.relation <> '户主', p.id_number`,
    householdIds,
  );
}
