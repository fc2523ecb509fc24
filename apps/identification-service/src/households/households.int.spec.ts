import { randomUUID } from 'node:crypto';
import { validateResidentId } from '@fupin/identification-rules';
import { buildEvent, contracts, type EventEnvelope } from '@fupin/contracts';
import {
  call,
  pgTransactionalClient,
  startTestService,
  testToken,
  withSuperuser,
  type TestService,
} from '@fupin/testing';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import { householdsWithStatus } from '../testing/register';
import { housingRenovatedHandler } from './housing-renovated.handler';
import { relocationCompletedHandler } from './relocation-completed.handler';

jest.setTimeout(60_000);

const village = '430523102201';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
});
afterAll(() => svc?.stop());

interface HouseholdView {
  id: string;
  villageCode: string;
  status: string;
  createdAt: string;
  members: { idNumber: string; name: string; sex: string; birthDate: string; relation: string }[];
}

it("reads an application back as it was applied: members head first, each with the ID number's birth date and sex", async () => {
  const cadre = await testToken('village_cadre', village);
  const input = householdInput(village, 4);
  // the head listed last: the register still answers the head first, then by ID number
  const applied = { ...input, members: [...input.members.slice(1), input.members[0]] };
  const key = randomUUID();
  const created = await call<{ id: string; memberCount: number; appliedAt: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: applied,
    headers: { 'Idempotency-Key': key },
  });
  expect(created.status).toBe(201);
  expect(created.body.memberCount).toBe(4);

  const read = await call<HouseholdView>('GET', `${svc.url}/households/${created.body.id}`, { token: cadre });
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ id: created.body.id, villageCode: village, status: 'applicant' });
  expect(Math.abs(Date.parse(read.body.createdAt) - Date.parse(created.body.appliedAt))).toBeLessThan(60_000);
  const others = input.members.slice(1).sort((a, b) => (a.idNumber < b.idNumber ? -1 : 1));
  expect(read.body.members).toEqual(
    [input.members[0], ...others].map((m) => {
      const checked = validateResidentId(m.idNumber, m.birthDate);
      return {
        idNumber: m.idNumber,
        name: m.name,
        sex: checked.ok ? checked.value.sex : 'unknown',
        birthDate: m.birthDate,
        relation: m.relation,
      };
    }),
  );

  const replay = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: applied,
    headers: { 'Idempotency-Key': key },
  });
  expect(replay.status).toBe(200); // the first answer, replayed
  expect(replay.body.id).toBe(created.body.id);
});

it('answers an unknown household 404, and an id PostgreSQL cannot read as a uuid 400 request.invalid_data', async () => {
  const cadre = await testToken('village_cadre', village);
  const unknown = await call<{ error: { code: string } }>('GET', `${svc.url}/households/${randomUUID()}`, {
    token: cadre,
  });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('household.not_found');
  // uuid-shaped (36 hex digits and hyphens), so it reaches the database, but a hyphen after one digit: 22P02
  const malformed = await call<{ error: { code: string } }>(
    'GET',
    `${svc.url}/households/1-34567890abcdef1234567890abcdef1234`,
    { token: cadre },
  );
  expect(malformed.status).toBe(400);
  expect(malformed.body.error.code).toBe('request.invalid_data');
});

it('records relocation.completed on the household once: the day and the case, one audit record, redelivery a no-op', async () => {
  const cadre = await testToken('village_cadre', village);
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: householdInput(village, 2),
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  const householdId = created.body.id;
  const before = await call<HouseholdView & { relocation: unknown }>('GET', `${svc.url}/households/${householdId}`, {
    token: cadre,
  });
  expect(before.body.relocation).toBeNull();

  const caseId = randomUUID();
  const payload = { caseId, householdId, villageCode: village, landRightsKept: true, relocatedOn: '2026-11-30' };
  const event = { payload } as EventEnvelope<unknown>;
  const db = pgTransactionalClient(svc.db.url);
  try {
    for (let i = 0; i < 2; i++) await db.$transaction((tx) => relocationCompletedHandler()(event, tx));
  } finally {
    await db.$disconnect();
  }
  const after = await call<HouseholdView & { relocation: unknown }>('GET', `${svc.url}/households/${householdId}`, {
    token: cadre,
  });
  expect(after.body.relocation).toEqual({ caseId, relocatedOn: '2026-11-30' });
  const audited = await withSuperuser(svc.db.url, (c) =>
    c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'household.relocated' AND subject_id = $1`,
      [householdId],
    ),
  );
  expect(audited.rows[0].n).toBe(1);
});

it('records housing.renovated as an observation once: the new grade, the rest carried over, audited, published', async () => {
  const runtime = svc.service.runtime;
  const [householdId] = await householdsWithStatus(svc.url, runtime.db, village, 1, 'registered');
  const cadre = await testToken('village_cadre', village);
  const seen = {
    housingGrade: 'D',
    drinkingWaterSafe: false,
    foodSecure: true,
    clothingSecure: false,
    childrenOutOfSchool: 1,
    appliances: ['电视'],
    vehicles: [{ kind: '农用三轮车', productive: true }],
  };
  const observed = await call('POST', `${svc.url}/households/${householdId}/observations`, {
    token: cadre,
    body: seen,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(observed.status).toBe(201);

  const caseId = randomUUID();
  const renovated = {
    caseId,
    villageCode: village,
    previousGrade: 'D',
    newGrade: 'A',
    renovatedOn: '2026-12-10',
  } as const;
  const renovation = (id: string) =>
    buildEvent(contracts.housingRenovated, {
      aggregateId: caseId,
      actor: { subject: 'system:relocation', role: 'system', jurisdiction: 'system' },
      payload: { ...renovated, householdId: id, subsidyPaidFen: 3_500_000 },
    });
  const event = renovation(householdId); // delivered twice: recorded once
  const warn = jest.spyOn(runtime.logger, 'warn');
  const db = pgTransactionalClient(svc.db.url);
  try {
    for (let i = 0; i < 2; i++) await db.$transaction((tx) => housingRenovatedHandler(runtime)(event, tx));
    await db.$transaction((tx) => housingRenovatedHandler(runtime)(renovation(randomUUID()), tx)); // not ours: skipped
    expect(warn).toHaveBeenCalledTimes(1);
  } finally {
    await db.$disconnect();
    warn.mockRestore();
  }

  const latest = await call<{ observation: Record<string, unknown> }>(
    'GET',
    `${svc.url}/households/${householdId}/observations/latest`,
    { token: cadre },
  );
  expect(latest.body.observation).toMatchObject({
    ...seen,
    housingGrade: 'A',
    observedBy: `relocation-service:renovation:${caseId}`,
    observedAt: event.occurredAt,
  });
  const counts = await withSuperuser(svc.db.url, (c) =>
    c.query<{ observations: number; audits: number; published: number }>(
      `SELECT (SELECT count(*)::int FROM living_observation WHERE household_id::text = $1) AS observations,
              (SELECT count(*)::int FROM audit_record WHERE action = 'household.observation' AND subject_id = $1
                  AND reason LIKE '%' || $2 || '%') AS audits,
              (SELECT count(*)::int FROM outbox_event WHERE aggregate_id = $1 AND type = 'household.updated'
                  AND envelope->'payload'->'changes' = '{"housingGrade":"A","drinkingWaterSafe":false}'::jsonb) AS published`,
      [householdId, caseId],
    ),
  );
  expect(counts.rows[0]).toEqual({ observations: 2, audits: 1, published: 1 });
});
