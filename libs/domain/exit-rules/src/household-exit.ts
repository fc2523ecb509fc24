import {
  DEFAULT_GUARANTEE_STANDARDS,
  formatYuan,
  type HousingGrade,
  isHousingGrade,
  type LocalizedMessage,
} from '@fupin/identification-rules';

/**
 * 贫困户退出标准 (SPEC §3.6): per-capita income stably above the line AND 两不愁三保障 met (enough to eat and to
 * wear — 不愁吃、不愁穿 —, no child of compulsory-education age out of school, every member insured, house safe,
 * drinking water safe).
 * An exit may be proposed only when `ok`; every failed criterion is reported by name.
 */

export const EXIT_CRITERIA = [
  'income_stable',
  'food_secure',
  'clothing_secure',
  'compulsory_education',
  'medical_insurance',
  'housing_safe',
  'drinking_water',
] as const;
export type ExitCriterion = (typeof EXIT_CRITERIA)[number];

export const EXIT_CRITERION_LABELS: Readonly<Record<ExitCriterion, LocalizedMessage>> = {
  income_stable: { 'zh-CN': '收入稳定超过贫困标准', en: 'income stably above the poverty line' },
  food_secure: { 'zh-CN': '不愁吃', en: 'enough to eat' },
  clothing_secure: { 'zh-CN': '不愁穿', en: 'enough to wear' },
  compulsory_education: { 'zh-CN': '义务教育有保障', en: 'compulsory education assured' },
  medical_insurance: { 'zh-CN': '基本医疗有保障', en: 'basic medical care assured' },
  housing_safe: { 'zh-CN': '住房安全有保障', en: 'safe housing assured' },
  drinking_water: { 'zh-CN': '饮水安全有保障', en: 'safe drinking water assured' },
};

export interface ExitIncomeSurvey {
  /** Income year (labelled by the year it ends, as in `incomeYearOf`). */
  incomeYear: number;
  /** 人均纯收入 in fen (may be negative after a loss). */
  perCapitaFen: number;
}

/**
 * How "stably above" is judged: the newest `yearsAbove` surveys must be strictly above their year's line, and the
 * `yearsNotBelow` surveys before them must be not below it (at the line counts). Defaults 1 and 1.
 */
export interface ExitStability {
  yearsAbove?: number;
  yearsNotBelow?: number;
}

export const DEFAULT_EXIT_STABILITY: Readonly<Required<ExitStability>> = Object.freeze({
  yearsAbove: 1,
  yearsNotBelow: 1,
});

export interface ExitChild {
  /** Age in whole years on the assessment date. */
  age: number;
  inSchool: boolean;
  /** Excused from school for severe disability (重度残疾不能入学, e.g. served by 送教上门): not a failure. */
  excused?: boolean;
}

export interface ExitMember {
  /** Enrolled in basic medical insurance (参加城乡居民基本医疗保险). */
  basicMedicalInsured: boolean;
}

export interface ExitCriteriaInput {
  /** Income surveys, newest first (income years strictly decreasing). Gaps between years are allowed. */
  surveys: readonly ExitIncomeSurvey[];
  /** The poverty line in fen of an income year (from `resolvePolicy`); must return a positive whole number. */
  lineFenByYear: (incomeYear: number) => number;
  stability?: ExitStability;
  /** Children of the household (any age; only those of compulsory-education age are judged). */
  children: readonly ExitChild[];
  /** Every member of the household (at least one). */
  members: readonly ExitMember[];
  housingGrade: HousingGrade;
  drinkingWaterSafe: boolean;
  /** 不愁吃: the household has enough to eat (latest living-condition observation). */
  foodSecure: boolean;
  /** 不愁穿: the household has enough to wear, in every season (latest living-condition observation). */
  clothingSecure: boolean;
  /** Compulsory-education ages, inclusive. Default 6–15 (policy `guarantees.compulsoryEducationAge`). */
  compulsoryEducationAge?: { min: number; max: number };
  /** Grades that are unsafe. Default C and D, so A/B are safe (policy `guarantees.unsafeHousingGrades`). */
  unsafeHousingGrades?: readonly HousingGrade[];
}

/** One survey as judged for `income_stable`. */
export interface JudgedSurvey {
  incomeYear: number;
  perCapitaFen: number;
  lineFen: number;
  /** `above`: strictly above the line; `not_below`: at or above it. */
  required: 'above' | 'not_below';
  met: boolean;
}

