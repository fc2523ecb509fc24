import {
  HOSPITAL_LEVELS,
  MAX_SETTLEMENT_FEN,
  ZERO_YEAR_TO_DATE,
  nextYearToDate,
  settleClaim,
  validateClaim,
  validatePolicy,
  validateYearToDate,
  type Claim,
  type CriticalSegment,
  type HospitalLevel,
  type MedicalPolicy,
  type Settlement,
  type YearToDate,
} from './settlement';
import { ILLUSTRATIVE_POLICY } from './illustrative-policy';

/** The policy of the issue's `POST /settlements/preview` example. */
const ISSUE_POLICY: MedicalPolicy = ILLUSTRATIVE_POLICY;

const ISSUE_CLAIM: Claim = { totalCost: 150000, inPolicyCost: 120000, level: 'county', inCounty: true };

/**
 * A policy where basic insurance pays nothing (rest = inPolicyCost), so the critical axis is easy to reason about:
 * non-poor D = 1000, poor D = 500 (+5 %); segments (0, 1000] 50 %, (1000, 3000] 60 %, (3000, ∞) 80 %.
 * No assistance, and a backstop limit of 100 % (never pays).
 */
const FLAT: MedicalPolicy = {
  basic: {
    deductible: { township: 0, county: 0, city: 0, province: 0 },
    rate: { township: 0, county: 0, city: 0, province: 0 },
    annualCap: 0,
  },
  outOfCountyRateCut: 0,
  critical: {
    deductible: 1000,
    poorDeductible: 500,
    segments: [
      { upTo: 1000, rate: 5000 },
      { upTo: 3000, rate: 6000 },
      { upTo: null, rate: 8000 },
    ],
    poorRateBonus: 500,
    annualCap: 1_000_000_000,
  },
  assistance: { rate: 0, annualCap: 0 },
  backstop: { patientShareLimit: 10000 },
};

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};

function withPolicy(base: MedicalPolicy, patch: DeepPartial<MedicalPolicy>): MedicalPolicy {
  return {
    basic: {
      deductible: { ...base.basic.deductible, ...patch.basic?.deductible },
      rate: { ...base.basic.rate, ...patch.basic?.rate },
      annualCap: patch.basic?.annualCap ?? base.basic.annualCap,
    },
    outOfCountyRateCut: patch.outOfCountyRateCut ?? base.outOfCountyRateCut,
    critical: { ...base.critical, ...patch.critical },
    assistance: { ...base.assistance, ...patch.assistance },
    backstop: { ...base.backstop, ...patch.backstop },
  };
}

function ytdOf(patch: Partial<YearToDate>): YearToDate {
  return { ...ZERO_YEAR_TO_DATE, ...patch };
}

function settled(policy: MedicalPolicy, claim: Claim, registeredPoor: boolean, ytd?: YearToDate): Settlement {
  const result = settleClaim({ policy, claim, registeredPoor, ytd });
  if (!result.ok) throw new Error(`unexpected violations: ${JSON.stringify(result.violations)}`);
  return result.value;
}

/** Critical layer of a claim under FLAT (basic pays nothing, so rest = inPolicyCost). */
function flatCritical(criticalBase: number, rest: number, registeredPoor = false): number {
  return settled(
    FLAT,
    { totalCost: rest, inPolicyCost: rest, level: 'county', inCounty: true },
    registeredPoor,
    ytdOf({ criticalBase }),
  ).critical;
}

describe('settleClaim: the issue example', () => {
  it('settles the preview example layer by layer (computed by hand)', () => {
    // 1. basic: d = max(0, 30000 − 0) = 30000; rate = 7500 (county, in county)
    //    basic = min(round((120000 − 30000) × 7500 / 10000), 10000000 − 0) = min(67500, 10000000) = 67500
    // 2. rest = 120000 − 67500 = 52500; registered poor → D = 600000
    //    range = [max(0, 0 − 600000), max(0, 0 + 52500 − 600000)] = [0, 0] → nothing above the deductible → critical = 0
    // 3. assistance = min(round((52500 − 0) × 6000 / 10000), 800000 − 0) = 31500
    // 4. backstop: share = 120000 − 67500 − 0 − 31500 = 21000; limit = round(120000 × 1000 / 10000) = 12000
    //    backstop = max(0, 21000 − 12000) = 9000
    // 5. patientPays = 150000 − 67500 − 0 − 31500 − 9000 = 42000 (= 30000 out of policy + the 12000 limit)
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true)).toEqual({
      basic: 67500,
      critical: 0,
      assistance: 31500,
      backstop: 9000,
      patientPays: 42000,
    });
  });

  it('treats an absent ytd as all zero', () => {
    const withZeros = settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({}));
    expect(settleClaim({ policy: ISSUE_POLICY, claim: ISSUE_CLAIM, registeredPoor: true })).toEqual({
      ok: true,
      value: withZeros,
    });
  });

  it('reaches the critical layer late in the year (criticalBase just below the poor deductible)', () => {
    // basic 67500, rest 52500; range = [max(0, 580000 − 600000), 580000 + 52500 − 600000] = [0, 32500]
    // critical = round(32500 × (5500 + 500) / 10000) = 19500; assistance = round((52500 − 19500) × 0.6) = 19800
    // share = 120000 − 67500 − 19500 − 19800 = 13200 → backstop = 13200 − 12000 = 1200; patient = 42000
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({ criticalBase: 580000 }))).toEqual({
      basic: 67500,
      critical: 19500,
      assistance: 19800,
      backstop: 1200,
      patientPays: 42000,
    });
  });
});

