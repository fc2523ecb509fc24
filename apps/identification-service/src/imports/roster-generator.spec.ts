import { POVERTY_CAUSE_LABELS, type PovertyCause } from '@fupin/identification-rules';
import { generateRosterCsv } from './roster-generator';
import { validateRoster } from './roster-validation';
import { parseCsv } from './tabular';

describe('synthetic roster generator', () => {
  const small = { county: '430523', townships: 3, villages: 7, households: 400, people: 1300, seed: 42 };

  it('is deterministic from its seed', () => {
    expect(generateRosterCsv(small).csv).toBe(generateRosterCsv(small).csv);
    expect(generateRosterCsv({ ...small, seed: 43 }).csv).not.toBe(generateRosterCsv(small).csv);
  });

  it('produces exactly the households, people, villages and townships asked for, all inside the county', () => {
    const g = generateRosterCsv(small);
    const table = parseCsv(Buffer.from(g.csv));
    expect(table.rows).toHaveLength(1300);
    expect(new Set(table.rows.map((r) => r.cells[0])).size).toBe(400);
    expect(g.townships).toHaveLength(3);
    expect(g.villages).toHaveLength(7);
    expect(new Set(g.villages.map((v) => v.code)).size).toBe(7);
    for (const v of g.villages) expect(v.code).toMatch(/^430523\d{6}$/);
    expect(g.divisions.filter((d) => d.level === 'village')).toHaveLength(7);
  });

  it('writes a roster that passes every validation rule (valid IDs, agreeing birth dates, one head, ≤ 2 other causes)', () => {
    const g = generateRosterCsv(small);
    const v = validateRoster(parseCsv(Buffer.from(g.csv)), { countyCode: '430523', asOf: '2026-11-23' });
    expect(v.headerErrors).toEqual([]);
    expect(v.households.filter((h) => h.errors.length > 0).map((h) => h.errors)).toEqual([]);
    expect(v.households.every((h) => h.otherCauses.length <= 2)).toBe(true);
    const english = generateRosterCsv({ ...small, language: 'en' });
    expect(
      validateRoster(parseCsv(Buffer.from(english.csv)), { countyCode: '430523', asOf: '2026-11-23' }).households.every(
        (h) => h.errors.length === 0,
      ),
    ).toBe(true);
  });

  it('distributes main causes like the national register at benchmark size (about 42 % illness)', () => {
    const g = generateRosterCsv({ county: '430523', seed: 1 });
    expect(g.households).toBe(10_750);
    expect(g.people).toBe(34_677);
    const share = (c: PovertyCause) => g.mainCauses[c] / g.households;
    expect(share('illness')).toBeGreaterThan(0.39);
    expect(share('illness')).toBeLessThan(0.45);
    expect(share('disability')).toBeGreaterThan(0.11);
    expect(share('lack_of_funds')).toBeGreaterThan(0.08);
    const ranked = (Object.keys(g.mainCauses) as PovertyCause[]).sort((a, b) => g.mainCauses[b] - g.mainCauses[a]);
    expect(ranked.slice(0, 2)).toEqual(['illness', 'disability']);
    expect(g.csv).toContain(POVERTY_CAUSE_LABELS.illness['zh-CN']);
  });
});
