import { type HousingGrade, isHousingGrade } from './enumerations';
import { formatYuan, type LocalizedMessage, type RuleViolation } from './messages';
import { DEFAULT_GUARANTEE_STANDARDS, type PovertyPolicy } from './policy';

/** 两不愁三保障: two assurances (food, clothing) and three guarantees (education, medical care, safe housing) + safe drinking water. */
export const GUARANTEES = [
  'food', // 不愁吃
  'clothing', // 不愁穿
  'compulsoryEducation', // 义务教育有保障
  'basicMedical', // 基本医疗有保障
  'housingSafety', // 住房安全有保障
  'drinkingWater', // 饮水安全有保障
] as const;
export type Guarantee = (typeof GUARANTEES)[number];

/** Each guarantee: true = met (有保障). */
export type Guarantees = Readonly<Record<Guarantee, boolean>>;

export const GUARANTEE_LABELS: Readonly<Record<Guarantee, LocalizedMessage>> = {
  food: { 'zh-CN': '不愁吃', en: 'enough food' },
  clothing: { 'zh-CN': '不愁穿', en: 'enough clothing' },
  compulsoryEducation: { 'zh-CN': '义务教育有保障', en: 'compulsory education assured' },
  basicMedical: { 'zh-CN': '基本医疗有保障', en: 'basic medical care assured' },
  housingSafety: { 'zh-CN': '住房安全有保障', en: 'safe housing assured' },
  drinkingWater: { 'zh-CN': '饮水安全有保障', en: 'safe drinking water assured' },
};

export type EligibilityBasis = 'below_line' | 'guarantee_unmet';

export interface EligibilityInput {
  /** 人均纯收入 in fen, from `perCapitaNetIncomeFen` (may be negative after a loss). */
  perCapitaFen: number;
  guarantees: Guarantees;
  /** The policy of the household's province and income year (`resolvePolicy`). */
  policy: Pick<PovertyPolicy, 'povertyLineFen' | 'year'>;
}

export interface EligibilityAssessment {
  eligible: boolean;
  /** `below_line` when income is below the line (whatever the guarantees), `guarantee_unmet` when only a guarantee fails. */
  basis: EligibilityBasis | null;
  /** Unmet guarantees in `GUARANTEES` order, listed whatever the basis. */
  unmetGuarantees: Guarantee[];
  lineFen: number;
  perCapitaFen: number;
  /** Why, in zh-CN and en: the income comparison first, then each unmet guarantee. */
  reasons: LocalizedMessage[];
}

/**
 * 识别标准 (SPEC §3.2): eligible when per-capita net income is strictly below the poverty line of that province and
 * year (exactly at the line is NOT below), OR above it with any of 两不愁三保障 unmet. Inputs are already validated
 * values, so malformed ones are programmer errors and throw RangeError.
 */
export function assessEligibility(input: EligibilityInput): EligibilityAssessment {
  const { perCapitaFen, guarantees, policy } = input;
  if (!Number.isSafeInteger(perCapitaFen))
    throw new RangeError(`perCapitaFen must be a whole number of fen, got ${perCapitaFen}`);
  const lineFen = policy.povertyLineFen;
  if (!Number.isSafeInteger(lineFen) || lineFen <= 0)
    throw new RangeError(`policy.povertyLineFen must be a positive whole number of fen, got ${lineFen}`);
  for (const g of GUARANTEES) {
    if (typeof guarantees[g] !== 'boolean') throw new RangeError(`guarantees.${g} must be true or false`);
  }

  const belowLine = perCapitaFen < lineFen;
  const unmetGuarantees = GUARANTEES.filter((g) => !guarantees[g]);
  const income = formatYuan(perCapitaFen);
  const line = formatYuan(lineFen);
  const reasons: LocalizedMessage[] = [
    belowLine
      ? {
          'zh-CN': `人均纯收入${income}元低于${policy.year}年贫困标准${line}元`,
          en: `per-capita net income ${income} yuan is below the ${policy.year} poverty line of ${line} yuan`,
        }
      : {
          'zh-CN': `人均纯收入${income}元不低于${policy.year}年贫困标准${line}元`,
          en: `per-capita net income ${income} yuan is not below the ${policy.year} poverty line of ${line} yuan`,
        },
    ...unmetGuarantees.map((g) => ({
      'zh-CN': `未达到“${GUARANTEE_LABELS[g]['zh-CN']}”`,
      en: `not met: ${GUARANTEE_LABELS[g].en}`,
    })),
  ];
  const basis: EligibilityBasis | null = belowLine
    ? 'below_line'
    : unmetGuarantees.length > 0
      ? 'guarantee_unmet'
      : null;
  return { eligible: basis !== null, basis, unmetGuarantees, lineFen, perCapitaFen, reasons };
}

/** What the surveyor saw at the house (看房、看水、看学、看保 — the "look" part of 一看二算). */
export interface LivingConditionObservations {
  /** 房屋安全等级 A–D. */
  housingGrade: HousingGrade;
  /** 饮水安全 (quantity, quality, convenience and reliability all met). */
  drinkingWaterSafe: boolean;
  /** Children of compulsory-education age (policy `compulsoryEducationAge`) out of school (失学辍学), not counting those excused for severe disability. */
  childrenOutOfSchool: number;
  /** Members not enrolled in basic medical insurance (未参加基本医疗保险). */
  uninsuredMembers: number;
  /** 不愁吃 */
  foodSecure: boolean;
  /** 不愁穿 */
  clothingSecure: boolean;
}

export type GuaranteesResult = { ok: true; value: Guarantees } | { ok: false; violations: RuleViolation[] };

/**
 * 两不愁三保障 from living-condition observations: housing safe unless its grade is one of the policy's unsafe grades
 * (default C, D); education met when no child is out of school; medical care met when every member is insured.
 * Malformed observations (unknown grade, negative or fractional counts, non-boolean flags) are violations by field.
 */
export function guaranteesFromObservations(
  observations: LivingConditionObservations,
  policy?: Pick<PovertyPolicy, 'guarantees'>,
): GuaranteesResult {
  const violations: RuleViolation[] = [];
  const o = observations;
  if (!isHousingGrade(o.housingGrade)) {
    violations.push({
      field: 'housingGrade',
      rule: 'housing_grade',
      message: { 'zh-CN': '房屋安全等级须为A、B、C或D', en: 'housing grade must be A, B, C or D' },
    });
  }
  for (const field of ['childrenOutOfSchool', 'uninsuredMembers'] as const) {
    const value: unknown = o[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      violations.push({
        field,
        rule: 'non_negative_integer',
        message: { 'zh-CN': '人数须为不小于0的整数', en: 'count must be a whole number of at least 0' },
      });
    }
  }
  for (const field of ['drinkingWaterSafe', 'foodSecure', 'clothingSecure'] as const) {
    if (typeof o[field] !== 'boolean') {
      violations.push({ field, rule: 'boolean', message: { 'zh-CN': '须为是或否', en: 'must be true or false' } });
    }
  }
  if (violations.length > 0) return { ok: false, violations };
  const unsafe = policy?.guarantees?.unsafeHousingGrades ?? DEFAULT_GUARANTEE_STANDARDS.unsafeHousingGrades;
  return {
    ok: true,
    value: {
      food: o.foodSecure,
      clothing: o.clothingSecure,
      compulsoryEducation: o.childrenOutOfSchool === 0,
      basicMedical: o.uninsuredMembers === 0,
      housingSafety: !unsafe.includes(o.housingGrade),
      drinkingWater: o.drinkingWaterSafe,
    },
  };
}