describe('basic insurance', () => {
  it('meets a partly used deductible', () => {
    // d = 30000 − 20000 = 10000; basic = round(110000 × 0.75) = 82500; rest = 37500
    // assistance = round(37500 × 0.6) = 22500; share = 120000 − 82500 − 22500 = 15000 → backstop 3000
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({ basicDeductibleUsed: 20000 }))).toEqual({
      basic: 82500,
      critical: 0,
      assistance: 22500,
      backstop: 3000,
      patientPays: 42000,
    });
    // non-poor: only basic; the patient pays the rest
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, false, ytdOf({ basicDeductibleUsed: 20000 }))).toEqual({
      basic: 82500,
      critical: 0,
      assistance: 0,
      backstop: 0,
      patientPays: 67500,
    });
  });

  it('needs no deductible once more than this level’s deductible was used (e.g. at a city hospital)', () => {
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, false, ytdOf({ basicDeductibleUsed: 80000 })).basic).toBe(90000);
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, false, ytdOf({ basicDeductibleUsed: 30000 })).basic).toBe(90000);
  });

  it('pays nothing when the in-policy cost stays below the remaining deductible', () => {
    const claim: Claim = { totalCost: 25000, inPolicyCost: 20000, level: 'county', inCounty: true };
    expect(settled(ISSUE_POLICY, claim, false)).toEqual({
      basic: 0,
      critical: 0,
      assistance: 0,
      backstop: 0,
      patientPays: 25000,
    });
    // exactly the deductible: still nothing
    expect(settled(ISSUE_POLICY, { ...claim, inPolicyCost: 30000, totalCost: 30000 }, false).basic).toBe(0);
    // one fen above: 1 × 0.75 → 1 (half-up)
    expect(settled(ISSUE_POLICY, { ...claim, inPolicyCost: 30001, totalCost: 30001 }, false).basic).toBe(1);
  });

  it('uses each level’s deductible and rate', () => {
    const claim = (level: HospitalLevel): Claim => ({ totalCost: 200000, inPolicyCost: 200000, level, inCounty: true });
    expect(settled(ISSUE_POLICY, claim('township'), false).basic).toBe(161500); // (200000 − 10000) × 0.85
    expect(settled(ISSUE_POLICY, claim('county'), false).basic).toBe(127500); // (200000 − 30000) × 0.75
    expect(settled(ISSUE_POLICY, claim('city'), false).basic).toBe(78000); // (200000 − 80000) × 0.65
    expect(settled(ISSUE_POLICY, claim('province'), false).basic).toBe(44000); // (200000 − 120000) × 0.55
  });

  it('stops at a partly used annual cap', () => {
    // room = 10000000 − 9950000 = 50000 < 67500; rest = 70000 → assistance 42000; share 28000 → backstop 16000
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({ basicPaid: 9950000 }))).toEqual({
      basic: 50000,
      critical: 0,
      assistance: 42000,
      backstop: 16000,
      patientPays: 42000,
    });
    // room exactly the computed amount
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, false, ytdOf({ basicPaid: 10000000 - 67500 })).basic).toBe(67500);
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, false, ytdOf({ basicPaid: 10000000 - 67499 })).basic).toBe(67499);
  });

  it('pays nothing, never a negative amount, once the cap is exhausted or exceeded', () => {
    // rest = 120000 → assistance 72000; share 48000 → backstop 36000
    const exhausted = { basic: 0, critical: 0, assistance: 72000, backstop: 36000, patientPays: 42000 };
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({ basicPaid: 10000000 }))).toEqual(exhausted);
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({ basicPaid: 10000001 }))).toEqual(exhausted);
    expect(settled(withPolicy(ISSUE_POLICY, { basic: { annualCap: 0 } }), ISSUE_CLAIM, false).basic).toBe(0);
  });

  it('cuts the rate outside the county', () => {
    const outside: Claim = { ...ISSUE_CLAIM, inCounty: false };
    // rate 7500 − 500 = 7000: basic = round(90000 × 0.7) = 63000
    expect(settled(ISSUE_POLICY, outside, false)).toEqual({
      basic: 63000,
      critical: 0,
      assistance: 0,
      backstop: 0,
      patientPays: 87000,
    });
    // poor: rest 57000 → assistance 34200; share 120000 − 63000 − 34200 = 22800 → backstop 10800
    expect(settled(ISSUE_POLICY, outside, true)).toEqual({
      basic: 63000,
      critical: 0,
      assistance: 34200,
      backstop: 10800,
      patientPays: 42000,
    });
    // the cut does not apply inside the county
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, false).basic).toBe(67500);
  });

  it('clamps the rate at 0 when the cut exceeds it', () => {
    const policy = withPolicy(ISSUE_POLICY, { outOfCountyRateCut: 9000 });
    expect(settled(policy, { ...ISSUE_CLAIM, level: 'township', inCounty: false }, false).basic).toBe(0); // 8500 − 9000 → 0
    expect(settled(policy, { ...ISSUE_CLAIM, level: 'township', inCounty: true }, false).basic).toBe(93500); // 110000 × 0.85
    expect(
      settled(withPolicy(ISSUE_POLICY, { outOfCountyRateCut: 7500 }), { ...ISSUE_CLAIM, inCounty: false }, false).basic,
    ).toBe(0); // exactly 0
  });
});

