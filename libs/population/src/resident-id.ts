import { residentIdCheckDigit } from '@fupin/identification-rules';
import { DAY_MS, epochDay, isoDate } from './dates';
import type { Sex } from './household';

/** 公民身份号码 (GB 11643): county code, birth date, a 3-digit sequence (odd for men, even for women), MOD 11-2 check digit. */
export function residentIdNumber(county: string, birthDate: string, sequence: number): string {
  const first17 = `${county}${birthDate.slice(0, 4)}${birthDate.slice(5, 7)}${birthDate.slice(8)}${String(sequence).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

export type ResidentIdIssuer = (birthDate: string, sex: Sex) => { idNumber: string; birthDate: string };

/**
 * Issues resident ID numbers unique within `county`: sequence numbers counted per birth date and sex, as a public
 * security bureau does. With all 500 of one sex taken on a day, the person is registered as born the day before
 * (hence the birth date returned).
 */
export function residentIdIssuer(county: string): ResidentIdIssuer {
  const used = new Map<number, number>();
  return (birthDate, sex) => {
    const male = sex === 'male' ? 1 : 0;
    for (let day = epochDay(birthDate); ; day -= DAY_MS) {
      const key = (day / DAY_MS) * 2 + male;
      const n = used.get(key) ?? 0;
      if (n >= 500) continue;
      used.set(key, n + 1);
      const date = isoDate(day);
      return { idNumber: residentIdNumber(county, date, n * 2 + male), birthDate: date };
    }
  };
}
