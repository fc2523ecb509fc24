import {
  checkExitCriteria,
  observationOfIncomeYear,
  shanghaiDate,
  type ExitCriteriaResult,
  type ExitStability,
} from '@fupin/exit-rules';
import {
  DEFAULT_GUARANTEE_STANDARDS,
  type GuaranteeStandards,
  type HousingGrade,
  type PovertyPolicyOverride,
  resolvePolicy,
} from '@fupin/identification-rules';
import type { SqlExecutor } from '@fupin/persistence';
import { type ExitCriteriaRow, exitCriteriaRows } from './exit-criteria.repository';

/** The criteria of one household as judged for an exit proposal, with the figures the notice shows. */
export interface HouseholdExitCheck extends ExitCriteriaResult {
  householdId: string;
  villageCode: string;
  status: string;
  /** 人均纯收入 of the newest survey, fen (null without a survey). */
  perCapitaFen: number | null;
  /**
   * Problems that keep the household from exiting besides the criteria: no observation, no policy for a year (the
   * criteria are not judged then), or an observation older than the income year (judged, but not enough).
   */
  problems: { 'zh-CN': string; en: string }[];
}

export interface ExitCheckOptions {
  policyOverrides: readonly PovertyPolicyOverride[];
  stability?: ExitStability;
  /** Ages are taken on this Asia/Shanghai date (default today). */
  onDate?: string;
  /**
   * The income year the exit is of (an exit round's, the annual review's): the latest observation must be of it.
   * Default: each household's newest survey's income year (none without a survey).
   */
  incomeYear?: number;
}

/**
 * 贫困户退出标准 for many households at once: newest surveys first, every member's insurance and schooling, the latest
 * living-condition observation — judged by the pure rule `checkExitCriteria` against each income year's line, and the
 * observation must be one of the exit's income year (`observationOfIncomeYear`).
 */
export async function checkHouseholdsForExit(
  db: SqlExecutor,
  householdIds: readonly string[],
  options: ExitCheckOptions,
): Promise<Map<string, HouseholdExitCheck>> {
  // ages in whole years on the assessment date (Asia/Shanghai today unless given), computed in SQL with age()
  const onDate = options.onDate ?? shanghaiDate(new Date());
  const rows = await exitCriteriaRows(db, householdIds, onDate);
  return new Map(rows.map((r) => [r.id, checkHousehold(r, options)]));
}

/** One household's row judged (the mapping checkHouseholdsForExit uses; the screening reuses it on its own chunks). */
export function checkHousehold(r: ExitCriteriaRow, options: ExitCheckOptions): HouseholdExitCheck {
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
  if (problems.length) return { ...base, ok: false, failed: [], problems };
  // 入户观察须为本收入年度: an exit of year Y rests on an observation made since Y began
  const incomeYear = options.incomeYear ?? surveys[0]?.incomeYear;
  const stale = incomeYear === undefined ? null : observationOfIncomeYear(r.observed_at, incomeYear);
  if (stale) problems.push(stale.message);
  const result = judge(r, surveys, lines, guarantees, options.stability);
  return { ...base, ...result, ok: result.ok && problems.length === 0, problems };
}

function judge(
  r: ExitCriteriaRow,
  surveys: { incomeYear: number; perCapitaFen: number }[],
  lines: Map<number, number>,
  guarantees: GuaranteeStandards | undefined,
  stability: ExitStability | undefined,
): ExitCriteriaResult {
  const members = r.members ?? [];
  const children = members.map((m) => ({ age: m.age, inSchool: m.studentStatus !== 'out_of_school' }));
  // an observation may count out-of-school children the member list does not flag: they fail the criterion too
  const ages = guarantees?.compulsoryEducationAge ?? DEFAULT_GUARANTEE_STANDARDS.compulsoryEducationAge;
  const flagged = children.filter((c) => !c.inSchool && c.age >= ages.min && c.age <= ages.max).length;
  for (let i = flagged; i < (r.children_out_of_school ?? 0); i++) children.push({ age: ages.min, inSchool: false });
  return checkExitCriteria({
    surveys,
    lineFenByYear: (year) => lines.get(year)!,
    stability,
    children,
    members: members.map((m) => ({ basicMedicalInsured: m.insured })),
    housingGrade: r.housing_grade as HousingGrade,
    drinkingWaterSafe: r.drinking_water_safe === true,
    foodSecure: r.food_secure === true,
    clothingSecure: r.clothing_secure === true,
    compulsoryEducationAge: ages,
    ...(guarantees ? { unsafeHousingGrades: guarantees.unsafeHousingGrades } : {}),
  });
}
