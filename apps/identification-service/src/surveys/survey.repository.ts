import { randomUUID } from 'node:crypto';
import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts, type HousingRenovatedV1 } from '@fupin/contracts';
import { perCapitaNetIncomeFen } from '@fupin/identification-rules';
import { addToOutbox } from '@fupin/messaging';
import { Injectable } from '@nestjs/common';
import { onceForKey, type SqlExecutor } from '@fupin/persistence';
import { InjectDb, violationsError } from '@fupin/service-kit';
import type { IdentificationDb, IdentificationTx } from '../db';
import type { Household, LivingObservation } from '../generated/prisma/client';
import type { Actor } from '../households/household.repository';
import { householdNotFound } from '../rule-errors';
import type { ObservationInput, SurveyInput } from './survey.schema';
import { knownIncomeOfYear } from './known-income.repository';

export type PovertyCauses = {
  mainCause: string;
  otherCauses: string[];
  assistanceCategory: string;
};

/**
 * 入户调查 of a household: surveys, observations, causes — the only place their SQL lives. Model calls for the reads;
 * SQL for the household's row lock, the survey's upsert (ON CONFLICT on its income year) and the writes stamped with
 * the database clock (surveyed_at, observed_at, updated_at: the transaction's time, as the audit record's).
 */
@Injectable()
export class SurveyRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  /** The household's village (for the jurisdiction check), or 404. */
  village(householdId: string): Promise<string> {
    return householdVillage(this.db, householdId);
  }

  saveSurvey(householdId: string, input: SurveyInput, actor: Actor, key: string) {
    return saveSurvey(this.db, householdId, input, actor, key);
  }

  listSurveys(householdId: string) {
    return listSurveys(this.db, householdId);
  }

  saveObservation(householdId: string, input: ObservationInput, actor: Actor, key: string) {
    return saveObservation(this.db, householdId, input, actor, key);
  }

  latestObservation(householdId: string) {
    return latestObservation(this.db, householdId);
  }

  saveCauses(householdId: string, causes: PovertyCauses, actor: Actor) {
    return saveCauses(this.db, householdId, causes, actor);
  }

  /** 已知收入 of an income year (industry support's income.recorded), pre-filled per survey item. */
  knownIncome(householdId: string, incomeYear: number) {
    return knownIncomeOfYear(this.db, householdId, incomeYear);
  }
}

type LockedHousehold = Pick<Household, 'id' | 'villageCode' | 'status'> & { members: number };

/** The household row locked for this transaction, or 404. */
async function lockHousehold(tx: IdentificationTx, id: string): Promise<LockedHousehold> {
  const rows = await tx.$queryRawUnsafe<LockedHousehold[]>(
    `SELECT h.id::text, h.village_code AS "villageCode", h.status, (SELECT count(*)::int FROM person p WHERE p.household_id = h.id) AS members
       FROM household h WHERE h.id = $1::uuid FOR UPDATE`,
    id,
  );
  if (!rows[0]) throw householdNotFound(id);
  return rows[0];
}

/** The household's village, or 404. `db`: the client or a transaction. */
export async function householdVillage(db: IdentificationTx, id: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw householdNotFound(id);
  const household = await db.household.findUnique({ where: { id }, select: { villageCode: true } });
  if (!household) throw householdNotFound(id);
  return household.villageCode;
}

async function publishUpdate(
  tx: SqlExecutor,
  household: Pick<LockedHousehold, 'id' | 'status'>,
  actor: Actor,
  changes: Record<string, unknown>,
): Promise<void> {
  if (household.status !== 'registered') return; // other services only know registered households
  const event = buildEvent(contracts.householdUpdated, {
    aggregateId: household.id,
    actor,
    payload: { householdId: household.id, changes },
  });
  await addToOutbox(tx, contracts.householdUpdated.topic, event);
}

