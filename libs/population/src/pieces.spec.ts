import { validateResidentId } from '@fupin/identification-rules';
import { assistanceCategoryOf, povertyCausesOf } from './causes';
import { birthDateOf } from './dates';
import { HOUSEHOLD_SIZE_WEIGHTS, labourOf, membersOf } from './household';
import { personName, SURNAMES } from './names';
import { draws, prng, spread, weights } from './random';
import { residentIdIssuer, residentIdNumber } from './resident-id';

const d = (seed = 1) => draws(prng(seed));

describe('seeded draws', () => {
  it('repeat for a seed, differ across seeds, stay in [0, 1)', () => {
    const a = Array.from({ length: 1000 }, prng(7));
    expect(Array.from({ length: 1000 }, prng(7))).toEqual(a);
    expect(Array.from({ length: 1000 }, prng(8))).not.toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draw weighted values in their shares', () => {
    const x = d();
    const w = weights([
      ['a', 3],
      ['b', 1],
    ]);
    const n = Array.from({ length: 40_000 }, () => x.weighted(w)).filter((v) => v === 'a').length;
    expect(n / 40_000).toBeCloseTo(0.75, 1);
  });

  it('spread a total exactly over parts of at least one', () => {
    const counts = spread(1000, 37, d());
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(1);
    expect(spread(5, 5, d())).toEqual([1, 1, 1, 1, 1]);
  });
});

describe('households', () => {
  it('have the size asked, one head, about 3.21 persons on average', () => {
    const x = d(3);
    let people = 0;
    for (let i = 0; i < 20_000; i++) {
      const size = x.weighted(HOUSEHOLD_SIZE_WEIGHTS);
      const members = membersOf(size, x);
      expect(members).toHaveLength(size);
      expect(members.filter((m) => m.relation === '户主')).toHaveLength(1);
      people += size;
    }
    expect(people / 20_000).toBeCloseTo(3.21, 1);
  });

  it('have a main cause and up to two different other ones', () => {
    const x = d(4);
    for (let i = 0; i < 2000; i++) {
      const { mainCause, otherCauses } = povertyCausesOf(x);
      expect(otherCauses.length).toBeLessThanOrEqual(2);
      expect(new Set([mainCause, ...otherCauses]).size).toBe(otherCauses.length + 1);
    }
  });

  it('with nobody of working age are social security cases; nobody under 16 or from 70 can work', () => {
    expect(assistanceCategoryOf([{ age: 70 }, { age: 8 }], d())).toBe('social_security');
    expect(labourOf(15, 'healthy', d())).toBe('none');
    expect(labourOf(70, 'healthy', d())).toBe('none');
    expect(labourOf(40, 'disability', d())).toBe('lost');
  });

  it("name members with the household's surname, spouses mostly with another", () => {
    const x = d(5);
    const heads = Array.from({ length: 1000 }, () => personName('户主', 'male', '王', x));
    const spouses = Array.from({ length: 1000 }, () => personName('配偶', 'female', '王', x));
    const own = (names: string[]) => names.filter((n) => n.startsWith('王')).length;
    expect(own(heads)).toBeGreaterThan(940);
    expect(own(spouses)).toBeLessThan(200);
    expect(spouses.every((n) => SURNAMES.includes(n[0]) || n.includes('·'))).toBe(true);
  });
});

describe('birth dates and resident ID numbers', () => {
  it('birth dates make the age asked on the day given', () => {
    const x = d(6);
    for (let i = 0; i < 500; i++) {
      const born = birthDateOf(40, { year: 2020, month: 9, day: 30 }, x);
      expect(born >= '1979-10-01' && born <= '1980-09-30').toBe(true);
    }
  });

  it('are valid, agree with birth date and sex, unique within the county', () => {
    const issue = residentIdIssuer('430523');
    const seen = new Set<string>();
    for (let i = 0; i < 1200; i++) {
      const sex = i % 2 ? 'male' : 'female';
      const { idNumber, birthDate } = issue('1980-03-01', sex);
      const r = validateResidentId(idNumber, '2026-01-01');
      if (!r.ok) throw new Error(idNumber);
      expect(r.value).toMatchObject({ birthDate, sex, divisionCode: '430523' });
      expect(seen.has(idNumber)).toBe(false);
      seen.add(idNumber);
    }
    expect(residentIdNumber('110101', '1990-01-01', 1)).toMatch(/^11010119900101001[\dX]$/);
  });

  it('register the 501st person of one sex born on a day as born the day before', () => {
    const issue = residentIdIssuer('430523');
    const dates = Array.from({ length: 501 }, () => issue('2000-01-01', 'male').birthDate);
    expect(dates.slice(0, 500).every((x) => x === '2000-01-01')).toBe(true);
    expect(dates[500]).toBe('1999-12-31');
    expect(issue('2000-01-01', 'female').birthDate).toBe('2000-01-01');
  });
});
