import { PROVINCE_CODES, divisionLevel, isDivisionCode, isProvinceCode, isWithin, parentDivision } from './divisions';

describe('division codes (行政区划代码)', () => {
  it('knows the level by length', () => {
    expect(divisionLevel('43')).toBe('province');
    expect(divisionLevel('4305')).toBe('city');
    expect(divisionLevel('430524')).toBe('county');
    expect(divisionLevel('430524101')).toBe('township');
    expect(divisionLevel('430524101201')).toBe('village');
    expect(divisionLevel('43052')).toBeNull();
    expect(divisionLevel('43a5')).toBeNull();
    expect(divisionLevel('')).toBeNull();
    expect(isDivisionCode('430524101201')).toBe(true);
  });

  it('finds the parent', () => {
    expect(parentDivision('430524101201')).toBe('430524101');
    expect(parentDivision('430524101')).toBe('430524');
    expect(parentDivision('430524')).toBe('4305');
    expect(parentDivision('4305')).toBe('43');
    expect(parentDivision('43')).toBeNull();
    expect(parentDivision('4305241')).toBeNull();
  });

  it('tells whether a division lies within another', () => {
    expect(isWithin('430524101201', '430524')).toBe(true);
    expect(isWithin('430524101201', '43')).toBe(true);
    expect(isWithin('430524', '430524')).toBe(true);
    expect(isWithin('430524', '430524101201')).toBe(false);
    expect(isWithin('430525101201', '430524')).toBe(false);
    expect(isWithin('430524101201', '43052')).toBe(false);
  });
});

describe('province codes (省级代码)', () => {
  it('knows the province-level codes', () => {
    expect(isProvinceCode('43')).toBe(true);
    expect(isProvinceCode('65')).toBe(true);
    expect(isProvinceCode('99')).toBe(false);
    expect(isProvinceCode('430')).toBe(false);
    expect(isProvinceCode(43)).toBe(false);
    expect(PROVINCE_CODES).toHaveLength(34);
  });
});
