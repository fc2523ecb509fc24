// 贫困户退出 against the real database: a proposal with one household failing a criterion (收入, 不愁吃, 不愁穿, 住房…)
// or without an observation of the income year writes nothing and names it; the exit's outcome is recorded once however often it is retried, leaves the register only from `registered`,
// carries the transition period, and a household that did not agree gets household.exit-refused with its reason.
import { randomUUID } from 'node:crypto';
import { transitionEndsOn } from '@fupin/exit-rules';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import { recordExitOutcomes } from './exit.activities';

jest.setTimeout(90_000);

const village = `4305231013${String(Math.floor(Math.random() * 90) + 10)}`;
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let cadre: string;
const db = () => svc.service.runtime.db;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, {
    RUN_WORKER: 'false',
    PROCEDURE_TEST_MODE: 'true',
    EXIT_NOTICE_SECONDS: '60',
    EXIT_ANNOUNCEMENT_SECONDS: '60',
    EXIT_TRANSITION_MONTHS: '60',
  });
  cadre = await testToken('village_cadre', village, { subject: 'cadre-sun' });
});
afterAll(() => svc?.stop());

interface Observed {
  housingGrade?: string;
  foodSecure?: boolean;
  clothingSecure?: boolean;
}

/** A registered household of three with surveys of 2019 and 2020 at `perCapitaYuan`, observed today (house B, fed, clothed). */
async function registered(perCapitaYuan: number, observed: Observed = {}): Promise<string> {
  const input = householdInput(village, 3);
  const members = input.members.map((m) => ({ ...m, basicMedicalInsured: true })); // 基本医疗有保障
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: { ...input, members },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  for (const incomeYear of [2019, 2020]) {
    const s = await call('POST', `${svc.url}/households/${id}/surveys`, {
      token: cadre,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        incomeYear,
        farmingIncome: 0,
        livestockIncome: 0,
        wageIncome: perCapitaYuan * 300,
        propertyIncome: 0,
        transferIncome: 0,
        businessNetIncome: 0,
        productionCosts: 0,
        livingExpenses: 0,
        illnessSpending: 0,
        studentCosts: 0,
      },
    });
    expect(s.status).toBe(201);
  }
  const o = await call('POST', `${svc.url}/households/${id}/observations`, {
    token: cadre,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { housingGrade: 'B', drinkingWaterSafe: true, ...observed },
  });
  expect(o.status).toBe(201);
  await db().$executeRawUnsafe(`UPDATE household SET status = 'registered' WHERE id = $1::uuid`, id);
  return id;
}

const outboxOf = (id: string) =>
  db().$queryRawUnsafe<{ type: string; payload: Record<string, unknown> }[]>(
    `SELECT type, envelope->'payload' AS payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY seq`,
    id,
  );

