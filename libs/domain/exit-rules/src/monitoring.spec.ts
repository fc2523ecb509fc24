import { mayClearRisk, monitoringEntry, type MonitoringEntryInput } from './monitoring';

const base: MonitoringEntryInput = {
  perCapitaFen: 700_000,
  lineFen: 400_000, // monitoring line 6,000 yuan
  rigidSpendingFen: 0,
  incomeFen: 2_800_000,
  exited: true,
  edge: false,
  suddenHardship: false,
};

describe('monitoringEntry (防止返贫监测)', () => {
  it('does not monitor a stable exited household', () => {
    expect(monitoringEntry(base)).toEqual({
      monitor: false,
      categories: [],
      triggers: [],
      monitoringLineFen: 600_000,
      belowPovertyLine: false,
      reasons: [],
    });
  });

  it('monitors an exited household below 1.5 × the line as 脱贫不稳定户', () => {
    const r = monitoringEntry({ ...base, perCapitaFen: 599_999 });
    expect(r).toMatchObject({
      monitor: true,
      categories: ['unstable_exited'],
      triggers: ['income_below_monitoring_line'],
      belowPovertyLine: false,
    });
    expect(r.reasons.map((m) => m['zh-CN'])).toEqual([
      '人均纯收入5999.99元低于监测线6000.00元',
      '纳入监测：脱贫不稳定户',
    ]);
  });

  it('exactly at the monitoring line is not below it', () => {
    expect(monitoringEntry({ ...base, perCapitaFen: 600_000 }).monitor).toBe(false);
  });

  it('compares against the unrounded monitoring line', () => {
    // line 3,218.01 yuan × 1.5 = 4,827.015 yuan: 482,702 fen is above, 482,701 below (the display rounds to 482,702)
    const r = monitoringEntry({ ...base, lineFen: 321_801, perCapitaFen: 482_701 });
    expect(r.monitoringLineFen).toBe(482_702);
    expect(r.monitor).toBe(true);
    expect(monitoringEntry({ ...base, lineFen: 321_801, perCapitaFen: 482_702 }).monitor).toBe(false);
  });

  it('uses a configured factor', () => {
    expect(monitoringEntry({ ...base, factorBp: 20_000, perCapitaFen: 700_000 })).toMatchObject({
      monitor: true,
      monitoringLineFen: 800_000,
    });
  });

  it('monitors when rigid spending clearly exceeds income', () => {
    const r = monitoringEntry({ ...base, rigidSpendingFen: 2_800_001 });
    expect(r).toMatchObject({
      monitor: true,
      triggers: ['rigid_spending_exceeds_income'],
      categories: ['unstable_exited'],
    });
    expect(r.reasons[0].en).toBe('rigid spending 28000.01 yuan clearly exceeds household net income 28000.00 yuan');
    expect(monitoringEntry({ ...base, rigidSpendingFen: 2_800_000 }).monitor).toBe(false);
  });

  it('"clearly" is configurable as a margin over income', () => {
    expect(monitoringEntry({ ...base, rigidSpendingFen: 3_000_000, rigidSpendingExcessBp: 12_000 }).monitor).toBe(
      false,
    );
    expect(monitoringEntry({ ...base, rigidSpendingFen: 3_360_001, rigidSpendingExcessBp: 12_000 }).monitor).toBe(true);
  });

  it('zero spending never exceeds even a negative income by the spending rule', () => {
    const r = monitoringEntry({ ...base, incomeFen: -100, perCapitaFen: 700_000 });
    expect(r.triggers).toEqual([]);
  });

  it('monitors an edge household as 边缘易致贫户', () => {
    expect(monitoringEntry({ ...base, exited: false, edge: true, perCapitaFen: 500_000 })).toMatchObject({
      monitor: true,
      categories: ['edge'],
    });
  });

  it('monitors any household in sudden hardship as 突发严重困难户', () => {
    const r = monitoringEntry({ ...base, exited: false, suddenHardship: true, rigidSpendingFen: 5_000_000 });
    expect(r).toMatchObject({
      monitor: true,
      categories: ['sudden_hardship'],
      triggers: ['rigid_spending_exceeds_income'],
    });
    expect(r.reasons[1]['zh-CN']).toBe('纳入监测：突发严重困难户');
  });

  it('may put a household in several categories and list both triggers', () => {
    const r = monitoringEntry({ ...base, perCapitaFen: 100_000, rigidSpendingFen: 9_000_000, suddenHardship: true });
    expect(r.categories).toEqual(['unstable_exited', 'sudden_hardship']);
    expect(r.triggers).toEqual(['income_below_monitoring_line', 'rigid_spending_exceeds_income']);
  });

  it('does not monitor a household that is neither exited, edge nor in sudden hardship', () => {
    expect(monitoringEntry({ ...base, exited: false, perCapitaFen: 100_000 })).toMatchObject({
      monitor: false,
      triggers: ['income_below_monitoring_line'],
      belowPovertyLine: true,
    });
  });

  it('a sudden hardship without a trigger is not monitored', () => {
    expect(monitoringEntry({ ...base, suddenHardship: true }).monitor).toBe(false);
  });

  it('flags a relapse below the poverty line itself (strictly below)', () => {
    expect(monitoringEntry({ ...base, perCapitaFen: 399_999 }).belowPovertyLine).toBe(true);
    expect(monitoringEntry({ ...base, perCapitaFen: 400_000 })).toMatchObject({
      belowPovertyLine: false,
      monitor: true,
    });
  });

  it('throws on programmer errors', () => {
    expect(() => monitoringEntry({ ...base, edge: true })).toThrow(/edge/);
    expect(() => monitoringEntry({ ...base, lineFen: 0 })).toThrow(RangeError);
    expect(() => monitoringEntry({ ...base, factorBp: 9_999 })).toThrow(RangeError);
    expect(() => monitoringEntry({ ...base, rigidSpendingFen: -1 })).toThrow(RangeError);
    expect(() => monitoringEntry({ ...base, perCapitaFen: 0.5 })).toThrow(RangeError);
    expect(() => monitoringEntry({ ...base, exited: undefined as unknown as boolean })).toThrow(RangeError);
  });
});

