import { ageOn, birthDateFromResidentId, borrowerAge, type BorrowerAgeResult } from './borrower';

// Resident ID numbers below are made up (division 520102, sequence 123) with a correct check digit.
const ID_2008_03_10 = '520102200803101232';
const ID_1960_03_10 = '520102196003101235';
const ID_2008_02_29 = '520102200802291230';

const ruleOf = (r: BorrowerAgeResult) => (r.ok ? [] : r.violations.map((v) => [v.field, v.rule]));

describe('ageOn (周岁)', () => {
  it('goes up on the birthday itself', () => {
    expect(ageOn('2008-03-10', '2026-03-09')).toBe(17);
    expect(ageOn('2008-03-10', '2026-03-10')).toBe(18);
    expect(ageOn('1960-03-10', '2026-03-09')).toBe(65);
    expect(ageOn('1960-03-10', '2026-03-10')).toBe(66);
    expect(ageOn('2026-03-10', '2026-03-10')).toBe(0);
    expect(ageOn('2025-12-31', '2026-01-01')).toBe(0);
    expect(ageOn('2000-01-01', '2025-12-31')).toBe(25);
  });

  it('a 29 February birthday counts on 1 March in a common year', () => {
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
    expect(ageOn('2008-02-29', '2028-02-28')).toBe(19);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20); // leap year: on the day
    expect(ageOn('1960-02-29', '2026-02-28')).toBe(65);
    expect(ageOn('1960-02-29', '2026-03-01')).toBe(66);
    expect(ageOn('2000-02-29', '2100-02-28')).toBe(99); // 2100 is a common year
    expect(ageOn('2000-02-29', '2100-03-01')).toBe(100);
  });

  it('throws on bad dates or a birth after the date', () => {
    expect(() => ageOn('2008-02-30', '2026-01-01')).toThrow(RangeError);
    expect(() => ageOn('2026-01-02', '2026-01-01')).toThrow(RangeError);
  });
});

describe('birthDateFromResidentId', () => {
  it('reads digits 7–14', () => {
    expect(birthDateFromResidentId(ID_2008_03_10)).toBe('2008-03-10');
    expect(birthDateFromResidentId(' 52010219600229123x ')).toBe('1960-02-29');
  });
  it('is null for a malformed number or an impossible date', () => {
    expect(birthDateFromResidentId('520102200802301232')).toBeNull(); // 30 February
    expect(birthDateFromResidentId('52010220080310123')).toBeNull();
    expect(birthDateFromResidentId('52010220080310123Y')).toBeNull();
  });
});

describe('borrowerAge', () => {
  it('from the birth date or the resident ID number, at both boundaries', () => {
    expect(borrowerAge({ birthDate: '2008-03-10' }, '2026-03-10')).toEqual({
      ok: true,
      age: 18,
      birthDate: '2008-03-10',
    });
    expect(borrowerAge({ residentId: ID_2008_03_10 }, '2026-03-09')).toEqual({
      ok: true,
      age: 17,
      birthDate: '2008-03-10',
    });
    expect(borrowerAge({ residentId: ID_1960_03_10 }, '2026-03-10')).toMatchObject({ ok: true, age: 66 });
    expect(borrowerAge({ residentId: ID_2008_02_29, birthDate: '2008-02-29' }, '2026-03-01')).toMatchObject({
      ok: true,
      age: 18,
    });
  });

  it('reports why the age cannot be told', () => {
    expect(ruleOf(borrowerAge({}, '2026-03-10'))).toEqual([['birthDate', 'required']]);
    expect(ruleOf(borrowerAge({ birthDate: '2008-3-10' }, '2026-03-10'))).toEqual([['birthDate', 'date']]);
    expect(ruleOf(borrowerAge({ residentId: '5201022008031012' }, '2026-03-10'))).toEqual([
      ['residentId', 'resident_id_format'],
    ]);
    expect(ruleOf(borrowerAge({ residentId: 5 as never }, '2026-03-10'))).toEqual([
      ['residentId', 'resident_id_format'],
    ]);
    expect(ruleOf(borrowerAge({ residentId: '520102200802301232' }, '2026-03-10'))).toEqual([
      ['residentId', 'birth_date'],
    ]);
    expect(ruleOf(borrowerAge({ residentId: ID_2008_03_10, birthDate: '2008-03-11' }, '2026-03-10'))).toEqual([
      ['birthDate', 'birth_date_mismatch'],
    ]);
    expect(ruleOf(borrowerAge({ birthDate: '2026-03-11' }, '2026-03-10'))).toEqual([
      ['birthDate', 'born_after_application'],
    ]);
    expect(ruleOf(borrowerAge({ residentId: '520102203003101232' }, '2026-03-10'))).toEqual([
      ['residentId', 'born_after_application'],
    ]);
    expect(ruleOf(borrowerAge({ birthDate: '2008-03-10' }, '10 March 2026'))).toEqual([['applicationDate', 'date']]);
  });

  it('messages are in both languages', () => {
    const r = borrowerAge({ residentId: ID_2008_03_10, birthDate: '2008-03-11' }, '2026-03-10');
    expect(r.ok ? null : r.violations[0].message).toEqual({
      'zh-CN': '出生日期2008-03-11与身份证号码中的2008-03-10不一致',
      en: 'birth date 2008-03-11 differs from 2008-03-10 in the resident ID number',
    });
  });
});
