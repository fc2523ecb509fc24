import type { EventEnvelope, HouseholdExitedV1, HouseholdRegisteredV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';

/**
 * household.registered → relocation knows the household and its members (who it may serve). Runs in
 * the consumer's transaction with the de-duplication row; a re-registration updates in place.
 */
export async function householdRegisteredHandler(event: EventEnvelope<unknown>, tx: SqlExecutor): Promise<void> {
  const p = event.payload as HouseholdRegisteredV1;
  await tx.$executeRawUnsafe(
    `INSERT INTO registered_household (household_id, village_code, head_name, member_count, registered_at)
     VALUES ($1::uuid, $2, $3, $4, $5::timestamptz)
     ON CONFLICT (household_id) DO UPDATE SET village_code = EXCLUDED.village_code, head_name = EXCLUDED.head_name,
       member_count = EXCLUDED.member_count, registered_at = EXCLUDED.registered_at, received_at = now(),
       exited_at = NULL, transition_ends_on = NULL`,
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

/**
 * household.exited → the household left the register; relocation keeps serving it through the transition period
 * (摘帽不摘政策), so the date is recorded, not the household removed.
 */
export async function householdExitedHandler(event: EventEnvelope<unknown>, tx: SqlExecutor): Promise<void> {
  const p = event.payload as HouseholdExitedV1;
  await tx.$executeRawUnsafe(
    `UPDATE registered_household SET exited_at = $2::timestamptz, transition_ends_on = $3::date, received_at = now() WHERE household_id = $1::uuid`,
    p.householdId,
    p.exitedAt,
    p.transitionEndsOn,
  );
}
