import { aggregateIncidence, countyIncidenceMayExit, povertyIncidence, villageMayExit } from './incidence';

describe('povertyIncidence (贫困发生率)', () => {
  it('is an exact rational in lowest terms with a display bp', () => {
    expect(povertyIncidence({ poorNotExited: 20, ruralPopulation: 1000 })).toEqual({
      ratio: { numerator: 1, denominator: 50 },
      bp: 200,
      poorNotExited: 20,
      ruralPopulation: 1000,
    });
    expect(povertyIncidence({ poorNotExited: 1, ruralPopulation: 3 }).bp).toBe(3333);
    expect(povertyIncidence({ poorNotExited: 0, ruralPopulation: 3 }).ratio).toEqual({ numerator: 0, denominator: 1 });
  });
  it('refuses impossible counts', () => {
    expect(() => povertyIncidence({ poorNotExited: 1, ruralPopulation: 0 })).toThrow(RangeError);
    expect(() => povertyIncidence({ poorNotExited: -1, ruralPopulation: 10 })).toThrow(RangeError);
    expect(() => povertyIncidence({ poorNotExited: 11, ruralPopulation: 10 })).toThrow(RangeError);
    expect(() => povertyIncidence({ poorNotExited: 1.5, ruralPopulation: 10 })).toThrow(RangeError);
  });
  it('aggregates a county as Σ poor / Σ population, not as an average of rates', () => {
    const county = aggregateIncidence([
      { poorNotExited: 1, ruralPopulation: 10 }, // 10 %
      { poorNotExited: 0, ruralPopulation: 990 }, // 0 %
    ]);
    expect(county.ratio).toEqual({ numerator: 1, denominator: 1000 });
    expect(county.bp).toBe(10);
  });
});

describe.each([
  ['villageMayExit', villageMayExit, '村'],
  ['countyIncidenceMayExit', countyIncidenceMayExit, '县'],
] as const)('%s', (_name, mayExit, zh) => {
  it('exactly 2 % is NOT below 2 %', () => {
    const r = mayExit({ poorNotExited: 20, ruralPopulation: 1000, westernProvince: false });
    expect(r.ok).toBe(false);
    expect(r.thresholdBp).toBe(200);
    expect(r.message['zh-CN']).toBe(`${zh}贫困发生率1/50 (2.00%)未低于2.00%，不能退出`);
  });
  it('one person fewer is below 2 %', () => {
    const r = mayExit({ poorNotExited: 19, ruralPopulation: 1000, westernProvince: false });
    expect(r.ok).toBe(true);
    expect(r.message.en).toContain('is below 2.00%');
  });
  it('a hair above 2 % that would display as 2.00 % is not below', () => {
    // 2001 / 100000 = 2.001 %, displays 200 bp
    const r = mayExit({ poorNotExited: 2001, ruralPopulation: 100_000, westernProvince: false });
    expect(r.incidence.bp).toBe(200);
    expect(r.ok).toBe(false);
  });
  it('a hair below 2 % that would display as 2.00 % is below', () => {
    const r = mayExit({ poorNotExited: 1999, ruralPopulation: 100_000, westernProvince: false });
    expect(r.incidence.bp).toBe(200);
    expect(r.ok).toBe(true);
  });
  it('western provinces use 3 %: exactly 3 % is not below, 2.5 % is', () => {
    expect(mayExit({ poorNotExited: 30, ruralPopulation: 1000, westernProvince: true })).toMatchObject({
      ok: false,
      thresholdBp: 300,
    });
    expect(mayExit({ poorNotExited: 29, ruralPopulation: 1000, westernProvince: true })).toMatchObject({
      ok: true,
      thresholdBp: 300,
    });
    expect(mayExit({ poorNotExited: 25, ruralPopulation: 1000, westernProvince: true }).ok).toBe(true);
    expect(mayExit({ poorNotExited: 25, ruralPopulation: 1000, westernProvince: false }).ok).toBe(false);
  });
  it('thresholds are configurable', () => {
    expect(mayExit({ poorNotExited: 25, ruralPopulation: 1000, westernProvince: false, thresholdBp: 300 }).ok).toBe(
      true,
    );
    expect(
      mayExit({ poorNotExited: 35, ruralPopulation: 1000, westernProvince: true, westernThresholdBp: 400 }).ok,
    ).toBe(true);
    // the western threshold is not used for a non-western province and vice versa
    expect(
      mayExit({ poorNotExited: 25, ruralPopulation: 1000, westernProvince: false, westernThresholdBp: 400 }).ok,
    ).toBe(false);
    expect(() => mayExit({ poorNotExited: 1, ruralPopulation: 10, westernProvince: false, thresholdBp: -1 })).toThrow(
      RangeError,
    );
  });
  it('zero poor is below any positive line; a 0 % line is never met', () => {
    expect(mayExit({ poorNotExited: 0, ruralPopulation: 10, westernProvince: false }).ok).toBe(true);
    expect(mayExit({ poorNotExited: 0, ruralPopulation: 10, westernProvince: false, thresholdBp: 0 }).ok).toBe(false);
  });
});