/** Record (or redo) the six-calculations survey of an income year; the per-capita figure is derived here. */
async function saveSurvey(db: IdentificationDb, householdId: string, input: SurveyInput, actor: Actor, key: string) {
  return db.$transaction(async (tx) =>
    onceForKey(tx, `household.survey:${householdId}`, key, input, async () => {
      const household = await lockHousehold(tx, householdId);
      const survey = { ...input, householdSize: input.householdSize ?? household.members };
      const derived = perCapitaNetIncomeFen(survey);
      if (!derived.ok) throw violationsError(derived.violations);
      const before = await tx.incomeSurvey.findUnique({
        where: { householdId_incomeYear: { householdId, incomeYear: input.incomeYear } },
        select: { perCapitaFen: true },
      });
      await tx.$executeRawUnsafe(
        `INSERT INTO income_survey (household_id, income_year, household_size, farming_income, livestock_income, wage_income, property_income,
                                    transfer_income, business_net_income, production_costs, living_expenses, illness_spending, student_costs,
                                    net_income_fen, per_capita_fen, surveyed_by, surveyed_at)
         VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, now())
         ON CONFLICT (household_id, income_year) DO UPDATE SET household_size = EXCLUDED.household_size, farming_income = EXCLUDED.farming_income,
           livestock_income = EXCLUDED.livestock_income, wage_income = EXCLUDED.wage_income, property_income = EXCLUDED.property_income,
           transfer_income = EXCLUDED.transfer_income, business_net_income = EXCLUDED.business_net_income, production_costs = EXCLUDED.production_costs,
           living_expenses = EXCLUDED.living_expenses, illness_spending = EXCLUDED.illness_spending, student_costs = EXCLUDED.student_costs,
           net_income_fen = EXCLUDED.net_income_fen, per_capita_fen = EXCLUDED.per_capita_fen, surveyed_by = EXCLUDED.surveyed_by, surveyed_at = now()`,
        householdId,
        input.incomeYear,
        survey.householdSize,
        input.farmingIncome,
        input.livestockIncome,
        input.wageIncome,
        input.propertyIncome,
        input.transferIncome,
        input.businessNetIncome,
        input.productionCosts,
        input.livingExpenses,
        input.illnessSpending,
        input.studentCosts,
        derived.value.netIncomeFen,
        derived.value.perCapitaFen,
        actor.subject,
      );
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: before ? 'household.survey.redo' : 'household.survey',
        subjectType: 'household',
        subjectId: householdId,
        before: before ? { incomeYear: input.incomeYear, perCapitaFen: Number(before.perCapitaFen) } : undefined,
        after: { ...survey, ...derived.value },
        reason: `income year ${input.incomeYear}`,
      });
      await publishUpdate(tx, household, actor, {
        survey: { incomeYear: input.incomeYear, perCapitaFen: derived.value.perCapitaFen },
      });
      return { status: 201, body: { householdId, ...survey, ...derived.value } };
    }),
  );
}

/** The household's surveys, newest income year first, every line item (fen, as numbers). */
async function listSurveys(db: IdentificationDb, householdId: string) {
  const rows = await db.incomeSurvey.findMany({
    where: { householdId },
    orderBy: { incomeYear: 'desc' },
    omit: { householdId: true },
  });
  return rows.map((r) => ({
    incomeYear: r.incomeYear,
    householdSize: r.householdSize,
    farmingIncome: Number(r.farmingIncome),
    livestockIncome: Number(r.livestockIncome),
    wageIncome: Number(r.wageIncome),
    propertyIncome: Number(r.propertyIncome),
    transferIncome: Number(r.transferIncome),
    businessNetIncome: Number(r.businessNetIncome),
    productionCosts: Number(r.productionCosts),
    livingExpenses: Number(r.livingExpenses),
    illnessSpending: Number(r.illnessSpending),
    studentCosts: Number(r.studentCosts),
    netIncomeFen: Number(r.netIncomeFen),
    perCapitaFen: Number(r.perCapitaFen),
    surveyedBy: r.surveyedBy,
    surveyedAt: r.surveyedAt,
  }));
}

async function saveObservation(
  db: IdentificationDb,
  householdId: string,
  input: ObservationInput,
  actor: Actor,
  key: string,
) {
  return db.$transaction(async (tx) =>
    onceForKey(tx, `household.observation:${householdId}`, key, input, async () => {
      const household = await lockHousehold(tx, householdId);
      const id = randomUUID();
      await tx.$executeRawUnsafe(
        `INSERT INTO living_observation (id, household_id, housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school, appliances, vehicles, observed_by)
         VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8::jsonb, $9::jsonb, $10)`,
        id,
        householdId,
        input.housingGrade,
        input.drinkingWaterSafe,
        input.foodSecure,
        input.clothingSecure,
        input.childrenOutOfSchool,
        JSON.stringify(input.appliances),
        JSON.stringify(input.vehicles),
        actor.subject,
      );
      await appendAudit(tx, {
        actorSubject: actor.subject,
        actorRole: actor.role,
        jurisdiction: actor.jurisdiction,
        action: 'household.observation',
        subjectType: 'household',
        subjectId: householdId,
        after: input,
        reason: 'living conditions observed',
      });
      await publishUpdate(tx, household, actor, {
        housingGrade: input.housingGrade,
        drinkingWaterSafe: input.drinkingWaterSafe,
      });
      return { status: 201, body: { id, householdId, ...input } };
    }),
  );
}

const renovationActor: Actor = { subject: 'system:relocation-service', role: 'system', jurisdiction: 'system' };

