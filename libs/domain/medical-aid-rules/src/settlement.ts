/**
 * One-stop settlement (一站式结算) of one claim through the layers, in this exact order (SPEC §3.5, issue 4):
 * basic medical insurance → critical-illness insurance (大病保险) → medical assistance (医疗救助) → backstop (兜底).
 *
 * Money is integer fen, rates are basis points (10000 = 100 %), `round` is half-up to the fen. Every product is
 * computed exactly in bigint; no floating point is ever involved. No layer is ever negative.
 */
import { BP_PER_UNIT, roundHalfUpDiv, type BasisPoints, type Fen, type RuleViolation } from './fen';

/** Hospital levels (医疗机构级别): 乡镇、县、市、省. */
export const HOSPITAL_LEVELS = ['township', 'county', 'city', 'province'] as const;
export type HospitalLevel = (typeof HOSPITAL_LEVELS)[number];
export type ByLevel<T> = Readonly<Record<HospitalLevel, T>>;

/** Amounts above this (10^12 fen = 100 亿元) are refused as absurd, in policies, claims and accumulators alike. */
export const MAX_SETTLEMENT_FEN: Fen = 1_000_000_000_000;

/** One segment (分段) of the critical-illness axis "cumulative rest above the deductible": up to `upTo` (null = open). */
export interface CriticalSegment {
  readonly upTo: Fen | null;
  readonly rate: BasisPoints;
}

/** A county's medical-aid policy for one year, as data (exactly the shape of `POST /settlements/preview`). */
export interface MedicalPolicy {
  readonly basic: {
    /** 起付线 per hospital level; consumed across the year (`ytd.basicDeductibleUsed`). */
    readonly deductible: ByLevel<Fen>;
    /** 报销比例 per hospital level. */
    readonly rate: ByLevel<BasisPoints>;
    readonly annualCap: Fen;
  };
  /** Rate points taken off the basic rate for a treatment outside the county (县外就医). */
  readonly outOfCountyRateCut: BasisPoints;
  readonly critical: {
    readonly deductible: Fen;
    /** The lower deductible for registered poor (建档立卡贫困人口). */
    readonly poorDeductible: Fen;
    /** In order of strictly increasing `upTo`; only the last has `upTo: null` (open). */
    readonly segments: readonly CriticalSegment[];
    /** Rate points added to every segment's rate for registered poor. */
    readonly poorRateBonus: BasisPoints;
    readonly annualCap: Fen;
  };
  readonly assistance: { readonly rate: BasisPoints; readonly annualCap: Fen };
  /** The patient's share of the in-policy cost is brought down to this limit (registered poor only). */
  readonly backstop: { readonly patientShareLimit: BasisPoints };
}

/** One claim at discharge. Out-of-policy cost (`totalCost − inPolicyCost`) is always the patient's. */
export interface Claim {
  readonly totalCost: Fen;
  readonly inPolicyCost: Fen;
  readonly level: HospitalLevel;
  readonly inCounty: boolean;
}

/** A person's accumulators for the policy year before the claim. */
export interface YearToDate {
  readonly basicDeductibleUsed: Fen;
  readonly basicPaid: Fen;
  /** Cumulative `rest` (in-policy cost left after basic insurance) of the year's earlier claims. */
  readonly criticalBase: Fen;
  readonly criticalPaid: Fen;
  readonly assistancePaid: Fen;
}

export const ZERO_YEAR_TO_DATE: Readonly<YearToDate> = Object.freeze({
  basicDeductibleUsed: 0,
  basicPaid: 0,
  criticalBase: 0,
  criticalPaid: 0,
  assistancePaid: 0,
});

/** Each layer's amount and the patient's share, all in fen; they add up to `totalCost`. */
export interface Settlement {
  basic: Fen;
  critical: Fen;
  assistance: Fen;
  backstop: Fen;
  patientPays: Fen;
}

