import { isProvinceCode } from './divisions';
import { isCalendarDate, isRealDate, type LocalizedMessage } from './messages';

/** 公民身份号码 (GB 11643-1999): 6-digit division + 8-digit birth date + 3-digit sequence + check character. */
export interface ResidentId {
  /** Normalised: surrounding whitespace removed, a lowercase `x` check character made `X`. */
  id: string;
  /** 地址码: the first 6 digits, the division where the number was first issued. */
  divisionCode: string;
  /** 出生日期 as `YYYY-MM-DD`. */
  birthDate: string;
  /** 性别 from the 17th digit: odd = male, even = female. */
  sex: 'male' | 'female';
}

export type ResidentIdRule = 'length' | 'format' | 'division' | 'birth_date' | 'check_digit';

export type ResidentIdResult =
  { ok: true; value: ResidentId } | { ok: false; rule: ResidentIdRule; message: LocalizedMessage };

/** ISO 7064 MOD 11-2 weights for the first 17 digits. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
/** Check character by (weighted sum mod 11). */
const CHECK_CHARS = '10X98765432';

/** Earliest birth year accepted; anything before it is an absurd value, not a person to register. */
export const EARLIEST_BIRTH_YEAR = 1800;

/** The check character (校验码) for the first 17 digits of a resident ID number. */
export function residentIdCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('residentIdCheckDigit needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

function fail(rule: ResidentIdRule, zh: string, en: string): ResidentIdResult {
  return { ok: false, rule, message: { 'zh-CN': zh, en } };
}

/**
 * Validate an 18-character resident ID number (身份证号码校验). `asOf` (`YYYY-MM-DD`) is "today",
 * passed in so the function stays pure: a birth date after it is refused.
 * Rules are checked in order length, format, division, birth_date, check_digit; the first broken one is returned.
 */
export function validateResidentId(id: string, asOf: string): ResidentIdResult {
  if (!isCalendarDate(asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date, got "${asOf}"`);
  const trimmed = typeof id === 'string' ? id.trim() : '';
  if (trimmed.length !== 18) {
    return fail(
      'length',
      `身份证号码应为18位，实际为${trimmed.length}位`,
      `resident ID number must be 18 characters long, got ${trimmed.length}`,
    );
  }
  const normalised = trimmed.slice(0, 17) + trimmed[17].toUpperCase();
  if (!/^\d{17}[\dX]$/.test(normalised)) {
    return fail(
      'format',
      '身份证号码前17位须为数字，最后一位为数字或X',
      'resident ID number must be 17 digits followed by a digit or X',
    );
  }
  if (!isProvinceCode(normalised.slice(0, 2))) {
    return fail(
      'division',
      `身份证号码地址码${normalised.slice(0, 6)}的省级代码无效`,
      `resident ID number division code ${normalised.slice(0, 6)} has no valid province code`,
    );
  }
  const year = Number(normalised.slice(6, 10));
  const month = Number(normalised.slice(10, 12));
  const day = Number(normalised.slice(12, 14));
  const birthDate = `${normalised.slice(6, 10)}-${normalised.slice(10, 12)}-${normalised.slice(12, 14)}`;
  if (!isRealDate(year, month, day) || year < EARLIEST_BIRTH_YEAR) {
    return fail(
      'birth_date',
      `身份证号码中的出生日期${normalised.slice(6, 14)}不是有效日期`,
      `birth date ${normalised.slice(6, 14)} in the resident ID number is not a valid date`,
    );
  }
  if (birthDate > asOf) {
    return fail(
      'birth_date',
      `身份证号码中的出生日期${birthDate}晚于${asOf}`,
      `birth date ${birthDate} in the resident ID number is after ${asOf}`,
    );
  }
  if (residentIdCheckDigit(normalised.slice(0, 17)) !== normalised[17]) {
    return fail('check_digit', '身份证号码校验码错误', 'resident ID number check digit is wrong');
  }
  return {
    ok: true,
    value: {
      id: normalised,
      divisionCode: normalised.slice(0, 6),
      birthDate,
      sex: Number(normalised[16]) % 2 === 1 ? 'male' : 'female',
    },
  };
}

/**
 * Does the declared birth date (`YYYY-MM-DD`) agree with the one encoded in the ID number (出生日期与身份证一致)?
 * Only the shape of the number is checked here (false when it is not 17 digits + digit/X); validate it with
 * `validateResidentId` separately so each broken rule is reported on its own.
 */
export function birthDateMatches(id: string, birthDate: string): boolean {
  const trimmed = typeof id === 'string' ? id.trim() : '';
  if (!/^\d{17}[\dXx]$/.test(trimmed)) return false;
  return `${trimmed.slice(6, 10)}-${trimmed.slice(10, 12)}-${trimmed.slice(12, 14)}` === birthDate;
}