/** The new grade observed; the rest carried over from the latest observation, or the defaults without one. */
const INSERT_RENOVATED_OBSERVATION = `
  INSERT INTO living_observation (id, household_id, housing_grade, drinking_water_safe, food_secure, clothing_secure,
                                  children_out_of_school, appliances, vehicles, observed_by, observed_at)
  SELECT $1::uuid, $2::uuid, $3, COALESCE(o.drinking_water_safe, true), COALESCE(o.food_secure, true),
         COALESCE(o.clothing_secure, true), COALESCE(o.children_out_of_school, 0), COALESCE(o.appliances, '[]'::jsonb),
         COALESCE(o.vehicles, '[]'::jsonb), $4, COALESCE($5::timestamptz, now())
    FROM (SELECT 1) one
    LEFT JOIN LATERAL (SELECT * FROM living_observation WHERE household_id = $2::uuid ORDER BY observed_at DESC LIMIT 1) o ON true
   WHERE NOT EXISTS (SELECT 1 FROM living_observation WHERE household_id = $2::uuid AND observed_by = $4)
  RETURNING housing_grade AS "housingGrade", drinking_water_safe AS "drinkingWaterSafe", food_secure AS "foodSecure",
            clothing_secure AS "clothingSecure", children_out_of_school AS "childrenOutOfSchool", appliances, vehicles`;

type CarriedObservation = Pick<
  LivingObservation,
  | 'housingGrade'
  | 'drinkingWaterSafe'
  | 'foodSecure'
  | 'clothingSecure'
  | 'childrenOutOfSchool'
  | 'appliances'
  | 'vehicles'
>;

/**
 * housing.renovated (危房改造竣工验收): the new grade recorded as an observation (observed_by names the case), audited,
 * and household.updated published — once per case: a redelivered event changes nothing, nor does one for a household
 * this register does not hold. `observedAt`: the event's time (ISO 8601), else now.
 */
export async function recordRenovatedHousing(
  tx: SqlExecutor,
  renovated: Pick<HousingRenovatedV1, 'caseId' | 'householdId' | 'previousGrade' | 'newGrade'>,
  observedAt?: string,
): Promise<'recorded' | 'duplicate' | 'unknown_household'> {
  const [household] = await tx.$queryRawUnsafe<Pick<Household, 'id' | 'status'>[]>(
    `SELECT id::text, status FROM household WHERE id = $1::uuid FOR UPDATE`,
    renovated.householdId,
  );
  if (!household) return 'unknown_household';
  const observedBy = `relocation-service:renovation:${renovated.caseId}`;
  const [observation] = await tx.$queryRawUnsafe<CarriedObservation[]>(
    INSERT_RENOVATED_OBSERVATION,
    randomUUID(),
    household.id,
    renovated.newGrade,
    observedBy,
    observedAt ?? null,
  );
  if (!observation) return 'duplicate';
  await appendAudit(tx, {
    actorSubject: renovationActor.subject,
    actorRole: renovationActor.role,
    jurisdiction: renovationActor.jurisdiction,
    action: 'household.observation',
    subjectType: 'household',
    subjectId: household.id,
    before: { housingGrade: renovated.previousGrade },
    after: { ...observation, observedBy },
    reason: `危房改造竣工验收 (housing renovated, case ${renovated.caseId})`,
  });
  await publishUpdate(tx, household, renovationActor, {
    housingGrade: observation.housingGrade,
    drinkingWaterSafe: observation.drinkingWaterSafe,
  });
  return 'recorded';
}

/** The household's latest observation, or null. */
function latestObservation(db: IdentificationDb, householdId: string) {
  return db.livingObservation.findFirst({
    where: { householdId },
    orderBy: { observedAt: 'desc' },
    select: {
      housingGrade: true,
      drinkingWaterSafe: true,
      foodSecure: true,
      clothingSecure: true,
      childrenOutOfSchool: true,
      appliances: true,
      vehicles: true,
      observedBy: true,
      observedAt: true,
    },
  });
}

/** 致贫原因 and 五个一批 category (codes, already checked), with the audit record and the update event. */
async function saveCauses(db: IdentificationDb, householdId: string, input: PovertyCauses, actor: Actor) {
  return db.$transaction(async (tx) => {
    const household = await lockHousehold(tx, householdId);
    await tx.$executeRawUnsafe(
      `UPDATE household SET main_cause = $2, other_causes = $3::text[], assistance_category = $4, updated_at = now() WHERE id = $1::uuid`,
      householdId,
      input.mainCause,
      input.otherCauses,
      input.assistanceCategory,
    );
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action: 'household.causes',
      subjectType: 'household',
      subjectId: householdId,
      after: input,
      reason: 'poverty causes and assistance category set',
    });
    await publishUpdate(tx, household, actor, input);
    return { householdId, ...input };
  });
}
