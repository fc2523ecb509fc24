import { perCapitaNetIncomeFen } from '@fupin/identification-rules';
import { generateRosterCsv } from './roster';
import { generateSurveyCsv } from './surveys';

/** A generated CSV's rows as records keyed by its header (its cells are never quoted). */
function records(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split('\r\n');
  const names = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((cell, i) => [names[i], cell])));
}
const fen = (yuan: string) => Math.round(Number(yuan) * 100);

describe('synthetic survey generator', () => {
  const roster = generateRosterCsv({
    county: '430523',
    townships: 3,
    villages: 7,
    households: 400,
    people: 1300,
    seed: 42,
  });

  it('is deterministic from its seed', () => {
    const a = generateSurveyCsv(roster, { incomeYear: 2020, seed: 7, shareAboveLine: 0.05 });
    expect(generateSurveyCsv(roster, { incomeYear: 2020, seed: 7, shareAboveLine: 0.05 }).csv).toBe(a.csv);
    expect(generateSurveyCsv(roster, { incomeYear: 2020, seed: 8, shareAboveLine: 0.05 }).csv).not.toBe(a.csv);
  });

  it('writes one row per household of the roster, its size, the share asked above the 2020 line in A/B housing, the rest below', () => {
    const g = generateSurveyCsv(roster, { incomeYear: 2020, seed: 7, shareAboveLine: 0.05, language: 'en' });
    expect(g).toMatchObject({ households: 400, povertyLineFen: 400_000 });
    expect(g.aboveLineKeys).toHaveLength(20);
    const sizes = new Map<string, number>();
    for (const p of records(roster.csv)) {
      const id = `${p['村代码']}/${p['户编号']}`;
      sizes.set(id, (sizes.get(id) ?? 0) + 1);
    }
    const rows = records(g.csv);
    expect(rows.map((r) => `${r.village_code}/${r.household_key}`)).toEqual([...sizes.keys()]);
    const above = new Set(g.aboveLineKeys);
    for (const r of rows) {
      const id = `${r.village_code}/${r.household_key}`;
      expect(Number(r.household_size)).toBe(sizes.get(id));
      const d = perCapitaNetIncomeFen({
        householdSize: Number(r.household_size),
        farmingIncome: fen(r.farming_income),
        livestockIncome: fen(r.livestock_income),
        wageIncome: fen(r.wage_income),
        propertyIncome: fen(r.property_income),
        transferIncome: fen(r.transfer_income),
        businessNetIncome: fen(r.business_net_income),
        productionCosts: fen(r.production_costs),
        livingExpenses: fen(r.living_expenses),
        illnessSpending: fen(r.illness_spending),
        studentCosts: fen(r.student_costs),
      });
      if (!d.ok) throw new Error(`bad survey ${id}`);
      expect(d.value.perCapitaFen).toBe(g.perCapitaFen.get(id));
      if (above.has(id)) {
        expect(d.value.perCapitaFen).toBeGreaterThanOrEqual(400_000);
        expect(['A', 'B']).toContain(r.housing_grade);
        expect(r).toMatchObject({
          drinking_water_safe: 'true',
          food_secure: 'true',
          clothing_secure: 'true',
          children_out_of_school: '0',
        });
      } else {
        expect(d.value.perCapitaFen).toBeLessThan(400_000);
        expect(d.value.perCapitaFen).toBeGreaterThan(100_000);
      }
    }
    // some amounts carry cents (transfers), every one at most two decimals
    expect(g.csv).toMatch(/,\d+\.\d{2},/);
    expect(g.csv).not.toMatch(/\.\d{3}/);
  });

  it('writes Chinese headers by default and keys the roster as it stands (keys rewritten after generation)', () => {
    expect(generateSurveyCsv(roster, { incomeYear: 2020 }).csv.startsWith('村代码,户编号,收入年度')).toBe(true);
    const renamed = { ...roster, csv: roster.csv.replace(/^(\d{16}),/gm, 'N$1,') };
    const keys = records(generateSurveyCsv(renamed, { incomeYear: 2020, language: 'en' }).csv).map(
      (r) => r.household_key,
    );
    expect(keys).toHaveLength(400);
    expect(keys.every((k) => /^N\d{16}$/.test(k))).toBe(true);
  });

  it('covers the full benchmark county', () => {
    const full = generateSurveyCsv(generateRosterCsv({ county: '430523', seed: 1 }), {
      incomeYear: 2020,
      seed: 1,
      shareAboveLine: 0.05,
    });
    expect(full.households).toBe(10_750);
    expect(full.aboveLineKeys).toHaveLength(538);
  });

  it('refuses a year without a plausible income year and a share outside 0–1', () => {
    expect(() => generateSurveyCsv(roster, { incomeYear: 2013 })).toThrow(RangeError);
    expect(() => generateSurveyCsv(roster, { incomeYear: 2020, shareAboveLine: 1.5 })).toThrow(RangeError);
  });
});
