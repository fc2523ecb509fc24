import {
  DEFAULT_INCIDENCE_LINES,
  WESTERN_PROVINCE_CODES,
  incidenceLineBp,
  incidenceReport,
  isWesternProvince,
} from './incidence-report';

describe('western provinces (西部地区)', () => {
  it('are the 12 provinces of the western development policy', () => {
    expect([...WESTERN_PROVINCE_CODES].sort()).toEqual([
      '15',
      '45',
      '50',
      '51',
      '52',
      '53',
      '54',
      '61',
      '62',
      '63',
      '64',
      '65',
    ]);
    expect(isWesternProvince('522634101201')).toBe(true);
    expect(isWesternProvince('430523')).toBe(false);
    expect(isWesternProvince('430523', ['43'])).toBe(true);
  });
  it('take the 3 % line, the others 2 %', () => {
    expect(incidenceLineBp('522634')).toBe(300);
    expect(incidenceLineBp('430523101')).toBe(200);
    expect(incidenceLineBp('430523', { ...DEFAULT_INCIDENCE_LINES, thresholdBp: 150 })).toBe(150);
  });
});

describe('incidenceReport', () => {
  const villages = [
    { code: '430523101201', name: '甲村', poorNotExited: 19, ruralPopulation: 1000 },
    { code: '430523101202', name: '乙村', poorNotExited: 20, ruralPopulation: 1000 },
  ];

  it('rows per village: exactly 2 % is not below, 1.9 % is', () => {
    const r = incidenceReport('430523101', villages);
    expect(r.villages.map((v) => [v.code, v.mayExit, v.incidence?.bp])).toEqual([
      ['430523101201', true, 190],
      ['430523101202', false, 200],
    ]);
    expect(r.villages[1].message['zh-CN']).toContain('未低于2.00%');
    expect(r.level).toBe('township');
    expect(r.thresholdBp).toBe(200);
    // Σ39 / Σ2000 = 1.95 % for the township
    expect(r.aggregate.incidence?.ratio).toEqual({ numerator: 39, denominator: 2000 });
    expect(r.aggregate.belowLine).toBe(true);
  });

  it('a county aggregate uses the county rule and the western line', () => {
    const west = incidenceReport('522634', [
      { code: '522634101201', name: null, poorNotExited: 29, ruralPopulation: 1000 },
      { code: '522634101202', name: null, poorNotExited: 30, ruralPopulation: 1000 },
    ]);
    expect(west.western).toBe(true);
    expect(west.thresholdBp).toBe(300);
    expect(west.villages.map((v) => v.mayExit)).toEqual([true, false]);
    expect(west.aggregate).toMatchObject({ belowLine: true });
    expect(west.aggregate.message['zh-CN']).toContain('县贫困发生率');
    const exactly = incidenceReport(
      '430523',
      villages.map((v) => ({ ...v, poorNotExited: 20 })),
    );
    expect(exactly.aggregate.belowLine).toBe(false);
  });

  it('a village report is its own row', () => {
    const r = incidenceReport('430523101201', [villages[0]]);
    expect(r.aggregate).toEqual({
      incidence: r.villages[0].incidence,
      belowLine: true,
      message: r.villages[0].message,
    });
  });

  it('names villages without a rural population and computes no aggregate', () => {
    const r = incidenceReport('430523', [
      ...villages,
      { code: '430523101203', name: '丙村', poorNotExited: 3, ruralPopulation: null },
      { code: '430523101204', name: null, poorNotExited: 9, ruralPopulation: 5 },
    ]);
    expect(r.missingRuralPopulation).toEqual(['430523101203', '430523101204']);
    expect(r.villages[2]).toMatchObject({ incidence: null, mayExit: false, problem: 'rural_population_missing' });
    expect(r.villages[3]).toMatchObject({ incidence: null, mayExit: false, problem: 'rural_population_below_poor' });
    expect(r.aggregate.incidence).toBeNull();
    expect(r.aggregate.belowLine).toBe(false);
    expect(r.aggregate.message.en).toContain('430523101203, 430523101204');
  });

  it('a rural population of 0 is as good as missing; no village is no aggregate', () => {
    expect(
      incidenceReport('430523101201', [{ code: '430523101201', name: null, poorNotExited: 0, ruralPopulation: 0 }])
        .villages[0].problem,
    ).toBe('rural_population_missing');
    expect(incidenceReport('430523', []).aggregate).toMatchObject({ incidence: null, belowLine: false });
  });

  it('refuses a code that is not a village, township or county', () => {
    expect(() => incidenceReport('43', [])).toThrow(RangeError);
  });
});
