// 就业扶贫 on a real PostgreSQL: jobs at partners of the county and public-welfare posts; members of registered
// households placed in them (employment.placed through the outbox); each month's wage recorded once — even when
// posted twice at once — with income.recorded (source wage) for identification.
import { randomUUID } from 'node:crypto';
import { addMonthsClamped, shanghaiDay } from '@fupin/industry-rules';
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  COUNTY,
  type IndustryTestService,
  OTHER_COUNTY,
  creditCode,
  freshVillage,
  industryOfficer,
  registerHousehold,
  startIndustry,
} from '../test-support';

// starting the service on a busy machine takes longer than jest's default 5 s
jest.setTimeout(60_000);
let svc: IndustryTestService;
beforeAll(async () => {
  svc = await startIndustry();
});
afterAll(async () => {
  await svc?.stop();
});

interface Body {
  id?: string;
  kind?: string;
  placed?: number;
  jobs?: { id: string }[];
  placements?: { id: string; idNumber: string }[];
  householdId?: string;
  wages?: { month: string; amountFen: number; earnedOn: string; incomeId: string }[];
  error?: { code: string; field?: string };
}

const cadre = (village: string) => testToken('village_cadre', village, { subject: `cadre-${village}` });
const post = async (path: string, body: unknown, token?: string, key = randomUUID()) =>
  call<Body>('POST', `${svc.url}${path}`, {
    token: token ?? (await industryOfficer()),
    headers: { 'Idempotency-Key': key },
    body,
  });
const sql = async <T extends object>(text: string, params: unknown[]) =>
  (await withSuperuser(svc.db.url, (c) => c.query<T>(text, params))).rows;

async function partner(county = COUNTY): Promise<string> {
  const r = await post(
    '/partners',
    {
      creditCode: creditCode(county),
      name: '湘西黄牛养殖专业合作社',
      kind: 'cooperative',
      countyCode: county,
      bankAccountRef: 'ACC-1',
    },
    await industryOfficer(county),
  );
  expect(r.status).toBe(201);
  return r.body.id!;
}

const members = async (householdId: string) =>
  (
    await sql<{ id_number: string }>(`SELECT id_number FROM registered_person WHERE household_id = $1 ORDER BY 1`, [
      householdId,
    ])
  ).map((r) => r.id_number);

const ranger = (village: string, positions = 2) => ({
  kind: 'public_welfare_post',
  category: 'ecological_ranger',
  postName: '生态护林员',
  divisionCode: village,
  monthlyWageFen: 80_000,
  positions,
});

