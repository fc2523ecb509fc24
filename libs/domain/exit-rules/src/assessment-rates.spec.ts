import {
  type AssessmentFinding,
  type AssessmentRates,
  computeAssessmentRates,
  countyMayExit,
} from './assessment-rates';
import { ratio } from './ratio';

/** n findings of a kind, ids unique by prefix. */
function many(n: number, prefix: string, f: Omit<AssessmentFinding, 'householdId'>): AssessmentFinding[] {
  return Array.from({ length: n }, (_, i) => ({ householdId: `${prefix}${i}`, ...f }));
}

function rates(findings: AssessmentFinding[]): AssessmentRates {
  const r = computeAssessmentRates(findings);
  if (!r.ok) throw new Error(JSON.stringify(r.violations));
  return r.value;
}

/** 100 exited inside (w wrongly), 50 registered not exited, 100 outside (m missed); satisfied count s of 250. */
function sample(w: number, m: number, unsatisfied: number): AssessmentFinding[] {
  const all = [
    ...many(w, 'iw', { group: 'inside', wronglyExited: true, satisfied: true }),
    ...many(100 - w, 'ie', { group: 'inside', wronglyExited: false, satisfied: true }),
    ...many(50, 'ir', { group: 'inside', satisfied: true }),
    ...many(m, 'om', { group: 'outside', missedIdentification: true, satisfied: true }),
    ...many(100 - m, 'oo', { group: 'outside', missedIdentification: false, satisfied: true }),
  ];
  for (let i = 0; i < unsatisfied; i++) all[i] = { ...all[i], satisfied: false };
  return all;
}

describe('computeAssessmentRates (第三方评估指标)', () => {
  it('computes the three rates as exact rationals with their denominators', () => {
    const r = rates(sample(3, 1, 25));
    expect(r.wrongExit).toEqual({ ratio: { numerator: 3, denominator: 100 }, bp: 300, count: 3, of: 100 });
    expect(r.missedIdentification).toEqual({ ratio: { numerator: 1, denominator: 100 }, bp: 100, count: 1, of: 100 });
    expect(r.satisfaction).toEqual({ ratio: { numerator: 9, denominator: 10 }, bp: 9000, count: 225, of: 250 });
  });

  it('counts wrong exits only among exited households (wronglyExited set), not all inside', () => {
    const r = rates([
      { householdId: 'a', group: 'inside', wronglyExited: true, satisfied: true },
      { householdId: 'b', group: 'inside', satisfied: true },
      { householdId: 'c', group: 'inside', satisfied: true },
      { householdId: 'd', group: 'outside', missedIdentification: false, satisfied: true },
    ]);
    expect(r.wrongExit).toMatchObject({ count: 1, of: 1, bp: 10_000 });
  });

  it('rounds bp half-up for display (1/3 → 3333, 2/3 → 6667)', () => {
    const r = rates([
      { householdId: 'a', group: 'outside', missedIdentification: true, satisfied: false },
      { householdId: 'b', group: 'outside', missedIdentification: false, satisfied: true },
      { householdId: 'c', group: 'outside', missedIdentification: false, satisfied: true },
    ]);
    expect(r.missedIdentification.bp).toBe(3333);
    expect(r.satisfaction.bp).toBe(6667);
  });

  it('gives a null rate when there is nothing to judge', () => {
    const r = rates([]);
    expect(r.wrongExit).toEqual({ ratio: null, bp: null, count: 0, of: 0 });
    expect(r.satisfaction.ratio).toBeNull();
  });

  it('reports broken findings by field', () => {
    const r = computeAssessmentRates([
      { householdId: 'a', group: 'inside', missedIdentification: true, satisfied: true },
      { householdId: 'a', group: 'outside', satisfied: true },
      { householdId: 'b', group: 'outside', missedIdentification: false, wronglyExited: false, satisfied: true },
      { householdId: 'c', group: 'nowhere' as 'inside', satisfied: 'yes' as unknown as boolean },
      { householdId: '', group: 'inside', wronglyExited: 1 as unknown as boolean, satisfied: true },
    ]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.violations.map((v) => `${v.field}:${v.rule}`)).toEqual([
      'findings[0].missedIdentification:not_applicable',
      'findings[1].householdId:duplicate',
      'findings[1].missedIdentification:required',
      'findings[2].wronglyExited:not_applicable',
      'findings[3].satisfied:boolean',
      'findings[3].group:group',
      'findings[4].householdId:required',
      'findings[4].wronglyExited:boolean',
    ]);
  });
});

