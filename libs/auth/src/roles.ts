/**
 * Roles, jurisdictions and the principal (SPEC §1, §4). Pure: no I/O, no framework.
 */

/** Roles of SPEC §1. The public (公众) has no role: it only reaches @Public endpoints. */
export const ROLES = [
  'village_cadre', // 村两委 / 驻村工作队: one village
  'township_reviewer', // 乡镇审核: one township
  'county_approver', // 县扶贫办: one county
  'department_officer', // 行业部门: relocation, industry, medical_aid, civil_affairs …
  'bank', // 合作银行: the county branch lending 扶贫小额信贷 (approves, disburses, records repayments)
  'workflow_operator', // 流程运维: sees and drives running processes
  'auditor', // 纪检/审计: reads everything in jurisdiction, changes nothing
  'ops', // 运维: deploys, migrates, watches health
] as const;
export type Role = (typeof ROLES)[number];

/** Departments (行业部门) a department officer can belong to. */
export const DEPARTMENTS = [
  'relocation', // 易地扶贫搬迁 (发改/搬迁办)
  'industry', // 产业扶贫 (农业农村)
  'medical_aid', // 医疗救助 (医保)
  'civil_affairs', // 民政 (低保兜底)
  'health', // 卫健 (健康扶贫)
  'education', // 教育 (控辍保学)
  'housing', // 住建 (住房安全; 商品房登记)
  'public_security', // 公安 (机动车登记)
  'finance', // 财政 (财政供养人员)
  'human_resources', // 人社 (机关事业单位人员)
  'market_regulation', // 市场监管 (市场主体登记)
] as const;
export type Department = (typeof DEPARTMENTS)[number];

/** Administrative division levels (行政区划) and the length of their codes. */
export const DIVISION_LEVELS = { province: 2, city: 4, county: 6, township: 9, village: 12 } as const;
export type DivisionLevel = keyof typeof DIVISION_LEVELS;

export type Jurisdiction =
  { kind: 'division'; code: string } | { kind: 'department'; department: Department; divisionCode?: string };

export interface Principal {
  subject: string;
  name?: string;
  role: Role;
  jurisdiction: Jurisdiction;
}

/**
 * Roles bound to one division level: a village cadre acts for a village, a township reviewer for a
 * township, a county approver for a county. A department officer needs a department jurisdiction.
 * Workflow operators, auditors and ops may hold either kind.
 */
export const ROLE_DIVISION_LEVEL: Partial<Record<Role, DivisionLevel>> = {
  village_cadre: 'village',
  township_reviewer: 'township',
  county_approver: 'county',
  bank: 'county',
};

const DIVISION_CODE = /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isDepartment(value: unknown): value is Department {
  return typeof value === 'string' && (DEPARTMENTS as readonly string[]).includes(value);
}

/** A well-formed division code: 2, 4, 6, 9 or 12 digits. */
export function isDivisionCode(value: unknown): value is string {
  return typeof value === 'string' && DIVISION_CODE.test(value);
}

/** The level of a division code (430523 → county, 430523101201 → village), or undefined if malformed. */
export function divisionLevel(code: string): DivisionLevel | undefined {
  if (!isDivisionCode(code)) return undefined;
  return (Object.keys(DIVISION_LEVELS) as DivisionLevel[]).find((level) => DIVISION_LEVELS[level] === code.length);
}

/** Parse the `jurisdiction` claim: a division code, or `dept:<department>[@<division code>]`. */
export function parseJurisdiction(claim: unknown): Jurisdiction | null {
  if (typeof claim !== 'string') return null;
  if (isDivisionCode(claim)) return { kind: 'division', code: claim };
  const m = /^dept:([a-z_]+)(?:@(\d+))?$/.exec(claim);
  if (!m || !isDepartment(m[1])) return null;
  if (m[2] !== undefined && !isDivisionCode(m[2])) return null;
  return { kind: 'department', department: m[1], ...(m[2] !== undefined ? { divisionCode: m[2] } : {}) };
}

/** The claim form of a jurisdiction: `430523`, `dept:medical_aid`, `dept:medical_aid@430523`. */
export function jurisdictionLabel(j: Jurisdiction): string {
  return j.kind === 'division' ? j.code : `dept:${j.department}${j.divisionCode ? `@${j.divisionCode}` : ''}`;
}

export function principalJurisdictionLabel(p: Principal): string {
  return jurisdictionLabel(p.jurisdiction);
}

/** Why a role cannot hold a jurisdiction (English, for logs and the CLI), or null when it can. */
export function roleJurisdictionMismatch(role: Role, j: Jurisdiction): string | null {
  if (role === 'department_officer')
    return j.kind === 'department' ? null : 'a department officer needs a dept:<department> jurisdiction';
  const level = ROLE_DIVISION_LEVEL[role];
  if (level === undefined) return null;
  if (j.kind !== 'division') return `${role} needs a division jurisdiction, not a department`;
  if (divisionLevel(j.code) !== level)
    return `${role} needs a ${level} code (${DIVISION_LEVELS[level]} digits), got ${j.code}`;
  return null;
}

/**
 * Does the principal's jurisdiction cover a division? A division jurisdiction covers its own code
 * and every code below it (a county its townships and villages; a village only itself). A department
 * jurisdiction covers its optional division the same way, or everything if it has none.
 * Malformed codes are never covered.
 */
export function coversDivision(p: Principal, divisionCode: string): boolean {
  if (!isDivisionCode(divisionCode)) return false;
  const j = p.jurisdiction;
  if (j.kind === 'division') return divisionCode.startsWith(j.code);
  return j.divisionCode === undefined || divisionCode.startsWith(j.divisionCode);
}
