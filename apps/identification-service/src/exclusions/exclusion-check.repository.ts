import type { SqlExecutor } from '@fupin/persistence';
import type { Columns } from '../db';
import type { CadreRelative, ExclusionBatch, ExclusionRecord, Household, Person } from '../generated/prisma/client';

/**
 * The reads of 四不列比对 (check-exclusions.ts): a county cross-check covers thousands of households in four queries,
 * SQL taking the ids as one JSON parameter. Rows under their column names (`Columns<…>` of the models).
 */

/** The households that exist among `ids` (lowercase uuids), with their villages. */
export function householdsToCheck(db: SqlExecutor, ids: string[]) {
  return db.$queryRawUnsafe<Columns<Pick<Household, 'id' | 'villageCode'>>[]>(
    `SELECT id::text AS id, village_code FROM household WHERE id = ANY(ARRAY(SELECT json_array_elements_text($1::json)::uuid))`,
    JSON.stringify(ids),
  );
}

/** Their members, head first. */
export function membersToCheck(db: SqlExecutor, householdIds: string[]) {
  return db.$queryRawUnsafe<Columns<Pick<Person, 'householdId' | 'idNumber' | 'name'>>[]>(
    `SELECT household_id::text AS household_id, id_number, name FROM person WHERE household_id = ANY(ARRAY(SELECT json_array_elements_text($1::json)::uuid))
      ORDER BY household_id, relation <> '户主', id_number`,
    JSON.stringify(householdIds),
  );
}

/** Loaded exclusion records of these ID numbers (`idNumbers`: a JSON array), any county, oldest load first. */
export function exclusionRecordsOf(db: SqlExecutor, idNumbers: string) {
  return db.$queryRawUnsafe<
    Columns<Pick<ExclusionRecord, 'source' | 'idNumber' | 'detail' | 'batchId'> & Pick<ExclusionBatch, 'loadedAt'>>[]
  >(
    `SELECT r.source, r.id_number, r.detail, b.loaded_at, b.id::text AS batch_id
           FROM exclusion_record r JOIN exclusion_batch b ON b.id = r.batch_id
          WHERE r.id_number = ANY(ARRAY(SELECT json_array_elements_text($1::json))) ORDER BY b.loaded_at, r.id`,
    idNumbers,
  );
}

/** Cadre-relative entries of these ID numbers (`idNumbers`: a JSON array), in every village. */
export function cadreRelativesOf(db: SqlExecutor, idNumbers: string) {
  return db.$queryRawUnsafe<Columns<Pick<CadreRelative, 'villageCode' | 'idNumber' | 'cadreName' | 'relation'>>[]>(
    `SELECT village_code, id_number, cadre_name, relation FROM cadre_relative WHERE id_number = ANY(ARRAY(SELECT json_array_elements_text($1::json))) ORDER BY id_number`,
    idNumbers,
  );
}
