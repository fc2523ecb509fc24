import type { SqlExecutor } from '@fupin/persistence';
import type { Columns, Nullable } from '../db';
import type { Household, IncomeSurvey, LivingObservation, Person } from '../generated/prisma/client';

/**
 * What the exit criteria of one household are judged on: surveys, members, the latest observation with when it was
 * made (null columns when there is none). Under the column names (`Columns<…>`), as exit-criteria.ts reads them.
 */
export type ExitCriteriaRow = Columns<Pick<Household, 'id' | 'villageCode' | 'status'>> &
  Nullable<
    Columns<
      Pick<
        LivingObservation,
        'housingGrade' | 'drinkingWaterSafe' | 'foodSecure' | 'clothingSecure' | 'childrenOutOfSchool' | 'observedAt'
      >
    >
  > & {
    /** Newest income year first; the per-capita income as text (a bigint in JSON). */
    surveys: (Pick<IncomeSurvey, 'incomeYear'> & { perCapitaFen: string })[] | null;
    /** Each member's age on the day asked, schooling and basic medical insurance. */
    members: ({ age: number; insured: Person['basicMedicalInsured'] } & Pick<Person, 'studentStatus'>)[] | null;
  };

/**
 * For many households at once: newest surveys first, every member's age on `onDate` (computed in SQL with age()),
 * insurance and schooling, and the latest living-condition observation made at the household (入户调查) — its time
 * decides whether it is of the income year; a renovation accepted after it (危房改造, recorded by relocation-service's
 * housing.renovated) gives the house grade only, so a renovation never makes an old survey look current.
 */
export async function exitCriteriaRows(
  db: SqlExecutor,
  householdIds: readonly string[],
  onDate: string,
): Promise<ExitCriteriaRow[]> {
  return db.$queryRawUnsafe<ExitCriteriaRow[]>(
    `SELECT h.id::text, h.village_code, h.status,
            (SELECT json_agg(json_build_object('incomeYear', s.income_year, 'perCapitaFen', s.per_capita_fen::text) ORDER BY s.income_year DESC)
               FROM income_survey s WHERE s.household_id = h.id) AS surveys,
            (SELECT json_agg(json_build_object('age', date_part('year', age($2::date, p.birth_date))::int, 'studentStatus', p.student_status, 'insured', p.basic_medical_insured))
               FROM person p WHERE p.household_id = h.id) AS members,
            coalesce(g.housing_grade, o.housing_grade) AS housing_grade,
            o.drinking_water_safe, o.food_secure, o.clothing_secure, o.children_out_of_school, o.observed_at
       FROM household h
       LEFT JOIN LATERAL (SELECT housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school, observed_at
                            FROM living_observation lo
                           WHERE lo.household_id = h.id AND lo.observed_by NOT LIKE 'relocation-service:%'
                           ORDER BY observed_at DESC LIMIT 1) o ON true
       LEFT JOIN LATERAL (SELECT housing_grade FROM living_observation lo
                           WHERE lo.household_id = h.id AND o.observed_at IS NOT NULL AND lo.observed_at > o.observed_at
                             AND lo.observed_by LIKE 'relocation-service:%'
                           ORDER BY observed_at DESC LIMIT 1) g ON true
      WHERE h.id = ANY($1::uuid[])`,
    householdIds,
    onDate,
  );
}
