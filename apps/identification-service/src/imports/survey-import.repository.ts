import type { SqlExecutor } from '@fupin/persistence';
import type { Columns } from '../db';
import type { Household } from '../generated/prisma/client';

/**
 * The survey import's data access (入户调查批量导入): finding a file's households, locking a batch's, and the batch's
 * multi-row writes. Parsing, checks and the batch loop are in survey-import.ts. Rows under their column names
 * (`Columns<…>` of the models), as survey-import.ts reads them.
 */

export type LockedHousehold = Columns<Pick<Household, 'id' | 'villageCode' | 'status'>> & { members: number };

/** Households by id (read only; the batch locks and checks again). */
export function householdsById(db: SqlExecutor, ids: string[]) {
  return db.$queryRawUnsafe<Columns<Pick<Household, 'id' | 'villageCode' | 'rosterKey' | 'status'>>[]>(
    `SELECT h.id::text AS id, h.village_code, h.roster_key, h.status FROM household h
        WHERE h.id IN (SELECT (json_array_elements_text($1::json))::uuid)`,
    JSON.stringify(ids),
  );
}

/** Households by village code + household key (户编号 as imported with the roster); a key may match several. */
export function householdsByKey(db: SqlExecutor, keys: { v: string | null; k: string | null }[]) {
  // matched on roster_key: never null here
  return db.$queryRawUnsafe<
    (Columns<Pick<Household, 'id' | 'villageCode' | 'status'>> & { roster_key: NonNullable<Household['rosterKey']> })[]
  >(
    `SELECT h.id::text AS id, h.village_code, h.roster_key, h.status FROM household h
         JOIN (SELECT DISTINCT v, k FROM json_to_recordset($1::json) AS t(v text, k text)) k ON h.village_code = k.v AND h.roster_key = k.k`,
    JSON.stringify(keys),
  );
}

/** The batch's households locked in id order (two writers of overlapping households never wait in a circle). */
export function lockSurveyedHouseholds(tx: SqlExecutor, ids: string[]) {
  return tx.$queryRawUnsafe<LockedHousehold[]>(
    `SELECT h.id::text AS id, h.village_code, h.status, (SELECT count(*)::int FROM person p WHERE p.household_id = h.id) AS members
         FROM household h WHERE h.id IN (SELECT (json_array_elements_text($1::json))::uuid) ORDER BY h.id FOR UPDATE OF h`,
    JSON.stringify(ids),
  );
}

/** The batch's surveys written, or redone for their income year. */
export async function upsertSurveys(tx: SqlExecutor, surveys: Record<string, unknown>[], surveyedBy: string) {
  await tx.$executeRawUnsafe(
    `INSERT INTO income_survey (household_id, income_year, household_size, farming_income, livestock_income, wage_income, property_income,
                                  transfer_income, business_net_income, production_costs, living_expenses, illness_spending, student_costs,
                                  net_income_fen, per_capita_fen, surveyed_by, surveyed_at)
       SELECT t.household_id, t.income_year, t.household_size, t.farming_income, t.livestock_income, t.wage_income, t.property_income,
              t.transfer_income, t.business_net_income, t.production_costs, t.living_expenses, t.illness_spending, t.student_costs,
              t.net_income_fen, t.per_capita_fen, $2, now()
         FROM json_to_recordset($1::json) AS t(household_id uuid, income_year int, household_size int, farming_income bigint, livestock_income bigint,
              wage_income bigint, property_income bigint, transfer_income bigint, business_net_income bigint, production_costs bigint,
              living_expenses bigint, illness_spending bigint, student_costs bigint, net_income_fen bigint, per_capita_fen bigint)
       ON CONFLICT (household_id, income_year) DO UPDATE SET household_size = EXCLUDED.household_size, farming_income = EXCLUDED.farming_income,
         livestock_income = EXCLUDED.livestock_income, wage_income = EXCLUDED.wage_income, property_income = EXCLUDED.property_income,
         transfer_income = EXCLUDED.transfer_income, business_net_income = EXCLUDED.business_net_income, production_costs = EXCLUDED.production_costs,
         living_expenses = EXCLUDED.living_expenses, illness_spending = EXCLUDED.illness_spending, student_costs = EXCLUDED.student_costs,
         net_income_fen = EXCLUDED.net_income_fen, per_capita_fen = EXCLUDED.per_capita_fen, surveyed_by = EXCLUDED.surveyed_by, surveyed_at = now()`,
    JSON.stringify(surveys),
    surveyedBy,
  );
}

/** The batch's observations, one new row per household. */
export async function insertObservations(tx: SqlExecutor, observations: Record<string, unknown>[], observedBy: string) {
  await tx.$executeRawUnsafe(
    `INSERT INTO living_observation (id, household_id, housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school, appliances, vehicles, observed_by)
       SELECT t.id, t.household_id, t.housing_grade, t.drinking_water_safe, t.food_secure, t.clothing_secure, t.children_out_of_school, '[]'::jsonb, '[]'::jsonb, $2
         FROM json_to_recordset($1::json) AS t(id uuid, household_id uuid, housing_grade text, drinking_water_safe bool, food_secure bool, clothing_secure bool, children_out_of_school int)`,
    JSON.stringify(observations),
    observedBy,
  );
}
