export { type Actor, actorOf, assertCountyReader } from '@fupin/auth';

/** The county's industry office (县产业扶贫办, dept:industry), or the county approver. */
export const industryOffice = [
  { role: 'department_officer', department: 'industry' },
  { role: 'county_approver' },
] as const;

/** Everyone who reads industry data inside their jurisdiction. */
export const industryReaders = [
  ...industryOffice,
  { role: 'township_reviewer' },
  { role: 'village_cadre' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;

/** The county of a division code of county level or below (430523101201 → 430523). */
export const countyOf = (divisionCode: string): string => divisionCode.slice(0, 6);
