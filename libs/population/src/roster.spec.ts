import { POVERTY_CAUSE_LABELS, validateResidentId, type PovertyCause } from '@fupin/identification-rules';
import { generateRosterCsv } from './roster';

/** The roster's rows as cells (its cells are never quoted), without the header. */
const rowsOf = (csv: string) =>
  csv
    .trim()
    .split('\r\n')
    .slice(1)
    .map((line) => line.split(','));

describe('synthetic roster generator', () => {
  const small = { county: '430523', townships: 3, villages: 7, households: 400, people: 1300, seed: 42 };

  it('is deterministic from its seed', () => {
    expect(generateRosterCsv(small).csv).toBe(generateRosterCsv(small).csv);
    expect(generateRosterCsv({ ...small, seed: 43 }).csv).not.toBe(generateRosterCsv(small).csv);
  });

  it('produces exactly the households, people, villages and townships asked for, all inside the county', () => {
    const g = generateRosterCsv(small);
    const rows = rowsOf(g.csv);
    expect(rows).toHaveLength(1300);
    expect(new Set(rows.map((r) => r[0])).size).toBe(400);
    expect(g.townships).toHaveLength(3);
    expect(g.villages).toHaveLength(7);
    expect(new Set(g.villages.map((v) => v.code)).size).toBe(7);
    for (const v of g.villages) expect(v.code).toMatch(/^430523\d{6}$/);
    expect(g.divisions.filter((d) => d.level === 'village')).toHaveLength(7);
  });

  it('gives every member a valid resident ID number, unique, agreeing with birth date and sex, one head per household', () => {
    const rows = rowsOf(generateRosterCsv({ ...small, language: 'en' }).csv);
    const seen = new Set<string>();
    for (const [, , idNumber, , sex, birthDate] of rows) {
      const r = validateResidentId(idNumber, '2026-01-01');
      if (!r.ok) throw new Error(`${idNumber}: ${r.message.en}`);
      expect(r.value).toMatchObject({ birthDate, sex, divisionCode: '430523' });
      expect(seen.has(idNumber)).toBe(false);
      seen.add(idNumber);
    }
    const heads = rows.filter((r) => r[6] === '户主').map((r) => r[0]);
    expect(new Set(heads).size).toBe(heads.length);
    expect(heads).toHaveLength(400);
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

  it("draws ethnicities from the county's province: Guizhou's own mix there", () => {
    const ethnicities = (county: string) =>
      new Set(rowsOf(generateRosterCsv({ ...small, county, language: 'en' }).csv).map((r) => r[7]));
    expect(ethnicities('522634').has('布依族')).toBe(true);
    expect(ethnicities('430523').has('布依族')).toBe(false);
  });

  it('refuses a malformed county and inconsistent sizes', () => {
    expect(() => generateRosterCsv({ ...small, county: '43052' })).toThrow(RangeError);
    expect(() => generateRosterCsv({ ...small, people: 399 })).toThrow(RangeError);
    expect(() => generateRosterCsv({ ...small, villages: 2 })).toThrow(RangeError);
  });
});
