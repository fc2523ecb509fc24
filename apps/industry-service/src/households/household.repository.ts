import type { HouseholdExitedV1, HouseholdRegisteredV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';

/**
 * The registered households industry support may serve, as received from identification: the only place their SQL
 * lives. Runs inside the Kafka consumer's transaction (with its de-duplication row); a re-registration updates in place.
 */
export async function saveRegistered(tx: SqlExecutor, p: HouseholdRegisteredV1): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO registered_household (household_id, village_code, head_name, member_count, registered_at)
     VALUES ($1::uuid, $2, $3, $4, $5::timestamptz)
     ON CONFLICT (household_id) DO UPDATE SET village_code = EXCLUDED.village_code, head_name = EXCLUDED.head_name,
       member_count = EXCLUDED.member_count, registered_at = EXCLUDED.registered_at, received_at = now(), exited_at = NULL`,
    p.householdId,
    p.villageCode,
    p.headName,
    p.memberCount,
    p.registeredAt,
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO registered_person (id_number, household_id, name, relation)
     SELECT m.id_number, $1::uuid, m.name, m.relation FROM json_to_recordset($2::json) AS m(id_number text, name text, relation text)
     ON CONFLICT (id_number) DO UPDATE SET household_id = EXCLUDED.household_id, name = EXCLUDED.name, relation = EXCLUDED.relation`,
    p.householdId,
    JSON.stringify(p.members.map((m) => ({ id_number: m.idNumber, name: m.name, relation: m.relation }))),
  );
}

/** household.exited: the day it left the register (the household is kept: 摘帽不摘政策). */
export async function markExited(tx: SqlExecutor, p: HouseholdExitedV1): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE registered_household SET exited_at = $2::timestamptz, received_at = now() WHERE household_id = $1::uuid`,
    p.householdId,
    p.exitedAt,
  );
}
