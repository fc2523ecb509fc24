import { checkHousingArea, maxHousingAreaM2 } from './housing-area';

describe('maxHousingAreaM2', () => {
  it('is persons × per-person limit (default 25 m²)', () => {
    expect(maxHousingAreaM2(1)).toBe(25);
    expect(maxHousingAreaM2(3)).toBe(75);
    expect(maxHousingAreaM2(3, 20)).toBe(60);
    expect(maxHousingAreaM2(3, 0.1)).toBe(0.3);
  });
  it('refuses nonsense', () => {
    expect(() => maxHousingAreaM2(0)).toThrow(RangeError);
    expect(() => maxHousingAreaM2(2.5)).toThrow(RangeError);
    expect(() => maxHousingAreaM2(2, 0)).toThrow(RangeError);
  });
});

describe('checkHousingArea (住房面积红线)', () => {
  it('allows up to and including the limit', () => {
    expect(checkHousingArea(75, 3)).toEqual({ ok: true, areaM2: 75, maxAreaM2: 75 });
    expect(checkHousingArea(74.99, 3)).toMatchObject({ ok: true });
  });

  it('allows exactly 25.00 m² per person and refuses 25.01 m² (the boundary of issue 13)', () => {
    expect(checkHousingArea(25.0, 1)).toEqual({ ok: true, areaM2: 25, maxAreaM2: 25 });
    expect(checkHousingArea(25.01, 1)).toMatchObject({
      ok: false,
      refusal: { field: 'areaM2', rule: 'housing_area_red_line', areaM2: 25.01, maxAreaM2: 25 },
    });
    // binary floating point: 0.1 × 3 ≠ 0.3 and 4 × 25.01 = 100.04 must still compare exactly
    expect(checkHousingArea(100, 4)).toMatchObject({ ok: true, maxAreaM2: 100 });
    expect(checkHousingArea(100.01, 4)).toMatchObject({ ok: false, refusal: { rule: 'housing_area_red_line' } });
    expect(checkHousingArea(0.3, 3, 0.1)).toMatchObject({ ok: true });
  });

  it('refuses anything above the red line', () => {
    const r = checkHousingArea(75.01, 3);
    expect(r).toMatchObject({
      ok: false,
      refusal: { field: 'areaM2', rule: 'housing_area_red_line', areaM2: 75.01, maxAreaM2: 75 },
    });
    if (!r.ok) {
      expect(r.refusal.message['zh-CN']).toContain('红线');
      expect(r.refusal.message.en).toContain('red line');
    }
    expect(checkHousingArea(61, 3, 20)).toMatchObject({
      ok: false,
      refusal: { rule: 'housing_area_red_line', maxAreaM2: 60 },
    });
  });

  it('refuses invalid input with the field named', () => {
    expect(checkHousingArea(0, 3)).toMatchObject({ ok: false, refusal: { field: 'areaM2', rule: 'positive_area' } });
    expect(checkHousingArea(Number.NaN, 3)).toMatchObject({ ok: false, refusal: { field: 'areaM2' } });
    expect(checkHousingArea(50, 0)).toMatchObject({ ok: false, refusal: { field: 'persons', rule: 'min_one_person' } });
    expect(checkHousingArea(50, 2, -1)).toMatchObject({
      ok: false,
      refusal: { field: 'perPersonLimitM2', rule: 'positive_limit' },
    });
  });
});
