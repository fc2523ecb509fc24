import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import { screeningWorkflowId } from '@fupin/identification-workflows';
import { type SqlExecutor, type TransactionalClient, onceForKey } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import { type Columns, type IdentificationDb } from '../db';
import type { ExitCriteriaRow } from '../exits/exit-criteria.repository';
import type { IncomeSurvey, Screening, ScreeningResult } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';
import type { ScreeningOutcome } from './screening-outcome';

/** A screening as the service reads it: every column, by name. */
export type ScreeningRow = Columns<Screening>;

/** One household of a chunk: what the exit criteria read, plus the monitoring status and each survey's figures. */
export type ScreeningHouseholdRow = Omit<ExitCriteriaRow, 'surveys'> & {
  /** In an active monitoring period (monitoring or clearing). */
  monitored: boolean;
  /** The newest surveys up to the income year, newest first; amounts as text (bigint in JSON). */
  surveys:
    | (Pick<IncomeSurvey, 'incomeYear'> & { perCapitaFen: string; netIncomeFen: string; rigidSpendingFen: string })[]
    | null;
};

/** A result row as the API lists it. */
export type ScreeningResultRow = Columns<
  Pick<ScreeningResult, 'householdId' | 'villageCode' | 'outcome' | 'criteria'>
> & {
  per_capita_fen: string | null;
};

/** One result to write: a household, its outcome, the criteria as JSON text. */
export interface NewScreeningResult {
  householdId: string;
  villageCode: string;
  outcome: ScreeningOutcome;
  perCapitaFen: number | null;
  criteria: string;
}

/** What one committed chunk adds to the checkpoint. */
export interface ChunkTally {
  processed: number;
  mayExit: number;
  noLongerEligible: number;
  enterMonitoring: number;
  relapse: number;
  undecided: number;
}

export interface ScreeningResultFilter {
  outcome?: ScreeningOutcome;
  village?: string;
  /** Keyset: results after this household id. */
  after?: string;
  limit: number;
}

/** The households a screening covers: registered or exited, or under monitoring, in the division. */
const SCREENED = `h.village_code LIKE $1
   AND (h.status IN ('registered', 'exited')
        OR EXISTS (SELECT 1 FROM monitored_household m WHERE m.household_id = h.id AND m.status IN ('monitoring', 'clearing')))`;

const NO_HOUSEHOLD = '00000000-0000-0000-0000-000000000000';

/**
 * 动态监测筛查: the only place the feature's SQL lives. Chunks are read by keyset on household id (the primary key),
 * one statement per chunk whose correlated sub-selects use the per-household indexes (surveys by their primary key,
 * members and observations by household); results are written with unnest arrays in the chunk's transaction.
 */
@Injectable()
export class ScreeningRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  start(input: StartScreening, actor: Actor, key: string) {
    return startScreening(this.db, input, actor, key);
  }

  load(id: string): Promise<ScreeningRow | null> {
    return loadScreening(this.db, id);
  }

  results(id: string, filter: ScreeningResultFilter): Promise<ScreeningResultRow[]> {
    return screeningResults(this.db, id, filter);
  }
}

export interface StartScreening {
  divisionCode: string;
  incomeYear: number;
  /** Ages are taken on this day (YYYY-MM-DD). */
  asOf: string;
}

export interface StartedScreening {
  screeningId: string;
  workflowId: string;
  status: string;
  /** A screening of the division and year was already running: this is it. */
  alreadyRunning: boolean;
}

/**
 * Record a screening (once per Idempotency-Key): one running per division and income year — under an advisory lock on
 * the pair, a running one is answered instead of a second. The households are counted now (the total).
 */
