/**
 * Dilapidated-house renovation (危房改造), the other half of housing safety (住房安全有保障). Pure.
 *
 * A household may get a renovation case when it is registered (not exited), its latest house observation grades the
 * house C or D (C级、D级危房), it has no open relocation case (搬迁户不再危改) nor another renovation case, and the
 * work is planned into a year from the current one to at most 3 years ahead (分年度、最好不超过3年).
 * The subsidy per household comes from the relocation policy table by grade.
 */

import type { RuleViolation } from '@fupin/localized';
import { RENOVATION_GRADES, type Fen, type RelocationPolicy, type RenovationGrade } from './policy';

/** House safety grades (房屋安全等级): A safe … D dangerous as a whole. */
export const HOUSE_GRADES = ['A', 'B', 'C', 'D'] as const;
export type HouseGrade = (typeof HOUSE_GRADES)[number];
/** At most this many years ahead of the current year. */
export const RENOVATION_MAX_YEARS_AHEAD = 3;

export interface HouseObservation {
  grade: HouseGrade;
  /** YYYY-MM-DD. */
  observedOn: string;
}

export interface RenovationCandidate {
  registered: boolean;
  houseObservations: readonly HouseObservation[];
  openRelocationCase: boolean;
  openRenovationCase?: boolean;
  plannedYear: number;
  /** The current year, passed in (no clock here). */
  currentYear: number;
}

export type RenovationEligibility =
  { ok: true; grade: RenovationGrade; subsidyFen: Fen } | { ok: false; violations: RuleViolation[] };

export const isRenovationGrade = (g: unknown): g is RenovationGrade =>
  typeof g === 'string' && (RENOVATION_GRADES as readonly string[]).includes(g);

/** The grade of the latest observation (by date; the later one in the list on the same day), or null. */
export function latestHouseGrade(observations: readonly HouseObservation[]): HouseGrade | null {
  let latest: HouseObservation | null = null;
  for (const o of observations) if (!latest || o.observedOn >= latest.observedOn) latest = o;
  return latest?.grade ?? null;
}

/** The renovation subsidy of a household whose house is graded `grade`. */
export function renovationSubsidyFen(policy: RelocationPolicy, grade: RenovationGrade): Fen {
  return policy.renovationSubsidyFen[grade];
}

const v = (field: string, rule: string, zh: string, en: string): RuleViolation => ({
  field,
  rule,
  message: { 'zh-CN': zh, en },
});

function yearViolation(planned: number, current: number): RuleViolation | null {
  const last = current + RENOVATION_MAX_YEARS_AHEAD;
  if (Number.isInteger(planned) && planned >= current && planned <= last) return null;
  return v(
    'plannedYear',
    'planned_year',
    `改造年度须在${current}至${last}年之间（不超过3年）`,
    `the planned year must be from ${current} to ${last} (at most ${RENOVATION_MAX_YEARS_AHEAD} years ahead)`,
  );
}

/** Every reason the household may not get a renovation case, or its grade and subsidy. */
export function checkRenovationEligibility(policy: RelocationPolicy, c: RenovationCandidate): RenovationEligibility {
  const violations: RuleViolation[] = [];
  if (!c.registered)
    violations.push(
      v(
        'householdId',
        'not_registered',
        '只有在册贫困户可申请危房改造',
        'only a registered household may get a renovation',
      ),
    );
  const grade = latestHouseGrade(c.houseObservations);
  if (!isRenovationGrade(grade))
    violations.push(
      v(
        'houseGrade',
        'house_not_dangerous',
        `最近一次房屋鉴定为${grade ?? '无'}，须为C级或D级危房`,
        `the latest house grade is ${grade ?? 'none'}; it must be C or D`,
      ),
    );
  if (c.openRelocationCase)
    violations.push(
      v(
        'householdId',
        'relocation_open',
        '该户有进行中的易地搬迁，不再危房改造',
        'the household has an open relocation case',
      ),
    );
  if (c.openRenovationCase)
    violations.push(
      v(
        'householdId',
        'renovation_open',
        '该户已有进行中的危房改造',
        'the household already has an open renovation case',
      ),
    );
  const year = yearViolation(c.plannedYear, c.currentYear);
  if (year) violations.push(year);
  if (violations.length || !isRenovationGrade(grade)) return { ok: false, violations };
  return { ok: true, grade, subsidyFen: renovationSubsidyFen(policy, grade) };
}
