import { measureMiss, stepMirrorRows } from './step-mirror';

const miss = (times: number, at: string) => ({
  step: 'township_review',
  to: 'township_review',
  at,
  escalation: { level: 'county', role: 'county_approver', times },
});

describe('stepMirrorRows', () => {
  it('a move sets the step and its start and clears the misses of the step before', () => {
    const rows = stepMirrorRows([
      { householdId: 'h1', entry: miss(1, '2026-01-01T00:00:00.000Z') },
      {
        householdId: 'h1',
        entry: { step: 'township_review', to: 'county_cross_check', at: '2026-01-02T00:00:00.000Z' },
      },
    ]);
    expect(rows).toEqual([
      {
        household_id: 'h1',
        step: 'county_cross_check',
        since: '2026-01-02T00:00:00.000Z',
        escalation_times: null,
        escalated_at: null,
        escalated_level: null,
        escalated_role: null,
      },
    ]);
  });

  it('a miss without a move keeps the start (null) and records the last miss', () => {
    const [row] = stepMirrorRows([
      { householdId: 'h1', entry: miss(1, '2026-01-01T00:00:00.000Z') },
      { householdId: 'h1', entry: miss(2, '2026-01-05T00:00:00.000Z') },
    ]);
    expect(row).toMatchObject({ step: 'township_review', since: null, escalation_times: 2 });
    expect(row.escalated_at).toBe('2026-01-05T00:00:00.000Z');
  });

  it('a move after a miss in the same batch, then a miss at the new step', () => {
    const [row] = stepMirrorRows([
      { householdId: 'h1', entry: { step: 'application', to: 'township_review', at: '2026-01-01T00:00:00.000Z' } },
      { householdId: 'h1', entry: miss(1, '2026-01-03T00:00:00.000Z') },
    ]);
    expect(row).toMatchObject({
      since: '2026-01-01T00:00:00.000Z',
      escalation_times: 1,
      escalated_role: 'county_approver',
    });
  });

  it('one row per household, in first-seen order', () => {
    const e = (to: string) => ({ step: 'a', to, at: '2026-01-01T00:00:00.000Z' });
    const rows = stepMirrorRows([
      { householdId: 'h2', entry: e('b') },
      { householdId: 'h1', entry: e('b') },
      { householdId: 'h2', entry: { step: 'b', to: 'c', at: '2026-01-02T00:00:00.000Z' } },
    ]);
    expect(rows.map((r) => [r.household_id, r.step])).toEqual([
      ['h2', 'c'],
      ['h1', 'b'],
    ]);
  });
});

describe('measureMiss', () => {
  it("counts the measure deadline's rungs village → township → county and names the official alerted", () => {
    expect(measureMiss('village')).toEqual({ times: 1, level: 'village', role: 'village_cadre' });
    expect(measureMiss('township')).toEqual({ times: 2, level: 'township', role: 'township_reviewer' });
    expect(measureMiss('county')).toEqual({ times: 3, level: 'county', role: 'county_approver' });
  });
});