it('refuses a proposal naming the household and the criterion it fails, writing nothing', async () => {
  const ok = await registered(9000);
  const unsafe = await registered(9000, { housingGrade: 'D' });
  const poorer = await registered(3000);
  const r = await call<{
    error: {
      code: string;
      field: string;
      message: { en: string; 'zh-CN': string };
      details: { householdId: string; failed: { criterion: string }[] }[];
    };
  }>('POST', `${svc.url}/exits`, {
    token: cadre,
    body: { villageCode: village, incomeYear: 2020, householdIds: [ok, unsafe, poorer] },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(r.status).toBe(422);
  expect(r.body.error.code).toBe('exit.criteria_not_met');
  expect(r.body.error.details.map((d) => [d.householdId, d.failed.map((f) => f.criterion)]).sort()).toEqual(
    [
      [poorer, ['income_stable']],
      [unsafe, ['housing_safe']],
    ].sort(),
  );
  expect(r.body.error.message['zh-CN']).toContain('住房为D级危房');
  const rounds = await db().$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM exit_round WHERE village_code = $1`,
    village,
  );
  expect(rounds[0].n).toBe(0);
  // the criteria of one household, as they stand
  const criteria = await call<{ ok: boolean; failed: { criterion: string; label: { en: string } }[] }>(
    'GET',
    `${svc.url}/exits/criteria/${unsafe}`,
    { token: cadre },
  );
  expect(criteria.body).toMatchObject({
    ok: false,
    failed: [{ criterion: 'housing_safe', label: { en: 'safe housing assured' } }],
  });
  // a household that is not registered cannot be proposed at all
  const applicant = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: householdInput(village, 2),
    headers: { 'Idempotency-Key': randomUUID() },
  });
  const notRegistered = await call<{ error: { code: string } }>('POST', `${svc.url}/exits`, {
    token: cadre,
    body: { villageCode: village, incomeYear: 2020, householdIds: [applicant.body.id] },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(notRegistered.status).toBe(409);
  expect(notRegistered.body.error.code).toBe('exit.not_registered');
});

type Refusal = {
  error: {
    code: string;
    message: { en: string; 'zh-CN': string };
    details: { householdId: string; failed: { criterion: string }[]; problems: { 'zh-CN': string }[] }[];
  };
};
type Criteria = { ok: boolean; failed: { criterion: string; label: Record<string, string> }[]; problems: unknown[] };

/** Move the household's observations back to `at` (an instant). */
const observedAt = (id: string, at: string) =>
  db().$executeRawUnsafe(
    `UPDATE living_observation SET observed_at = $2::timestamptz WHERE household_id = $1::uuid`,
    id,
    at,
  );

it('refuses 不愁吃, 不愁穿 and an observation older than the income year, each named; a good household passes', async () => {
  const good = await registered(9000);
  const hungry = await registered(9000, { foodSecure: false });
  const ragged = await registered(9000, { clothingSecure: false });
  const stale = await registered(9000);
  await observedAt(stale, '2019-09-30T15:59:59.999Z'); // 2019-09-30 23:59:59.999 in Shanghai: income year 2019
  const r = await call<Refusal>('POST', `${svc.url}/exits`, {
    token: cadre,
    body: { villageCode: village, incomeYear: 2020, householdIds: [good, hungry, ragged, stale] },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(r.status).toBe(422);
  expect(r.body.error.code).toBe('exit.criteria_not_met');
  const named = (id: string) => r.body.error.details.find((d) => d.householdId === id);
  expect(named(good)).toBeUndefined();
  expect(named(hungry)).toMatchObject({ failed: [{ criterion: 'food_secure' }], problems: [] });
  expect(named(ragged)).toMatchObject({ failed: [{ criterion: 'clothing_secure' }], problems: [] });
  expect(named(stale)).toEqual({
    householdId: stale,
    failed: [],
    problems: [
      {
        'zh-CN': '没有2020年度（2019-10-01起）的入户观察记录',
        en: 'no living-condition observation of income year 2020 (since 2019-10-01)',
      },
    ],
  });
  expect(r.body.error.message['zh-CN']).toContain('不愁吃');
  expect(r.body.error.message['zh-CN']).toContain('不愁穿');
  expect(r.body.error.message['zh-CN']).toContain('没有2020年度');
  expect(r.body.error.message.en).toContain(`${stale}: no living-condition observation of income year 2020`);

  const criteria = (id: string, query = '') =>
    call<Criteria>('GET', `${svc.url}/exits/criteria/${id}${query}`, { token: cadre });
  expect((await criteria(good)).body).toMatchObject({ ok: true, failed: [], problems: [] });
  expect((await criteria(hungry)).body).toMatchObject({
    ok: false,
    failed: [{ criterion: 'food_secure', label: { 'zh-CN': '不愁吃' } }],
  });
  expect((await criteria(ragged)).body.failed).toMatchObject([
    { criterion: 'clothing_secure', label: { 'zh-CN': '不愁穿' } },
  ]);
  // the newest survey is of 2020, so by default the observation must be of 2020 too; of 2019 it is
  expect((await criteria(stale)).body).toMatchObject({
    ok: false,
    failed: [],
    problems: [{ en: expect.stringContaining('2020') }],
  });
  expect((await criteria(stale, '?incomeYear=2019')).body).toMatchObject({ ok: true, problems: [] });
  // made at the first instant of income year 2020 (Shanghai midnight), it counts
  await observedAt(stale, '2019-09-30T16:00:00.000Z');
  expect((await criteria(stale)).body).toMatchObject({ ok: true, problems: [] });
  expect((await criteria(stale, '?incomeYear=20x0')).status).toBe(400);
});

it('records an exit once, with its transition period, and a refusal with its reason', async () => {
  const a = await registered(9000);
  const b = await registered(9000);
  const opened = await call<{ roundId: string }>('POST', `${svc.url}/exits`, {
    token: cadre,
    body: { villageCode: village, incomeYear: 2020, householdIds: [a, b] },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(opened.status).toBe(201);
  const roundId = opened.body.roundId;
  const at = '2026-11-30T02:00:00.000Z';
  const input = {
    roundId,
    transitionMonths: 60,
    outcomes: [
      { householdId: a, outcome: 'exited' as const, step: 'county_announcement' as const, reason: null, at },
      {
        householdId: b,
        outcome: 'stays_registered' as const,
        step: 'household_agreement' as const,
        reason: '户主不同意退出',
        at,
      },
    ],
  };
  const key = `test/${randomUUID()}`;
  await Promise.all(
    [
      recordExitOutcomes(db(), input, key),
      recordExitOutcomes(db(), input, key),
      recordExitOutcomes(db(), input, key),
    ].map((p) => p.catch((e: unknown) => e)),
  );
  await recordExitOutcomes(db(), input, key);

  const [ha] = await db().$queryRawUnsafe<{ status: string; ends: string }[]>(
    `SELECT status, to_char(transition_ends_on, 'YYYY-MM-DD') AS ends FROM household WHERE id = $1::uuid`,
    a,
  );
  expect(ha).toEqual({ status: 'exited', ends: transitionEndsOn(at, 60) });
  expect(ha.ends).toBe('2031-11-29');
  const [hb] = await db().$queryRawUnsafe<{ status: string }[]>(`SELECT status FROM household WHERE id = $1::uuid`, b);
  expect(hb.status).toBe('registered');
  expect((await outboxOf(a)).filter((e) => e.type === 'household.exited')).toEqual([
    {
      type: 'household.exited',
      payload: { householdId: a, villageCode: village, exitedAt: at, transitionEndsOn: '2031-11-29' },
    },
  ]);
  expect((await outboxOf(b)).filter((e) => e.type.startsWith('household.exit'))).toEqual([
    {
      type: 'household.exit-refused',
      payload: {
        householdId: b,
        villageCode: village,
        step: 'household_agreement',
        reason: '户主不同意退出',
        refusedAt: at,
      },
    },
  ]);
  const recorded = await call<{ households: { householdId: string; outcome: string }[] }>(
    'GET',
    `${svc.url}/exits/${roundId}/households`,
    { token: cadre },
  );
  expect(recorded.body.households.map((h) => [h.householdId, h.outcome]).sort()).toEqual(
    [
      [a, 'exited'],
      [b, 'stays_registered'],
    ].sort(),
  );

  // the same outcome under another key (a replayed workflow) cannot exit the household twice
  await recordExitOutcomes(db(), { ...input, outcomes: [input.outcomes[0]] }, `test/${randomUUID()}`);
  expect((await outboxOf(a)).filter((e) => e.type === 'household.exited')).toHaveLength(1);
});
