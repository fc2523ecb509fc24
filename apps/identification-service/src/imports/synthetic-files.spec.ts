// The shared generator's files (@fupin/population) as the imports read them: every roster row and survey row passes
// the import's own validation, and the surveys' line items derive the per-capita income the generator reports.
import { perCapitaNetIncomeFen } from '@fupin/identification-rules';
import { generateRosterCsv, generateSurveyCsv } from '@fupin/population';
import { validateRoster } from './roster-validation';
import { validateSurveyTable } from './survey-columns';
import { parseCsv } from './tabular';

const small = { county: '430523', townships: 3, villages: 7, households: 400, people: 1300, seed: 42 };
const asOf = '2026-11-23';

describe('generated files through the import validation', () => {
  it('a roster passes every roster rule (valid IDs, agreeing birth dates, one head, ≤ 2 other causes), zh and en', () => {
    for (const language of ['zh', 'en'] as const) {
      const g = generateRosterCsv({ ...small, language });
      const v = validateRoster(parseCsv(Buffer.from(g.csv)), { countyCode: '430523', asOf });
      expect(v.headerErrors).toEqual([]);
      expect(v.households).toHaveLength(400);
      expect(v.households.filter((h) => h.errors.length > 0).map((h) => h.errors)).toEqual([]);
      expect(v.households.every((h) => h.otherCauses.length <= 2)).toBe(true);
    }
  });

  it('a Guizhou county roster passes too (its own ethnic mix)', () => {
    const g = generateRosterCsv({ ...small, county: '522634' });
    const v = validateRoster(parseCsv(Buffer.from(g.csv)), { countyCode: '522634', asOf });
    expect(v.households.filter((h) => h.errors.length > 0).map((h) => h.errors)).toEqual([]);
  });

  it("the surveys pass every survey rule, keyed as the roster's households, with the per-capita income reported", () => {
    const roster = generateRosterCsv(small);
    const g = generateSurveyCsv(roster, { incomeYear: 2020, seed: 7, shareAboveLine: 0.05 });
    const v = validateSurveyTable(parseCsv(Buffer.from(g.csv)), { countyCode: '430523' });
    expect(v.headerErrors).toEqual([]);
    expect(v.rows).toHaveLength(400);
    expect(v.rows.filter((r) => r.errors.length > 0).map((r) => r.errors)).toEqual([]);
    const above = new Set(g.aboveLineKeys);
    for (const r of v.rows) {
      const id = `${r.villageCode}/${r.householdKey}`;
      const d = perCapitaNetIncomeFen({ ...r.items, householdSize: r.householdSize! });
      if (!d.ok) throw new Error(`bad survey ${id}`);
      expect(d.value.perCapitaFen).toBe(g.perCapitaFen.get(id));
      if (above.has(id))
        expect(r.observation).toMatchObject({
          drinkingWaterSafe: true,
          foodSecure: true,
          clothingSecure: true,
          childrenOutOfSchool: 0,
        });
    }
  });
});
