import { randomUUID } from 'node:crypto';
import { appendAudit } from '@fupin/audit';
import { validateResidentId } from '@fupin/identification-rules';
import { Injectable } from '@nestjs/common';
import { onceForKey, type SqlExecutor } from '@fupin/persistence';
import { DomainError, InjectDb } from '@fupin/service-kit';
import { type IdentificationDb, isoDay } from '../db';
import type { Person } from '../generated/prisma/client';
import type { HouseholdApplied, HouseholdInput, HouseholdView } from './household.schema';

/** A household as stored: members with their ID numbers, causes as codes, the income years it was surveyed in. */
export type HouseholdRecord = Omit<HouseholdView, 'idNumbersMasked' | 'causes' | 'povertyLines'> & {
  mainCause: string | null;
  otherCauses: string[];
  assistanceCategory: string | null;
  surveyedYears: number[];
};

export interface Actor {
  subject: string;
  role: string;
  jurisdiction: string;
}

/**
 * The register's households and members: the only place their SQL lives. Model calls for the plain reads and the
 * members; SQL for the household row (its created_at is the database clock, which orders a village's applicants) and
 * for the members in register order (head first: an ordering on an expression).
 */
@Injectable()
export class HouseholdRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  register(input: HouseholdInput, actor: Actor, idempotencyKey: string, canSee: (villageCode: string) => boolean) {
    return registerHousehold(this.db, input, actor, idempotencyKey, canSee);
  }

  load(id: string): Promise<HouseholdRecord | null> {
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
  db: IdentificationDb,
  input: HouseholdInput,
  actor: Actor,
  idempotencyKey: string,
  canSee: (villageCode: string) => boolean = () => false,
) {
  return db.$transaction(async (tx) =>
    onceForKey<HouseholdApplied>(tx, 'household.register', idempotencyKey, input, async () => {
      const idNumbers = input.members.map((m) => m.idNumber.toUpperCase());
      const clashes = await tx.person.findMany({
        where: { idNumber: { in: idNumbers } },
        select: { idNumber: true, householdId: true, household: { select: { villageCode: true } } },
      });
      if (clashes.length) {
        const [c] = clashes;
        const field = `members.${input.members.findIndex((m) => m.idNumber.toUpperCase() === c.idNumber)}.idNumber`;
        if (!canSee(c.household.villageCode)) {
          // outside the caller's jurisdiction: the clash is stated, the other household is not disclosed
          throw new DomainError(
            409,
            'person.already_registered',
            {
              'zh-CN': `身份证号 ${c.idNumber} 已属于辖区外的另一户，一人只能属于一个登记户`,
              en: `ID number ${c.idNumber} already belongs to a household outside your jurisdiction; a person belongs to at most one household`,
            },
            field,
          );
        }
        throw new DomainError(
          409,
          'person.already_registered',
          {
            'zh-CN': `身份证号 ${c.idNumber} 已登记在户 ${c.householdId}（村 ${c.household.villageCode}），一人只能属于一个登记户`,
            en: `ID number ${c.idNumber} already belongs to household ${c.householdId} (village ${c.household.villageCode}); a person belongs to at most one household`,
          },
          field,
          { householdId: c.householdId },
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
      await tx.person.createMany({
        data: members.map((m) => ({
          id: randomUUID(),
          householdId,
          idNumber: m.idNumber,
          name: m.name,
          sex: m.sex,
          birthDate: new Date(`${m.birthDate}T00:00:00.000Z`), // a YYYY-MM-DD the schema checked against the ID number
          relation: m.relation,
          ethnicity: m.ethnicity ?? null,
          education: m.education ?? null,
          studentStatus: m.studentStatus ?? null,
          health: m.health ?? null,
          labourAbility: m.labourAbility ?? null,
          basicMedicalInsured: m.basicMedicalInsured,
          pensionInsured: m.pensionInsured,
        })),
      });
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

async function loadHousehold(db: IdentificationDb, id: string): Promise<HouseholdRecord | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const household = await db.household.findUnique({
    where: { id },
    select: {
      id: true,
      villageCode: true,
      status: true,
      createdAt: true,
      relocatedOn: true,
      relocationCaseId: true,
      mainCause: true,
      otherCauses: true,
      assistanceCategory: true,
    },
  });
  if (!household) return null;
  const members = await db.$queryRawUnsafe<Pick<Person, 'idNumber' | 'name' | 'sex' | 'birthDate' | 'relation'>[]>(
    `SELECT id_number AS "idNumber", name, sex, birth_date AS "birthDate", relation FROM person WHERE household_id = $1::uuid ORDER BY relation <> '户主', id_number`,
    id,
  );
  const years = await db.incomeSurvey.findMany({
    where: { householdId: id },
    select: { incomeYear: true },
    distinct: ['incomeYear'],
    orderBy: { incomeYear: 'desc' },
  });
  return {
    id: household.id,
    villageCode: household.villageCode,
    status: household.status,
    createdAt: household.createdAt.toISOString(),
    relocation:
      household.relocatedOn && household.relocationCaseId
        ? { caseId: household.relocationCaseId, relocatedOn: isoDay(household.relocatedOn) }
        : null,
    members: members.map((m) => ({
      idNumber: m.idNumber,
      name: m.name,
      sex: m.sex,
      birthDate: isoDay(m.birthDate),
      relation: m.relation,
    })),
    mainCause: household.mainCause,
    otherCauses: household.otherCauses,
    assistanceCategory: household.assistanceCategory,
    surveyedYears: years.map((y) => y.incomeYear),
  };
}

/**
 * relocation.completed: the household marked relocated (销号标识) with the day and the case, and the change audited —
 * once: a redelivered event, or one for a household this register does not hold, changes nothing (false).
 */
export async function markRelocated(
  tx: SqlExecutor,
  relocated: { householdId: string; caseId: string; relocatedOn: string },
): Promise<boolean> {
  const changed = await tx.$executeRawUnsafe(
    `UPDATE household SET relocated_on = $2::date, relocation_case_id = $3::uuid, updated_at = now()
      WHERE id = $1::uuid AND relocation_case_id IS DISTINCT FROM $3::uuid`,
    relocated.householdId,
    relocated.relocatedOn,
    relocated.caseId,
  );
  if (changed === 0) return false;
  await appendAudit(tx, {
    actorSubject: 'system:relocation-service',
    actorRole: 'system',
    jurisdiction: 'system',
    action: 'household.relocated',
    subjectType: 'household',
    subjectId: relocated.householdId,
    after: relocated,
    reason: 'relocation.completed (易地扶贫搬迁销号)',
  });
  return true;
}
