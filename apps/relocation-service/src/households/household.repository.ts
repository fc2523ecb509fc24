import { Injectable } from '@nestjs/common';
import type { HouseholdExitedV1, HouseholdRegisteredV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import { type RelocationDb, isoDay } from '../db';
import type { RegisteredPerson } from '../generated/prisma/client';
import type { RegisteredHouseholdView } from './household.schema';

/**
 * The registered households and their members, as received from identification: the only place their SQL lives.
 * Methods taking `tx` run inside the Kafka consumer's transaction (with its de-duplication row): the consumer hands
 * them the platform's SQL executor, so they stay SQL (upserts with ON CONFLICT, the database clock).
 */
@Injectable()
export class RegisteredHouseholdRepository {
  constructor(@InjectDb() private readonly db: RelocationDb) {}

  async find(id: string): Promise<RegisteredHouseholdView | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const h = await this.db.registeredHousehold.findUnique({
      where: { householdId: id },
      select: {
        householdId: true,
        villageCode: true,
        headName: true,
        memberCount: true,
        registeredAt: true,
        exitedAt: true,
        transitionEndsOn: true,
      },
    });
    if (!h) return null;
    // SQL: the head of household first (an ordering on an expression), then by ID number in the database's collation
    const members = await this.db.$queryRawUnsafe<Pick<RegisteredPerson, 'idNumber' | 'name' | 'relation'>[]>(
      `SELECT id_number AS "idNumber", name, relation FROM registered_person WHERE household_id = $1::uuid ORDER BY relation <> '户主', id_number`,
      id,
    );
    return {
      householdId: h.householdId,
      villageCode: h.villageCode,
      headName: h.headName,
      memberCount: h.memberCount,
      registeredAt: h.registeredAt.toISOString(),
      exitedAt: h.exitedAt === null ? null : h.exitedAt.toISOString(),
      transitionEndsOn: h.transitionEndsOn === null ? null : isoDay(h.transitionEndsOn),
      members: members.map((m) => ({ idNumber: m.idNumber, name: m.name, relation: m.relation })),
    };
  }

  /** household.registered: the household and its members; a re-registration updates in place. */
  async saveRegistered(tx: SqlExecutor, p: HouseholdRegisteredV1): Promise<void> {
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

  /** household.exited: the date it left and the end of its transition period (the household is kept). */
  async markExited(tx: SqlExecutor, p: HouseholdExitedV1): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE registered_household SET exited_at = $2::timestamptz, transition_ends_on = $3::date, received_at = now() WHERE household_id = $1::uuid`,
      p.householdId,
      p.exitedAt,
      p.transitionEndsOn,
    );
  }

  /** household.updated with a house grade: the latest observation's grade, unless a newer one is already here. */
  async saveHouseGrade(tx: SqlExecutor, householdId: string, grade: string, observedAt: string): Promise<void> {
    await tx.$executeRawUnsafe(
      `UPDATE registered_household SET house_grade = $2, house_observed_at = $3::timestamptz, received_at = now()
        WHERE household_id = $1::uuid AND (house_observed_at IS NULL OR house_observed_at <= $3::timestamptz)`,
      householdId,
      grade,
      observedAt,
    );
  }
}