describe('critical-illness insurance: segments on the cumulative axis', () => {
  it('ends exactly at a segment boundary', () => {
    // non-poor D = 1000: base 0, rest 2000 → [0, 1000], all in (0, 1000] at 50 % → 500
    expect(flatCritical(0, 2000)).toBe(500);
    // [1000, 3000] ends exactly at the second boundary: 2000 × 60 % = 1200
    expect(flatCritical(2000, 2000)).toBe(1200);
  });

  it('starts exactly at a segment boundary', () => {
    // base 2000 → lo = 1000 (boundary), rest 500 → [1000, 1500] all in the second segment: 500 × 60 % = 300
    expect(flatCritical(2000, 500)).toBe(300);
    // lo = 3000 (boundary to the open segment), rest 100 → 100 × 80 % = 80
    expect(flatCritical(4000, 100)).toBe(80);
  });

  it('spans two segments', () => {
    // [0, 1500]: 1000 × 50 % + 500 × 60 % = 500 + 300 = 800
    expect(flatCritical(0, 2500)).toBe(800);
    // [2500, 3500]: 500 × 60 % + 500 × 80 % = 300 + 400 = 700
    expect(flatCritical(3500, 1000)).toBe(700);
  });

  it('spans three segments', () => {
    // base 500 (below D), rest 4000 → [0, 3500]: 1000 × 50 % + 2000 × 60 % + 500 × 80 % = 500 + 1200 + 400 = 2100
    expect(flatCritical(500, 4000)).toBe(2100);
    // [500, 3001]: 500 × 50 % + 2000 × 60 % + 1 × 80 % = 250 + 1200 + 0.8 → 1450.8 → 1451
    expect(flatCritical(1500, 2501)).toBe(1451);
  });

  it('rounds once over the sum, not per segment', () => {
    // base 1999, rest 2 → [999, 1001]: 1 × 50 % + 1 × 60 % = 1.1 → 1 (rounding per segment would give 1 + 1 = 2)
    expect(flatCritical(1999, 2)).toBe(1);
    // half a fen in the first segment alone: [0, 1] × 50 % = 0.5 → 1
    expect(flatCritical(1000, 1)).toBe(1);
  });

  it('applies the deductible to the year’s cumulative rest', () => {
    // criticalBase below D: base 600, rest 1000 → [0, 600] → 300
    expect(flatCritical(600, 1000)).toBe(300);
    // criticalBase below D and the claim does not reach it: [0, 0] → 0
    expect(flatCritical(200, 700)).toBe(0);
    expect(flatCritical(200, 800)).toBe(0); // reaching it exactly: still nothing above
    // criticalBase exactly at D: [0, 200] → 100
    expect(flatCritical(1000, 200)).toBe(100);
    // criticalBase above D: base 1500, rest 200 → [500, 700] → 100
    expect(flatCritical(1500, 200)).toBe(100);
  });

  it('gives registered poor the lower deductible and the rate bonus', () => {
    // poor D = 500: base 0, rest 2000 → [0, 1500]: 1000 × 55 % + 500 × 65 % = 550 + 325 = 875
    expect(flatCritical(0, 2000, true)).toBe(875);
    // non-poor D = 1000: [0, 1000] × 50 % = 500
    expect(flatCritical(0, 2000, false)).toBe(500);
  });

  it('adds up over the year: two claims pay what one claim of their sum would (when no rounding is involved)', () => {
    const first = flatCritical(0, 1500); // [0, 500] → 250
    const second = flatCritical(1500, 1500); // [500, 2000] → 250 + 600 = 850
    expect([first, second]).toEqual([250, 850]);
    expect(flatCritical(0, 3000)).toBe(first + second); // [0, 2000] → 1100
  });

  it('stops at the annual cap, and never goes below 0 when the cap was exceeded', () => {
    const policy = withPolicy(FLAT, { critical: { annualCap: 10000 } });
    const claim: Claim = { totalCost: 5000, inPolicyCost: 5000, level: 'county', inCounty: true };
    // uncapped: [0, 4000] → 500 + 1200 + 800 = 2500
    expect(settled(policy, claim, false).critical).toBe(2500);
    expect(settled(policy, claim, false, ytdOf({ criticalPaid: 9000 })).critical).toBe(1000);
    expect(settled(policy, claim, false, ytdOf({ criticalPaid: 10000 })).critical).toBe(0);
    expect(settled(policy, claim, false, ytdOf({ criticalPaid: 12000 })).critical).toBe(0);
  });

  it('works on the issue policy across its 4,000,000 boundary', () => {
    // a large claim at a county hospital: basic = round((10000000 − 30000) × 0.75) = 7477500; rest = 2522500
    const claim: Claim = { totalCost: 10000000, inPolicyCost: 10000000, level: 'county', inCounty: true };
    const ytd = ytdOf({ criticalBase: 4200000 });
    // non-poor, D = 1200000: range [3000000, 5522500]
    // critical = round(1000000 × 5500 + 1522500 × 6500) / 10000 = 550000 + 989625 = 1539625
    expect(settled(ISSUE_POLICY, claim, false, ytd)).toEqual({
      basic: 7477500,
      critical: 1539625,
      assistance: 0,
      backstop: 0,
      patientPays: 10000000 - 7477500 - 1539625,
    });
    // poor, D = 600000, +500 bp: range [3600000, 6122500] → 400000 × 60 % + 2122500 × 70 % = 240000 + 1485750 = 1725750
    // assistance = round((2522500 − 1725750) × 0.6) = 478050; share = 318700 ≤ limit 1000000 → no backstop
    expect(settled(ISSUE_POLICY, claim, true, ytd)).toEqual({
      basic: 7477500,
      critical: 1725750,
      assistance: 478050,
      backstop: 0,
      patientPays: 318700,
    });
  });
});

