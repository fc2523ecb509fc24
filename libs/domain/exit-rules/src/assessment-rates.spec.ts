import {
  type AssessmentFinding,
  type AssessmentRates,
  computeAssessmentRates,
  countyMayExit,
} from './assessment-rates';

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
  it('passes at exactly 2 % wrong exits, 2 % missed and 90 % satisfaction (boundaries inclusive)', () => {
    const d = countyMayExit(rates(sample(2, 2, 25)));
    expect(d.ok).toBe(true);
    expect(d.failing).toEqual([]);
    expect(d.checks.map((c) => [c.rate, c.ok, c.limit, c.bound])).toEqual([
      ['wrong_exit', true, 200, 'max'],
      ['missed_identification', true, 200, 'max'],
      ['satisfaction', true, 9000, 'min'],
    ]);
    expect(d.checks[0].message['zh-CN']).toBe('错退率1/50 (2.00%)，不高于2.00%，达标');
  });

  it('fails on the wrong-exit rate alone, showing which', () => {
    const d = countyMayExit(rates(sample(3, 0, 0)));
    expect(d.ok).toBe(false);
    expect(d.failing).toHaveLength(1);
    expect(d.failing[0]).toMatchObject({ rate: 'wrong_exit', limit: 200, value: { count: 3, of: 100, bp: 300 } });
    expect(d.failing[0].message).toEqual({
      'zh-CN': '错退率3/100 (3.00%)，未达到不高于2.00%的要求',
      en: 'wrong-exit rate 3/100 (3.00%) fails: must be at most 2.00%',
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
    expect(d.failing[0].message.en).toBe('satisfaction 112/125 (89.60%) fails: must be at least 90.00%');
  });

  it('lists every failing rate', () => {
    expect(countyMayExit(rates(sample(5, 5, 100))).failing.map((f) => f.rate)).toEqual([
      'wrong_exit',
      'missed_identification',
      'satisfaction',
    ]);
  });

  it('compares exactly, not on the rounded display value', () => {
    // 2001/100000 = 2.001 % displays as 200 bp but is above 2 %
    const above: AssessmentRates = {
      wrongExit: { ratio: { numerator: 2001, denominator: 100_000 }, bp: 200, count: 2001, of: 100_000 },
      missedIdentification: { ratio: { numerator: 0, denominator: 1 }, bp: 0, count: 0, of: 10 },
      satisfaction: { ratio: { numerator: 89_999, denominator: 100_000 }, bp: 9000, count: 89_999, of: 100_000 },
    };
    expect(countyMayExit(above).failing.map((f) => f.rate)).toEqual(['wrong_exit', 'satisfaction']);
  });

  it('fails a rate that cannot be computed (nothing sampled to judge it)', () => {
    const d = countyMayExit(rates(many(10, 'o', { group: 'outside', missedIdentification: false, satisfied: true })));
    expect(d.failing.map((f) => f.rate)).toEqual(['wrong_exit']);
    expect(d.failing[0].message.en).toContain('cannot be computed');
  });

  it('takes configured thresholds, defaults for the rest', () => {
    expect(countyMayExit(rates(sample(3, 0, 0)), { wrongExitMaxBp: 300 }).ok).toBe(true);
    expect(countyMayExit(rates(sample(0, 0, 25)), { satisfactionMinBp: 9500 }).failing.map((f) => f.rate)).toEqual([
      'satisfaction',
    ]);
    expect(countyMayExit(rates(sample(2, 2, 25)), { wrongExitMaxBp: undefined }).ok).toBe(true);
    expect(() => countyMayExit(rates(sample(0, 0, 0)), { missedMaxBp: 10_001 })).toThrow(RangeError);
  });
});
