import { type Principal, type Role, coversDivision } from '@fupin/auth';

/**
 * Who reads a resident ID number in full in the household file (一户一档 — search and the household's page): the
 * officials who run the procedures on it — village cadre, township reviewer, county approver — inside their
 * jurisdiction. Everyone else who may read the file (auditors, workflow operators, department officers) sees it
 * masked as the public notices do (4305**********1234). Neither libs/auth nor notice-service had a rule for this;
 * notice-service masks for the public only.
 */
export const FULL_ID_NUMBER_ROLES: readonly Role[] = ['village_cadre', 'township_reviewer', 'county_approver'];

export function readsFullIdNumbers(principal: Principal, villageCode: string): boolean {
  return FULL_ID_NUMBER_ROLES.includes(principal.role) && coversDivision(principal, villageCode);
}

/** `430524198001011234` → `4305**********1234`: first 4 and last 4 kept (as notice-rules' maskResidentId). */
export function maskIdNumber(id: string): string {
  const value = id.trim().toUpperCase();
  if (value.length < 16) return '*'.repeat(value.length);
  return value.slice(0, 4) + '*'.repeat(value.length - 8) + value.slice(-4);
}

/** The ID number as this reader may see it. */
export const idNumberFor = (principal: Principal, villageCode: string) => (id: string) =>
  readsFullIdNumbers(principal, villageCode) ? id : maskIdNumber(id);
