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
import {
  householdsWithUninsured,
  latestObservations,
  recordCrossCheck,
  recordRoundOutcomes,
  recordRoundSteps,
  registeredMembers,
  surveysOfYear,
} from './round.repository';
import { stepMirrorRows } from '../work-items/step-mirror';

/** Activities on the identification task queue: only this service writes the register. */
export function identificationActivities(runtime: ServiceRuntime<IdentificationConfig>): IdentificationActivities {
  const db = runtime.db;
  return {
    async evaluateEligibility({ incomeYear, householdIds }) {
      const surveys = await surveysOfYear(db, householdIds, incomeYear);
      const observations = await latestObservations(db, householdIds);
      const households = await householdsWithUninsured(db, householdIds);
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
      await recordCrossCheck(db, roundId, recorded);
      return out;
    },

    async recordProgress({ roundId, entries }) {
      const key = activityIdempotencyKey();
      await db.$transaction(async (tx) =>
        onceForKey(tx, 'round.progress', key, { roundId, n: entries.length }, async () => {
          // each household's latest step, its start and misses (待办), in one statement
          await recordRoundSteps(tx, roundId, stepMirrorRows(entries));
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
          await recordRoundOutcomes(tx, roundId, rows);
          const registered = outcomes.filter((o) => o.outcome === 'registered').map((o) => o.householdId);
          const members = registered.length === 0 ? [] : await registeredMembers(tx, registered);
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