describe('medical assistance and backstop', () => {
  it('are for registered poor only: non-poor get neither, with the normal deductible and no bonus', () => {
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, false)).toEqual({
      basic: 67500,
      critical: 0,
      assistance: 0,
      backstop: 0,
      patientPays: 82500,
    });
    // non-poor late in the year: base 1250000 → range [50000, 102500] at 55 % (no bonus) = 28875
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, false, ytdOf({ criticalBase: 1250000 }))).toEqual({
      basic: 67500,
      critical: 28875,
      assistance: 0,
      backstop: 0,
      patientPays: 150000 - 67500 - 28875,
    });
    // the same person if registered poor: range [650000, 702500] at 60 % = 31500; assistance = round(21000 × 0.6) = 12600
    // share = 120000 − 67500 − 31500 − 12600 = 8400 ≤ 12000 → no backstop
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({ criticalBase: 1250000 }))).toEqual({
      basic: 67500,
      critical: 31500,
      assistance: 12600,
      backstop: 0,
      patientPays: 150000 - 67500 - 31500 - 12600,
    });
  });

  it('stops assistance at its cap and lets the backstop cover the difference', () => {
    // room 10000 < 31500; share = 120000 − 67500 − 10000 = 42500 → backstop 30500
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({ assistancePaid: 790000 }))).toEqual({
      basic: 67500,
      critical: 0,
      assistance: 10000,
      backstop: 30500,
      patientPays: 42000,
    });
    expect(settled(ISSUE_POLICY, ISSUE_CLAIM, true, ytdOf({ assistancePaid: 900000 }))).toEqual({
      basic: 67500,
      critical: 0,
      assistance: 0,
      backstop: 40500,
      patientPays: 42000,
    });
  });

  it('pays no backstop when the patient share is already at or below the limit', () => {
    // limit 40 % = 48000 ≥ share 21000
    expect(
      settled(withPolicy(ISSUE_POLICY, { backstop: { patientShareLimit: 4000 } }), ISSUE_CLAIM, true).backstop,
    ).toBe(0);
    // limit exactly the share: 21000 = round(120000 × 1750 / 10000)
    expect(
      settled(withPolicy(ISSUE_POLICY, { backstop: { patientShareLimit: 1750 } }), ISSUE_CLAIM, true).backstop,
    ).toBe(0);
    // limit 0: the backstop pays the whole in-policy share
    expect(settled(withPolicy(ISSUE_POLICY, { backstop: { patientShareLimit: 0 } }), ISSUE_CLAIM, true)).toEqual({
      basic: 67500,
      critical: 0,
      assistance: 31500,
      backstop: 21000,
      patientPays: 30000,
    });
  });
});

describe('the order of the layers and their caps', () => {
  it('computes critical on the rest after the capped basic layer', () => {
    // basic 50 % with no deductible and a cap of 1000; critical 50 % from the first fen
    const policy = withPolicy(FLAT, {
      basic: { rate: { county: 5000 }, annualCap: 1000 },
      critical: { deductible: 0, segments: [{ upTo: null, rate: 5000 }] },
    });
    const claim: Claim = { totalCost: 5000, inPolicyCost: 4000, level: 'county', inCounty: true };
    // basic = min(2000, 1000) = 1000; rest = 3000 → critical 1500 (uncapped basic would leave 2000 → 1000)
    expect(settled(policy, claim, false)).toEqual({
      basic: 1000,
      critical: 1500,
      assistance: 0,
      backstop: 0,
      patientPays: 2500,
    });
  });

  it('computes assistance on the rest after the capped critical layer, and the backstop after capped assistance', () => {
    const policy = withPolicy(FLAT, {
      critical: { annualCap: 1000 },
      assistance: { rate: 5000, annualCap: 100000 },
      backstop: { patientShareLimit: 1000 },
    });
    const claim: Claim = { totalCost: 2000, inPolicyCost: 2000, level: 'county', inCounty: true };
    // uncapped: critical 875 (poor); assistance = round((2000 − 875) × 0.5) = round(562.5) = 563
    // share = 2000 − 875 − 563 = 562; limit = 200 → backstop 362; patient 200
    expect(settled(policy, claim, true)).toEqual({
      basic: 0,
      critical: 875,
      assistance: 563,
      backstop: 362,
      patientPays: 200,
    });
    // critical capped to 100: assistance = round(1900 × 0.5) = 950; share = 2000 − 100 − 950 = 950 → backstop 750
    expect(settled(policy, claim, true, ytdOf({ criticalPaid: 900 }))).toEqual({
      basic: 0,
      critical: 100,
      assistance: 950,
      backstop: 750,
      patientPays: 200,
    });
    // and assistance capped to 50 too: share = 2000 − 100 − 50 = 1850 → backstop 1650
    expect(settled(policy, claim, true, ytdOf({ criticalPaid: 900, assistancePaid: 99950 }))).toEqual({
      basic: 0,
      critical: 100,
      assistance: 50,
      backstop: 1650,
      patientPays: 200,
    });
  });
});

