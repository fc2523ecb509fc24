import { checkExitCriteria, shanghaiDate, type ExitCriteriaResult, type ExitStability } from '@fupin/exit-rules';
import {
  DEFAULT_GUARANTEE_STANDARDS,
  type GuaranteeStandards,
  type HousingGrade,
  type PovertyPolicyOverride,
  resolvePolicy,
} from '@fupin/identification-rules';
import type { SqlExecutor } from '@fupin/persistence';

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

interface Row {
  id: string;
  village_code: string;
  status: string;
  surveys: { incomeYear: number; perCapitaFen: string }[] | null;
  members: { age: number; studentStatus: string | null; insured: boolean }[] | null;
  housing_grade: string | null;
  drinking_water_safe: boolean | null;
  children_out_of_school: number | null;
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
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT h.id::text, h.village_code, h.status,
            (SELECT json_agg(json_build_object('incomeYear', s.income_year, 'perCapitaFen', s.per_capita_fen::text) ORDER BY s.income_year DESC)
               FROM income_survey s WHERE s.household_id = h.id) AS surveys,
            (SELECT json_agg(json_build_object('age', date_part('year', age($2::date, p.birth_date))::int, 'studentStatus', p.student_status, 'insured', p.basic_medical_insured))
               FROM person p WHERE p.household_id = h.id) AS members,
            o.housing_grade, o.drinking_water_safe, o.children_out_of_school
       FROM household h
       LEFT JOIN LATERAL (SELECT housing_grade, drinking_water_safe, children_out_of_school FROM living_observation lo
                           WHERE lo.household_id = h.id ORDER BY observed_at DESC LIMIT 1) o ON true
      WHERE h.id = ANY($1::uuid[])`,
    householdIds,
    onDate,
  );
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