describe('countyMayExit (第三方评估)', () => {
  /** Rates from exact fractions: wrong exits w/of, missed m/of, satisfied s/of. */
  const exact = (w: [number, number], m: [number, number], s: [number, number]): AssessmentRates => {
    const r = (count: number, of: number) => ({ ratio: ratio(count, of), bp: null, count, of });
    return { wrongExit: r(...w), missedIdentification: r(...m), satisfaction: r(...s) };
  };
  const failingOf = (rates: AssessmentRates) => countyMayExit(rates).failing.map((f) => f.rate);

  it('passes one household inside each bound: 1 % wrong exits, 1 % missed, 90.4 % satisfaction', () => {
    const d = countyMayExit(rates(sample(1, 1, 24))); // 226/250 = 90.4 %
    expect(d.ok).toBe(true);
    expect(d.failing).toEqual([]);
    expect(d.checks.map((c) => [c.rate, c.ok, c.limit, c.bound])).toEqual([
      ['wrong_exit', true, 200, 'below'],
      ['missed_identification', true, 200, 'below'],
      ['satisfaction', true, 9000, 'above'],
    ]);
    expect(d.checks[0].message).toEqual({
      'zh-CN': '错退率1/100 (1.00%)，低于2.00%，达标',
      en: 'wrong-exit rate 1/100 (1.00%) is below 2.00%: passes',
    });
    expect(d.checks[2].message.en).toBe('satisfaction 113/125 (90.40%) is above 90.00%: passes');
  });

  it('fails at exactly 2 % wrong exits, 2 % missed and 90 % satisfaction (strict bounds, as for incidence)', () => {
    const d = countyMayExit(rates(sample(2, 2, 25)));
    expect(d.ok).toBe(false);
    expect(d.failing.map((f) => [f.rate, f.bound])).toEqual([
      ['wrong_exit', 'below'],
      ['missed_identification', 'below'],
      ['satisfaction', 'above'],
    ]);
    expect(d.failing[0].message).toEqual({
      'zh-CN': '错退率1/50 (2.00%)，未达到低于2.00%的要求',
      en: 'wrong-exit rate 1/50 (2.00%) fails: must be below 2.00%',
    });
    expect(d.failing[2].message).toEqual({
      'zh-CN': '群众认可度9/10 (90.00%)，未达到高于90.00%的要求',
      en: 'satisfaction 9/10 (90.00%) fails: must be above 90.00%',
    });
  });

  it('wrong-exit rate: just below 2 % passes, exactly 2 % and just above fail', () => {
    const rest: [[number, number], [number, number]] = [
      [0, 10],
      [95, 100],
    ];
    expect(failingOf(exact([1999, 100_000], ...rest))).toEqual([]);
    expect(failingOf(exact([2, 100], ...rest))).toEqual(['wrong_exit']);
    expect(failingOf(exact([2001, 100_000], ...rest))).toEqual(['wrong_exit']);
  });

  it('missed-identification rate: just below 2 % passes, exactly 2 % and just above fail', () => {
    const w: [number, number] = [0, 10];
    const s: [number, number] = [95, 100];
    expect(failingOf(exact(w, [1999, 100_000], s))).toEqual([]);
    expect(failingOf(exact(w, [1, 50], s))).toEqual(['missed_identification']);
    expect(failingOf(exact(w, [2001, 100_000], s))).toEqual(['missed_identification']);
  });

  it('satisfaction: just above 90 % passes, exactly 90 % and just below fail', () => {
    const none: [number, number] = [0, 10];
    expect(failingOf(exact(none, none, [90_001, 100_000]))).toEqual([]);
    expect(failingOf(exact(none, none, [9, 10]))).toEqual(['satisfaction']);
    expect(failingOf(exact(none, none, [89_999, 100_000]))).toEqual(['satisfaction']);
  });

  it('fails on the wrong-exit rate alone, showing which', () => {
    const d = countyMayExit(rates(sample(3, 0, 0)));
    expect(d.ok).toBe(false);
    expect(d.failing).toHaveLength(1);
    expect(d.failing[0]).toMatchObject({ rate: 'wrong_exit', limit: 200, value: { count: 3, of: 100, bp: 300 } });
    expect(d.failing[0].message).toEqual({
      'zh-CN': '错退率3/100 (3.00%)，未达到低于2.00%的要求',
      en: 'wrong-exit rate 3/100 (3.00%) fails: must be below 2.00%',
    });
  });

  it('fails on the missed-identification rate alone', () => {
    const d = countyMayExit(rates(sample(0, 3, 0)));
    expect(d.failing.map((f) => f.rate)).toEqual(['missed_identification']);
    expect(d.failing[0].message['zh-CN']).toContain('漏评率');
  });

  it('fails on satisfaction alone, one household under 90 %', () => {
    const d = countyMayExit(rates(sample(0, 0, 26))); // 224/250 = 89.6 %
    expect(d.failing.map((f) => f.rate)).toEqual(['satisfaction']);
    expect(d.failing[0].message.en).toBe('satisfaction 112/125 (89.60%) fails: must be above 90.00%');
  });

  it('lists every failing rate', () => {
    expect(countyMayExit(rates(sample(5, 5, 100))).failing.map((f) => f.rate)).toEqual([
      'wrong_exit',
      'missed_identification',
      'satisfaction',
    ]);
  });

  it('compares exactly, not on the rounded display value', () => {
    // 1999/100000 = 1.999 % displays as 200 bp but is below 2 %; 90001/100000 displays as 9000 bp but is above 90 %
    const inside: AssessmentRates = {
      wrongExit: { ratio: { numerator: 1999, denominator: 100_000 }, bp: 200, count: 1999, of: 100_000 },
      missedIdentification: { ratio: { numerator: 0, denominator: 1 }, bp: 0, count: 0, of: 10 },
      satisfaction: { ratio: { numerator: 90_001, denominator: 100_000 }, bp: 9000, count: 90_001, of: 100_000 },
    };
    expect(countyMayExit(inside).ok).toBe(true);
  });

  it('fails a rate that cannot be computed (nothing sampled to judge it)', () => {
    const d = countyMayExit(rates(many(10, 'o', { group: 'outside', missedIdentification: false, satisfied: true })));
    expect(d.failing.map((f) => f.rate)).toEqual(['wrong_exit']);
    expect(d.failing[0].message.en).toContain('cannot be computed');
  });

  it('takes configured thresholds, defaults for the rest', () => {
    expect(countyMayExit(rates(sample(3, 0, 0)), { wrongExitBelowBp: 300 }).ok).toBe(false);
    expect(countyMayExit(rates(sample(3, 0, 0)), { wrongExitBelowBp: 301 }).ok).toBe(true);
    expect(countyMayExit(rates(sample(0, 0, 25)), { satisfactionAboveBp: 8999 }).ok).toBe(true);
    expect(countyMayExit(rates(sample(0, 0, 10)), { satisfactionAboveBp: 9600 }).failing.map((f) => f.rate)).toEqual([
      'satisfaction',
    ]);
    expect(countyMayExit(rates(sample(1, 1, 0)), { wrongExitBelowBp: undefined }).ok).toBe(true);
    expect(() => countyMayExit(rates(sample(0, 0, 0)), { missedBelowBp: 10_001 })).toThrow(RangeError);
  });
});