describe('edge amounts', () => {
  it('settles a zero in-policy cost to nothing: the patient pays the total', () => {
    expect(settled(ISSUE_POLICY, { ...ISSUE_CLAIM, inPolicyCost: 0 }, true)).toEqual({
      basic: 0,
      critical: 0,
      assistance: 0,
      backstop: 0,
      patientPays: 150000,
    });
    expect(settled(ISSUE_POLICY, { ...ISSUE_CLAIM, totalCost: 0, inPolicyCost: 0 }, true)).toEqual({
      basic: 0,
      critical: 0,
      assistance: 0,
      backstop: 0,
      patientPays: 0,
    });
    const ytd = ytdOf({
      basicDeductibleUsed: 100,
      basicPaid: 200,
      criticalBase: 700000,
      criticalPaid: 300,
      assistancePaid: 400,
    });
    const claim = { ...ISSUE_CLAIM, inPolicyCost: 0 };
    const value = settled(ISSUE_POLICY, claim, true, ytd);
    expect(value).toEqual({ basic: 0, critical: 0, assistance: 0, backstop: 0, patientPays: 150000 });
    expect(nextYearToDate(ytd, claim, ISSUE_POLICY, true, value)).toEqual(ytd);
  });

  it('rounds exactly half a fen up', () => {
    const half = withPolicy(FLAT, { basic: { rate: { county: 5000 }, annualCap: 1000 } });
    const claim = (fen: number): Claim => ({ totalCost: fen, inPolicyCost: fen, level: 'county', inCounty: true });
    expect(settled(half, claim(1), false).basic).toBe(1); // 0.5 → 1
    expect(settled(half, claim(3), false).basic).toBe(2); // 1.5 → 2
    expect(settled(half, claim(5), false).basic).toBe(3); // 2.5 → 3
    expect(settled(withPolicy(half, { basic: { rate: { county: 4999 } } }), claim(1), false).basic).toBe(0); // 0.4999 → 0
    expect(settled(withPolicy(half, { basic: { rate: { county: 5001 } } }), claim(2), false).basic).toBe(1); // 1.0002 → 1
  });

  it('rounds the assistance and the backstop limit half up', () => {
    const policy = withPolicy(FLAT, {
      critical: { deductible: MAX_SETTLEMENT_FEN, poorDeductible: MAX_SETTLEMENT_FEN },
      assistance: { rate: 5000, annualCap: 100 },
      backstop: { patientShareLimit: 5000 },
    });
    const claim = (fen: number): Claim => ({ totalCost: fen, inPolicyCost: fen, level: 'county', inCounty: true });
    // assistance 1 × 50 % = 0.5 → 1; share 0; limit round(0.5) = 1 → no backstop
    expect(settled(policy, claim(1), true)).toEqual({
      basic: 0,
      critical: 0,
      assistance: 1,
      backstop: 0,
      patientPays: 0,
    });
    // assistance 1.5 → 2; share 1; limit round(1.5) = 2 → no backstop
    expect(settled(policy, claim(3), true)).toEqual({
      basic: 0,
      critical: 0,
      assistance: 2,
      backstop: 0,
      patientPays: 1,
    });
    // without assistance: share 3, limit 2 → backstop 1
    const noAssistance = withPolicy(policy, { assistance: { rate: 0 } });
    expect(settled(noAssistance, claim(3), true)).toEqual({
      basic: 0,
      critical: 0,
      assistance: 0,
      backstop: 1,
      patientPays: 2,
    });
    expect(settled(noAssistance, claim(1), true)).toEqual({
      basic: 0,
      critical: 0,
      assistance: 0,
      backstop: 0,
      patientPays: 1,
    });
  });

  it('is exact at the largest accepted amounts', () => {
    const policy = withPolicy(ISSUE_POLICY, {
      basic: { annualCap: MAX_SETTLEMENT_FEN },
      critical: { annualCap: MAX_SETTLEMENT_FEN },
      assistance: { annualCap: MAX_SETTLEMENT_FEN },
    });
    const claim: Claim = {
      totalCost: MAX_SETTLEMENT_FEN,
      inPolicyCost: MAX_SETTLEMENT_FEN - 1,
      level: 'province',
      inCounty: false,
    };
    const v = settled(policy, claim, true, ytdOf({ criticalBase: MAX_SETTLEMENT_FEN }));
    // basic = round((999999999999 − 120000) × 5000 / 10000) = round(499999939999.5) = 499999940000
    expect(v.basic).toBe(499_999_940_000);
    // every further figure is an exact integer and they add up to the total
    expect(v.basic + v.critical + v.assistance + v.backstop + v.patientPays).toBe(MAX_SETTLEMENT_FEN);
    for (const figure of Object.values(v)) expect(Number.isSafeInteger(figure)).toBe(true);
  });
});

