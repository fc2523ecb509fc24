import { type Principal, assertJurisdiction, principalJurisdictionLabel } from '@fupin/auth';

/** Who signs a change (谁签字谁负责): the audit record's and the event's actor. */
export interface Actor {
  subject: string;
  role: string;
  jurisdiction: string;
}

export const actorOf = (principal: Principal): Actor => ({
  subject: principal.subject,
  role: principal.role,
  jurisdiction: principalJurisdictionLabel(principal),
});

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

/**
 * Reading county-wide industry data (partners, projects): anyone whose jurisdiction covers the county or lies inside
 * it (a village cadre reads its county's partners); else 403 as assertJurisdiction.
 */
export function assertCountyReader(principal: Principal, countyCode: string, field?: string): void {
  const j = principal.jurisdiction;
  const own = j.kind === 'division' ? j.code : j.divisionCode;
  if (own !== undefined && own.length > countyCode.length && own.startsWith(countyCode)) return;
  assertJurisdiction(principal, countyCode, field);
}
