import type { LocalizedMessage, RuleViolation } from '@fupin/identification-rules';
import { compareRatioToBp, formatBp, formatRatio, ratio, type Ratio, ratioToBp } from './ratio';

/**
 * 第三方评估指标 for a county's exit (SPEC §3.6): wrong-exit rate (错退率) below 2 %, missed-identification rate
 * (漏评率) below 2 %, satisfaction (群众认可度/满意度) above 90 % — each bound strict, as for incidence: exactly 2 % or
 * exactly 90 % fails. Any one failing blocks the county's exit.
 *
 * Rounding rule: each rate is kept as an exact fraction (`ratio`) and compared to its limit EXACTLY (so 1.996 % passes
 * "below 2 %", exactly 2 % fails it, and 90.004 % passes "above 90 %"); `bp` is the fraction rounded half-up to a
 * whole basis point, for display only.
 */

export type AssessmentGroup = 'inside' | 'outside';

export interface AssessmentFinding {
  householdId: string;
  group: AssessmentGroup;
  /**
   * Inside only, and only for a household that has EXITED: true when it should not have exited (错退).
   * Leave undefined for a registered household that has not exited: it is not in the wrong-exit denominator.
   */
  wronglyExited?: boolean;
  /** Outside only, required there: true when the household should have been registered (漏评). */
  missedIdentification?: boolean;
  /** The household is satisfied (认可) with the work. */
  satisfied: boolean;
}

export type AssessmentRateName = 'wrong_exit' | 'missed_identification' | 'satisfaction';

export interface AssessmentRate {
  /** Exact fraction; null when the denominator is empty (nothing to judge). */
  ratio: Ratio | null;
  /** Rounded half-up for display; null with `ratio`. */
  bp: number | null;
  /** Households counted (the numerator) and judged (the denominator). */
  count: number;
  of: number;
}

export interface AssessmentRates {
  /** Wrongly exited / exited households sampled inside (findings with `wronglyExited` set). */
  wrongExit: AssessmentRate;
  /** Missed / households sampled outside. */
  missedIdentification: AssessmentRate;
  /** Satisfied / every household sampled (both groups). */
  satisfaction: AssessmentRate;
}

export type AssessmentRatesResult = { ok: true; value: AssessmentRates } | { ok: false; violations: RuleViolation[] };

function rate(count: number, of: number): AssessmentRate {
  if (of === 0) return { ratio: null, bp: null, count, of };
  const r = ratio(count, of);
  return { ratio: r, bp: ratioToBp(r), count, of };
}

function violation(field: string, rule: string, zh: string, en: string): RuleViolation {
  return { field, rule, message: { 'zh-CN': zh, en } };
}

/**
 * The three rates from the assessors' findings. Broken findings are violations by field: unknown group, duplicate
 * household, `wronglyExited` on an outside household, `missedIdentification` on an inside one or missing on an
 * outside one, non-boolean flags.
 */
export function computeAssessmentRates(findings: readonly AssessmentFinding[]): AssessmentRatesResult {
  const violations: RuleViolation[] = [];
  const seen = new Set<string>();
  let exited = 0;
  let wronglyExited = 0;
  let outside = 0;
  let missed = 0;
  let satisfied = 0;
  findings.forEach((f, i) => {
    const at = `findings[${i}]`;
    const before = violations.length;
    if (typeof f.householdId !== 'string' || f.householdId.length === 0) {
      violations.push(violation(`${at}.householdId`, 'required', '户编号不能为空', 'household id is required'));
    } else if (seen.has(f.householdId)) {
      violations.push(
        violation(
          `${at}.householdId`,
          'duplicate',
          `同一户重复评估：${f.householdId}`,
          `household assessed twice: ${f.householdId}`,
        ),
      );
    } else {
      seen.add(f.householdId);
    }
    if (typeof f.satisfied !== 'boolean')
      violations.push(violation(`${at}.satisfied`, 'boolean', '须为是或否', 'must be true or false'));
    if (f.group === 'inside') {
      if (f.missedIdentification !== undefined)
        violations.push(
          violation(
            `${at}.missedIdentification`,
            'not_applicable',
            '册内户不评估漏评',
            'missed identification applies only outside the register',
          ),
        );
      if (f.wronglyExited !== undefined && typeof f.wronglyExited !== 'boolean')
        violations.push(violation(`${at}.wronglyExited`, 'boolean', '须为是或否', 'must be true or false'));
    } else if (f.group === 'outside') {
      if (f.wronglyExited !== undefined)
        violations.push(
          violation(
            `${at}.wronglyExited`,
            'not_applicable',
            '册外户不评估错退',
            'wrong exit applies only inside the register',
          ),
        );
      if (typeof f.missedIdentification !== 'boolean')
        violations.push(
          violation(
            `${at}.missedIdentification`,
            'required',
            '册外户须评估是否漏评',
            'an outside household must be judged for missed identification',
          ),
        );
    } else {
      violations.push(violation(`${at}.group`, 'group', '分组须为册内或册外', "group must be 'inside' or 'outside'"));
    }
    if (violations.length > before) return;
    if (f.satisfied) satisfied++;
    if (f.group === 'inside' && f.wronglyExited !== undefined) {
      exited++;
      if (f.wronglyExited) wronglyExited++;
    }
    if (f.group === 'outside') {
      outside++;
      if (f.missedIdentification) missed++;
    }
  });
  if (violations.length > 0) return { ok: false, violations };
  return {
    ok: true,
    value: {
      wrongExit: rate(wronglyExited, exited),
      missedIdentification: rate(missed, outside),
      satisfaction: rate(satisfied, findings.length),
    },
  };
}

