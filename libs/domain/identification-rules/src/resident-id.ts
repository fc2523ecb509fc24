/** 公民身份号码 (GB 11643): 6-digit division, 8-digit birth date, 3-digit sequence (odd = male), check digit. */

export interface Localized {
  'zh-CN': string;
  en: string;
}

export type ResidentIdResult =
  | { ok: true; value: { id: string; divisionCode: string; birthDate: string; sex: 'male' | 'female' } }
  | { ok: false; rule: 'length' | 'format' | 'division' | 'birth_date' | 'check_digit'; message: Localized };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82]);

/** ISO 7064 MOD 11-2 check character for the first 17 digits. */
export function residentIdCheckDigit(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK[sum % 11];
}

function realDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

const fail = (rule: Exclude<ResidentIdResult, { ok: true }>['rule'], zh: string, en: string): ResidentIdResult => ({ ok: false, rule, message: { 'zh-CN': zh, en } });

/** Validate an 18-character resident ID number as of a date (YYYY-MM-DD; birth dates after it are refused). */
export function validateResidentId(raw: string, asOf: string): ResidentIdResult {
  const id = raw.trim().toUpperCase();
  if (id.length !== 18) return fail('length', `身份证号应为 18 位，实际 ${id.length} 位`, `a resident ID number has 18 characters, got ${id.length}`);
  if (!/^\d{17}[\dX]$/.test(id)) return fail('format', '身份证号前 17 位须为数字，末位为数字或 X', 'the first 17 characters must be digits and the last a digit or X');
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return fail('division', `身份证号地区码 ${id.slice(0, 6)} 无效`, `division code ${id.slice(0, 6)} is not valid`);
  const y = Number(id.slice(6, 10));
  const m = Number(id.slice(10, 12));
  const d = Number(id.slice(12, 14));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (y < 1850 || !realDate(y, m, d) || birthDate > asOf) return fail('birth_date', `身份证号中的出生日期 ${id.slice(6, 14)} 无效`, `the birth date ${id.slice(6, 14)} in the ID number is not a valid past date`);
  if (residentIdCheckDigit(id.slice(0, 17)) !== id[17]) return fail('check_digit', '身份证号校验位错误', 'the check digit of the ID number is wrong');
  return { ok: true, value: { id, divisionCode: id.slice(0, 6), birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' } };
}

export function birthDateMatches(id: string, birthDate: string): boolean {
  const r = validateResidentId(id, '9999-12-31');
  return r.ok && r.value.birthDate === birthDate;
}
