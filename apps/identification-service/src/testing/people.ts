// Test data for identification-service tests: valid resident ID numbers that rarely repeat across runs.
import { randomInt } from 'node:crypto';
import { residentIdCheckDigit } from '@fupin/identification-rules';

export function randomBirthDate(): string {
  return new Date(Date.UTC(1940, 0, 1) + randomInt(0, 75 * 365) * 86_400_000).toISOString().slice(0, 10);
}

export function residentId(countyCode: string, birthDate: string): string {
  const first17 = `${countyCode}${birthDate.replace(/-/g, '')}${String(randomInt(0, 1000)).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

export function householdInput(villageCode: string, size = 3) {
  const births = Array.from({ length: size }, randomBirthDate);
  return {
    villageCode,
    members: births.map((birthDate, i) => ({
      idNumber: residentId(villageCode.slice(0, 6), birthDate),
      name: ['阿依古丽·买买提', '王秀英', '王小明', '王小红', '王乐乐'][i % 5],
      birthDate,
      relation: i === 0 ? '户主' : i === 1 ? '配偶' : '子女',
    })),
  };
}
