// Valid, unique resident ID numbers (GB 11643: 6-digit division, birth date, sequence, MOD 11-2 check digit).
import { randomInt } from 'node:crypto';
import { residentIdCheckDigit } from '@fupin/identification-rules';

export function residentId(countyCode: string, birthDate: string): string {
  const first17 = `${countyCode}${birthDate.replace(/-/g, '')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

/** A random birth date between 1940 and 2015 (so ID numbers rarely repeat across test runs). */
export function birthDate(): string {
  const d = new Date(Date.UTC(1940, 0, 1) + randomInt(0, 75 * 365) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A random birth date of someone aged 26 to 55 today: a household head of working age, whatever the run's luck. */
export function adultBirthDate(): string {
  const d = new Date(Date.now() - randomInt(26 * 366, 55 * 365) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** A 12-digit village code in a random county of province 43 (test data never collides across runs). */
export function randomVillage(): string {
  return `43${String(randomInt(1, 99)).padStart(2, '0')}${String(randomInt(1, 99)).padStart(2, '0')}${String(randomInt(100, 999))}${String(randomInt(200, 299))}`;
}

/**
 * A household of `size` members in a village, the first being the head (户主) — of working age, so a procedure that
 * needs an adult (a microcredit borrower aged 18–65) always has one — the others of any age.
 */
export function household(villageCode: string, size = 3) {
  const county = villageCode.slice(0, 6);
  const births = [adultBirthDate(), ...Array.from({ length: 4 }, birthDate)];
  return {
    villageCode,
    members: Array.from({ length: size }, (_, i) => ({
      idNumber: residentId(county, births[i % births.length]),
      name: ['王建国', '李秀英', '王小明', '王小红', '王乐乐'][i % 5],
      birthDate: births[i % births.length],
      relation: i === 0 ? '户主' : i === 1 ? '配偶' : '子女',
      basicMedicalInsured: true,
    })),
  };
}
