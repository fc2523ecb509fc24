import type { RuleViolation } from './messages';

/**
 * Household survey line items for one income year (入户调查 · 六算), every amount in integer fen (分).
 * Every line item is kept; the per-capita figure is derived from them, never typed in.
 */
export interface IncomeSurvey {
  /** 家庭人口: members counted for the per-capita figure. */
  householdSize: number;
  /** 种植业收入 (算种植) */
  farmingIncome: number;
  /** 养殖业收入 (算养殖) */
  livestockIncome: number;
  /** 工资性收入 (算务工) */
  wageIncome: number;
  /** 财产性收入 */
  propertyIncome: number;
  /** 转移性收入 */
  transferIncome: number;
  /** 经营净收入 (other business, already net) */
  businessNetIncome: number;
  /** 生产经营性支出: subtracted from income. */
  productionCosts: number;
  /** 生活支出 (算支出): recorded, not subtracted. */
  livingExpenses: number;
  /** 因病因灾支出 (算因病): recorded, not subtracted. */
  illnessSpending: number;
  /** 学生费用 (算教育): recorded, not subtracted. */
  studentCosts: number;
}

/** Income line items added to net income. */
export const INCOME_ITEMS = [
  'farmingIncome',
  'livestockIncome',
  'wageIncome',
  'propertyIncome',
  'transferIncome',
  'businessNetIncome',
] as const;
/** Items subtracted from net income. */
export const DEDUCTED_ITEMS = ['productionCosts'] as const;
/** Items recorded for the file but not part of the net-income formula. */
export const RECORDED_ITEMS = ['livingExpenses', 'illnessSpending', 'studentCosts'] as const;

export interface PerCapitaNetIncome {
  /** 家庭纯收入 = Σ income items − production costs; may be negative. */
  netIncomeFen: number;
  /** 人均纯收入 = net income / household size, rounded half-up (half away from zero). */
  perCapitaFen: number;
  householdSize: number;
}

export type PerCapitaNetIncomeResult =
  { ok: true; value: PerCapitaNetIncome } | { ok: false; violations: RuleViolation[] };

/**
 * 人均纯收入 in fen from the six-calculations survey. Every amount must be a non-negative safe integer
 * (fen) and the household size an integer ≥ 1; each broken rule is reported with its field.
 */
export function perCapitaNetIncomeFen(survey: IncomeSurvey): PerCapitaNetIncomeResult {
  const violations: RuleViolation[] = [];
  for (const field of [...INCOME_ITEMS, ...DEDUCTED_ITEMS, ...RECORDED_ITEMS]) {
    const value: unknown = survey[field];
    if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
      violations.push({
        field,
        rule: 'integer_fen',
        message: { 'zh-CN': '金额必须为整数（单位：分）', en: 'amount must be a whole number of fen' },
      });
    } else if (value < 0) {
      violations.push({
        field,
        rule: 'non_negative',
        message: { 'zh-CN': '金额不能为负数', en: 'amount must not be negative' },
      });
    }
  }
  const size: unknown = survey.householdSize;
  if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 1) {
    violations.push({
      field: 'householdSize',
      rule: 'min_one',
      message: { 'zh-CN': '家庭人口须为不小于1的整数', en: 'household size must be a whole number of at least 1' },
    });
  }
  if (violations.length > 0) return { ok: false, violations };

  let net = 0n;
  for (const field of INCOME_ITEMS) net += BigInt(survey[field]);
  for (const field of DEDUCTED_ITEMS) net -= BigInt(survey[field]);
  const perCapita = divideHalfUp(net, BigInt(survey.householdSize));
  if (!isSafe(net) || !isSafe(perCapita)) {
    return {
      ok: false,
      violations: [
        {
          field: 'survey',
          rule: 'out_of_range',
          message: { 'zh-CN': '金额超出可处理范围', en: 'amounts are too large to process' },
        },
      ],
    };
  }
  return {
    ok: true,
    value: { netIncomeFen: Number(net), perCapitaFen: Number(perCapita), householdSize: survey.householdSize },
  };
}

/** n / d (d > 0) rounded to the nearest integer, halves away from zero. */
function divideHalfUp(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let q = abs / d;
  if ((abs % d) * 2n >= d) q += 1n;
  return negative ? -q : q;
}

function isSafe(n: bigint): boolean {
  return n <= BigInt(Number.MAX_SAFE_INTEGER) && n >= BigInt(Number.MIN_SAFE_INTEGER);
}