export interface SettlementInput {
  readonly policy: MedicalPolicy;
  readonly claim: Claim;
  readonly registeredPoor: boolean;
  /** Absent = all zero (first claim of the year). When present, all five fields are required. */
  readonly ytd?: YearToDate;
}

export type SettlementResult = { ok: true; value: Settlement } | { ok: false; violations: RuleViolation[] };

// ---------------------------------------------------------------------------------------------------------------
// Settlement
// ---------------------------------------------------------------------------------------------------------------

const BP = BigInt(BP_PER_UNIT);

function bmax(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function bmin(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** Remaining room under an annual cap, never negative (a cap already exceeded leaves 0). */
function room(cap: Fen, paid: Fen): bigint {
  return bmax(0n, BigInt(cap) - BigInt(paid));
}

/** The basic deductible still to be met this year: `max(0, deductible[level] − used)`. */
function remainingBasicDeductible(policy: MedicalPolicy, claim: Claim, ytd: YearToDate): bigint {
  return bmax(0n, BigInt(policy.basic.deductible[claim.level]) - BigInt(ytd.basicDeductibleUsed));
}

/**
 * Critical-illness layer before its cap: Σ overlap_i × (rate_i + bonus) over the segments, one rounding over the sum.
 * The claim covers [lo, hi] on the axis "cumulative rest above the deductible"; segment i covers (upTo_{i−1}, upTo_i].
 */
function criticalBeforeCap(policy: MedicalPolicy, registeredPoor: boolean, ytdBase: bigint, rest: bigint): bigint {
  const c = policy.critical;
  const deductible = BigInt(registeredPoor ? c.poorDeductible : c.deductible);
  const bonus = registeredPoor ? BigInt(c.poorRateBonus) : 0n;
  const lo = bmax(0n, ytdBase - deductible);
  const hi = bmax(0n, ytdBase + rest - deductible);
  if (hi <= lo) return 0n;
  let sum = 0n;
  let from = 0n;
  for (const segment of c.segments) {
    const to = segment.upTo === null ? null : BigInt(segment.upTo);
    const start = bmax(lo, from);
    const end = to === null ? hi : bmin(hi, to);
    if (end > start) {
      // a rate above 100 % is refused by validatePolicy; clamp anyway so the layer can never exceed its base
      const rate = bmin(BP, BigInt(segment.rate) + bonus);
      sum += (end - start) * rate;
    }
    if (to === null || to >= hi) break;
    from = to;
  }
  return BigInt(roundHalfUpDiv(sum, BP));
}

/** Settle valid input (see `settleClaim`, which validates first). */
function computeSettlement(policy: MedicalPolicy, claim: Claim, registeredPoor: boolean, ytd: YearToDate): Settlement {
  const inPolicy = BigInt(claim.inPolicyCost);

  // 1. basic insurance
  const d = remainingBasicDeductible(policy, claim, ytd);
  const basicRate = bmax(
    0n,
    BigInt(policy.basic.rate[claim.level]) - (claim.inCounty ? 0n : BigInt(policy.outOfCountyRateCut)),
  );
  const basicBase = bmax(0n, inPolicy - d);
  const basic = bmin(
    BigInt(roundHalfUpDiv(basicBase * bmin(BP, basicRate), BP)),
    room(policy.basic.annualCap, ytd.basicPaid),
  );

  // 2. critical-illness insurance on the rest
  const rest = inPolicy - basic;
  const critical = bmin(
    criticalBeforeCap(policy, registeredPoor, BigInt(ytd.criticalBase), rest),
    room(policy.critical.annualCap, ytd.criticalPaid),
  );

  // 3. medical assistance, 4. backstop: registered poor only
  let assistance = 0n;
  let backstop = 0n;
  if (registeredPoor) {
    assistance = bmin(
      BigInt(roundHalfUpDiv((rest - critical) * BigInt(policy.assistance.rate), BP)),
      room(policy.assistance.annualCap, ytd.assistancePaid),
    );
    const patientShare = inPolicy - basic - critical - assistance;
    const limit = BigInt(roundHalfUpDiv(inPolicy * BigInt(policy.backstop.patientShareLimit), BP));
    backstop = bmax(0n, patientShare - limit);
  }

  // 5. the patient pays the rest, out-of-policy costs included
  const patientPays = BigInt(claim.totalCost) - basic - critical - assistance - backstop;
  return {
    basic: Number(basic),
    critical: Number(critical),
    assistance: Number(assistance),
    backstop: Number(backstop),
    patientPays: Number(patientPays),
  };
}

/**
 * Settle one claim through the layers, after validating policy, claim, `registeredPoor` and `ytd` (absent = zeros).
 * Malformed input is `{ ok: false, violations }` naming each field (`policy.basic.rate.county`, `claim.inPolicyCost`…).
 */
export function settleClaim(input: SettlementInput): SettlementResult {
  const raw: unknown = input;
  if (!isRecord(raw)) return { ok: false, violations: [violation('input', 'object', MSG.object)] };
  const violations = [
    ...validatePolicy(raw['policy']),
    ...validateClaim(raw['claim']),
    ...(typeof raw['registeredPoor'] === 'boolean' ? [] : [violation('registeredPoor', 'boolean', MSG.boolean)]),
    ...(raw['ytd'] === undefined ? [] : validateYearToDate(raw['ytd'])),
  ];
  if (violations.length > 0) return { ok: false, violations };
  return {
    ok: true,
    value: computeSettlement(input.policy, input.claim, input.registeredPoor, input.ytd ?? ZERO_YEAR_TO_DATE),
  };
}

/**
 * The accumulators after this claim has been settled with `result`: the basic deductible grows by what the claim
 * actually consumed (`min(d, inPolicyCost)`), `criticalBase` by the claim's rest (`inPolicyCost − basic`), and each
 * `*Paid` by its layer (assistance only for registered poor). The backstop has no accumulator.
 * Inputs are trusted (the ones just given to `settleClaim`, and its result).
 */
export function nextYearToDate(
  ytd: YearToDate | undefined,
  claim: Claim,
  policy: MedicalPolicy,
  registeredPoor: boolean,
  result: Settlement,
): YearToDate {
  const before = ytd ?? ZERO_YEAR_TO_DATE;
  const consumed = bmin(remainingBasicDeductible(policy, claim, before), BigInt(claim.inPolicyCost));
  return {
    basicDeductibleUsed: before.basicDeductibleUsed + Number(consumed),
    basicPaid: before.basicPaid + result.basic,
    criticalBase: before.criticalBase + (claim.inPolicyCost - result.basic),
    criticalPaid: before.criticalPaid + result.critical,
    assistancePaid: before.assistancePaid + (registeredPoor ? result.assistance : 0),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

const MSG = {
  required: { 'zh-CN': '必填项缺失', en: 'value is required' },
  object: { 'zh-CN': '须为对象', en: 'must be an object' },
  boolean: { 'zh-CN': '须为是或否', en: 'must be true or false' },
  integerFen: { 'zh-CN': '金额必须为整数（单位：分）', en: 'amount must be a whole number of fen' },
  nonNegative: { 'zh-CN': '金额不能为负数', en: 'amount must not be negative' },
  tooLarge: {
    'zh-CN': '金额超出合理范围（不超过100亿元）',
    en: 'amount is beyond any plausible figure (at most 10^12 fen)',
  },
  rateBp: {
    'zh-CN': '比例须为0至10000之间的整数（基点，10000 = 100%）',
    en: 'rate must be a whole number of basis points from 0 to 10000',
  },
  unknownLevel: {
    'zh-CN': '医疗机构级别须为乡镇、县、市或省（township、county、city、province）',
    en: 'level must be township, county, city or province',
  },
  exceedsTotal: { 'zh-CN': '政策范围内费用不能超过总费用', en: 'in-policy cost must not exceed the total cost' },
  segmentsEmpty: { 'zh-CN': '大病保险至少须有一个分段', en: 'critical-illness insurance needs at least one segment' },
  segmentsArray: { 'zh-CN': '分段须为数组', en: 'segments must be an array' },
  segmentOrder: {
    'zh-CN': '分段上限须严格递增且大于0',
    en: 'segment upper bounds must be strictly increasing and above 0',
  },
  segmentOpenEnd: {
    'zh-CN': '只有最后一个分段的上限为空（不封顶），且最后一个分段必须不封顶',
    en: 'only the last segment is open (upTo null), and the last one must be',
  },
  rateWithBonus: {
    'zh-CN': '分段比例加贫困人口提高比例不能超过100%',
    en: 'segment rate plus the poor rate bonus must not exceed 100 %',
  },
} as const;

function violation(field: string, rule: string, message: { 'zh-CN': string; en: string }): RuleViolation {
  return { field, rule, message: { ...message } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkFen(out: RuleViolation[], field: string, value: unknown): void {
  if (value === undefined) out.push(violation(field, 'required', MSG.required));
  else if (typeof value !== 'number' || !Number.isSafeInteger(value))
    out.push(violation(field, 'integer_fen', MSG.integerFen));
  else if (value < 0) out.push(violation(field, 'non_negative', MSG.nonNegative));
  else if (value > MAX_SETTLEMENT_FEN) out.push(violation(field, 'too_large', MSG.tooLarge));
}

function checkRate(out: RuleViolation[], field: string, value: unknown): void {
  if (value === undefined) out.push(violation(field, 'required', MSG.required));
  else if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > BP_PER_UNIT) {
    out.push(violation(field, 'rate_bp', MSG.rateBp));
  }
}

/** Reports the field and returns undefined when `value` is not a plain object. */
function checkObject(out: RuleViolation[], field: string, value: unknown): Record<string, unknown> | undefined {
  if (isRecord(value)) return value;
  out.push(value === undefined ? violation(field, 'required', MSG.required) : violation(field, 'object', MSG.object));
  return undefined;
}

function isValidRate(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value <= BP_PER_UNIT;
}

function checkSegments(out: RuleViolation[], field: string, value: unknown, poorRateBonus: unknown): void {
  if (value === undefined) {
    out.push(violation(field, 'required', MSG.required));
    return;
  }
  if (!Array.isArray(value)) {
    out.push(violation(field, 'segments_array', MSG.segmentsArray));
    return;
  }
  if (value.length === 0) {
    out.push(violation(field, 'segments_empty', MSG.segmentsEmpty));
    return;
  }
  let previous = 0;
  value.forEach((segment: unknown, i) => {
    const at = `${field}[${i}]`;
    const s = checkObject(out, at, segment);
    if (!s) return;
    const last = i === value.length - 1;
    const upTo = s['upTo'];
    if (upTo === null) {
      if (!last) out.push(violation(`${at}.upTo`, 'segment_open_end', MSG.segmentOpenEnd));
    } else if (upTo === undefined && !last) {
      out.push(violation(`${at}.upTo`, 'required', MSG.required));
    } else if (last) {
      out.push(violation(`${at}.upTo`, 'segment_open_end', MSG.segmentOpenEnd));
    } else {
      const before = out.length;
      checkFen(out, `${at}.upTo`, upTo);
      if (out.length === before) {
        if ((upTo as number) <= previous) out.push(violation(`${at}.upTo`, 'segment_order', MSG.segmentOrder));
        else previous = upTo as number;
      }
    }
    checkRate(out, `${at}.rate`, s['rate']);
    if (isValidRate(s['rate']) && isValidRate(poorRateBonus) && s['rate'] + poorRateBonus > BP_PER_UNIT) {
      out.push(violation(`${at}.rate`, 'rate_with_bonus', MSG.rateWithBonus));
    }
  });
}

/**
 * Check a policy's shape and figures; one violation per bad field, with its path (`policy.basic.rate.county`,
 * `policy.critical.segments[1].upTo`…). Empty when the policy can be used to settle claims.
 */
export function validatePolicy(policy: unknown): RuleViolation[] {
  const out: RuleViolation[] = [];
  const p = checkObject(out, 'policy', policy);
  if (!p) return out;

  const basic = checkObject(out, 'policy.basic', p['basic']);
  if (basic) {
    const deductible = checkObject(out, 'policy.basic.deductible', basic['deductible']);
    if (deductible)
      for (const level of HOSPITAL_LEVELS) checkFen(out, `policy.basic.deductible.${level}`, deductible[level]);
    const rate = checkObject(out, 'policy.basic.rate', basic['rate']);
    if (rate) for (const level of HOSPITAL_LEVELS) checkRate(out, `policy.basic.rate.${level}`, rate[level]);
    checkFen(out, 'policy.basic.annualCap', basic['annualCap']);
  }
  checkRate(out, 'policy.outOfCountyRateCut', p['outOfCountyRateCut']);

  const critical = checkObject(out, 'policy.critical', p['critical']);
  if (critical) {
    checkFen(out, 'policy.critical.deductible', critical['deductible']);
    checkFen(out, 'policy.critical.poorDeductible', critical['poorDeductible']);
    checkSegments(out, 'policy.critical.segments', critical['segments'], critical['poorRateBonus']);
    checkRate(out, 'policy.critical.poorRateBonus', critical['poorRateBonus']);
    checkFen(out, 'policy.critical.annualCap', critical['annualCap']);
  }

  const assistance = checkObject(out, 'policy.assistance', p['assistance']);
  if (assistance) {
    checkRate(out, 'policy.assistance.rate', assistance['rate']);
    checkFen(out, 'policy.assistance.annualCap', assistance['annualCap']);
  }

  const backstop = checkObject(out, 'policy.backstop', p['backstop']);
  if (backstop) checkRate(out, 'policy.backstop.patientShareLimit', backstop['patientShareLimit']);
  return out;
}

/** Check a claim: amounts in whole fen within range, `inPolicyCost ≤ totalCost`, a known level, `inCounty` boolean. */
export function validateClaim(claim: unknown): RuleViolation[] {
  const out: RuleViolation[] = [];
  const c = checkObject(out, 'claim', claim);
  if (!c) return out;
  const before = out.length;
  checkFen(out, 'claim.totalCost', c['totalCost']);
  checkFen(out, 'claim.inPolicyCost', c['inPolicyCost']);
  if (out.length === before && (c['inPolicyCost'] as number) > (c['totalCost'] as number)) {
    out.push(violation('claim.inPolicyCost', 'exceeds_total', MSG.exceedsTotal));
  }
  if (c['level'] === undefined) out.push(violation('claim.level', 'required', MSG.required));
  else if (!(HOSPITAL_LEVELS as readonly unknown[]).includes(c['level']))
    out.push(violation('claim.level', 'unknown_level', MSG.unknownLevel));
  if (typeof c['inCounty'] !== 'boolean') {
    out.push(
      c['inCounty'] === undefined
        ? violation('claim.inCounty', 'required', MSG.required)
        : violation('claim.inCounty', 'boolean', MSG.boolean),
    );
  }
  return out;
}

/** Check year-to-date accumulators: all five present, whole fen within range (paths `ytd.basicPaid`…). */
export function validateYearToDate(ytd: unknown): RuleViolation[] {
  const out: RuleViolation[] = [];
  const y = checkObject(out, 'ytd', ytd);
  if (!y) return out;
  for (const field of Object.keys(ZERO_YEAR_TO_DATE) as (keyof YearToDate)[]) checkFen(out, `ytd.${field}`, y[field]);
  return out;
}
