import { checkExitCriteria, shanghaiDate, type ExitCriteriaResult, type ExitStability } from '@fupin/exit-rules';
import {
  DEFAULT_GUARANTEE_STANDARDS,
  type GuaranteeStandards,
  type HousingGrade,
  type PovertyPolicyOverride,
  resolvePolicy,
} from '@fupin/identification-rules';
import type { SqlExecutor } from '@fupin/persistence';
import { exitCriteriaRows } from './exit-criteria.repository';

/** The criteria of one household as judged for an exit proposal, with the figures the notice shows. */
export interface HouseholdExitCheck extends ExitCriteriaResult {
  householdId: string;
  villageCode: string;
  status: string;
  /** 人均纯收入 of the newest survey, fen (null without a survey). */
  perCapitaFen: number | null;
  /** Problems that keep the criteria from being judged at all (no observation, no policy for a year). */
  problems: { 'zh-CN': string; en: string }[];
}

/**
 * 贫困户退出标准 for many households at once: newest surveys first, every member's insurance and schooling, the latest
 * living-condition observation — judged by the pure rule `checkExitCriteria` against each income year's line.
 */
export async function checkHouseholdsForExit(
  db: SqlExecutor,
  householdIds: readonly string[],
  options: { policyOverrides: readonly PovertyPolicyOverride[]; stability?: ExitStability; onDate?: string },
): Promise<Map<string, HouseholdExitCheck>> {
  // ages in whole years on the assessment date (Asia/Shanghai today unless given), computed in SQL with age()
  const onDate = options.onDate ?? shanghaiDate(new Date());
  const rows = await exitCriteriaRows(db, householdIds, onDate);
  const out = new Map<string, HouseholdExitCheck>();
  for (const r of rows) {
    const surveys = (r.surveys ?? []).map((s) => ({ incomeYear: s.incomeYear, perCapitaFen: Number(s.perCapitaFen) }));
    const members = r.members ?? [];
    const problems: HouseholdExitCheck['problems'] = [];
    const base = {
      householdId: r.id,
      villageCode: r.village_code,
      status: r.status,
      perCapitaFen: surveys[0]?.perCapitaFen ?? null,
    };
    if (r.housing_grade === null)
      problems.push({ 'zh-CN': '缺少生活条件观察记录（看房、看水等）', en: 'no living-condition observation' });
    if (members.length === 0) problems.push({ 'zh-CN': '户内没有成员', en: 'the household has no members' });
    const lines = new Map<number, number>();
    let guarantees: GuaranteeStandards | undefined; // the newest year's standards judge schooling and housing
    for (const s of surveys) {
      const policy = resolvePolicy(r.village_code, s.incomeYear, options.policyOverrides);
      if (policy.ok) {
        lines.set(s.incomeYear, policy.value.povertyLineFen);
        guarantees ??= policy.value.guarantees;
      } else problems.push(...policy.violations.map((v) => v.message));
    }
    if (problems.length) {
      out.set(r.id, { ...base, ok: false, failed: [], problems });
      continue;
    }
    const children = members.map((m) => ({ age: m.age, inSchool: m.studentStatus !== 'out_of_school' }));
    // an observation may count out-of-school children the member list does not flag: they fail the criterion too
    const ages = guarantees?.compulsoryEducationAge ?? DEFAULT_GUARANTEE_STANDARDS.compulsoryEducationAge;
    const flagged = children.filter((c) => !c.inSchool && c.age >= ages.min && c.age <= ages.max).length;
    for (let i = flagged; i < (r.children_out_of_school ?? 0); i++) children.push({ age: ages.min, inSchool: false });
    const result = checkExitCriteria({
      surveys,
      lineFenByYear: (year) => lines.get(year)!,
      stability: options.stability,
      children,
      members: members.map((m) => ({ basicMedicalInsured: m.insured })),
      housingGrade: r.housing_grade as HousingGrade,
      drinkingWaterSafe: r.drinking_water_safe === true,
      compulsoryEducationAge: ages,
      ...(guarantees ? { unsafeHousingGrades: guarantees.unsafeHousingGrades } : {}),
    });
    out.set(r.id, { ...base, ...result, problems });
  }
  return out;
}