export interface AssessmentThresholds {
  /** Wrong-exit rate must be strictly below this. Default 200 (2 %). */
  wrongExitBelowBp: number;
  /** Missed-identification rate must be strictly below this. Default 200 (2 %). */
  missedBelowBp: number;
  /** Satisfaction must be strictly above this. Default 9000 (90 %). */
  satisfactionAboveBp: number;
}

export const DEFAULT_ASSESSMENT_THRESHOLDS: Readonly<AssessmentThresholds> = Object.freeze({
  wrongExitBelowBp: 200,
  missedBelowBp: 200,
  satisfactionAboveBp: 9000,
});

/** `below`: the rate must be strictly below the limit; `above`: strictly above it. */
export type AssessmentBound = 'below' | 'above';

export interface AssessmentCheck {
  rate: AssessmentRateName;
  value: AssessmentRate;
  /** Limit in basis points. */
  limit: number;
  /** `below`: value must be < limit; `above`: value must be > limit. */
  bound: AssessmentBound;
  ok: boolean;
  message: LocalizedMessage;
}

export interface CountyAssessmentDecision {
  ok: boolean;
  /** Failing rates in the order wrong_exit, missed_identification, satisfaction. */
  failing: AssessmentCheck[];
  /** All three checks, passing or not. */
  checks: AssessmentCheck[];
}

const RATE_LABELS: Readonly<Record<AssessmentRateName, LocalizedMessage>> = {
  wrong_exit: { 'zh-CN': '错退率', en: 'wrong-exit rate' },
  missed_identification: { 'zh-CN': '漏评率', en: 'missed-identification rate' },
  satisfaction: { 'zh-CN': '群众认可度', en: 'satisfaction' },
};

function check(
  name: AssessmentRateName,
  value: AssessmentRate,
  limit: number,
  bound: AssessmentBound,
): AssessmentCheck {
  if (!Number.isSafeInteger(limit) || limit < 0 || limit > 10_000)
    throw new RangeError(`${name} limit must be 0–10000 bp, got ${limit}`);
  const label = RATE_LABELS[name];
  const line = formatBp(limit);
  const zhBound = bound === 'below' ? '低于' : '高于';
  const enBound = bound;
  if (value.ratio === null) {
    return {
      rate: name,
      value,
      limit,
      bound,
      ok: false,
      message: {
        'zh-CN': `${label['zh-CN']}无法计算：样本中没有可评估的农户`,
        en: `${label.en} cannot be computed: no sampled household to judge`,
      },
    };
  }
  const cmp = compareRatioToBp(value.ratio, limit);
  const ok = bound === 'below' ? cmp < 0 : cmp > 0;
  const shown = formatRatio(value.ratio);
  return {
    rate: name,
    value,
    limit,
    bound,
    ok,
    message: ok
      ? {
          'zh-CN': `${label['zh-CN']}${shown}，${zhBound}${line}，达标`,
          en: `${label.en} ${shown} is ${enBound} ${line}: passes`,
        }
      : {
          'zh-CN': `${label['zh-CN']}${shown}，未达到${zhBound}${line}的要求`,
          en: `${label.en} ${shown} fails: must be ${enBound} ${line}`,
        },
  };
}

/**
 * Assessment part of 贫困县摘帽: ok only when wrong-exit and missed are strictly below their limits and satisfaction
 * strictly above its limit, each compared exactly (at the limit fails). A rate that cannot be computed (no exited household sampled inside, nobody sampled outside, an empty
 * sample) fails: the assessment did not show it. Every failing rate is listed with its message.
 */
export function countyMayExit(
  rates: AssessmentRates,
  thresholds: Partial<AssessmentThresholds> = {},
): CountyAssessmentDecision {
  const t: AssessmentThresholds = {
    wrongExitBelowBp: thresholds.wrongExitBelowBp ?? DEFAULT_ASSESSMENT_THRESHOLDS.wrongExitBelowBp,
    missedBelowBp: thresholds.missedBelowBp ?? DEFAULT_ASSESSMENT_THRESHOLDS.missedBelowBp,
    satisfactionAboveBp: thresholds.satisfactionAboveBp ?? DEFAULT_ASSESSMENT_THRESHOLDS.satisfactionAboveBp,
  };
  const checks = [
    check('wrong_exit', rates.wrongExit, t.wrongExitBelowBp, 'below'),
    check('missed_identification', rates.missedIdentification, t.missedBelowBp, 'below'),
    check('satisfaction', rates.satisfaction, t.satisfactionAboveBp, 'above'),
  ];
  const failing = checks.filter((c) => !c.ok);
  return { ok: failing.length === 0, failing, checks };
}