describe('nextYearToDate', () => {
  it('accumulates the consumed deductible, the rest and each paid layer', () => {
    const value = settled(ISSUE_POLICY, ISSUE_CLAIM, true);
    expect(nextYearToDate(undefined, ISSUE_CLAIM, ISSUE_POLICY, true, value)).toEqual({
      basicDeductibleUsed: 30000,
      basicPaid: 67500,
      criticalBase: 52500,
      criticalPaid: 0,
      assistancePaid: 31500,
    });
  });

  it('consumes only as much deductible as the claim had, and chains claims through the year', () => {
    const small: Claim = { totalCost: 20000, inPolicyCost: 20000, level: 'county', inCounty: true };
    const first = settled(ISSUE_POLICY, small, false);
    const afterFirst = nextYearToDate(ZERO_YEAR_TO_DATE, small, ISSUE_POLICY, false, first);
    expect(afterFirst).toEqual({
      basicDeductibleUsed: 20000,
      basicPaid: 0,
      criticalBase: 20000,
      criticalPaid: 0,
      assistancePaid: 0,
    });
    // the second claim meets the remaining 10000: basic = round(110000 × 0.75) = 82500
    const second = settled(ISSUE_POLICY, ISSUE_CLAIM, false, afterFirst);
    expect(second.basic).toBe(82500);
    expect(nextYearToDate(afterFirst, ISSUE_CLAIM, ISSUE_POLICY, false, second)).toEqual({
      basicDeductibleUsed: 30000,
      basicPaid: 82500,
      criticalBase: 20000 + 37500,
      criticalPaid: 0,
      assistancePaid: 0,
    });
  });

  it('consumes nothing more once the deductible was used (even above this level’s)', () => {
    const ytd = ytdOf({ basicDeductibleUsed: 80000 });
    const value = settled(ISSUE_POLICY, ISSUE_CLAIM, false, ytd);
    expect(nextYearToDate(ytd, ISSUE_CLAIM, ISSUE_POLICY, false, value).basicDeductibleUsed).toBe(80000);
  });

  it('counts the critical layer and no assistance for non-poor', () => {
    const ytd = ytdOf({ criticalBase: 1250000, criticalPaid: 5 });
    const value = settled(ISSUE_POLICY, ISSUE_CLAIM, false, ytd);
    expect(nextYearToDate(ytd, ISSUE_CLAIM, ISSUE_POLICY, false, value)).toEqual({
      basicDeductibleUsed: 30000,
      basicPaid: 67500,
      criticalBase: 1250000 + 52500,
      criticalPaid: 5 + 28875,
      assistancePaid: 0,
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Property-style checks over seeded random inputs
// ---------------------------------------------------------------------------------------------------------------

/** mulberry32: a small deterministic generator, so any failure reproduces from its seed. */
function generator(seed: number): (maxInclusive: number) => number {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return (maxInclusive) => Math.floor(next() * (maxInclusive + 1));
}

function randomPolicy(int: (max: number) => number, scale: number): MedicalPolicy {
  const byLevel = (max: number): Record<HospitalLevel, number> =>
    Object.fromEntries(HOSPITAL_LEVELS.map((level) => [level, int(max)])) as Record<HospitalLevel, number>;
  const bonus = int(3) === 0 ? 0 : int(2000);
  const segments: CriticalSegment[] = [];
  let upTo = 0;
  const count = 1 + int(3);
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    upTo += 1 + int(scale);
    segments.push({ upTo: last ? null : upTo, rate: int(10000 - bonus) });
  }
  return {
    basic: { deductible: byLevel(scale), rate: byLevel(10000), annualCap: int(scale * 20) },
    outOfCountyRateCut: int(3) === 0 ? int(10000) : int(1000),
    critical: {
      deductible: int(scale * 3),
      poorDeductible: int(scale * 2),
      segments,
      poorRateBonus: bonus,
      annualCap: int(scale * 20),
    },
    assistance: { rate: int(10000), annualCap: int(scale * 5) },
    backstop: { patientShareLimit: int(10000) },
  };
}

function randomClaim(int: (max: number) => number, scale: number): Claim {
  const totalCost = int(3) === 0 ? int(10) : int(scale * 10);
  const inPolicyCost = int(4) === 0 ? totalCost : int(totalCost);
  return { totalCost, inPolicyCost, level: HOSPITAL_LEVELS[int(3)], inCounty: int(1) === 0 };
}

/** The critical layer before its cap, by walking the axis one fen at a time: fen (x, x + 1] is in the first segment with upTo ≥ x + 1. */
function criticalByUnitSteps(
  policy: MedicalPolicy,
  registeredPoor: boolean,
  criticalBase: number,
  rest: number,
): number {
  const d = registeredPoor ? policy.critical.poorDeductible : policy.critical.deductible;
  const bonus = registeredPoor ? policy.critical.poorRateBonus : 0;
  let sum = 0;
  for (let x = Math.max(0, criticalBase - d); x < Math.max(0, criticalBase + rest - d); x++) {
    const segment = policy.critical.segments.find((s) => s.upTo === null || s.upTo >= x + 1)!;
    sum += segment.rate + bonus;
  }
  return Math.floor(sum / 10000) + (sum % 10000 >= 5000 ? 1 : 0);
}

describe('properties over seeded random inputs', () => {
  it('never yields a negative layer, adds up to the total, and leaves the out-of-policy cost to the patient', () => {
    for (let seed = 1; seed <= 3000; seed++) {
      const int = generator(seed);
      const scale = [100, 10_000, 1_000_000, 100_000_000][seed % 4];
      const policy = randomPolicy(int, scale);
      const claim = randomClaim(int, scale);
      const registeredPoor = int(1) === 0;
      const ytd: YearToDate = {
        basicDeductibleUsed: int(scale * 2),
        basicPaid: int(Math.floor(policy.basic.annualCap * 1.2)),
        criticalBase: int(scale * 5),
        criticalPaid: int(Math.floor(policy.critical.annualCap * 1.2)),
        assistancePaid: int(Math.floor(policy.assistance.annualCap * 1.2)),
      };
      const v = settled(policy, claim, registeredPoor, ytd);
      const context = JSON.stringify({ seed, policy, claim, registeredPoor, ytd, v });
      for (const figure of Object.values(v)) {
        if (!Number.isSafeInteger(figure) || figure < 0) throw new Error(`negative or non-integer figure: ${context}`);
      }
      if (v.basic + v.critical + v.assistance + v.backstop + v.patientPays !== claim.totalCost)
        throw new Error(`sum identity: ${context}`);
      if (v.patientPays < claim.totalCost - claim.inPolicyCost)
        throw new Error(`patient pays less than out-of-policy: ${context}`);
      if (v.basic > Math.max(0, policy.basic.annualCap - ytd.basicPaid)) throw new Error(`basic cap: ${context}`);
      if (v.critical > Math.max(0, policy.critical.annualCap - ytd.criticalPaid))
        throw new Error(`critical cap: ${context}`);
      if (v.assistance > Math.max(0, policy.assistance.annualCap - ytd.assistancePaid))
        throw new Error(`assistance cap: ${context}`);
      if (!registeredPoor && (v.assistance !== 0 || v.backstop !== 0))
        throw new Error(`non-poor got assistance/backstop: ${context}`);
      if (registeredPoor) {
        // the backstop brings the in-policy share down to the limit, never below
        const share = claim.inPolicyCost - v.basic - v.critical - v.assistance - v.backstop;
        const limit = Math.round((claim.inPolicyCost * policy.backstop.patientShareLimit) / 10000);
        if (share > Math.max(limit, 0) && v.backstop > 0)
          throw new Error(`share above limit after backstop: ${context}`);
        if (v.backstop > 0 && share !== limit) throw new Error(`backstop overshoots: ${context}`);
      }
    }
  });

  it('matches a fen-by-fen walk of the critical axis (small amounts)', () => {
    for (let seed = 1; seed <= 1500; seed++) {
      const int = generator(seed * 7919);
      const policy = withPolicy(randomPolicy(int, 300), { critical: { annualCap: MAX_SETTLEMENT_FEN } });
      const claim = randomClaim(int, 300);
      const registeredPoor = int(1) === 0;
      const ytd = ytdOf({ basicDeductibleUsed: int(600), criticalBase: int(1500) });
      const v = settled(policy, claim, registeredPoor, ytd);
      const expected = criticalByUnitSteps(policy, registeredPoor, ytd.criticalBase, claim.inPolicyCost - v.basic);
      if (v.critical !== expected)
        throw new Error(
          `critical ${v.critical} ≠ ${expected}: ${JSON.stringify({ seed, policy, claim, registeredPoor, ytd })}`,
        );
    }
  });

  it('never lets a year of claims exceed a cap or consume more deductible than the highest level’s', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const int = generator(seed * 104729);
      const scale = [1_000, 100_000, 1_000_000][seed % 3];
      const policy = randomPolicy(int, scale);
      const registeredPoor = int(1) === 0;
      let ytd: YearToDate = ZERO_YEAR_TO_DATE;
      let restSum = 0;
      for (let i = 0; i < 12; i++) {
        const claim = randomClaim(int, scale);
        const v = settled(policy, claim, registeredPoor, ytd);
        restSum += claim.inPolicyCost - v.basic;
        const next = nextYearToDate(ytd, claim, policy, registeredPoor, v);
        expect(next.basicDeductibleUsed).toBeGreaterThanOrEqual(ytd.basicDeductibleUsed);
        expect(next.basicDeductibleUsed - ytd.basicDeductibleUsed).toBeLessThanOrEqual(claim.inPolicyCost);
        ytd = next;
      }
      expect(ytd.basicPaid).toBeLessThanOrEqual(policy.basic.annualCap);
      expect(ytd.criticalPaid).toBeLessThanOrEqual(policy.critical.annualCap);
      expect(ytd.assistancePaid).toBeLessThanOrEqual(policy.assistance.annualCap);
      expect(ytd.basicDeductibleUsed).toBeLessThanOrEqual(
        Math.max(...HOSPITAL_LEVELS.map((l) => policy.basic.deductible[l])),
      );
      expect(ytd.criticalBase).toBe(restSum);
      if (!registeredPoor) expect(ytd.assistancePaid).toBe(0);
    }
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------------------------------------------

function fieldsAndRules(violations: { field: string; rule: string }[]): [string, string][] {
  return violations.map((v) => [v.field, v.rule]);
}

/** A copy of ISSUE_POLICY as loose JSON, to break on purpose. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- deliberately malformed JSON
function loosePolicy(): Record<string, any> {
  return JSON.parse(JSON.stringify(ISSUE_POLICY));
}

describe('validatePolicy', () => {
  it('accepts the issue policy and FLAT', () => {
    expect(validatePolicy(ISSUE_POLICY)).toEqual([]);
    expect(validatePolicy(FLAT)).toEqual([]);
  });

  it('names each bad amount and rate by its path, with a zh-CN and en message', () => {
    const p = loosePolicy();
    p.basic.rate.county = 10001;
    p.basic.deductible.city = -1;
    p.basic.deductible.township = 1.5;
    delete p.basic.deductible.province;
    p.basic.annualCap = MAX_SETTLEMENT_FEN + 1;
    p.outOfCountyRateCut = '500';
    p.critical.poorDeductible = null;
    p.assistance.rate = -1;
    p.backstop.patientShareLimit = 12.5;
    const violations = validatePolicy(p);
    expect(fieldsAndRules(violations)).toEqual([
      ['policy.basic.deductible.township', 'integer_fen'],
      ['policy.basic.deductible.city', 'non_negative'],
      ['policy.basic.deductible.province', 'required'],
      ['policy.basic.rate.county', 'rate_bp'],
      ['policy.basic.annualCap', 'too_large'],
      ['policy.outOfCountyRateCut', 'rate_bp'],
      ['policy.critical.poorDeductible', 'integer_fen'],
      ['policy.assistance.rate', 'rate_bp'],
      ['policy.backstop.patientShareLimit', 'rate_bp'],
    ]);
    for (const v of violations) {
      expect(v.message['zh-CN']).toEqual(expect.any(String));
      expect(v.message.en).toEqual(expect.any(String));
    }
  });

  it('accepts the bounds themselves: 0, 10000 bp and 10^12 fen', () => {
    const p = loosePolicy();
    p.basic.rate.county = 10000;
    p.basic.rate.city = 0;
    p.basic.annualCap = MAX_SETTLEMENT_FEN;
    p.critical.segments = [
      { upTo: MAX_SETTLEMENT_FEN, rate: 9500 },
      { upTo: null, rate: 0 },
    ];
    expect(validatePolicy(p)).toEqual([]);
  });

  it('refuses a missing or non-object policy and sections', () => {
    expect(fieldsAndRules(validatePolicy(undefined))).toEqual([['policy', 'required']]);
    expect(fieldsAndRules(validatePolicy(null))).toEqual([['policy', 'object']]);
    expect(fieldsAndRules(validatePolicy([]))).toEqual([['policy', 'object']]);
    const p = loosePolicy();
    delete p.critical;
    p.basic.rate = 7500;
    p.backstop = 'none';
    expect(fieldsAndRules(validatePolicy(p))).toEqual([
      ['policy.basic.rate', 'object'],
      ['policy.critical', 'required'],
      ['policy.backstop', 'object'],
    ]);
  });

  it('requires segments in strictly increasing order with only the last open', () => {
    const withSegments = (segments: unknown): [string, string][] => {
      const p = loosePolicy();
      p.critical.segments = segments;
      return fieldsAndRules(validatePolicy(p));
    };
    expect(withSegments([{ upTo: null, rate: 5000 }])).toEqual([]);
    expect(withSegments([])).toEqual([['policy.critical.segments', 'segments_empty']]);
    expect(withSegments(undefined)).toEqual([['policy.critical.segments', 'required']]);
    expect(withSegments({ upTo: null, rate: 1 })).toEqual([['policy.critical.segments', 'segments_array']]);
    // decreasing and equal upTo
    expect(
      withSegments([
        { upTo: 2000, rate: 1 },
        { upTo: 1000, rate: 1 },
        { upTo: null, rate: 1 },
      ]),
    ).toEqual([['policy.critical.segments[1].upTo', 'segment_order']]);
    expect(
      withSegments([
        { upTo: 1000, rate: 1 },
        { upTo: 1000, rate: 1 },
        { upTo: null, rate: 1 },
      ]),
    ).toEqual([['policy.critical.segments[1].upTo', 'segment_order']]);
    // a first segment ending at 0 is empty
    expect(
      withSegments([
        { upTo: 0, rate: 1 },
        { upTo: null, rate: 1 },
      ]),
    ).toEqual([['policy.critical.segments[0].upTo', 'segment_order']]);
    // null before the last, and a bounded last segment
    expect(
      withSegments([
        { upTo: null, rate: 1 },
        { upTo: null, rate: 1 },
      ]),
    ).toEqual([['policy.critical.segments[0].upTo', 'segment_open_end']]);
    expect(
      withSegments([
        { upTo: 1000, rate: 1 },
        { upTo: 2000, rate: 1 },
      ]),
    ).toEqual([['policy.critical.segments[1].upTo', 'segment_open_end']]);
    // bad entries
    expect(withSegments([{ upTo: -5, rate: 10001 }, 7, { upTo: null }])).toEqual([
      ['policy.critical.segments[0].upTo', 'non_negative'],
      ['policy.critical.segments[0].rate', 'rate_bp'],
      ['policy.critical.segments[1]', 'object'],
      ['policy.critical.segments[2].rate', 'required'],
    ]);
    expect(withSegments([{ rate: 1 }, { upTo: null, rate: 1 }])).toEqual([
      ['policy.critical.segments[0].upTo', 'required'],
    ]);
    expect(
      withSegments([
        { upTo: MAX_SETTLEMENT_FEN + 1, rate: 1 },
        { upTo: null, rate: 1 },
      ]),
    ).toEqual([['policy.critical.segments[0].upTo', 'too_large']]);
  });

  it('refuses a segment rate that the poor bonus would push above 100 %', () => {
    const p = loosePolicy();
    p.critical.segments = [
      { upTo: 1000, rate: 9500 },
      { upTo: null, rate: 9501 },
    ];
    expect(fieldsAndRules(validatePolicy(p))).toEqual([['policy.critical.segments[1].rate', 'rate_with_bonus']]);
  });
});

describe('validateClaim', () => {
  it('accepts a valid claim at each level', () => {
    for (const level of HOSPITAL_LEVELS) expect(validateClaim({ ...ISSUE_CLAIM, level })).toEqual([]);
    expect(validateClaim({ totalCost: 0, inPolicyCost: 0, level: 'city', inCounty: false })).toEqual([]);
    expect(validateClaim({ ...ISSUE_CLAIM, inPolicyCost: ISSUE_CLAIM.totalCost })).toEqual([]);
  });

  it('names each bad field', () => {
    expect(
      fieldsAndRules(validateClaim({ totalCost: 100, inPolicyCost: 101, level: 'village', inCounty: 'yes' })),
    ).toEqual([
      ['claim.inPolicyCost', 'exceeds_total'],
      ['claim.level', 'unknown_level'],
      ['claim.inCounty', 'boolean'],
    ]);
    expect(fieldsAndRules(validateClaim({ totalCost: -1, inPolicyCost: 0.5 }))).toEqual([
      ['claim.totalCost', 'non_negative'],
      ['claim.inPolicyCost', 'integer_fen'],
      ['claim.level', 'required'],
      ['claim.inCounty', 'required'],
    ]);
    expect(fieldsAndRules(validateClaim({ ...ISSUE_CLAIM, totalCost: 1e13, inPolicyCost: 1e13 }))).toEqual([
      ['claim.totalCost', 'too_large'],
      ['claim.inPolicyCost', 'too_large'],
    ]);
    expect(fieldsAndRules(validateClaim({ ...ISSUE_CLAIM, totalCost: '150000' }))).toEqual([
      ['claim.totalCost', 'integer_fen'],
    ]);
    expect(fieldsAndRules(validateClaim({ ...ISSUE_CLAIM, level: 'toString' }))).toEqual([
      ['claim.level', 'unknown_level'],
    ]);
    expect(fieldsAndRules(validateClaim(undefined))).toEqual([['claim', 'required']]);
    expect(fieldsAndRules(validateClaim(42))).toEqual([['claim', 'object']]);
  });
});

describe('validateYearToDate and settleClaim input', () => {
  it('requires all five accumulators as fen', () => {
    expect(validateYearToDate(ZERO_YEAR_TO_DATE)).toEqual([]);
    expect(
      fieldsAndRules(validateYearToDate({ basicDeductibleUsed: 0, basicPaid: -3, criticalBase: 1.5, criticalPaid: 0 })),
    ).toEqual([
      ['ytd.basicPaid', 'non_negative'],
      ['ytd.criticalBase', 'integer_fen'],
      ['ytd.assistancePaid', 'required'],
    ]);
    expect(fieldsAndRules(validateYearToDate(null))).toEqual([['ytd', 'object']]);
  });

  it('returns every violation of the input instead of a settlement', () => {
    const result = settleClaim({
      policy: { ...ISSUE_POLICY, outOfCountyRateCut: 20000 },
      claim: { ...ISSUE_CLAIM, inPolicyCost: 200000 },
      registeredPoor: 'yes' as unknown as boolean,
      ytd: { ...ZERO_YEAR_TO_DATE, criticalPaid: -1 },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(fieldsAndRules(result.violations)).toEqual([
      ['policy.outOfCountyRateCut', 'rate_bp'],
      ['claim.inPolicyCost', 'exceeds_total'],
      ['registeredPoor', 'boolean'],
      ['ytd.criticalPaid', 'non_negative'],
    ]);
  });

  it('refuses a missing input or registeredPoor', () => {
    expect(settleClaim(null as unknown as Parameters<typeof settleClaim>[0])).toEqual({
      ok: false,
      violations: [{ field: 'input', rule: 'object', message: expect.any(Object) }],
    });
    const result = settleClaim({ policy: ISSUE_POLICY, claim: ISSUE_CLAIM } as unknown as Parameters<
      typeof settleClaim
    >[0]);
    expect(result.ok ? [] : fieldsAndRules(result.violations)).toEqual([['registeredPoor', 'boolean']]);
  });
});
