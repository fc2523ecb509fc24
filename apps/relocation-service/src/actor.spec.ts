import { type Principal, parseJurisdiction } from '@fupin/auth';
import { assertCountyReader } from './actor';

const who = (role: Principal['role'], jurisdiction: string): Principal => ({
  subject: 's',
  role,
  jurisdiction: parseJurisdiction(jurisdiction)!,
});
const reads = (p: Principal, county: string) => {
  try {
    assertCountyReader(p, county);
    return true;
  } catch {
    return false;
  }
};

it("lets a county's own people read its county-wide data, from the county down to a village", () => {
  expect(reads(who('village_cadre', '430523101201'), '430523')).toBe(true);
  expect(reads(who('township_reviewer', '430523101'), '430523')).toBe(true);
  expect(reads(who('county_approver', '430523'), '430523')).toBe(true);
  expect(reads(who('department_officer', 'dept:relocation@430523'), '430523')).toBe(true);
  expect(reads(who('department_officer', 'dept:relocation'), '430523')).toBe(true);
  expect(reads(who('auditor', '43'), '430523')).toBe(true);
});

it('refuses everyone of another county', () => {
  expect(reads(who('village_cadre', '430524101201'), '430523')).toBe(false);
  expect(reads(who('county_approver', '430524'), '430523')).toBe(false);
  expect(reads(who('department_officer', 'dept:relocation@430524'), '430523')).toBe(false);
});
