// relocation-service against the real database: a household as household.registered and household.exited leave it,
// read back as its document says (the response is checked against its schema), inside the reader's jurisdiction only.
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@fupin/contracts';
import type { SqlExecutor, TransactionalClient } from '@fupin/persistence';
import { call, pgTransactionalClient, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdExitedHandler, householdRegisteredHandler } from './household-registered.handler';

jest.setTimeout(60_000);

let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let db: TransactionalClient;
beforeAll(async () => {
  svc = await startTestService('relocation-service', startService, { RUN_WORKER: 'false' });
  db = pgTransactionalClient(svc.db.url);
});
afterAll(async () => {
  await db?.$disconnect();
  await svc?.stop();
});

const event = (payload: unknown) => ({ payload }) as EventEnvelope<unknown>;

/** As the Kafka consumer runs a handler: inside a transaction (with its de-duplication row, not needed here). */
const inConsumerTransaction = (handle: (tx: SqlExecutor) => Promise<void>) => db.$transaction(handle);

it('knows a registered household and its members, then its exit with the transition period', async () => {
  const householdId = randomUUID();
  const village = '430523101201';
  await inConsumerTransaction((tx) =>
    householdRegisteredHandler(svc.service.runtime)(
      event({
        householdId,
        villageCode: village,
        headName: '王建国',
        memberCount: 2,
        registeredAt: '2026-01-10T02:00:00.000Z',
        members: [
          { idNumber: '43052319680314001X', name: '王建国', relation: '户主' },
          { idNumber: '430523197001010016', name: '李秀英', relation: '配偶' },
        ],
      }),
      tx,
    ),
  );
  const officer = await testToken('department_officer', 'dept:relocation@430523');
  const read = await call<{ headName: string; exitedAt: string | null; members: { relation: string }[] }>(
    'GET',
    `${svc.url}/households/${householdId}`,
    { token: officer },
  );
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ headName: '王建国', exitedAt: null, transitionEndsOn: null });
  expect(read.body.members.map((m) => m.relation)).toEqual(['户主', '配偶']);

  await inConsumerTransaction((tx) =>
    householdExitedHandler(svc.service.runtime)(
      event({
        householdId,
        villageCode: village,
        exitedAt: '2026-06-30T02:00:00.000Z',
        transitionEndsOn: '2026-12-31',
      }),
      tx,
    ),
  );
  const exited = await call('GET', `${svc.url}/households/${householdId}`, { token: officer });
  expect(exited.body).toMatchObject({ exitedAt: '2026-06-30T02:00:00.000Z', transitionEndsOn: '2026-12-31' });

  const foreign = await testToken('department_officer', 'dept:relocation@430524');
  expect((await call('GET', `${svc.url}/households/${householdId}`, { token: foreign })).status).toBe(403);
  expect((await call('GET', `${svc.url}/households/${randomUUID()}`, { token: officer })).status).toBe(404);
});

it('answers an id PostgreSQL cannot read as a uuid 400 request.invalid_data, not 500', async () => {
  const officer = await testToken('department_officer', 'dept:relocation@430523');
  // uuid-shaped (36 hex digits and hyphens) so it reaches the model call, but a hyphen after one digit: 22P02
  const malformed = '1-34567890abcdef1234567890abcdef1234';
  const r = await call<{ error: { code: string } }>('GET', `${svc.url}/households/${malformed}`, { token: officer });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('request.invalid_data');
});
