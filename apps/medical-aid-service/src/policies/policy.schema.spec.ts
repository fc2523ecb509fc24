import { ILLUSTRATIVE_POLICY, settleClaim, validateClaim, validatePolicy } from '@fupin/medical-aid-rules';
import { claimFiguresShape, judgedByRules, medicalPolicyShape, settlementInputShape } from './policy.schema';

// The documented shapes against the rules that judge the input: whatever the rules accept fits the shape (the
// document never refuses a good request), and a bad type or range of any field is outside both.

const policy = ILLUSTRATIVE_POLICY;
const claim = { totalCost: 150000, inPolicyCost: 120000, level: 'county', inCounty: true };

type Json = Record<string, unknown>;
/** Every leaf of a value with its path, e.g. ['critical', 'segments', 0, 'upTo']. */
function leaves(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [at];
  return Object.entries(value).flatMap(([k, v]) => leaves(v, [...at, Array.isArray(value) ? Number(k) : k]));
}
function withLeaf<T>(value: T, path: (string | number)[], leaf: unknown): T {
  const copy = structuredClone(value) as Json;
  let node: Json = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Json;
  node[path[path.length - 1]] = leaf;
  return copy as T;
}

describe('the documented medical-aid shapes agree with the rules that judge them', () => {
  it('accept the example policy, claim and settlement input', () => {
    expect(validatePolicy(policy)).toEqual([]);
    expect(medicalPolicyShape.safeParse(policy).success).toBe(true);
    expect(claimFiguresShape.safeParse(claim).success).toBe(true);
    expect(settlementInputShape.safeParse({ policy, claim, registeredPoor: true }).success).toBe(true);
    expect(
      settlementInputShape.safeParse({
        policy,
        claim,
        registeredPoor: false,
        ytd: { basicDeductibleUsed: 0, basicPaid: 0, criticalBase: 0, criticalPaid: 0, assistancePaid: 0 },
      }).success,
    ).toBe(true);
  });

  it('refuse, both, a bad type or range in any field of a policy', () => {
    for (const path of leaves(policy)) {
      // null is a valid upTo (the open end) to the shape; which segment may be open is the rules' to say
      for (const bad of [-1, 1.5, '100', true, ...(path.at(-1) === 'upTo' ? [] : [null]), 1e13, undefined]) {
        const p = withLeaf(policy, path, bad);
        const verdict = {
          path: path.join('.'),
          bad,
          rules: validatePolicy(p).length > 0,
          shape: !medicalPolicyShape.safeParse(p).success,
        };
        expect(verdict).toEqual({ ...verdict, rules: true, shape: true });
      }
    }
  });

  it('refuse, both, a bad claim field', () => {
    for (const [field, bad] of [
      ['totalCost', 1.5],
      ['inPolicyCost', -1],
      ['level', 'village'],
      ['inCounty', 'yes'],
      ['totalCost', undefined],
    ] as const) {
      const c = { ...claim, [field]: bad };
      expect({ field, rules: validateClaim(c).length > 0, shape: !claimFiguresShape.safeParse(c).success }).toEqual({
        field,
        rules: true,
        shape: true,
      });
    }
  });

  it('leave the judging to the rules: input that does not fit is passed on unchanged, for settleClaim to name with its rule', () => {
    const body = judgedByRules(settlementInputShape);
    const bad = { policy, claim: { ...claim, totalCost: 100.5 }, registeredPoor: true, extra: 1 };
    expect(body.parse(bad)).toBe(bad);
    const refused = settleClaim(body.parse(bad));
    expect(refused).toMatchObject({ ok: false, violations: [{ field: 'claim.totalCost', rule: 'integer_fen' }] });
    expect(body.parse([])).toEqual([]);
    expect(body.parse(undefined)).toBeUndefined();
  });
});