describe('mayClearRisk (风险消除)', () => {
  it('may clear after 6 stable months with labour and a measure', () => {
    expect(mayClearRisk({ monthsStableAboveMonitoringLine: 6, hasLabour: true, measuresApplied: 1 })).toEqual({
      ok: true,
      failed: [],
    });
  });
  it('5 months is not enough', () => {
    const r = mayClearRisk({ monthsStableAboveMonitoringLine: 5, hasLabour: true, measuresApplied: 2 });
    expect(r.failed.map((f) => f.condition)).toEqual(['stable_months']);
    expect(r.failed[0].message['zh-CN']).toBe('收入稳定超过监测线仅5个月，须满6个月');
  });
  it('never clears a household without labour, however long stable', () => {
    expect(
      mayClearRisk({ monthsStableAboveMonitoringLine: 60, hasLabour: false, measuresApplied: 3 }).failed.map(
        (f) => f.condition,
      ),
    ).toEqual(['labour']);
  });
  it('needs at least one support measure applied', () => {
    expect(
      mayClearRisk({ monthsStableAboveMonitoringLine: 12, hasLabour: true, measuresApplied: 0 }).failed.map(
        (f) => f.condition,
      ),
    ).toEqual(['measures']);
  });
  it('lists every failing condition', () => {
    expect(
      mayClearRisk({ monthsStableAboveMonitoringLine: 0, hasLabour: false, measuresApplied: 0 }).failed.map(
        (f) => f.condition,
      ),
    ).toEqual(['stable_months', 'labour', 'measures']);
  });
  it('takes a configured minimum', () => {
    expect(
      mayClearRisk({ monthsStableAboveMonitoringLine: 6, hasLabour: true, measuresApplied: 1, minStableMonths: 12 }).ok,
    ).toBe(false);
  });
  it('throws on programmer errors', () => {
    expect(() => mayClearRisk({ monthsStableAboveMonitoringLine: -1, hasLabour: true, measuresApplied: 1 })).toThrow(
      RangeError,
    );
    expect(() =>
      mayClearRisk({ monthsStableAboveMonitoringLine: 6, hasLabour: 'y' as unknown as boolean, measuresApplied: 1 }),
    ).toThrow(RangeError);
    expect(() => mayClearRisk({ monthsStableAboveMonitoringLine: 6, hasLabour: true, measuresApplied: 1.5 })).toThrow(
      RangeError,
    );
  });
});
