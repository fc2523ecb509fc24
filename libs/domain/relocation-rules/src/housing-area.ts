/**
 * Housing area red line for relocation (易地扶贫搬迁住房面积红线, SPEC §3.3): at most 25 m² per person.
 * A red line refuses; it never warns. The per-person limit is configuration (per province and year).
 */

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';

export type { LocalizedMessage, RuleViolation };

/** National default: 25 m² of housing per relocated person (人均住房面积不超过25平方米). */
export const DEFAULT_PER_PERSON_LIMIT_M2 = 25;

/** Areas are compared in whole hundredths of a m² so that 75.00 ≤ 3 × 25 holds exactly. */
const toCentiM2 = (m2: number): number => Math.round(m2 * 100);

function checkPersons(persons: number): void {
  if (!Number.isSafeInteger(persons) || persons < 1)
    throw new RangeError(`persons must be a whole number ≥ 1, got ${persons}`);
}
function checkLimit(limit: number): void {
  if (!Number.isFinite(limit) || limit <= 0)
    throw new RangeError(`perPersonLimitM2 must be a positive number, got ${limit}`);
}

/** The largest housing area allowed for a household of `persons` people (m²). */
export function maxHousingAreaM2(persons: number, perPersonLimitM2: number = DEFAULT_PER_PERSON_LIMIT_M2): number {
  checkPersons(persons);
  checkLimit(perPersonLimitM2);
  return toCentiM2(persons * perPersonLimitM2) / 100;
}

/** Refusal of a housing plan: the field, the rule and the figures the officer needs to correct it. */
export interface HousingAreaRefusal extends RuleViolation {
  field: 'areaM2' | 'persons' | 'perPersonLimitM2';
  rule: 'housing_area_red_line' | 'positive_area' | 'min_one_person' | 'positive_limit';
  areaM2: number;
  maxAreaM2: number | null;
}

export type HousingAreaCheck =
  { ok: true; areaM2: number; maxAreaM2: number } | { ok: false; refusal: HousingAreaRefusal };

/**
 * Check a planned home of `areaM2` for `persons` people against the red line.
 * Above the limit is refused (超面积红线，不予批准), as are a non-positive area, fewer than one person or a bad limit.
 */
export function checkHousingArea(
  areaM2: number,
  persons: number,
  perPersonLimitM2: number = DEFAULT_PER_PERSON_LIMIT_M2,
): HousingAreaCheck {
  const refuse = (
    field: HousingAreaRefusal['field'],
    rule: HousingAreaRefusal['rule'],
    maxAreaM2: number | null,
    zh: string,
    en: string,
  ): HousingAreaCheck => ({
    ok: false,
    refusal: { field, rule, areaM2, maxAreaM2, message: { 'zh-CN': zh, en } },
  });
  if (!Number.isFinite(perPersonLimitM2) || perPersonLimitM2 <= 0) {
    return refuse(
      'perPersonLimitM2',
      'positive_limit',
      null,
      '人均住房面积上限必须为正数',
      'the per-person area limit must be positive',
    );
  }
  if (!Number.isSafeInteger(persons) || persons < 1) {
    return refuse(
      'persons',
      'min_one_person',
      null,
      '搬迁人口须为不小于1的整数',
      'persons must be a whole number of at least 1',
    );
  }
  const maxAreaM2 = maxHousingAreaM2(persons, perPersonLimitM2);
  if (!Number.isFinite(areaM2) || areaM2 <= 0) {
    return refuse('areaM2', 'positive_area', maxAreaM2, '住房面积必须为正数', 'housing area must be a positive number');
  }
  if (toCentiM2(areaM2) > toCentiM2(maxAreaM2)) {
    return refuse(
      'areaM2',
      'housing_area_red_line',
      maxAreaM2,
      `住房面积${areaM2}平方米超过红线：${persons}人×${perPersonLimitM2}平方米=${maxAreaM2}平方米`,
      `housing area ${areaM2} m² exceeds the red line of ${persons} × ${perPersonLimitM2} m² = ${maxAreaM2} m²`,
    );
  }
  return { ok: true, areaM2, maxAreaM2 };
}