it('opens jobs at a partner of the county and public-welfare posts; refuses a partner of another county', async () => {
  const partnerId = await partner();
  const village = freshVillage();
  const job = await post('/jobs', {
    kind: 'partner_job',
    partnerId,
    postName: '养殖场饲养员',
    divisionCode: village.slice(0, 9),
    monthlyWageFen: 300_000,
    positions: 5,
  });
  expect([job.status, job.body.kind, job.body.placed]).toEqual([201, 'partner_job', 0]);
  const post2 = await post('/jobs', ranger(village));
  expect(post2.status).toBe(201);

  const elsewhere = await post('/jobs', {
    kind: 'partner_job',
    partnerId: await partner(OTHER_COUNTY),
    postName: '包装工',
    divisionCode: COUNTY,
    monthlyWageFen: 250_000,
  });
  expect([elsewhere.status, elsewhere.body.error?.code, elsewhere.body.error?.field]).toEqual([
    422,
    'industry.partner_other_county',
    'partnerId',
  ]);
  const unknown = await post('/jobs', {
    kind: 'partner_job',
    partnerId: randomUUID(),
    postName: 'x',
    divisionCode: COUNTY,
    monthlyWageFen: 1,
  });
  expect([unknown.status, unknown.body.error?.code]).toEqual([422, 'industry.partner_unknown']);
  const noPartner = await post('/jobs', {
    kind: 'partner_job',
    postName: 'x',
    divisionCode: COUNTY,
    monthlyWageFen: 1,
  });
  expect([noPartner.status, noPartner.body.error?.code, noPartner.body.error?.field]).toEqual([
    422,
    'industry.partner_required',
    'partnerId',
  ]);
  const noCategory = await post('/jobs', { ...ranger(village), category: undefined });
  expect([noCategory.status, noCategory.body.error?.code]).toEqual([422, 'industry.category_required']);
  expect((await post('/jobs', ranger(village), await cadre(village))).status).toBe(403);

  // a village cadre reads the county's jobs
  const list = await call<Body>('GET', `${svc.url}/jobs?division=${village.slice(0, 9)}`, {
    token: await cadre(village),
  });
  expect(list.status).toBe(200);
  expect(list.body.jobs?.map((j) => j.id)).toEqual([post2.body.id, job.body.id]);
  const count = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM employment_job WHERE division_code LIKE $1`, [
    `${village.slice(0, 9)}%`,
  ]);
  expect(count[0].n).toBe(2);
});

it('places a member of a registered household once (employment.placed) and never beyond the positions', async () => {
  const village = freshVillage();
  const householdId = await registerHousehold(svc, village, 3);
  const [a, b, c] = await members(householdId);
  const job = (await post('/jobs', ranger(village, 2))).body;
  const startedOn = shanghaiDay(Date.now());
  const key = randomUUID();
  const placed = await post(
    `/jobs/${job.id}/placements`,
    { idNumber: a, startedOn, monthlyWageFen: 80_000 },
    await cadre(village),
    key,
  );
  expect([placed.status, placed.body.householdId]).toEqual([201, householdId]);
  const replay = await post(
    `/jobs/${job.id}/placements`,
    { idNumber: a, startedOn, monthlyWageFen: 80_000 },
    await cadre(village),
    key,
  );
  expect([replay.status, replay.body.id]).toEqual([200, placed.body.id]);
  const twice = await post(`/jobs/${job.id}/placements`, { idNumber: a, startedOn, monthlyWageFen: 80_000 });
  expect([twice.status, twice.body.error?.code]).toEqual([409, 'industry.already_placed']);
  expect((await post(`/jobs/${job.id}/placements`, { idNumber: b, startedOn, monthlyWageFen: 80_000 })).status).toBe(
    201,
  );
  const full = await post(`/jobs/${job.id}/placements`, { idNumber: c, startedOn, monthlyWageFen: 80_000 });
  expect([full.status, full.body.error?.code]).toEqual([409, 'industry.job_full']);

  const stranger = await post(`/jobs/${job.id}/placements`, {
    idNumber: '43052319900101123X',
    startedOn,
    monthlyWageFen: 80_000,
  });
  expect([stranger.status, stranger.body.error?.code, stranger.body.error?.field]).toEqual([
    422,
    'industry.not_registered_member',
    'idNumber',
  ]);
  const otherCadre = await post(
    `/jobs/${job.id}/placements`,
    { idNumber: c, startedOn, monthlyWageFen: 80_000 },
    await cadre(freshVillage()),
  );
  expect(otherCadre.status).toBe(403);

  const events = await sql<{ topic: string; envelope: { payload: Record<string, unknown> } }>(
    `SELECT topic, envelope FROM outbox_event WHERE type = 'employment.placed' AND aggregate_id = $1 ORDER BY seq`,
    [householdId],
  );
  expect(events).toHaveLength(2);
  expect(events[0].topic).toBe('industry.employment');
  expect(events[0].envelope.payload).toEqual({
    householdId,
    villageCode: village,
    placementId: placed.body.id,
    jobKind: 'public_welfare_post',
    partnerId: null,
    postName: '生态护林员',
    startedOn,
    monthlyWageFen: 80_000,
  });
  const got = await call<Body>('GET', `${svc.url}/jobs/${job.id}`, { token: await industryOfficer() });
  expect([got.body.placed, got.body.placements?.map((p) => p.idNumber)]).toEqual([2, [a, b]]);
});

it('records each month’s wage once, even posted twice at once, with income.recorded; refuses months out of range', async () => {
  const village = freshVillage();
  const householdId = await registerHousehold(svc, village, 2);
  const [a] = await members(householdId);
  const job = (await post('/jobs', ranger(village, 1))).body;
  const today = shanghaiDay(Date.now());
  const startedOn = addMonthsClamped(today, -2);
  const placement = (await post(`/jobs/${job.id}/placements`, { idNumber: a, startedOn, monthlyWageFen: 80_000 })).body;
  const month = startedOn.slice(0, 7);
  const wage = (body: unknown, key?: ReturnType<typeof randomUUID>) =>
    post(`/placements/${placement.id}/wages`, body, undefined, key);

  const before = await wage({ month: addMonthsClamped(startedOn, -1).slice(0, 7), amountFen: 80_000 });
  expect([before.status, before.body.error?.code, before.body.error?.field]).toEqual([
    422,
    'industry.wage_before_start',
    'month',
  ]);
  const future = await wage({ month: addMonthsClamped(today, 1).slice(0, 7), amountFen: 80_000 });
  expect([future.status, future.body.error?.code]).toEqual([422, 'industry.wage_month_future']);

  const results = await Promise.all([wage({ month, amountFen: 80_000 }), wage({ month, amountFen: 80_000 })]);
  expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  expect(results.find((r) => r.status === 409)?.body.error?.code).toBe('industry.wage_already_recorded');
  const wageKey = randomUUID();
  const current = await wage({ month: today.slice(0, 7), amountFen: 75_000 }, wageKey);
  expect(current.status).toBe(201);
  expect((await wage({ month: today.slice(0, 7), amountFen: 75_000 }, wageKey)).status).toBe(200);

  const got = await call<Body>('GET', `${svc.url}/placements/${placement.id}`, { token: await cadre(village) });
  expect(got.body.wages?.map((w) => [w.month, w.amountFen])).toEqual([
    [month, 80_000],
    [today.slice(0, 7), 75_000],
  ]);
  expect(got.body.wages?.[1].earnedOn).toBe(today);
  const events = await sql<{ topic: string; envelope: { payload: Record<string, unknown> } }>(
    `SELECT topic, envelope FROM outbox_event WHERE type = 'income.recorded' AND aggregate_id = $1 ORDER BY seq`,
    [householdId],
  );
  expect(events).toHaveLength(2);
  expect(events[0].topic).toBe('industry.income');
  expect(events[0].envelope.payload).toEqual({
    householdId,
    villageCode: village,
    incomeId: got.body.wages?.[0].incomeId,
    source: 'wage',
    amountFen: 80_000,
    earnedOn: got.body.wages?.[0].earnedOn,
    reference: `placement:${placement.id}:${month}`,
  });
  const audits = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_record WHERE action = 'industry.employment.wage' AND subject_id = $1`,
    [placement.id],
  );
  expect(audits[0].n).toBe(2);
});
