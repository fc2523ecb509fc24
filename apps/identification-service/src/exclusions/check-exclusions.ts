import {
  type ExclusionMatch,
  type ExclusionRecord,
  type ExclusionSource,
  matchExclusions,
  normaliseIdNumber,
} from '@fupin/identification-rules';
import type { SqlExecutor } from '@fupin/persistence';
import { DomainError } from '@fupin/service-kit';
import { cadreRelativesOf, exclusionRecordsOf, householdsToCheck, membersToCheck } from './exclusion-check.repository';

/**
 * 四不列比对: members' ID numbers against every loaded exclusion record (any county: a car or a flat
 * elsewhere still counts) and against the cadre-relative list of the household's own village. The rule
 * itself is `matchExclusions` (@fupin/identification-rules): every hit keeps its source, batch and load
 * time; a productive vehicle is recorded but does not exclude; a cadre's relative is flagged for township
 * review, never excluded on that alone.
 */
export interface HouseholdExclusionCheck extends ExclusionMatch {
  householdId: string;
  villageCode: string;
  memberCount: number;
  checkedAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One household; 404 DomainError when it does not exist. */
export async function checkExclusions(
  db: SqlExecutor,
  householdId: string,
  now: Date = new Date(),
): Promise<HouseholdExclusionCheck> {
  const result = (await checkExclusionsForHouseholds(db, [householdId], now)).get(householdId.toLowerCase());
  if (!result)
    throw new DomainError(
      404,
      'household.not_found',
      { 'zh-CN': `未找到户 ${householdId}`, en: `Household ${householdId} not found` },
      'householdId',
    );
  return result;
}

/**
 * Many households in four queries (a county cross-check covers thousands). Households that do not exist
 * are absent from the map.
 */
export async function checkExclusionsForHouseholds(
  db: SqlExecutor,
  householdIds: readonly string[],
  now: Date = new Date(),
): Promise<Map<string, HouseholdExclusionCheck>> {
  const out = new Map<string, HouseholdExclusionCheck>();
  const ids = [...new Set(householdIds.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))];
  if (ids.length === 0) return out;
  const households = await householdsToCheck(db, ids);
  if (households.length === 0) return out;
  const members = await membersToCheck(
    db,
    households.map((h) => h.id),
  );
  const idNumbers = JSON.stringify([...new Set(members.map((m) => m.id_number))]);
  const [records, relatives] =
    members.length === 0
      ? [[], []]
      : await Promise.all([exclusionRecordsOf(db, idNumbers), cadreRelativesOf(db, idNumbers)]);

  const recordsById = new Map<string, ExclusionRecord[]>();
  for (const r of records) {
    const record: ExclusionRecord = {
      source: r.source as ExclusionSource,
      idNumber: r.id_number,
      detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as ExclusionRecord['detail'],
      loadedAt: new Date(r.loaded_at).toISOString(),
      batchId: r.batch_id,
    };
    const key = normaliseIdNumber(r.id_number);
    const list = recordsById.get(key);
    if (list) list.push(record);
    else recordsById.set(key, [record]);
  }
  const membersOf = new Map<string, { idNumber: string; name: string }[]>();
  for (const m of members) {
    const list = membersOf.get(m.household_id);
    if (list) list.push({ idNumber: m.id_number, name: m.name });
    else membersOf.set(m.household_id, [{ idNumber: m.id_number, name: m.name }]);
  }
  const checkedAt = now.toISOString();
  for (const h of households) {
    const own = membersOf.get(h.id) ?? [];
    const ownIds = new Set(own.map((m) => normaliseIdNumber(m.idNumber)));
    const match = matchExclusions(
      own,
      own.flatMap((m) => recordsById.get(normaliseIdNumber(m.idNumber)) ?? []),
      relatives
        .filter((r) => r.village_code === h.village_code && ownIds.has(normaliseIdNumber(r.id_number)))
        .map((r) => ({ idNumber: r.id_number, cadreName: r.cadre_name, relation: r.relation })),
    );
    out.set(h.id, { householdId: h.id, villageCode: h.village_code, memberCount: own.length, checkedAt, ...match });
  }
  return out;
}
