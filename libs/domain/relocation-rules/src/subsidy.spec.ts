import { DEFAULT_TRANCHE_PLAN, ILLUSTRATIVE_RELOCATION_POLICY as POLICY, type TranchePlan } from './policy';
import {
  checkSelfFinancing,
  householdSubsidyFen,
  householdTranches,
  perPersonSubsidyFen,
  splitTranches,
} from './subsidy';

/** A seeded generator (mulberry32) so the property test is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('householdSubsidyFen', () => {
  it('is persons × the general per-person standard', () => {
    expect(householdSubsidyFen(POLICY, { persons: 4, mode: 'nearby' })).toBe(8_000_000);
    expect(householdSubsidyFen(POLICY, { persons: 4, mode: 'nearby', countyCode: '430523' })).toBe(8_000_000);
  });
  it("uses a listed county's own standard", () => {
    expect(perPersonSubsidyFen(POLICY, 'cross_region', '430524')).toBe(2_200_000);
    expect(householdSubsidyFen(POLICY, { persons: 3, mode: 'cross_region', countyCode: '430524' })).toBe(6_600_000);
  });
  it('uses the monetary lump sum per person for 货币化安置, whatever the county', () => {
    expect(householdSubsidyFen(POLICY, { persons: 2, mode: 'monetary', countyCode: '430524' })).toBe(6_000_000);
  });
  it('follows the policy version it is given', () => {
    const v2020 = { ...POLICY, year: 2020, perPersonSubsidyFen: { general: 2_500_000, byCounty: {} } };
    expect(householdSubsidyFen(v2020, { persons: 4, mode: 'nearby', countyCode: '430524' })).toBe(10_000_000);
  });
  it('refuses a household of no one', () => {
    expect(() => householdSubsidyFen(POLICY, { persons: 0, mode: 'nearby' })).toThrow(RangeError);
    expect(() => householdSubsidyFen(POLICY, { persons: 1.5, mode: 'nearby' })).toThrow(RangeError);
  });
});

describe('splitTranches', () => {
  it('splits 30 / 40 / 30 exactly when it divides', () => {
    expect(splitTranches(8_000_000, DEFAULT_TRANCHE_PLAN)).toEqual([
      { milestone: 'foundation', amountFen: 2_400_000 },
      { milestone: 'roof', amountFen: 3_200_000 },
      { milestone: 'acceptance', amountFen: 2_400_000 },
    ]);
  });
  it('gives the rounding remainder to the last tranche', () => {
    // 1001 × 30 % = 300.3 → 300; × 40 % = 400.4 → 400; last = 1001 − 700 = 301
    expect(splitTranches(1001, DEFAULT_TRANCHE_PLAN).map((t) => t.amountFen)).toEqual([300, 400, 301]);
    expect(splitTranches(1, DEFAULT_TRANCHE_PLAN).map((t) => t.amountFen)).toEqual([0, 0, 1]);
    expect(splitTranches(0, DEFAULT_TRANCHE_PLAN).map((t) => t.amountFen)).toEqual([0, 0, 0]);
  });
  it('is exact for totals near the largest safe integer', () => {
    const total = Number.MAX_SAFE_INTEGER;
    const parts = splitTranches(total, DEFAULT_TRANCHE_PLAN).map((t) => BigInt(t.amountFen));
    expect(parts.reduce((a, b) => a + b, 0n)).toBe(BigInt(total));
    expect(parts[0]).toBe((BigInt(total) * 3000n) / 10000n);
  });
  it('property: over many totals and plans the tranches sum to the total, none negative, the first ones floored', () => {
    const random = mulberry32(20161);
    for (let i = 0; i < 5000; i++) {
      const total = Math.floor(random() * (i % 2 ? 1e12 : 1e5));
      const a = Math.floor(random() * 10001);
      const b = Math.floor(random() * (10001 - a));
      const plan: TranchePlan = { foundation: a, roof: b, acceptance: 10000 - a - b };
      const parts = splitTranches(total, plan);
      expect(parts.map((p) => p.milestone)).toEqual(['foundation', 'roof', 'acceptance']);
      expect(parts.reduce((s, p) => s + p.amountFen, 0)).toBe(total);
      expect(parts.every((p) => Number.isSafeInteger(p.amountFen) && p.amountFen >= 0)).toBe(true);
      expect(BigInt(parts[0].amountFen)).toBe((BigInt(total) * BigInt(a)) / 10000n);
      expect(BigInt(parts[1].amountFen)).toBe((BigInt(total) * BigInt(b)) / 10000n);
      // the last tranche differs from its exact share by less than one fen per tranche
      expect(Math.abs(parts[2].amountFen - (total * plan.acceptance) / 10000)).toBeLessThan(2);
    }
  });
  it('refuses a bad total or a plan that does not sum to 100 %', () => {
    expect(() => splitTranches(-1, DEFAULT_TRANCHE_PLAN)).toThrow(RangeError);
    expect(() => splitTranches(10.5, DEFAULT_TRANCHE_PLAN)).toThrow(RangeError);
    expect(() => splitTranches(100, { foundation: 3000, roof: 4000, acceptance: 2999 })).toThrow(/sum to 10000/);
    expect(() => splitTranches(100, { foundation: -1, roof: 7001, acceptance: 3000 })).toThrow(/basis points/);
  });
});

describe('householdTranches', () => {
  it('pays monetary resettlement as one lump sum', () => {
    expect(householdTranches(6_000_001, 'monetary', DEFAULT_TRANCHE_PLAN)).toEqual([
      { milestone: 'lump_sum', amountFen: 6_000_001 },
    ]);
    expect(() => householdTranches(-5, 'monetary', DEFAULT_TRANCHE_PLAN)).toThrow(RangeError);
  });
  it('splits a housing mode over the milestones', () => {
    expect(householdTranches(1001, 'nearby', DEFAULT_TRANCHE_PLAN)).toHaveLength(3);
  });
});

describe('checkSelfFinancing (不因搬迁而负债)', () => {
  it('allows a share up to and including the cap', () => {
    expect(checkSelfFinancing(8_300_000, 8_000_000, 300_000)).toEqual({
      ok: true,
      selfFinancingFen: 300_000,
      capFen: 300_000,
    });
    expect(checkSelfFinancing(7_000_000, 8_000_000, 300_000)).toMatchObject({ ok: true, selfFinancingFen: 0 });
  });
  it('refuses one fen over the cap, with the figures', () => {
    const r = checkSelfFinancing(8_300_001, 8_000_000, 300_000);
    expect(r).toMatchObject({
      ok: false,
      refusal: { field: 'costFen', rule: 'self_financing_cap', selfFinancingFen: 300_001, capFen: 300_000 },
    });
    if (!r.ok) {
      expect(r.refusal.message['zh-CN']).toContain('3000.01元');
      expect(r.refusal.message.en).toContain('3000.00 yuan');
    }
  });
  it('names a bad amount', () => {
    expect(checkSelfFinancing(-1, 0, 0)).toMatchObject({
      ok: false,
      refusal: { field: 'costFen', rule: 'integer_fen' },
    });
    expect(checkSelfFinancing(1, 0.5, 0)).toMatchObject({ ok: false, refusal: { field: 'subsidyFen' } });
    expect(checkSelfFinancing(1, 0, Number.NaN)).toMatchObject({
      ok: false,
      refusal: { field: 'capFen', capFen: null },
    });
  });
});
