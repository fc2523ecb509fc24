import { generateRosterCsv, generateSurveyCsv } from './roster-generator';
import { validateSurveyTable } from './survey-columns';
import { perCapitaNetIncomeFen } from '@fupin/identification-rules';
import { parseCsv } from './tabular';

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

  it('writes one valid row per household, keyed as the roster, most below the 2020 line and the share asked above it with A/B housing', () => {
    const g = generateSurveyCsv(roster, { incomeYear: 2020, seed: 7, shareAboveLine: 0.05 });
    expect(g.households).toBe(400);
    expect(g.povertyLineFen).toBe(400_000);
    expect(g.aboveLineKeys).toHaveLength(20);
    const v = validateSurveyTable(parseCsv(Buffer.from(g.csv)), { countyCode: '430523' });
    expect(v.headerErrors).toEqual([]);
    expect(v.rows).toHaveLength(400);
    expect(v.rows.filter((r) => r.errors.length > 0).map((r) => r.errors)).toEqual([]);

    const rosterTable = parseCsv(Buffer.from(roster.csv));
    const sizes = new Map<string, number>();
    for (const r of rosterTable.rows)
      sizes.set(`${r.cells[1]}/${r.cells[0]}`, (sizes.get(`${r.cells[1]}/${r.cells[0]}`) ?? 0) + 1);
    const above = new Set(g.aboveLineKeys);
    for (const r of v.rows) {
      const id = `${r.villageCode}/${r.householdKey}`;
      expect(r.householdSize).toBe(sizes.get(id));
      const d = perCapitaNetIncomeFen({ ...r.items, householdSize: r.householdSize! });
      if (!d.ok) throw new Error('bad survey');
      expect(d.value.perCapitaFen).toBe(g.perCapitaFen.get(id));
      if (above.has(id)) {
        expect(d.value.perCapitaFen).toBeGreaterThanOrEqual(400_000);
        expect(['A', 'B']).toContain(r.observation.housingGrade);
        expect(r.observation).toMatchObject({
          drinkingWaterSafe: true,
          foodSecure: true,
          clothingSecure: true,
          childrenOutOfSchool: 0,
        });
      } else {
        expect(d.value.perCapitaFen).toBeLessThan(400_000);
        expect(d.value.perCapitaFen).toBeGreaterThan(100_000);
      }
    }
    expect(sizes.size).toBe(400);
    // some amounts carry cents (transfers), every one at most two decimals
    expect(g.csv).toMatch(/,\d+\.\d{2},/);
  });

  it('supports English headers and the full benchmark county', () => {
    const en = generateSurveyCsv(roster, { incomeYear: 2020, seed: 1, language: 'en' });
    expect(en.csv.startsWith('village_code,household_key,income_year')).toBe(true);
    const full = generateSurveyCsv(generateRosterCsv({ county: '430523', seed: 1 }), {
      incomeYear: 2020,
      seed: 1,
      shareAboveLine: 0.05,
    });
    expect(full.households).toBe(10_750);
    expect(full.aboveLineKeys).toHaveLength(538);
  });
});