export type FailedExitCriterion =
  | {
      criterion: 'income_stable';
      message: LocalizedMessage;
      /** `surveys` holds the surveys judged (newest first); `available < required` when there are too few surveys. */
      detail: { required: number; available: number; surveys: JudgedSurvey[] };
    }
  | { criterion: 'food_secure'; message: LocalizedMessage; detail: { foodSecure: false } }
  | { criterion: 'clothing_secure'; message: LocalizedMessage; detail: { clothingSecure: false } }
  | {
      criterion: 'compulsory_education';
      message: LocalizedMessage;
      detail: { outOfSchool: { index: number; age: number }[] };
    }
  | { criterion: 'medical_insurance'; message: LocalizedMessage; detail: { uninsuredMemberIndexes: number[] } }
  | { criterion: 'housing_safe'; message: LocalizedMessage; detail: { housingGrade: HousingGrade } }
  | { criterion: 'drinking_water'; message: LocalizedMessage; detail: { drinkingWaterSafe: false } };

export interface ExitCriteriaResult {
  ok: boolean;
  /** Failed criteria in `EXIT_CRITERIA` order; empty when `ok`. */
  failed: FailedExitCriterion[];
}

function nonNegativeInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a whole number ≥ 0, got ${String(value)}`);
  return value;
}

/** The input with its defaults applied, or RangeError for a programmer error. */
function validated(input: ExitCriteriaInput) {
  const yearsAbove = nonNegativeInt(
    input.stability?.yearsAbove ?? DEFAULT_EXIT_STABILITY.yearsAbove,
    'stability.yearsAbove',
  );
  const yearsNotBelow = nonNegativeInt(
    input.stability?.yearsNotBelow ?? DEFAULT_EXIT_STABILITY.yearsNotBelow,
    'stability.yearsNotBelow',
  );
  if (yearsAbove < 1) throw new RangeError('stability.yearsAbove must be at least 1');
  const ages = input.compulsoryEducationAge ?? DEFAULT_GUARANTEE_STANDARDS.compulsoryEducationAge;
  if (!Number.isInteger(ages.min) || !Number.isInteger(ages.max) || ages.min > ages.max)
    throw new RangeError('compulsoryEducationAge must be a whole-year range');
  const unsafe = input.unsafeHousingGrades ?? DEFAULT_GUARANTEE_STANDARDS.unsafeHousingGrades;
  if (!isHousingGrade(input.housingGrade))
    throw new RangeError(`housingGrade must be A, B, C or D, got ${String(input.housingGrade)}`);
  for (const flag of ['drinkingWaterSafe', 'foodSecure', 'clothingSecure'] as const)
    if (typeof input[flag] !== 'boolean') throw new RangeError(`${flag} must be true or false`);
  if (input.members.length === 0) throw new RangeError('a household has at least one member');
  input.surveys.forEach((s, i) => {
    if (!Number.isSafeInteger(s.incomeYear)) throw new RangeError(`surveys[${i}].incomeYear must be a whole year`);
    if (!Number.isSafeInteger(s.perCapitaFen))
      throw new RangeError(`surveys[${i}].perCapitaFen must be a whole number of fen`);
    if (i > 0 && s.incomeYear >= input.surveys[i - 1].incomeYear)
      throw new RangeError('surveys must be newest first, one per income year');
  });
  return { yearsAbove, yearsNotBelow, ages, unsafe };
}

/** 收入稳定超过贫困标准: the newest `yearsAbove` surveys strictly above their line, the `yearsNotBelow` before not below. */
function incomeStable(input: ExitCriteriaInput, yearsAbove: number, yearsNotBelow: number): FailedExitCriterion | null {
  const required = yearsAbove + yearsNotBelow;
  const judged: JudgedSurvey[] = input.surveys.slice(0, required).map((s, i) => {
    const lineFen = input.lineFenByYear(s.incomeYear);
    if (!Number.isSafeInteger(lineFen) || lineFen <= 0)
      throw new RangeError(`line of ${s.incomeYear} must be a positive whole number of fen, got ${lineFen}`);
    const kind = i < yearsAbove ? 'above' : 'not_below';
    return {
      incomeYear: s.incomeYear,
      perCapitaFen: s.perCapitaFen,
      lineFen,
      required: kind,
      met: kind === 'above' ? s.perCapitaFen > lineFen : s.perCapitaFen >= lineFen,
    };
  });
  const missing = judged.length < required;
  const unmet = judged.filter((s) => !s.met);
  if (!missing && unmet.length === 0) return null;
  const zh: string[] = [];
  const en: string[] = [];
  if (missing) {
    zh.push(`需要最近${required}年的收入调查，仅有${judged.length}年`);
    en.push(`needs income surveys of the last ${required} years, has ${judged.length}`);
  }
  for (const s of unmet) {
    const income = formatYuan(s.perCapitaFen);
    const line = formatYuan(s.lineFen);
    if (s.required === 'above') {
      zh.push(`${s.incomeYear}年人均纯收入${income}元未超过贫困标准${line}元`);
      en.push(`${s.incomeYear} per-capita net income ${income} yuan is not above the poverty line of ${line} yuan`);
    } else {
      zh.push(`${s.incomeYear}年人均纯收入${income}元低于贫困标准${line}元`);
      en.push(`${s.incomeYear} per-capita net income ${income} yuan is below the poverty line of ${line} yuan`);
    }
  }
  return {
    criterion: 'income_stable',
    message: {
      'zh-CN': `收入未稳定超过贫困标准：${zh.join('；')}`,
      en: `income not stably above the poverty line: ${en.join('; ')}`,
    },
    detail: { required, available: judged.length, surveys: judged },
  };
}

/** 不愁吃 and 不愁穿, as the latest observation records them. */
function foodAndClothing(input: ExitCriteriaInput): FailedExitCriterion[] {
  const failed: FailedExitCriterion[] = [];
  if (!input.foodSecure)
    failed.push({
      criterion: 'food_secure',
      message: { 'zh-CN': '未达到不愁吃：吃饭无保障', en: 'not enough to eat (food not secure)' },
      detail: { foodSecure: false },
    });
  if (!input.clothingSecure)
    failed.push({
      criterion: 'clothing_secure',
      message: { 'zh-CN': '未达到不愁穿：穿衣无保障', en: 'not enough to wear (clothing not secure)' },
      detail: { clothingSecure: false },
    });
  return failed;
}

/** 义务教育有保障: no child of compulsory-education age out of school, unless excused. */
function compulsoryEducation(
  children: readonly ExitChild[],
  ages: { min: number; max: number },
): FailedExitCriterion | null {
  const outOfSchool: { index: number; age: number }[] = [];
  children.forEach((c, index) => {
    if (!Number.isSafeInteger(c.age) || c.age < 0)
      throw new RangeError(`children[${index}].age must be a whole number ≥ 0`);
    if (typeof c.inSchool !== 'boolean') throw new RangeError(`children[${index}].inSchool must be true or false`);
    if (c.age >= ages.min && c.age <= ages.max && !c.inSchool && c.excused !== true)
      outOfSchool.push({ index, age: c.age });
  });
  if (outOfSchool.length === 0) return null;
  return {
    criterion: 'compulsory_education',
    message: {
      'zh-CN': `有${outOfSchool.length}名${ages.min}至${ages.max}岁儿童失学辍学`,
      en: `${outOfSchool.length} child(ren) aged ${ages.min}–${ages.max} out of school`,
    },
    detail: { outOfSchool },
  };
}

/** 基本医疗有保障: every member enrolled in basic medical insurance. */
function medicalInsurance(members: readonly ExitMember[]): FailedExitCriterion | null {
  const uninsuredMemberIndexes: number[] = [];
  members.forEach((m, index) => {
    if (typeof m.basicMedicalInsured !== 'boolean')
      throw new RangeError(`members[${index}].basicMedicalInsured must be true or false`);
    if (!m.basicMedicalInsured) uninsuredMemberIndexes.push(index);
  });
  if (uninsuredMemberIndexes.length === 0) return null;
  return {
    criterion: 'medical_insurance',
    message: {
      'zh-CN': `有${uninsuredMemberIndexes.length}名家庭成员未参加基本医疗保险`,
      en: `${uninsuredMemberIndexes.length} member(s) not enrolled in basic medical insurance`,
    },
    detail: { uninsuredMemberIndexes },
  };
}

/** 住房安全有保障 and 饮水安全有保障. */
function housingAndWater(input: ExitCriteriaInput, unsafe: readonly HousingGrade[]): FailedExitCriterion[] {
  const failed: FailedExitCriterion[] = [];
  if (unsafe.includes(input.housingGrade))
    failed.push({
      criterion: 'housing_safe',
      message: { 'zh-CN': `住房为${input.housingGrade}级危房`, en: `house is graded ${input.housingGrade} (unsafe)` },
      detail: { housingGrade: input.housingGrade },
    });
  if (!input.drinkingWaterSafe)
    failed.push({
      criterion: 'drinking_water',
      message: { 'zh-CN': '饮水安全无保障', en: 'drinking water not safe' },
      detail: { drinkingWaterSafe: false },
    });
  return failed;
}

/**
 * Check the household exit criteria. Inputs are validated values; malformed ones (surveys out of order, fractional
 * amounts, a non-positive line, no members, an unknown housing grade, non-boolean flags) are programmer errors and
 * throw RangeError.
 */
export function checkExitCriteria(input: ExitCriteriaInput): ExitCriteriaResult {
  const { yearsAbove, yearsNotBelow, ages, unsafe } = validated(input);
  const failed = [
    incomeStable(input, yearsAbove, yearsNotBelow),
    ...foodAndClothing(input),
    compulsoryEducation(input.children, ages),
    medicalInsurance(input.members),
    ...housingAndWater(input, unsafe),
  ].filter((f): f is FailedExitCriterion => f !== null);
  return { ok: failed.length === 0, failed };
}
