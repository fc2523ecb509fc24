import { appendAuditMany } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import {
  STEP_LABELS,
  assessEligibility,
  guaranteesFromObservations,
  perCapitaNetIncomeFen,
  resolvePolicy,
  type HousingGrade,
} from '@fupin/identification-rules';
import type { EligibilityCheck, ExclusionCheck, IdentificationActivities } from '@fupin/identification-workflows';
import { addToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { activityIdempotencyKey } from '@fupin/workflow-runtime';
import type { IdentificationConfig } from '../config';
import { checkExclusions } from '../exclusions/check-exclusions';

interface SurveyRow {
  household_id: string;
  household_size: number;
  farming_income: string;
  livestock_income: string;
  wage_income: string;
  property_income: string;
  transfer_income: string;
  business_net_income: string;
  production_costs: string;
  living_expenses: string;
  illness_spending: string;
  student_costs: string;
}

/** Activities on the identification task queue: only this service writes the register. */
export function identificationActivities(runtime: ServiceRuntime<IdentificationConfig>): IdentificationActivities {
  const db = runtime.db;
  return {
    async evaluateEligibility({ incomeYear, householdIds }) {
      const surveys = await db.$queryRawUnsafe<SurveyRow[]>(
        `SELECT household_id::text, household_size, farming_income::text, livestock_income::text, wage_income::text, property_income::text,
                transfer_income::text, business_net_income::text, production_costs::text, living_expenses::text, illness_spending::text, student_costs::text
           FROM income_survey WHERE household_id = ANY($1::uuid[]) AND income_year = $2`, householdIds, incomeYear,
      );
      const observations = await db.$queryRawUnsafe<{ household_id: string; housing_grade: string; drinking_water_safe: boolean; food_secure: boolean; clothing_secure: boolean; children_out_of_school: number }[]>(
        `SELECT DISTINCT ON (household_id) household_id::text, housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school
           FROM living_observation WHERE household_id = ANY($1::uuid[]) ORDER BY household_id, observed_at DESC`, householdIds,
      );
      const households = await db.$queryRawUnsafe<{ id: string; village_code: string; uninsured: number }[]>(
        `SELECT h.id::text, h.village_code, (SELECT count(*)::int FROM person p WHERE p.household_id = h.id AND NOT p.basic_medical_insured) AS uninsured
           FROM household h WHERE h.id = ANY($1::uuid[])`, householdIds,
      );
      const surveyOf = new Map(surveys.map((s) => [s.household_id, s]));
      const observationOf = new Map(observations.map((o) => [o.household_id, o]));
      const out: Record<string, EligibilityCheck> = {};
      for (const h of households) {
        const problems: EligibilityCheck['problems'] = [];
        const s = surveyOf.get(h.id);
        const o = observationOf.get(h.id);
        const policy = resolvePolicy(h.village_code, incomeYear, runtime.config.policyOverrides);
        if (!s) problems.push({ 'zh-CN': `缺少${incomeYear}收入年度的入户调查`, en: `no income survey for income year ${incomeYear}` });
        if (!o) problems.push({ 'zh-CN': '缺少生活条件观察记录（看房、看水等）', en: 'no living-condition observation' });
        if (!policy.ok) problems.push(...policy.violations.map((v) => v.message));
        if (!s || !o || !policy.ok) {
          out[h.id] = { eligible: false, basis: null, perCapitaFen: null, lineFen: policy.ok ? policy.value.povertyLineFen : null, problems };
          continue;
        }
        const income = perCapitaNetIncomeFen({
          householdSize: s.household_size, farmingIncome: Number(s.farming_income), livestockIncome: Number(s.livestock_income), wageIncome: Number(s.wage_income),
          propertyIncome: Number(s.property_income), transferIncome: Number(s.transfer_income), businessNetIncome: Number(s.business_net_income),
          productionCosts: Number(s.production_costs), livingExpenses: Number(s.living_expenses), illnessSpending: Number(s.illness_spending), studentCosts: Number(s.student_costs),
        });
        const guarantees = guaranteesFromObservations({
          housingGrade: o.housing_grade as HousingGrade, drinkingWaterSafe: o.drinking_water_safe, childrenOutOfSchool: o.children_out_of_school,
          uninsuredMembers: h.uninsured, foodSecure: o.food_secure, clothingSecure: o.clothing_secure,
        }, policy.value);
        if (!income.ok || !guarantees.ok) {
          const violations = [...(income.ok ? [] : income.violations), ...(guarantees.ok ? [] : guarantees.violations)];
          out[h.id] = { eligible: false, basis: null, perCapitaFen: null, lineFen: policy.value.povertyLineFen, problems: violations.map((v) => v.message) };
          continue;
        }
        const assessed = assessEligibility({ perCapitaFen: income.value.perCapitaFen, guarantees: guarantees.value, policy: policy.value });
        out[h.id] = {
          eligible: assessed.eligible, basis: assessed.basis, perCapitaFen: assessed.perCapitaFen, lineFen: assessed.lineFen,
          problems: assessed.eligible ? [] : assessed.reasons,
        };
      }
      return out;
    },

    async crossCheck({ roundId, householdIds }) {
      const out: Record<string, ExclusionCheck> = {};
      for (const id of householdIds) {
        const match = await checkExclusions(db, id);
        const hits = match.hits.filter((h) => h.excludes).map((h) => ({ source: h.source, idNumber: h.idNumber, memberName: h.memberName, detail: h.detail, loadedAt: h.loadedAt }));
        out[id] = { excluded: match.excluded, flaggedForTownshipReview: match.flaggedForTownshipReview, hits };
        await db.$executeRawUnsafe(
          `UPDATE round_household SET exclusion_hits = $3::jsonb, flagged_for_review = $4, updated_at = now() WHERE round_id = $1::uuid AND household_id = $2::uuid`,
          roundId, id, JSON.stringify({ hits: match.hits, relatives: match.relativeHits, checkedAt: match.checkedAt }), match.flaggedForTownshipReview,
        );
      }
      return out;
    },

    async recordProgress({ roundId, entries }) {
      const key = activityIdempotencyKey();
      await db.$transaction(async (tx) =>
        onceForKey(tx, 'round.progress', key, { roundId, n: entries.length }, async () => {
          // each household's latest step, in one statement
          const latest = new Map(entries.map(({ householdId, entry }) => [householdId, entry.to]));
          await tx.$executeRawUnsafe(
            `UPDATE round_household rh SET step = x.step, updated_at = now() FROM json_to_recordset($2::json) AS x(household_id uuid, step text)
              WHERE rh.round_id = $1::uuid AND rh.household_id = x.household_id`,
            roundId, JSON.stringify([...latest].map(([household_id, step]) => ({ household_id, step }))),
          );
          // every signature, notice closing and escalation in the audit chain (谁签字谁负责)
          await appendAuditMany(tx, entries.map(({ householdId, entry }) => {
            const by = entry.by === 'system' ? { subject: 'system:procedure', role: 'system', jurisdiction: 'system' } : { subject: entry.by.subject, role: entry.by.role, jurisdiction: entry.by.jurisdiction };
            return {
              at: new Date(entry.at),
              entry: {
                actorSubject: by.subject, actorRole: by.role, jurisdiction: by.jurisdiction,
                action: `identification.${entry.step}.${entry.action}`, subjectType: 'household', subjectId: householdId,
                before: { step: entry.step },
                after: { step: entry.to, ...(entry.outcome ? { outcome: entry.outcome } : {}), ...(entry.objectionId ? { objectionId: entry.objectionId } : {}), ...(entry.escalation ? { escalation: entry.escalation } : {}) },
                reason: entry.reason ?? `${STEP_LABELS[entry.step]['zh-CN']} → ${STEP_LABELS[entry.to]['zh-CN']}`,
              },
            };
          }));
          return { status: 200, body: null };
        }),
      );
    },

    async recordOutcomes({ roundId, outcomes }) {
      const key = activityIdempotencyKey();
      await db.$transaction(async (tx) =>
        onceForKey(tx, 'round.outcomes', key, { roundId, outcomes }, async () => {
          for (const o of outcomes) {
            const status = o.outcome;
            await tx.$executeRawUnsafe(`UPDATE household SET status = $2, updated_at = now() WHERE id = $1::uuid`, o.householdId, status);
            await tx.$executeRawUnsafe(
              `UPDATE round_household SET step = $3, outcome = $3, reason = $4, updated_at = now() WHERE round_id = $1::uuid AND household_id = $2::uuid`,
              roundId, o.householdId, status, o.reason,
            );
            const actor = { subject: 'system:procedure', role: 'system', jurisdiction: 'system' };
            if (status === 'registered') {
              const members = await tx.$queryRawUnsafe<{ id_number: string; name: string; relation: string }[]>(
                `SELECT id_number, name, relation FROM person WHERE household_id = $1::uuid ORDER BY relation <> '户主', id_number`, o.householdId,
              );
              const village = await tx.$queryRawUnsafe<{ village_code: string }[]>(`SELECT village_code FROM household WHERE id = $1::uuid`, o.householdId);
              const head = members.find((m) => m.relation === '户主') ?? members[0];
              await addToOutbox(tx, contracts.householdRegistered.topic, buildEvent(contracts.householdRegistered, {
                aggregateId: o.householdId, actor,
                payload: {
                  householdId: o.householdId, villageCode: village[0].village_code, headName: head.name, headIdNumber: head.id_number, memberCount: members.length,
                  members: members.map((m) => ({ idNumber: m.id_number, name: m.name, relation: m.relation })), registeredAt: o.at,
                },
              }));
            }
            if (status !== 'withdrawn') {
              await addToOutbox(tx, contracts.identificationDecided.topic, buildEvent(contracts.identificationDecided, {
                aggregateId: o.householdId, actor,
                payload: { householdId: o.householdId, outcome: status, reason: o.reason ?? (status === 'registered' ? '县级公告期满，建档立卡 / announced and registered' : '未通过识别 / not identified') },
              }));
            }
          }
          await appendAuditMany(tx, outcomes.map((o) => ({
            entry: {
              actorSubject: 'system:procedure', actorRole: 'system', jurisdiction: 'system', action: `household.${o.outcome}`,
              subjectType: 'household', subjectId: o.householdId, after: { status: o.outcome, roundId }, reason: o.reason ?? o.outcome,
            },
          })));
          return { status: 200, body: null };
        }),
      );
    },
  };
}
