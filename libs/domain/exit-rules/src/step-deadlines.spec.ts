import {
  deadlineDueAt,
  escalationReason,
  nextEscalation,
  resolveStepDeadlines,
  stepDeadlineView,
} from './step-deadlines';

describe('step deadlines of the exit procedures', () => {
  const at = '2026-11-01T00:00:00.000Z';

  it('climbs the ladder from the level that signs the step, ending at the county with the operator', () => {
    const rungs = (level: 'village' | 'township' | 'county') => {
      const out: string[] = [];
      for (let e = null as ReturnType<typeof nextEscalation> | null, i = 0; i < 4; i++) {
        e = nextEscalation(level, e, at);
        out.push(`${e.times}:${e.to.level}${e.to.alertWorkflowOperator ? '+operator' : ''}`);
      }
      return out;
    };
    expect(rungs('village')).toEqual(['1:township', '2:county', '3:county+operator', '4:county+operator']);
    expect(rungs('township')).toEqual(['1:county', '2:county+operator', '3:county+operator', '4:county+operator']);
    expect(rungs('county')).toEqual([
      '1:county+operator',
      '2:county+operator',
      '3:county+operator',
      '4:county+operator',
    ]);
  });

  it('counts the deadline from the step, then from the last miss', () => {
    expect(deadlineDueAt(at, null, 60)).toBe('2026-11-01T00:01:00.000Z');
    const e = nextEscalation('village', null, '2026-11-02T00:00:00.000Z');
    expect(deadlineDueAt(at, e, 60)).toBe('2026-11-02T00:01:00.000Z');
    expect(stepDeadlineView(at, e, 60, '430523101201')).toEqual({
      dueAt: '2026-11-02T00:01:00.000Z',
      escalatedTo: { ...e.to, times: 1, at: e.at, divisionCode: '430523101' },
    });
  });

  it('validates overrides: known steps, whole seconds, at least a day unless in test mode', () => {
    const defaults = { approval: 864_000, objections: 864_000 };
    expect(resolveStepDeadlines(defaults, { approval: 172_800 }, false)).toEqual({
      ok: true,
      value: { approval: 172_800, objections: 864_000 },
    });
    expect(resolveStepDeadlines(defaults, { approval: 5 }, true)).toMatchObject({ ok: true, value: { approval: 5 } });
    const bad = resolveStepDeadlines(defaults, { approval: 5, notice: 86_400, objections: 1.5 }, false);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems.map((p) => p.split(':')[0])).toEqual(['approval', 'notice', 'objections']);
  });

  it('names the step, the rung and who is alerted in the audit reason', () => {
    const label = { 'zh-CN': '县级审定', en: 'county approval' };
    expect(escalationReason(label, nextEscalation('county', null, at))).toBe(
      '县级审定逾期未办理，第1次督办：县并通知流程运维 / county approval overdue (1): escalated to the county and the workflow operator',
    );
    const twice = nextEscalation('village', nextEscalation('village', null, at), at);
    expect(escalationReason(label, twice)).toContain('第2次督办：县 / ');
  });
});
