// Identification rounds on the real database, through the repository: opened once per village and year with the
// households named (only the village's applying ones), read back one by one and in a list, with each household's
// step, and the workflow's input (each household's head and its main cause as the notice shows it).
import { randomUUID } from 'node:crypto';
import { POVERTY_CAUSE_LABELS } from '@fupin/identification-rules';
import { DomainError } from '@fupin/service-kit';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { identificationDb } from '../db';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import { RoundRepository } from './round.repository';

jest.setTimeout(60_000);

const township = `4305231${String(Math.floor(Math.random() * 90) + 10)}`;
const village = `${township}${Math.floor(Math.random() * 900) + 100}`;
const actor = { subject: 'township-zhou', role: 'township_reviewer', jurisdiction: township };
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let rounds: RoundRepository;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  rounds = new RoundRepository(identificationDb(svc.service.runtime));
});
afterAll(() => svc?.stop());

/** An applying household of `villageCode` (head first), with its application. */
async function applicant(villageCode: string) {
  const input = householdInput(villageCode, 3);
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: await testToken('village_cadre', villageCode),
    body: input,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, input };
}

it('opens a round of the named applying households once, and reads it back with its households', async () => {
  const a = await applicant(village);
  const b = await applicant(village);
  const causes = await call('PUT', `${svc.url}/households/${a.id}/causes`, {
    token: await testToken('village_cadre', village),
    body: { mainCause: 'illness', otherCauses: [], assistanceCategory: 'production' },
  });
  expect(causes.status).toBe(200);
  const elsewhere = await applicant(`${township}099`);
  const refused = await rounds
    .open({ villageCode: village, incomeYear: 2020, householdIds: [a.id, elsewhere.id] }, actor, randomUUID())
    .catch((e) => e);
  expect(refused).toBeInstanceOf(DomainError);
  expect(refused).toMatchObject({ status: 409, code: 'round.household_not_applying' });

  const opened = await rounds.open(
    { villageCode: village, incomeYear: 2020, householdIds: [a.id, b.id] },
    actor,
    randomUUID(),
  );
  expect(opened.body).toMatchObject({ villageCode: village, incomeYear: 2020, households: 2 });
  const { roundId } = opened.body;
  const twice = await rounds.open({ villageCode: village, incomeYear: 2020 }, actor, randomUUID()).catch((e) => e);
  expect(twice).toMatchObject({ status: 409, code: 'round.exists', details: { roundId } });

  const round = await rounds.load(roundId);
  expect(round).toEqual({
    id: roundId,
    village_code: village,
    income_year: 2020,
    workflow_id: opened.body.workflowId,
    status: 'running',
    created_by: actor.subject,
    created_at: expect.any(Date),
  });
  expect(await rounds.load('not-a-uuid')).toBeNull();
  expect(await rounds.load(randomUUID())).toBeNull();
  expect((await rounds.list(township)).find((r) => r.id === roundId)).toMatchObject({
    village_code: village,
    households: 2,
    registered: 0,
  });

  const ids = [a.id, b.id].sort();
  const households = await rounds.households(roundId);
  expect(households.map((h) => [h.householdId, h.step, h.outcome, h.flaggedForReview])).toEqual(
    ids.map((id) => [id, 'application', null, false]),
  );
  const input = await rounds.workflowInput(round!, svc.service.runtime.config.procedure);
  const head = (h: typeof a) => h.input.members.find((m) => m.relation === '户主')!;
  expect(input).toMatchObject({ roundId, villageCode: village, incomeYear: 2020 });
  expect(input.households).toEqual(
    ids.map((id) => {
      const h = id === a.id ? a : b;
      return {
        householdId: id,
        headName: head(h).name,
        headIdNumber: head(h).idNumber,
        memberCount: 3,
        ...(h === a ? { mainCause: POVERTY_CAUSE_LABELS.illness['zh-CN'] } : {}),
      };
    }),
  );
});