export function startScreening(db: TransactionalClient, input: StartScreening, actor: Actor, key: string) {
  return db.$transaction(async (tx) =>
    onceForKey<StartedScreening>(tx, 'screening.start', key, input, async () => {
      await tx.$executeRawUnsafe(
        `SELECT pg_advisory_xact_lock(72410023, hashtext($1))`,
        `${input.divisionCode}:${input.incomeYear}`,
      );
      const running = await tx.$queryRawUnsafe<Pick<ScreeningRow, 'id' | 'workflow_id' | 'status'>[]>(
        `SELECT id::text, workflow_id, status FROM screening
          WHERE division_code = $1 AND income_year = $2 AND status = 'running' LIMIT 1`,
        input.divisionCode,
        input.incomeYear,
      );
      if (running[0]) {
        const r = running[0];
        return {
          status: 200,
          body: { screeningId: r.id, workflowId: r.workflow_id, status: r.status, alreadyRunning: true },
        };
      }
      const id = randomUUID();
      const workflowId = screeningWorkflowId(id);
      const total = await countScreened(tx, input.divisionCode);
      await tx.$executeRawUnsafe(
        `INSERT INTO screening (id, division_code, income_year, status, workflow_id, as_of, total, created_by, created_role)
         VALUES ($1::uuid, $2, $3, 'running', $4, $5::date, $6, $7, $8)`,
        id,
        input.divisionCode,
        input.incomeYear,
        workflowId,
        input.asOf,
        total,
        actor.subject,
        actor.role,
      );
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'screening.started',
        subjectType: 'screening',
        subjectId: id,
        after: { divisionCode: input.divisionCode, incomeYear: input.incomeYear, total },
        reason: '动态监测筛查 / screening started',
      });
      return { status: 202, body: { screeningId: id, workflowId, status: 'running', alreadyRunning: false } };
    }),
  );
}

