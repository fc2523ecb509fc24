import { ILLUSTRATIVE_RELOCATION_POLICY as POLICY } from './policy';
import { checkRenovationEligibility, latestHouseGrade, type RenovationCandidate } from './renovation';

const OK: RenovationCandidate = {
  registered: true,
  houseObservations: [
    { grade: 'B', observedOn: '2024-05-01' },
    { grade: 'D', observedOn: '2026-02-01' },
  ],
  openRelocationCase: false,
  plannedYear: 2026,
  currentYear: 2026,
};
const rules = (c: RenovationCandidate) => {
  const r = checkRenovationEligibility(POLICY, c);
  return r.ok ? [] : r.violations.map((x) => [x.field, x.rule]);
};

describe('latestHouseGrade', () => {
  it('takes the latest observation, whatever the order', () => {
    expect(latestHouseGrade(OK.houseObservations)).toBe('D');
    expect(latestHouseGrade([...OK.houseObservations].reverse())).toBe('D');
    expect(latestHouseGrade([])).toBeNull();
  });
});

describe('checkRenovationEligibility (危房改造)', () => {
  it('gives a C or D house its subsidy by grade from the policy', () => {
    expect(checkRenovationEligibility(POLICY, OK)).toEqual({ ok: true, grade: 'D', subsidyFen: 3_500_000 });
    const c = { ...OK, houseObservations: [{ grade: 'C' as const, observedOn: '2026-01-01' }] };
    expect(checkRenovationEligibility(POLICY, c)).toEqual({ ok: true, grade: 'C', subsidyFen: 1_000_000 });
    expect(checkRenovationEligibility({ ...POLICY, renovationSubsidyFen: { C: 7, D: 9 } }, c)).toMatchObject({
      subsidyFen: 7,
    });
  });
  it('refuses a house whose latest grade is safe, even if it was once dangerous', () => {
    const repaired = {
      ...OK,
      houseObservations: [...OK.houseObservations, { grade: 'B' as const, observedOn: '2026-03-01' }],
    };
    expect(rules(repaired)).toEqual([['houseGrade', 'house_not_dangerous']]);
    expect(rules({ ...OK, houseObservations: [] })).toEqual([['houseGrade', 'house_not_dangerous']]);
  });
  it('refuses an unregistered household, an open relocation or renovation case', () => {
    expect(rules({ ...OK, registered: false })).toEqual([['householdId', 'not_registered']]);
    expect(rules({ ...OK, openRelocationCase: true })).toEqual([['householdId', 'relocation_open']]);
    expect(rules({ ...OK, openRenovationCase: true })).toEqual([['householdId', 'renovation_open']]);
  });
  it('plans from this year to at most 3 years ahead', () => {
    expect(rules({ ...OK, plannedYear: 2029 })).toEqual([]);
    expect(rules({ ...OK, plannedYear: 2030 })).toEqual([['plannedYear', 'planned_year']]);
    expect(rules({ ...OK, plannedYear: 2025 })).toEqual([['plannedYear', 'planned_year']]);
    expect(rules({ ...OK, plannedYear: 2026.5 })).toEqual([['plannedYear', 'planned_year']]);
  });
  it('lists every problem at once, in both languages', () => {
    const r = checkRenovationEligibility(POLICY, {
      ...OK,
      registered: false,
      openRelocationCase: true,
      plannedYear: 2031,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations).toHaveLength(3);
      for (const x of r.violations) expect(x.message['zh-CN'] && x.message.en).toBeTruthy();
    }
  });
});
