import { drawAssessmentSample, SAMPLE_ALGORITHM, splitSampleSize, validateSampleRequest } from './assessment-sample';
import { cyrb128, seededRandom } from './prng';

const ids = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`);
const inside = ids('in-', 200);
const outside = ids('out-', 300);

describe('seeded PRNG', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = seededRandom('seed');
    const b = seededRandom('seed');
    const c = seededRandom('seeD');
    const xs = Array.from({ length: 5 }, () => a.nextUint32());
    expect(Array.from({ length: 5 }, () => b.nextUint32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.nextUint32())).not.toEqual(xs);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x < 2 ** 32)).toBe(true);
  });
  it('pins the hash and first outputs (changing them would change every published sample)', () => {
    expect(cyrb128('fupin')).toEqual([3258645339, 2903994182, 4209164440, 2441216122]);
    const r = seededRandom('fupin');
    expect([r.nextUint32(), r.nextUint32(), r.nextUint32()]).toEqual([2403838128, 3102586022, 2172151937]);
  });
  it('nextBelow stays in range and refuses bad bounds', () => {
    const r = seededRandom('x');
    for (let i = 0; i < 1000; i++) {
      const v = r.nextBelow(7);
      expect(v >= 0 && v < 7 && Number.isInteger(v)).toBe(true);
    }
    expect(r.nextBelow(1)).toBe(0);
    expect(() => r.nextBelow(0)).toThrow(RangeError);
    expect(() => r.nextBelow(2 ** 32 + 1)).toThrow(RangeError);
  });
  it('is roughly uniform (chi-square over 10 buckets)', () => {
    const r = seededRandom('uniform');
    const counts = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) counts[r.nextBelow(10)]++;
    const expected = n / 10;
    const chi2 = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88); // df 9, p = 0.001
  });
});

describe('drawAssessmentSample (第三方评估抽样)', () => {
  const request = { inside, outside, insideSize: 50, outsideSize: 50, seed: '2020-县级评估-430524' };

  it('is reproducible: same inputs, same sample', () => {
    const a = drawAssessmentSample(request);
    const b = drawAssessmentSample({ ...request, inside: [...inside], outside: [...outside] });
    expect(b).toEqual(a);
    expect(a.algorithm).toBe(SAMPLE_ALGORITHM);
    expect(a.seed).toBe(request.seed);
  });

  it('does not depend on the order ids are passed in', () => {
    const shuffled = drawAssessmentSample({
      ...request,
      inside: [...inside].reverse(),
      outside: [...outside.slice(150), ...outside.slice(0, 150)],
    });
    expect(shuffled).toEqual(drawAssessmentSample(request));
  });

  it('draws each group from its own stream: changing the outside list leaves the inside sample alone', () => {
    const a = drawAssessmentSample(request);
    const b = drawAssessmentSample({ ...request, outside: outside.slice(0, 100), outsideSize: 10 });
    expect(b.inside).toEqual(a.inside);
    expect(b.outside).not.toEqual(a.outside.slice(0, 10));
  });

  it('pins a small sample (a published sample must stay re-drawable)', () => {
    expect(
      drawAssessmentSample({
        inside: ['f', 'e', 'd', 'c', 'b', 'a'],
        outside: ['y', 'x', 'z'],
        insideSize: 3,
        outsideSize: 2,
        seed: 'pin',
      }),
    ).toMatchObject({
      inside: ['a', 'd', 'e'],
      outside: ['z', 'x'],
    });
  });

  it('a different seed gives a different sample', () => {
    expect(drawAssessmentSample({ ...request, seed: 'other' }).inside).not.toEqual(
      drawAssessmentSample(request).inside,
    );
  });

  it('draws without replacement, only from its own group', () => {
    const s = drawAssessmentSample(request);
    expect(s.inside).toHaveLength(50);
    expect(s.outside).toHaveLength(50);
    expect(new Set(s.inside).size).toBe(50);
    expect(new Set(s.outside).size).toBe(50);
    expect(s.inside.every((id) => inside.includes(id))).toBe(true);
    expect(s.outside.every((id) => outside.includes(id))).toBe(true);
    expect(s.clamped).toEqual({ inside: false, outside: false });
  });

  it('a larger sample extends a smaller one with the same seed (draw order is a prefix)', () => {
    const small = drawAssessmentSample({ ...request, insideSize: 10 });
    const large = drawAssessmentSample({ ...request, insideSize: 40 });
    expect(large.inside.slice(0, 10)).toEqual(small.inside);
  });

  it('clamps sizes to what is available', () => {
    const s = drawAssessmentSample({
      ...request,
      inside: ['a', 'b', 'c'],
      insideSize: 10,
      outside: [],
      outsideSize: 5,
    });
    expect([...s.inside].sort()).toEqual(['a', 'b', 'c']);
    expect(s.outside).toEqual([]);
    expect(s.clamped).toEqual({ inside: true, outside: true });
    expect(s.requested).toEqual({ insideSize: 10, outsideSize: 5 });
  });

  it('size 0 draws nothing', () => {
    expect(drawAssessmentSample({ ...request, insideSize: 0, outsideSize: 0 })).toMatchObject({
      inside: [],
      outside: [],
    });
  });

  it('every household is roughly equally likely to be drawn', () => {
    const pool = ids('h', 10);
    const counts = new Map(pool.map((id) => [id, 0]));
    const draws = 6000;
    for (let i = 0; i < draws; i++) {
      for (const id of drawAssessmentSample({ inside: pool, outside: [], insideSize: 3, outsideSize: 0, seed: `s${i}` })
        .inside)
        counts.set(id, counts.get(id)! + 1);
    }
    const expected = (draws * 3) / 10; // 1800
    const chi2 = [...counts.values()].reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.88); // df 9, p = 0.001
  });

  it('every first position is roughly equally likely (no bias from input order)', () => {
    const pool = ids('h', 5);
    const counts = new Map(pool.map((id) => [id, 0]));
    for (let i = 0; i < 5000; i++) {
      const first = drawAssessmentSample({
        inside: pool,
        outside: [],
        insideSize: 1,
        outsideSize: 0,
        seed: `first-${i}`,
      }).inside[0];
      counts.set(first, counts.get(first)! + 1);
    }
    for (const c of counts.values()) expect(Math.abs(c - 1000)).toBeLessThan(150);
  });

  it('splits a total in about half, the odd one inside', () => {
    expect(splitSampleSize(100)).toEqual({ insideSize: 50, outsideSize: 50 });
    expect(splitSampleSize(101)).toEqual({ insideSize: 51, outsideSize: 50 });
    expect(splitSampleSize(0)).toEqual({ insideSize: 0, outsideSize: 0 });
    expect(() => splitSampleSize(-1)).toThrow(RangeError);
  });

  it('validates requests by field', () => {
    const v = validateSampleRequest({
      inside: ['a', 'a', ''],
      outside: ['a', 'b'],
      insideSize: -1,
      outsideSize: 1.5,
      seed: '',
    });
    expect(v.map((x) => `${x.field}:${x.rule}`)).toEqual([
      'insideSize:non_negative_integer',
      'outsideSize:non_negative_integer',
      'seed:required',
      'inside[1]:duplicate',
      'inside[2]:household_id',
      'outside[0]:in_both_groups',
    ]);
    expect(v[0].message['zh-CN']).toBeTruthy();
    expect(validateSampleRequest(request)).toEqual([]);
    expect(() => drawAssessmentSample({ ...request, seed: '' })).toThrow(RangeError);
  });
});
