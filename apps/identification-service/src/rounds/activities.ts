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
import { addManyToOutbox } from '@fupin/messaging';
import { onceForKey } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { activityIdempotencyKey } from '@fupin/workflow-runtime';
import type { IdentificationConfig } from '../config';
import { checkExclusionsForHouseholds } from '../exclusions/check-exclusions';

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
           FROM income_survey WHERE household_id = ANY($1::uuid[]) AND income_year = $2`,
        householdIds,
        incomeYear,
      );
      const observations = await db.$queryRawUnsafe<
        {
          household_id: string;
          housing_grade: string;
          drinking_water_safe: boolean;
          food_secure: boolean;
          clothing_secure: boolean;
          children_out_of_school: number;
        }[]
      >(
        `SELECT DISTINCT ON (household_id) household_id::text, housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school
           FROM living_observation WHERE household_id = ANY($1::uuid[]) ORDER BY household_id, observed_at DESC`,
        householdIds,
      );
      const households = await db.$queryRawUnsafe<{ id: string; village_code: string; uninsured: number }[]>(
        `SELECT h.id::text, h.village_code, (SELECT count(*)::int FROM person p WHERE p.household_id = h.id AND NOT p.basic_medical_insured) AS uninsured
           FROM household h WHERE h.id = ANY($1::uuid[])`,
        householdIds,
      );
      const surveyOf = new Map(surveys.map((s) => [s.household_id, s]));
      const observationOf = new Map(observations.map((o) => [o.household_id, o]));
      const out: Record<string, EligibilityCheck> = {};
      for (const h of households) {
        const problems: EligibilityCheck['problems'] = [];
        const s = surveyOf.get(h.id);
        const o = observationOf.get(h.id);
        const policy = resolvePolicy(h.village_code, incomeYear, runtime.config.policyOverrides);
        if (!s)
          problems.push({
            'zh-CN': `缺少${incomeYear}收入年度的入户调查`,
            en: `no income survey for income year ${incomeYear}`,
          });
        if (!o)
          problems.push({ 'zh-CN': '缺少生活条件观察记录（看房、看水等）', en: 'no living-condition observation' });
        if (!policy.ok) problems.push(...policy.violations.map((v) => v.message));
        if (!s || !o || !policy.ok) {
          out[h.id] = {
            eligible: false,
            basis: null,
            perCapitaFen: null,
            lineFen: policy.ok ? policy.value.povertyLineFen : null,
            problems,
          };
          continue;
        }
        const income = perCapitaNetIncomeFen({
          householdSize: s.household_size,
          farmingIncome: Number(s.farming_income),
          livestockIncome: Number(s.livestock_income),
          wageIncome: Number(s.wage_income),
          propertyIncome: Number(s.property_income),
          transferIncome: Number(s.transfer_income),
          businessNetIncome: Number(s.business_net_income),
          productionCosts: Number(s.production_costs),
          livingExpenses: Number(s.living_expenses),
          illnessSpending: Number(s.illness_spending),
          studentCosts: Number(s.student_costs),
        });
        const guarantees = guaranteesFromObservations(
          {
            housingGrade: o.housing_grade as HousingGrade,
            drinkingWaterSafe: o.drinking_water_safe,
            childrenOutOfSchool: o.children_out_of_school,
            uninsuredMembers: h.uninsured,
            foodSecure: o.food_secure,
            clothingSecure: o.clothing_secure,
          },
          policy.value,
        );
        if (!income.ok || !guarantees.ok) {
          const violations = [...(income.ok ? [] : income.violations), ...(guarantees.ok ? [] : guarantees.violations)];
          out[h.id] = {
            eligible: false,
            basis: null,
            perCapitaFen: null,
            lineFen: policy.value.povertyLineFen,
            problems: violations.map((v) => v.message),
          };
          continue;
        }
        const assessed = assessEligibility({
          perCapitaFen: income.value.perCapitaFen,
          guarantees: guarantees.value,
          policy: policy.value,
        });
        out[h.id] = {
          eligible: assessed.eligible,
          basis: assessed.basis,
          perCapitaFen: assessed.perCapitaFen,
          lineFen: assessed.lineFen,
          problems: assessed.eligible ? [] : assessed.reasons,
        };
      }
      return out;
    },

    async crossCheck({ roundId, householdIds }) {
      const out: Record<string, ExclusionCheck> = {};
      const matches = await checkExclusionsForHouseholds(db, householdIds);
      const recorded: { household_id: string; hits: unknown; flagged: boolean }[] = [];
      for (const id of householdIds) {
        const match = matches.get(id.toLowerCase());
        if (!match) throw new Error(`household ${id} of round ${roundId} not found for the cross-check`);
        const hits = match.hits
          .filter((h) => h.excludes)
          .map((h) => ({
            source: h.source,
            idNumber: h.idNumber,
            memberName: h.memberName,
            detail: h.detail,
            loadedAt: h.loadedAt,
          }));
        out[id] = { excluded: match.excluded, flaggedForTownshipReview: match.flaggedForTownshipReview, hits };
        // every hit with its source and load date, also those that do not exclude (productive vehicles, relatives)
        recorded.push({
          household_id: id,
          hits: { hits: match.hits, relatives: match.relativeHits, checkedAt: match.checkedAt },
          flagged: match.flaggedForTownshipReview,
        });
      }
      await db.$executeRawUnsafe(
        `UPDATE round_household rh SET exclusion_hits = x.hits, flagged_for_review = x.flagged, updated_at = now()
           FROM json_to_recordset($2::json) AS x(household_id uuid, hits jsonb, flagged boolean)
          WHERE rh.round_id = $1::uuid AND rh.household_id = x.household_id`,
        roundId,
        JSON.stringify(recorded),
      );
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
            roundId,
            JSON.stringify([...latest].map(([household_id, step]) => ({ household_id, step }))),
          );
          // every signature, notice closing and escalation in the audit chain (谁签字谁负责)
          await appendAuditMany(
            tx,
            entries.map(({ householdId, entry }) => {
              const by =
                entry.by === 'system'
                  ? { subject: 'system:procedure', role: 'system', jurisdiction: 'system' }
                  : { subject: entry.by.subject, role: entry.by.role, jurisdiction: entry.by.jurisdiction };
              return {
                at: new Date(entry.at),
                entry: {
                  actorSubject: by.subject,
                  actorRole: by.role,
                  jurisdiction: by.jurisdiction,
                  action: `identification.${entry.step}.${entry.action}`,
                  subjectType: 'household',
                  subjectId: householdId,
                  before: { step: entry.step },
                  after: {
                    step: entry.to,
                    ...(entry.outcome ? { outcome: entry.outcome } : {}),
                    ...(entry.objectionId ? { objectionId: entry.objectionId } : {}),
                    ...(entry.escalation ? { escalation: entry.escalation } : {}),
                  },
                  reason: entry.reason ?? `${STEP_LABELS[entry.step]['zh-CN']} → ${STEP_LABELS[entry.to]['zh-CN']}`,
                },
              };
            }),
          );
          return { status: 200, body: null };
        }),
      );
    },

    async recordOutcomes({ roundId, outcomes }) {
      const key = activityIdempotencyKey();
      await db.$transaction(async (tx) =>
        onceForKey(tx, 'round.outcomes', key, { roundId, outcomes }, async () => {
          const rows = JSON.stringify(
            outcomes.map((o) => ({ household_id: o.householdId, status: o.outcome, reason: o.reason })),
          );
          await tx.$executeRawUnsafe(
            // a household registered again (返贫) is poor again: its old exit and transition period no longer apply
            `UPDATE household h SET status = x.status, updated_at = now(),
                    exited_at = CASE WHEN x.status = 'registered' THEN NULL ELSE h.exited_at END,
                    transition_ends_on = CASE WHEN x.status = 'registered' THEN NULL ELSE h.transition_ends_on END
               FROM json_to_recordset($1::json) AS x(household_id uuid, status text) WHERE h.id = x.household_id`,
            rows,
          );
          await tx.$executeRawUnsafe(
            `UPDATE round_household rh SET step = x.status, outcome = x.status, reason = x.reason, updated_at = now()
               FROM json_to_recordset($2::json) AS x(household_id uuid, status text, reason text) WHERE rh.round_id = $1::uuid AND rh.household_id = x.household_id`,
            roundId,
            rows,
          );
          const registered = outcomes.filter((o) => o.outcome === 'registered').map((o) => o.householdId);
          const members =
            registered.length === 0
              ? []
              : await tx.$queryRawUnsafe<
                  { household_id: string; village_code: string; id_number: string; name: string; relation: string }[]
                >(
                  `SELECT p.household_id::text, h.village_code, p.id_number, p.name, p.relation FROM person p JOIN household h ON h.id = p.household_id
              WHERE p.household_id = ANY($1::uuid[]) ORDER BY p.household_id, p.relation <> '户主', p.id_number`,
                  registered,
                );
          const byHousehold = new Map<string, typeof members>();
          for (const m of members) byHousehold.set(m.household_id, [...(byHousehold.get(m.household_id) ?? []), m]);
          const actor = { subject: 'system:procedure', role: 'system', jurisdiction: 'system' };
          const events: { topic: string; event: ReturnType<typeof buildEvent> }[] = [];
          for (const o of outcomes) {
            if (o.outcome === 'registered') {
              const list = byHousehold.get(o.householdId) ?? [];
              const head = list.find((m) => m.relation === '户主') ?? list[0];
              events.push({
                topic: contracts.householdRegistered.topic,
                event: buildEvent(contracts.householdRegistered, {
                  aggregateId: o.householdId,
                  actor,
                  payload: {
                    householdId: o.householdId,
                    villageCode: head.village_code,
                    headName: head.name,
                    headIdNumber: head.id_number,
                    memberCount: list.length,
                    members: list.map((m) => ({ idNumber: m.id_number, name: m.name, relation: m.relation })),
                    registeredAt: o.at,
                  },
                }),
              });
            }
            if (o.outcome !== 'withdrawn') {
              events.push({
                topic: contracts.identificationDecided.topic,
                event: buildEvent(contracts.identificationDecided, {
                  aggregateId: o.householdId,
                  actor,
                  payload: {
                    householdId: o.householdId,
                    outcome: o.outcome,
                    reason:
                      o.reason ??
                      (o.outcome === 'registered'
                        ? '县级公告期满，建档立卡 / announced and registered'
                        : '未通过识别 / not identified'),
                  },
                }),
              });
            }
          }
          await addManyToOutbox(tx, events);
          await appendAuditMany(
            tx,
            outcomes.map((o) => ({
              entry: {
                actorSubject: 'system:procedure',
                actorRole: 'system',
                jurisdiction: 'system',
                action: `household.${o.outcome}`,
                subjectType: 'household',
                subjectId: o.householdId,
                after: { status: o.outcome, roundId },
                reason: o.reason ?? o.outcome,
              },
            })),
          );
          return { status: 200, body: null };
        }),
      );
    },
  };
}
