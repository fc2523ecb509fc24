/** Roles of SPEC §1. */
export const ROLES = [
  'village_cadre', // 村两委 / 驻村工作队
  'township_reviewer', // 乡镇审核
  'county_approver', // 县扶贫办
  'department_officer', // 行业部门: relocation, industry, medical_aid, civil_affairs …
  'workflow_operator', // 流程运维
  'auditor', // 纪检/审计: reads everything in jurisdiction, changes nothing
  'ops', // 运维
] as const;
export type Role = (typeof ROLES)[number];

export const DEPARTMENTS = ['relocation', 'industry', 'medical_aid', 'civil_affairs', 'health', 'education', 'housing'] as const;
export type Department = (typeof DEPARTMENTS)[number];

export type Jurisdiction = { kind: 'division'; code: string } | { kind: 'department'; department: Department; divisionCode?: string };

export interface Principal {
  subject: string;
  name?: string;
  role: Role;
  jurisdiction: Jurisdiction;
}

const DIVISION = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

/** Parse the `jurisdiction` claim: a division code, or `dept:<department>[@<division code>]`. */
export function parseJurisdiction(claim: unknown): Jurisdiction | null {
  if (typeof claim !== 'string') return null;
  if (DIVISION.test(claim)) return { kind: 'division', code: claim };
  const m = /^dept:([a-z_]+)(?:@(\d+))?$/.exec(claim);
  if (!m || !(DEPARTMENTS as readonly string[]).includes(m[1])) return null;
  if (m[2] !== undefined && !DIVISION.test(m[2])) return null;
  return { kind: 'department', department: m[1] as Department, ...(m[2] ? { divisionCode: m[2] } : {}) };
}

export function jurisdictionLabel(j: Jurisdiction): string {
  return j.kind === 'division' ? j.code : `dept:${j.department}${j.divisionCode ? `@${j.divisionCode}` : ''}`;
}

export function principalJurisdictionLabel(p: Principal): string {
  return jurisdictionLabel(p.jurisdiction);
}

/** A county covers its townships and villages; a village only itself; a department its optional division. */
export function coversDivision(p: Principal, divisionCode: string): boolean {
  const j = p.jurisdiction;
  if (j.kind === 'division') return divisionCode.startsWith(j.code);
  return j.divisionCode === undefined || divisionCode.startsWith(j.divisionCode);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
