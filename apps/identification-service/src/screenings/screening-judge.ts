import { type ExitStability, monitoringEntry } from '@fupin/exit-rules';
import {
  type HousingGrade,
  type LocalizedMessage,
  type PovertyPolicyOverride,
  type ResolvePolicyResult,
  assessEligibility,
  guaranteesFromObservations,
  resolvePolicy,
} from '@fupin/identification-rules';
import { checkHousehold } from '../exits/exit-criteria';
import type { ScreeningHouseholdRow } from './screening.repository';
import { type ExitFacts, type ScreeningDecision, type ScreeningFacts, decideScreening } from './screening-outcome';

/** The rules a screening judges by: the year, the province overrides, the exit stability (the services' config). */
export interface ScreeningRules {
  incomeYear: number;
  policyOverrides: readonly PovertyPolicyOverride[];
  stability: Required<ExitStability>;
}

type Survey = NonNullable<ScreeningHouseholdRow['surveys']>[number];

/**
 * One chunk's households judged with the services' own rules: the exit criteria through exits/exit-criteria.ts's row
 * mapping (`checkHousehold`), eligibility (`assessEligibility` on the year's survey and the latest observation) and
 * the monitoring entry rule (`monitoringEntry` on the year's survey). Pure; one policy resolved per province.
 */
export class ScreeningJudge {
  private readonly policies = new Map<string, ResolvePolicyResult>();

  constructor(private readonly rules: ScreeningRules) {}

  judge(row: ScreeningHouseholdRow): { decision: ScreeningDecision; perCapitaFen: number | null } {
    const facts = this.facts(row);
    return { decision: decideScreening(facts), perCapitaFen: facts.perCapitaFen };
  }

  facts(row: ScreeningHouseholdRow): ScreeningFacts {
    const year = this.rules.incomeYear;
    const policy = this.policy(row.village_code);
    const survey = row.surveys?.find((s) => s.incomeYear === year) ?? null;
    const problems: LocalizedMessage[] = [];
    if (!policy.ok) problems.push(...policy.violations.map((v) => v.message));
    if (!survey)
      problems.push({ 'zh-CN': `缺少${year}收入年度的入户调查`, en: `no income survey for income year ${year}` });
    const lineFen = policy.ok ? policy.value.povertyLineFen : null;
    const base = {
      status: row.status,
      monitored: row.monitored === true,
      perCapitaFen: survey ? Number(survey.perCapitaFen) : null,
      lineFen,
    };
    if (row.status === 'registered') {
      const eligibility = this.eligibility(row, survey, policy, problems);
      return { ...base, exit: this.exit(row), eligibility, entry: null, problems };
    }
    const entry = survey && policy.ok ? this.entry(row, survey, policy) : null;
    return { ...base, exit: null, eligibility: null, entry, problems };
  }

  private exit(row: ScreeningHouseholdRow): ExitFacts {
    const { incomeYear, policyOverrides, stability } = this.rules;
    try {
      return checkHousehold(row, { policyOverrides, stability, incomeYear });
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      return { ok: false, failed: [], problems: [{ 'zh-CN': `数据有误：${e.message}`, en: `bad data: ${e.message}` }] };
    }
  }

  private eligibility(
    row: ScreeningHouseholdRow,
    survey: Survey | null,
    policy: ResolvePolicyResult,
    problems: LocalizedMessage[],
  ): ScreeningFacts['eligibility'] {
    if (row.housing_grade === null)
      problems.push({ 'zh-CN': '缺少生活条件观察记录（看房、看水等）', en: 'no living-condition observation' });
    if (!survey || !policy.ok || row.housing_grade === null) return null;
    const members = row.members ?? [];
    const guarantees = guaranteesFromObservations(
      {
        housingGrade: row.housing_grade as HousingGrade,
        drinkingWaterSafe: row.drinking_water_safe === true,
        childrenOutOfSchool: row.children_out_of_school ?? 0,
        uninsuredMembers: members.filter((m) => !m.insured).length,
        foodSecure: row.food_secure === true,
        clothingSecure: row.clothing_secure === true,
      },
      policy.value,
    );
    if (!guarantees.ok) {
      problems.push(...guarantees.violations.map((v) => v.message));
      return null;
    }
    const perCapitaFen = Number(survey.perCapitaFen);
    return assessEligibility({ perCapitaFen, guarantees: guarantees.value, policy: policy.value });
  }

  private entry(row: ScreeningHouseholdRow, survey: Survey, policy: ResolvePolicyResult & { ok: true }) {
    return monitoringEntry({
      perCapitaFen: Number(survey.perCapitaFen),
      lineFen: policy.value.povertyLineFen,
      factorBp: policy.value.monitoringLineFactorBp,
      rigidSpendingFen: Number(survey.rigidSpendingFen),
      incomeFen: Number(survey.netIncomeFen),
      exited: row.status === 'exited',
      // 边缘户 and 突发严重困难 are named by the cadre at entry, not derivable from the register
      edge: false,
      suddenHardship: false,
    });
  }

  private policy(villageCode: string): ResolvePolicyResult {
    const province = villageCode.slice(0, 2);
    let policy = this.policies.get(province);
    if (!policy) {
      policy = resolvePolicy(villageCode, this.rules.incomeYear, this.rules.policyOverrides);
      this.policies.set(province, policy);
    }
    return policy;
  }
}
