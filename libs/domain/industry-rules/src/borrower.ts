/**
 * The borrower's exact age (周岁) on the application date, from the birth date or the resident ID number. Pure: the
 * application date is passed in.
 *
 * Convention: the age goes up on the birthday itself (born 2008-03-10 → 18 on 2026-03-10). Someone born on
 * 29 February has the birthday on 1 March in a common year (born 2008-02-29 → 17 on 2026-02-28, 18 on 2026-03-01).
 *
 * The resident ID number (公民身份号码) is read only for its birth date, digits 7–14 (YYYYMMDD); its division and
 * check digit are validated where it is registered (identification's `validateResidentId`).
 */

import type { RuleViolation } from '@fupin/localized';
import { isIsoDate, parseIsoDate } from './loan-schedule';

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** Month and day of the birthday in `year`: 29 February falls on 1 March in a common year. */
function birthdayIn(year: number, month: number, day: number): [number, number] {
  return month === 2 && day === 29 && !isLeapYear(year) ? [3, 1] : [month, day];
}

/** Whole years (周岁) from `birthDate` to `on`, both `YYYY-MM-DD`; throws RangeError for a bad date or `on` < birth. */
export function ageOn(birthDate: string, on: string): number {
  const birth = parseIsoDate(birthDate);
  const today = parseIsoDate(on);
  if (!birth || !today) throw new RangeError(`ageOn needs YYYY-MM-DD dates, got "${birthDate}" and "${on}"`);
  if (on < birthDate) throw new RangeError(`born ${birthDate}, after ${on}`);
  const [bm, bd] = birthdayIn(today[0], birth[1], birth[2]);
  const beforeBirthday = today[1] < bm || (today[1] === bm && today[2] < bd);
  return today[0] - birth[0] - (beforeBirthday ? 1 : 0);
}

/** The birth date (digits 7–14) of an 18-character resident ID number, or null when it has none. */
export function birthDateFromResidentId(residentId: string): string | null {
  const id = typeof residentId === 'string' ? residentId.trim() : '';
  if (!/^\d{17}[\dXx]$/.test(id)) return null;
  const date = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  return isIsoDate(date) ? date : null;
}

/** Who the borrower is, as far as age goes: a birth date, a resident ID number, or both (then they must agree). */
export interface BorrowerIdentity {
  /** 出生日期 `YYYY-MM-DD` */
  birthDate?: string;
  /** 公民身份号码, 18 characters */
  residentId?: string;
}

export type BorrowerAgeResult =
  { ok: true; age: number; birthDate: string } | { ok: false; violations: RuleViolation[] };

const violation = (field: string, rule: string, zh: string, en: string): RuleViolation => ({
  field,
  rule,
  message: { 'zh-CN': zh, en },
});

function idBirthDate(residentId: string): string | RuleViolation {
  const trimmed = residentId.trim();
  if (!/^\d{17}[\dXx]$/.test(trimmed))
    return violation(
      'residentId',
      'resident_id_format',
      '身份证号码须为18位：17位数字加一位数字或X',
      'resident ID number must be 17 digits followed by a digit or X',
    );
  return (
    birthDateFromResidentId(trimmed) ??
    violation(
      'residentId',
      'birth_date',
      `身份证号码中的出生日期${trimmed.slice(6, 14)}不是有效日期`,
      `birth date ${trimmed.slice(6, 14)} in the resident ID number is not a valid date`,
    )
  );
}

/** The one birth date the identity gives, or why there is none. */
function birthDateOf(identity: BorrowerIdentity): string | RuleViolation {
  const { birthDate, residentId } = identity;
  if (birthDate === undefined && residentId === undefined)
    return violation(
      'birthDate',
      'required',
      '须提供出生日期或身份证号码',
      'birth date or resident ID number required',
    );
  if (birthDate !== undefined && !isIsoDate(birthDate))
    return violation('birthDate', 'date', '出生日期须为有效日期（YYYY-MM-DD）', 'birth date must be YYYY-MM-DD');
  if (residentId === undefined) return birthDate as string;
  const fromId = idBirthDate(typeof residentId === 'string' ? residentId : '');
  if (typeof fromId !== 'string' || birthDate === undefined || birthDate === fromId) return fromId;
  return violation(
    'birthDate',
    'birth_date_mismatch',
    `出生日期${birthDate}与身份证号码中的${fromId}不一致`,
    `birth date ${birthDate} differs from ${fromId} in the resident ID number`,
  );
}

/** The borrower's age (周岁) on `applicationDate` (`YYYY-MM-DD`), or every reason it cannot be told. */
export function borrowerAge(identity: BorrowerIdentity, applicationDate: string): BorrowerAgeResult {
  if (!isIsoDate(applicationDate))
    return {
      ok: false,
      violations: [
        violation(
          'applicationDate',
          'date',
          '申请日期须为有效日期（YYYY-MM-DD）',
          'applicationDate must be YYYY-MM-DD',
        ),
      ],
    };
  const birthDate = birthDateOf(identity);
  if (typeof birthDate !== 'string') return { ok: false, violations: [birthDate] };
  if (birthDate > applicationDate)
    return {
      ok: false,
      violations: [
        violation(
          identity.birthDate === undefined ? 'residentId' : 'birthDate',
          'born_after_application',
          `出生日期${birthDate}晚于申请日期${applicationDate}`,
          `birth date ${birthDate} is after the application date ${applicationDate}`,
        ),
      ],
    };
  return { ok: true, age: ageOn(birthDate, applicationDate), birthDate };
}