async function countScreened(db: SqlExecutor, divisionCode: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM household h WHERE ${SCREENED}`,
    `${divisionCode}%`,
  );
  return rows[0].n;
}

export async function loadScreening(db: SqlExecutor, id: string): Promise<ScreeningRow | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await db.$queryRawUnsafe<ScreeningRow[]>(
    `SELECT id::text, division_code, income_year, status, workflow_id, as_of, total, processed, last_household_id::text,
            may_exit, no_longer_eligible, enter_monitoring, relapse, undecided, created_by, created_role, started_at,
            finished_at, failure
       FROM screening WHERE id = $1::uuid`,
    id,
  );
  return rows[0] ?? null;
}

/**
 * The next chunk after `afterId` (keyset on household id): each household with its newest `surveyCount` surveys up to
 * the income year, its members (age on `asOf`), its latest observation and whether it is monitored.
 */
export function screeningChunk(
  db: SqlExecutor,
  q: {
    divisionCode: string;
    afterId: string | null;
    limit: number;
    asOf: string;
    incomeYear: number;
    surveyCount: number;
  },
): Promise<ScreeningHouseholdRow[]> {
  return db.$queryRawUnsafe<ScreeningHouseholdRow[]>(
    `WITH h AS (
       SELECT h.id, h.village_code, h.status FROM household h
        WHERE h.id > $2::uuid AND ${SCREENED}
        ORDER BY h.id LIMIT $3)
     SELECT h.id::text, h.village_code, h.status,
            EXISTS (SELECT 1 FROM monitored_household m
                     WHERE m.household_id = h.id AND m.status IN ('monitoring', 'clearing')) AS monitored,
            (SELECT json_agg(json_build_object('incomeYear', s.income_year, 'perCapitaFen', s.per_capita_fen::text,
                      'netIncomeFen', s.net_income_fen::text, 'rigidSpendingFen', (s.illness_spending + s.student_costs)::text)
                      ORDER BY s.income_year DESC)
               FROM (SELECT * FROM income_survey s WHERE s.household_id = h.id AND s.income_year <= $5
                      ORDER BY s.income_year DESC LIMIT $6) s) AS surveys,
            (SELECT json_agg(json_build_object('age', date_part('year', age($4::date, p.birth_date))::int,
                      'studentStatus', p.student_status, 'insured', p.basic_medical_insured))
               FROM person p WHERE p.household_id = h.id) AS members,
            o.housing_grade, o.drinking_water_safe, o.food_secure, o.clothing_secure, o.children_out_of_school, o.observed_at
       FROM h
       LEFT JOIN LATERAL (SELECT housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school, observed_at
                            FROM living_observation lo WHERE lo.household_id = h.id
                           ORDER BY observed_at DESC LIMIT 1) o ON true
      ORDER BY h.id`,
    `${q.divisionCode}%`,
    q.afterId ?? NO_HOUSEHOLD,
    q.limit,
    q.asOf,
    q.incomeYear,
    q.surveyCount,
  );
}

/**
 * Commit one chunk: the checkpoint moves from `fromId` to `toId` with the chunk's tally, and its results are written —
 * in one transaction. The checkpoint moves only where this run found it (a running screening whose last household is
 * still `fromId`), so a chunk another attempt committed meanwhile is not written twice (false then); the results'
 * primary key (screening, household) with ON CONFLICT DO NOTHING is the second guard.
 */
export function commitScreeningChunk(
  db: TransactionalClient,
  screeningId: string,
  chunk: { fromId: string | null; toId: string; tally: ChunkTally; results: readonly NewScreeningResult[] },
): Promise<boolean> {
  const { tally, results } = chunk;
  return db.$transaction(async (tx) => {
    const moved = await tx.$executeRawUnsafe(
      `UPDATE screening SET last_household_id = $3::uuid, processed = processed + $4, may_exit = may_exit + $5,
              no_longer_eligible = no_longer_eligible + $6, enter_monitoring = enter_monitoring + $7,
              relapse = relapse + $8, undecided = undecided + $9
        WHERE id = $1::uuid AND status = 'running' AND last_household_id IS NOT DISTINCT FROM $2::uuid`,
      screeningId,
      chunk.fromId,
      chunk.toId,
      tally.processed,
      tally.mayExit,
      tally.noLongerEligible,
      tally.enterMonitoring,
      tally.relapse,
      tally.undecided,
    );
    if (moved === 0) return false;
    if (results.length > 0) await insertResults(tx, screeningId, results);
    return true;
  });
}

/** One multi-row INSERT … SELECT FROM unnest(arrays), one array per column. */
async function insertResults(tx: SqlExecutor, screeningId: string, results: readonly NewScreeningResult[]) {
  await tx.$executeRawUnsafe(
    `INSERT INTO screening_result (screening_id, household_id, village_code, outcome, per_capita_fen, criteria)
     SELECT $1::uuid, u.household_id::uuid, u.village_code, u.outcome, u.per_capita_fen::bigint, u.criteria::jsonb
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS u(household_id, village_code, outcome, per_capita_fen, criteria)
     ON CONFLICT DO NOTHING`,
    screeningId,
    results.map((r) => r.householdId),
    results.map((r) => r.villageCode),
    results.map((r) => r.outcome),
    results.map((r) => (r.perCapitaFen === null ? null : String(r.perCapitaFen))),
    results.map((r) => r.criteria),
  );
}

/** running → completed (the counts as committed); true when this call moved it. */
export async function markScreeningCompleted(db: SqlExecutor, id: string): Promise<boolean> {
  const n = await db.$executeRawUnsafe(
    `UPDATE screening SET status = 'completed', finished_at = now() WHERE id = $1::uuid AND status = 'running'`,
    id,
  );
  return n > 0;
}

/** running → failed with why; a finished one stays as it is. */
export async function markScreeningFailed(db: SqlExecutor, id: string, failure: unknown): Promise<boolean> {
  const n = await db.$executeRawUnsafe(
    `UPDATE screening SET status = 'failed', finished_at = now(), failure = $2::jsonb WHERE id = $1::uuid AND status = 'running'`,
    id,
    JSON.stringify(failure),
  );
  return n > 0;
}

/**
 * A page of results by keyset on household id, optionally of one outcome or one village (each filter has its index:
 * (screening, outcome, household), (screening, village, household)).
 */
export function screeningResults(
  db: SqlExecutor,
  screeningId: string,
  f: ScreeningResultFilter,
): Promise<ScreeningResultRow[]> {
  const params: unknown[] = [screeningId, f.after ?? NO_HOUSEHOLD, f.limit];
  const where = ['screening_id = $1::uuid', 'household_id > $2::uuid'];
  if (f.outcome) where.push(`outcome = $${params.push(f.outcome)}`);
  if (f.village) where.push(`village_code = $${params.push(f.village)}`);
  return db.$queryRawUnsafe<ScreeningResultRow[]>(
    `SELECT household_id::text, village_code, outcome, per_capita_fen::text, criteria
       FROM screening_result WHERE ${where.join(' AND ')}
      ORDER BY household_id LIMIT $3`,
    ...params,
  );
}
