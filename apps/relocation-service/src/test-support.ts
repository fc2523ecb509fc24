// Integration-test helpers for relocation-service (not shipped code): the service on a fresh database, households as
// household.registered leaves them, tokens, and the county office's and the cadre's first steps through the API.
import { randomInt, randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@fupin/contracts';
import { type TestService, call, pgTransactionalClient, startTestService, testToken } from '@fupin/testing';
import { householdExitedHandler, householdRegisteredHandler } from './households/household-registered.handler';
import { startService } from './service';

export type RelocationTestService = TestService<Awaited<ReturnType<typeof startService>>>;

export const COUNTY = '430523';
export const TOWNSHIP = '430523101';
export const OTHER_COUNTY = '430524';

export function startRelocation(overrides: Record<string, string> = {}): Promise<RelocationTestService> {
  return startTestService('relocation-service', startService, { RUN_WORKER: 'false', ...overrides });
}

const digits = (n: number) => Array.from({ length: n }, () => randomInt(0, 10)).join('');

/** A village of the county (in a township chosen at random too) that no other test is likely to use. */
export const freshVillage = (county = COUNTY): string => `${county}${digits(6)}`;

/** A household as household.registered makes it known (in a transaction, as the consumer runs the handler). */
export async function registerHousehold(
  svc: RelocationTestService,
  villageCode: string,
  members = 3,
  exited = false,
): Promise<string> {
  const householdId = randomUUID();
  const db = pgTransactionalClient(svc.db.url);
  const event = (payload: unknown) => ({ payload }) as EventEnvelope<unknown>;
  try {
    await db.$transaction((tx) =>
      householdRegisteredHandler(svc.service.runtime)(
        event({
          householdId,
          villageCode,
          headName: '王建国',
          memberCount: members,
          registeredAt: '2026-01-10T02:00:00.000Z',
          members: Array.from({ length: members }, (_, i) => ({
            idNumber: `${villageCode.slice(0, 6)}${digits(11)}X`,
            name: `成员${i + 1}`,
            relation: i === 0 ? '户主' : '子女',
          })),
        }),
        tx,
      ),
    );
    if (exited)
      await db.$transaction((tx) =>
        householdExitedHandler(svc.service.runtime)(
          event({ householdId, villageCode, exitedAt: '2026-06-30T02:00:00.000Z', transitionEndsOn: '2030-12-31' }),
          tx,
        ),
      );
  } finally {
    await db.$disconnect();
  }
  return householdId;
}

export const officer = (county = COUNTY) => testToken('department_officer', `dept:relocation@${county}`);
export const cadre = (village: string) => testToken('village_cadre', village, { subject: `cadre-${village}` });

export async function designate(svc: RelocationTestService, villageCode: string, designated = true) {
  const r = await call('PUT', `${svc.url}/areas/${villageCode}`, {
    token: await officer(villageCode.slice(0, 6)),
    body: { designated, reason: '地质灾害隐患点，一方水土养不好一方人', year: 2026 },
  });
  expect(r.status).toBe(200);
}

export async function registerSite(
  svc: RelocationTestService,
  site: { capacityHomes: number; townshipCode?: string; mode?: string; code?: string },
): Promise<string> {
  const code = site.code ?? `XZ-${digits(8)}`;
  const r = await call('POST', `${svc.url}/sites`, {
    token: await officer((site.townshipCode ?? TOWNSHIP).slice(0, 6)),
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      code,
      name: '城南安置小区',
      townshipCode: site.townshipCode ?? TOWNSHIP,
      mode: site.mode ?? 'nearby',
      placement: 'centralised',
      capacityHomes: site.capacityHomes,
    },
  });
  expect(r.status).toBe(201);
  return code;
}

export function consent(svc: RelocationTestService, token: string, householdId: string, key = randomUUID()) {
  return call<{ id: string; status: string; error?: { code: string; field?: string } }>('POST', `${svc.url}/cases`, {
    token,
    headers: { 'Idempotency-Key': key },
    body: { householdId, consent: { signedBy: '王建国', signedOn: '2026-03-01', documentRef: 'XY-2026-0001' } },
  });
}

/** A designated village with a registered household of `members` and its open case (consented). */
export async function openCase(svc: RelocationTestService, members = 3) {
  const village = freshVillage();
  await designate(svc, village);
  const householdId = await registerHousehold(svc, village, members);
  const token = await cadre(village);
  const r = await consent(svc, token, householdId);
  expect(r.status).toBe(201);
  return { village, householdId, caseId: r.body.id, token };
}

export function plan(svc: RelocationTestService, token: string, caseId: string, body: Record<string, unknown>) {
  return call<{
    status: string;
    plan: { subsidyFen: number } | null;
    tranches: { milestone: string; amountFen: number; status: string }[];
    error?: { code: string; field?: string; details?: unknown };
  }>('PUT', `${svc.url}/cases/${caseId}/plan`, { token, body });
}
