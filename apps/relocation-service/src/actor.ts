export { type Actor, actorOf, assertCountyReader } from '@fupin/auth';

/** The county office of relocation (县搬迁办): a relocation officer of the county, or the county approver. */
export const countyOffice = [
  { role: 'department_officer', department: 'relocation' },
  { role: 'county_approver' },
] as const;

/** Everyone who reads relocation data inside their jurisdiction. */
export const relocationReaders = [
  ...countyOffice,
  { role: 'township_reviewer' },
  { role: 'village_cadre' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;

/** The county of a division code of county level or below (430523101201 → 430523). */
export const countyOf = (divisionCode: string): string => divisionCode.slice(0, 6);
