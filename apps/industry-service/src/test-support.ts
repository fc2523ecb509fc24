// Integration-test helpers for industry-service (not shipped code): the service on a fresh database, households as
// household.registered leaves them, and the county office's token.
import { randomInt, randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@fupin/contracts';
import { type TestService, pgTransactionalClient, startTestService, testToken } from '@fupin/testing';
import { householdRegisteredHandler } from './households/household-registered.handler';
import { startService } from './service';

export type IndustryTestService = TestService<Awaited<ReturnType<typeof startService>>>;

export const COUNTY = '430523';
export const OTHER_COUNTY = '430524';

export function startIndustry(overrides: Record<string, string> = {}): Promise<IndustryTestService> {
  return startTestService('industry-service', startService, { RUN_WORKER: 'false', ...overrides });
}

const digits = (n: number) => Array.from({ length: n }, () => randomInt(0, 10)).join('');

/** A village of the county that no other test is likely to use. */
export const freshVillage = (county = COUNTY): string => `${county}${digits(6)}`;

/** A household as household.registered makes it known (in a transaction, as the consumer runs the handler). */
export async function registerHousehold(svc: IndustryTestService, villageCode: string, members = 3): Promise<string> {
  const householdId = randomUUID();
  const db = pgTransactionalClient(svc.db.url);
  const payload = {
    householdId,
    villageCode,
    headName: '李大山',
    memberCount: members,
    registeredAt: '2026-01-10T02:00:00.000Z',
    members: Array.from({ length: members }, (_, i) => ({
      idNumber: `${villageCode.slice(0, 6)}${digits(11)}X`,
      name: `成员${i + 1}`,
      relation: i === 0 ? '户主' : '子女',
    })),
  };
  try {
    await db.$transaction((tx) => householdRegisteredHandler()({ payload } as EventEnvelope<unknown>, tx));
  } finally {
    await db.$disconnect();
  }
  return householdId;
}

export const industryOfficer = (county = COUNTY) => testToken('department_officer', `dept:industry@${county}`);

/** 统一社会信用代码 with its GB 32100 check character (computed here independently of the rules library). */
export function creditCode(county = COUNTY): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `93${county}MA${digits(7)}`;
  const sum = [...body].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0);
  const check = 31 - (sum % 31);
  return body + alphabet[check === 31 ? 0 : check];
}
