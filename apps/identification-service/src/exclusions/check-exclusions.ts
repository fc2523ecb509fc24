import { type ExclusionMatch, type ExclusionRecord, type ExclusionSource, matchExclusions } from '@fupin/identification-rules';
import type { SqlExecutor } from '@fupin/persistence';
import { DomainError } from '@fupin/service-kit';

/**
 * 四不列比对 for one household: its members' ID numbers against every loaded exclusion record (any
 * county: a car or a flat elsewhere still counts) and against the cadre-relative list of the household's
 * own village. The rule itself is `matchExclusions` (@fupin/identification-rules): every hit keeps its
 * source, batch and load time; a productive vehicle is recorded but does not exclude; a cadre's relative is
 * flagged for township review, never excluded on that alone.
 */
export interface HouseholdExclusionCheck extends ExclusionMatch {
  householdId: string;
  villageCode: string;
  memberCount: number;
  checkedAt: string;
}

export async function checkExclusions(db: SqlExecutor, householdId: string, now: Date = new Date()): Promise<HouseholdExclusionCheck> {
  const household = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(householdId)
    ? await db.$queryRawUnsafe<{ village_code: string }[]>(`SELECT village_code FROM household WHERE id = $1::uuid`, householdId)
    : [];
  if (!household[0]) {
    throw new DomainError(404, 'household.not_found', { 'zh-CN': `未找到户 ${householdId}`, en: `Household ${householdId} not found` }, 'householdId');
  }
  const villageCode = household[0].village_code;
  const members = await db.$queryRawUnsafe<{ id_number: string; name: string }[]>(
    `SELECT id_number, name FROM person WHERE household_id = $1::uuid ORDER BY relation <> '户主', id_number`, householdId,
  );
  const ids = members.map((m) => m.id_number);
  const [records, relatives] = ids.length === 0
    ? [[], []]
    : await Promise.all([
      db.$queryRawUnsafe<{ source: string; id_number: string; detail: unknown; loaded_at: Date | string; batch_id: string }[]>(
        `SELECT r.source, r.id_number, r.detail, b.loaded_at, b.id::text AS batch_id
           FROM exclusion_record r JOIN exclusion_batch b ON b.id = r.batch_id
          WHERE r.id_number = ANY($1::text[]) ORDER BY b.loaded_at, r.id`,
        ids,
      ),
      db.$queryRawUnsafe<{ id_number: string; cadre_name: string; relation: string }[]>(
        `SELECT id_number, cadre_name, relation FROM cadre_relative WHERE village_code = $1 AND id_number = ANY($2::text[]) ORDER BY id_number`,
        villageCode, ids,
      ),
    ]);
  const match = matchExclusions(
    members.map((m) => ({ idNumber: m.id_number, name: m.name })),
    records.map((r): ExclusionRecord => ({
      source: r.source as ExclusionSource,
      idNumber: r.id_number,
      detail: (typeof r.detail === 'string' ? JSON.parse(r.detail) : r.detail) as ExclusionRecord['detail'],
      loadedAt: new Date(r.loaded_at).toISOString(),
      batchId: r.batch_id,
    })),
    relatives.map((r) => ({ idNumber: r.id_number, cadreName: r.cadre_name, relation: r.relation })),
  );
  return { householdId, villageCode, memberCount: members.length, checkedAt: now.toISOString(), ...match };
}
