/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015) of a partner (经营主体): 18 characters
 *
 *   position 1      登记管理部门代码 registration authority (1 机构编制, 5 民政, 9 工商/市场监管, N 农业, Y 其他 …)
 *   position 2      机构类别代码 institution category within the authority (91 企业, 93 农民专业合作社 …)
 *   positions 3–8   登记管理机关行政区划码 the registering authority's 6-digit division code
 *   positions 9–17  主体标识码 the organization code (组织机构代码)
 *   position 18     校验码 check character
 *
 * The alphabet has 31 characters, digits and capitals without I, O, Z, S, V. With the positions' weights
 * 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 the check value is 31 − (Σ value·weight mod 31),
 * 31 counting as 0, written as the alphabet's character of that value.
 *
 * Input is normalized first: surrounding spaces are trimmed and lowercase letters upper-cased (a code typed in
 * lowercase is the same code; the industry service's schema does the same). Pure.
 */

import type { RuleViolation } from '@fupin/localized';

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_WEIGHTS: readonly number[] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export const CREDIT_CODE_LENGTH = 18;

/** 登记管理部门代码 (GB 32100-2015 and the later assignments of the standard's maintenance agency). */
export const CREDIT_CODE_AUTHORITIES: Readonly<Record<string, { 'zh-CN': string; en: string }>> = {
  '1': { 'zh-CN': '机构编制', en: 'institutional establishment (编制) offices' },
  '2': { 'zh-CN': '外交', en: 'foreign affairs' },
  '3': { 'zh-CN': '司法行政', en: 'justice administration' },
  '4': { 'zh-CN': '文化', en: 'culture' },
  '5': { 'zh-CN': '民政', en: 'civil affairs' },
  '6': { 'zh-CN': '旅游', en: 'tourism' },
  '7': { 'zh-CN': '宗教', en: 'religious affairs' },
  '8': { 'zh-CN': '工会', en: 'trade unions' },
  '9': { 'zh-CN': '工商（市场监管）', en: 'industry and commerce (market regulation)' },
  A: { 'zh-CN': '中央军委改革和编制办公室', en: 'Central Military Commission establishment office' },
  N: { 'zh-CN': '农业（农村集体经济组织）', en: 'agriculture (rural collective economic organizations)' },
  Y: { 'zh-CN': '其他', en: 'other' },
};

/** The code as compared and stored: trimmed, upper-cased (non-strings give ''). */
export const normalizeCreditCode = (code: unknown): string =>
  typeof code === 'string' ? code.trim().toUpperCase() : '';

/** The check character of the first 17 characters, or null if they are not 17 characters of the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) return null;
  let sum = 0;
  for (let i = 0; i < first17.length; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** The positions (1-based) and characters outside the alphabet, e.g. I, O, Z, S, V or punctuation. */
function badCharacters(code: string): { position: number; char: string }[] {
  return [...code].flatMap((char, i) => (CREDIT_CODE_ALPHABET.includes(char) ? [] : [{ position: i + 1, char }]));
}

/**
 * Every rule the code breaks (empty = valid), each on `field`: `credit_code_length` (18 characters),
 * `credit_code_charset` (the 31-character alphabet), `credit_code_authority` (a known registration authority),
 * `credit_code_division` (positions 3–8 are digits), `credit_code_check` (naming the expected check character).
 * The check is only computed when length and characters are right.
 */
export function checkCreditCode(code: unknown, field = 'creditCode'): RuleViolation[] {
  const c = normalizeCreditCode(code);
  const out: RuleViolation[] = [];
  const add = (rule: string, zh: string, en: string) => out.push({ field, rule, message: { 'zh-CN': zh, en } });
  if (c.length !== CREDIT_CODE_LENGTH)
    add(
      'credit_code_length',
      `统一社会信用代码须为18位，当前为${c.length}位`,
      `must be 18 characters, got ${c.length}`,
    );
  const bad = badCharacters(c);
  if (bad.length) {
    const list = bad.map((b) => `${b.position}:${b.char}`).join(', ');
    add(
      'credit_code_charset',
      `统一社会信用代码只能使用数字和除I、O、Z、S、V以外的大写字母（第${list}位）`,
      `only digits and capitals other than I, O, Z, S, V are allowed (position:character ${list})`,
    );
  }
  if (out.length) return out;
  if (!CREDIT_CODE_AUTHORITIES[c[0]])
    add(
      'credit_code_authority',
      `第1位登记管理部门代码${c[0]}无效`,
      `the registration authority code (1st character) ${c[0]} is unknown`,
    );
  if (!/^\d{6}$/.test(c.slice(2, 8)))
    add(
      'credit_code_division',
      `第3—8位须为6位行政区划码，当前为${c.slice(2, 8)}`,
      `characters 3–8 must be the 6-digit division code, got ${c.slice(2, 8)}`,
    );
  const expected = creditCodeCheckChar(c.slice(0, 17));
  if (expected !== c[17])
    add(
      'credit_code_check',
      `校验码应为${expected}，不是${c[17]}`,
      `the check character should be ${expected}, not ${c[17]}`,
    );
  return out;
}

export interface CreditCodeParts {
  /** The normalized code. */
  code: string;
  /** 登记管理部门代码 and its name. */
  authority: string;
  authorityLabel: { 'zh-CN': string; en: string };
  /** 机构类别代码 */
  category: string;
  /** 登记管理机关行政区划码 */
  divisionCode: string;
  /** 主体标识码 (组织机构代码) */
  organizationCode: string;
  checkChar: string;
}

/** The parts of a valid code, or the violations of an invalid one. */
export function parseCreditCode(
  code: unknown,
  field = 'creditCode',
): { ok: true; parts: CreditCodeParts } | { ok: false; violations: RuleViolation[] } {
  const violations = checkCreditCode(code, field);
  if (violations.length) return { ok: false, violations };
  const c = normalizeCreditCode(code);
  return {
    ok: true,
    parts: {
      code: c,
      authority: c[0],
      authorityLabel: CREDIT_CODE_AUTHORITIES[c[0]],
      category: c[1],
      divisionCode: c.slice(2, 8),
      organizationCode: c.slice(8, 17),
      checkChar: c[17],
    },
  };
}
