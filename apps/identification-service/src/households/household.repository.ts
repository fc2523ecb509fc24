import { randomUUID } from 'node:crypto';
import { appendAudit } from '@fupin/audit';
import { validateResidentId } from '@fupin/identification-rules';
import { Injectable } from '@nestjs/common';
import { onceForKey } from '@fupin/persistence';
import { type Db, DomainError, InjectDb } from '@fupin/service-kit';
import type { HouseholdApplied, HouseholdInput, HouseholdView } from './household.schema';

export interface Actor {
  subject: string;
  role: string;
  jurisdiction: string;
}

/** The register's households and members: the only place their SQL lives. */
@Injectable()
export class HouseholdRepository {
  constructor(@InjectDb() private readonly db: Db) {}

  register(input: HouseholdInput, actor: Actor, idempotencyKey: string, canSee: (villageCode: string) => boolean) {
    return registerHousehold(this.db, input, actor, idempotencyKey, canSee);
  }

  load(id: string): Promise<HouseholdView | null> {
    return loadHousehold(this.db, id);
  }
}

/**
 * 农户申请: one transaction, household (status applicant) + members + audit record. It enters the register
 * (household.registered) only at the end of the identification procedure (see rounds/).
 * A duplicate ID number anywhere in the register is refused, naming the clashing household.
 */
/** `canSee(villageCode)`: whether the caller may learn which household a clashing person belongs to. */
async function registerHousehold(
  db: Db,
  input: HouseholdInput,
  actor: Actor,
  idempotencyKey: string,
  canSee: (villageCode: string) => boolean = () => false,
) {
  return db.$transaction(async (tx) =>
    onceForKey<HouseholdApplied>(tx, 'household.register', idempotencyKey, input, async () => {
      const idNumbers = input.members.map((m) => m.idNumber.toUpperCase());
      const clashes = await tx.$queryRawUnsafe<{ id_number: string; household_id: string; village_code: string }[]>(
        `SELECT p.id_number, p.household_id::text, h.village_code FROM person p JOIN household h ON h.id = p.household_id WHERE p.id_number = ANY($1::text[])`,
        idNumbers,
      );
      if (clashes.length) {
        const c = clashes[0];
        const field = `members.${input.members.findIndex((m) => m.idNumber.toUpperCase() === c.id_number)}.idNumber`;
        if (!canSee(c.village_code)) {
          // outside the caller's jurisdiction: the clash is stated, the other household is not disclosed
          throw new DomainError(
            409,
            'person.already_registered',
            {
              'zh-CN': `身份证号 ${c.id_number} 已属于辖区外的另一户，一人只能属于一个登记户`,
              en: `ID number ${c.id_number} already belongs to a household outside your jurisdiction; a person belongs to at most one household`,
            },
            field,
          );
        }
        throw new DomainError(
          409,
          'person.already_registered',
          {
            'zh-CN': `身份证号 ${c.id_number} 已登记在户 ${c.household_id}（村 ${c.village_code}），一人只能属于一个登记户`,
            en: `ID number ${c.id_number} already belongs to household ${c.household_id} (village ${c.village_code}); a person belongs to at most one household`,
          },
          field,
          { householdId: c.household_id },
        );
      }
      const householdId = randomUUID();
      await tx.$executeRawUnsafe(
        `INSERT INTO household (id, village_code, status, created_by) VALUES ($1::uuid, $2, 'applicant', $3)`,
        householdId,
        input.villageCode,
        actor.subject,
      );
      const members = input.members.map((m) => {
        const checked = validateResidentId(m.idNumber, m.birthDate);
        const sex = checked.ok ? checked.value.sex : 'unknown';
        return { ...m, idNumber: m.idNumber.toUpperCase(), sex };
      });
      for (const m of members) {
        await tx.$executeRawUnsafe(
          `INSERT INTO person (id, household_id, id_number, name, sex, birth_date, relation, ethnicity, education, student_status, health, labour_ability, basic_medical_insured, pension_insured)
           VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6::date, $7, $8, $9, $10, $11, $12, $13, $14)`,
          randomUUID(),
          householdId,
          m.idNumber,
          m.name,
          m.sex,
          m.birthDate,
          m.relation,
          m.ethnicity ?? null,
          m.education ?? null,
          m.studentStatus ?? null,
          m.health ?? null,
          m.labourAbility ?? null,
          m.basicMedicalInsured,
          m.pensionInsured,
        );
      }
      const appliedAt = new Date().toISOString();
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'household.apply',
        subjectType: 'household',
        subjectId: householdId,
        after: { villageCode: input.villageCode, members: idNumbers },
        reason: 'application recorded by village cadre (农户申请)',
      });
      return {
        status: 201,
        body: {
          id: householdId,
          villageCode: input.villageCode,
          status: 'applicant',
          memberCount: members.length,
          appliedAt,
        },
      };
    }),
  );
}

async function loadHousehold(db: Db, id: string): Promise<HouseholdView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const rows = await db.$queryRawUnsafe<{ id: string; village_code: string; status: string; created_at: Date }[]>(
    `SELECT id::text, village_code, status, created_at FROM household WHERE id = $1::uuid`,
    id,
  );
  if (!rows[0]) return null;
  const members = await db.$queryRawUnsafe<
    { id_number: string; name: string; sex: string; birth_date: string; relation: string }[]
  >(
    `SELECT id_number, name, sex, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, relation FROM person WHERE household_id = $1::uuid ORDER BY relation <> '户主', id_number`,
    id,
  );
  return {
    id: rows[0].id,
    villageCode: rows[0].village_code,
    status: rows[0].status,
    createdAt: new Date(rows[0].created_at).toISOString(),
    members: members.map((m) => ({
      idNumber: m.id_number,
      name: m.name,
      sex: m.sex,
      birthDate: m.birth_date,
      relation: m.relation,
    })),
  };
}
