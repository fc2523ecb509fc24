// 财政扶持产业 on a real PostgreSQL: the year's catalogue, supports priced from it exactly, the household's signature
// on delivery once, the survival check not before delivery + N months and once; production income sent to
// identification as income.recorded through the outbox, once per Idempotency-Key.
import { randomUUID } from 'node:crypto';
import { addDays, addMonthsClamped, shanghaiDay } from '@fupin/industry-rules';
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  COUNTY,
  type IndustryTestService,
  freshVillage,
  industryOfficer,
  registerHousehold,
  startIndustry,
} from '../test-support';

// starting the service on a busy machine takes longer than jest's default 5 s
jest.setTimeout(60_000);
let svc: IndustryTestService;
beforeAll(async () => {
  svc = await startIndustry({ INDUSTRY_FISCAL_SURVIVAL_MONTHS: '6' });
});
afterAll(async () => {
  await svc?.stop();
});

interface Line {
  itemCode: string;
  quantity: number;
  unitPriceFen: number;
  amountFen: number;
  survivalMonths: number;
  surviving: number | null;
  survivalRateBp: number | null;
}
interface Body {
  id?: string;
  totalFen?: number;
  lines?: Line[];
  items?: { code: string; survivalMonths: number }[];
  delivery?: { signedBy: string; signedOn: string; documentRef: string } | null;
  survivalCheckFrom?: string | null;
  survivalCheck?: { checkedOn: string; evidenceRefs: string[] } | null;
  supports?: { id: string }[];
  incomeId?: string;
  incomes?: { incomeId: string }[];
  error?: { code: string; field?: string; message?: { en: string }; details?: unknown };
}

const today = shanghaiDay(Date.now());
const cadre = (village: string) => testToken('village_cadre', village, { subject: `cadre-${village}` });

const items = [
  {
    code: 'cattle',
    nameZh: '西门塔尔牛',
    nameEn: 'Simmental cattle',
    unit: '头',
    unitPriceFen: 850_000,
    kind: 'livestock',
  },
  {
    code: 'sheep',
    nameZh: '湖羊',
    nameEn: 'Hu sheep',
    unit: '只',
    unitPriceFen: 99_999,
    kind: 'livestock',
    survivalMonths: 3,
  },
  {
    code: 'tea',
    nameZh: '茶苗',
    nameEn: 'tea seedlings',
    unit: '株',
    unitPriceFen: 37,
    kind: 'seedling',
    survivalMonths: 2,
  },
];

const putCatalogue = async (year: number, body: Record<string, unknown> = {}) =>
  call<Body>('PUT', `${svc.url}/fiscal-catalogues/${year}`, {
    token: await industryOfficer(),
    body: { countyCode: COUNTY, items, ...body },
  });

const support = async (body: Record<string, unknown>, key = randomUUID()) =>
  call<Body>('POST', `${svc.url}/fiscal-support`, {
    token: await industryOfficer(),
    headers: { 'Idempotency-Key': key },
    body,
  });

const audits = async (subjectId: string, action: string) =>
  (
    await withSuperuser(svc.db.url, (c) =>
      c.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_record WHERE subject_id = $1 AND action = $2`, [
        subjectId,
        action,
      ]),
    )
  ).rows[0].n;

it('sets the year’s catalogue (survival months defaulted from configuration) and reads it back in the county', async () => {
  const put = await putCatalogue(2026);
  expect(put.status).toBe(200);
  expect(put.body.items?.map((i) => [i.code, i.survivalMonths])).toEqual([
    ['cattle', 6],
    ['sheep', 3],
    ['tea', 2],
  ]);
  const village = freshVillage();
  const read = await call<Body>('GET', `${svc.url}/fiscal-catalogues/2026?county=${COUNTY}`, {
    token: await cadre(village),
  });
  expect([read.status, read.body.items?.length]).toEqual([200, 3]);
  const none = await call<Body>('GET', `${svc.url}/fiscal-catalogues/2019?county=${COUNTY}`, {
    token: await industryOfficer(),
  });
  expect([none.status, none.body.error?.code]).toEqual([404, 'industry.fiscal_catalogue_not_found']);
  const twice = await putCatalogue(2026, { items: [items[0], items[0]] });
  expect([twice.status, twice.body.error?.field]).toEqual([422, 'items[1].code']);
  expect(await audits(`${COUNTY}:2026`, 'industry.fiscal.catalogue')).toBe(1);
});

it('prices a support exactly, per line and in total, once per Idempotency-Key', async () => {
  await putCatalogue(2026);
  const householdId = await registerHousehold(svc, freshVillage());
  const key = randomUUID();
  const body = {
    householdId,
    catalogueYear: 2026,
    decidedOn: '2026-03-01',
    lines: [
      { itemCode: 'cattle', quantity: 2 },
      { itemCode: 'sheep', quantity: 20 },
      { itemCode: 'tea', quantity: 3_333 },
    ],
  };
  const r = await support(body, key);
  expect(r.status).toBe(201);
  expect(r.body.lines?.map((l) => [l.itemCode, l.unitPriceFen, l.amountFen])).toEqual([
    ['cattle', 850_000, 1_700_000],
    ['sheep', 99_999, 1_999_980],
    ['tea', 37, 123_321],
  ]);
  expect(r.body.totalFen).toBe(3_823_301);
  const again = await support(body, key);
  expect([again.status, again.body.id]).toEqual([200, r.body.id]);
  const list = await call<Body>('GET', `${svc.url}/fiscal-support?division=${COUNTY}&householdId=${householdId}`, {
    token: await industryOfficer(),
  });
  expect(list.body.supports?.map((s) => s.id)).toEqual([r.body.id]);
  expect(await audits(r.body.id!, 'industry.fiscal.support')).toBe(1);
});

it('refuses an unknown item, a catalogue of another year, and a household not registered, naming the field', async () => {
  await putCatalogue(2025);
  const householdId = await registerHousehold(svc, freshVillage());
  const base = { householdId, catalogueYear: 2026, decidedOn: '2026-05-01' };
  const unknown = await support({
    ...base,
    lines: [
      { itemCode: 'cattle', quantity: 1 },
      { itemCode: 'pig', quantity: 1 },
    ],
  });
  expect([unknown.status, unknown.body.error?.code, unknown.body.error?.field]).toEqual([
    422,
    'industry.catalogue_item',
    'lines[1].itemCode',
  ]);
  const otherYear = await support({ ...base, catalogueYear: 2025, lines: [{ itemCode: 'cattle', quantity: 1 }] });
  expect([otherYear.status, otherYear.body.error?.code, otherYear.body.error?.field]).toEqual([
    422,
    'industry.catalogue_year',
    'catalogueYear',
  ]);
  const noCatalogue = await support({
    ...base,
    catalogueYear: 2018,
    decidedOn: '2018-05-01',
    lines: [{ itemCode: 'cattle', quantity: 1 }],
  });
  expect([noCatalogue.status, noCatalogue.body.error?.field]).toEqual([422, 'catalogueYear']);
  const stranger = await support({ ...base, householdId: randomUUID(), lines: [{ itemCode: 'cattle', quantity: 1 }] });
  expect([stranger.status, stranger.body.error?.field]).toEqual([422, 'householdId']);
  const rows = await withSuperuser(svc.db.url, (c) =>
    c.query<{ n: number }>(`SELECT count(*)::int AS n FROM fiscal_support WHERE household_id = $1::uuid`, [
      householdId,
    ]),
  );
  expect(rows.rows[0].n).toBe(0);
});

it('records the delivery once, then the survival check: too early refused naming the day, then once', async () => {
  // delivered 7 months ago: the cattle's 6 months have passed, so the check is possible from delivery + 6 months
  const deliveredOn = addMonthsClamped(today, -7);
  const year = Number(deliveredOn.slice(0, 4));
  await putCatalogue(year);
  const village = freshVillage();
  const householdId = await registerHousehold(svc, village);
  const created = await support({
    householdId,
    catalogueYear: year,
    decidedOn: deliveredOn,
    lines: [
      { itemCode: 'cattle', quantity: 2 },
      { itemCode: 'tea', quantity: 3 },
    ],
  });
  expect(created.status).toBe(201);
  const id = created.body.id!;
  const post = async (path: string, body: unknown, token?: string) =>
    call<Body>('POST', `${svc.url}/fiscal-support/${id}/${path}`, { token: token ?? (await cadre(village)), body });
  const check = (checkedOn: string) => ({
    checkedOn,
    lines: [
      { itemCode: 'cattle', surviving: 2 },
      { itemCode: 'tea', surviving: 2 },
    ],
    evidenceRefs: ['photo-001', 'village-record-7'],
  });

  const undelivered = await post('survival-check', check(today));
  expect([undelivered.status, undelivered.body.error?.code]).toEqual([409, 'industry.fiscal_not_delivered']);
  const elsewhere = await post(
    'delivery',
    { signedBy: '李大山', signedOn: deliveredOn, documentRef: 'QS-1' },
    await cadre(freshVillage()),
  );
  expect(elsewhere.status).toBe(403);

  const delivery = { signedBy: '李大山', signedOn: deliveredOn, documentRef: 'QS-2026-001' };
  const delivered = await post('delivery', delivery);
  expect(delivered.status).toBe(200);
  const opens = addMonthsClamped(deliveredOn, 6);
  expect(delivered.body).toMatchObject({ delivery, survivalCheckFrom: opens });
  const second = await post('delivery', { ...delivery, documentRef: 'QS-2026-002' });
  expect([second.status, second.body.error?.code]).toEqual([409, 'industry.fiscal_already_delivered']);

  const early = await post('survival-check', check(addDays(opens, -1)));
  expect([early.status, early.body.error?.code, early.body.error?.field]).toEqual([
    422,
    'industry.survival_check_too_early',
    'checkedOn',
  ]);
  expect(early.body.error?.message?.en).toContain(opens);
  const tooMany = await post('survival-check', { ...check(opens), lines: [{ itemCode: 'cattle', surviving: 3 }] });
  expect([tooMany.status, tooMany.body.error?.field]).toEqual([422, 'lines[0].surviving']);

  const checked = await post('survival-check', check(opens));
  expect(checked.status).toBe(200);
  expect(checked.body.lines?.map((l) => [l.itemCode, l.surviving, l.survivalRateBp])).toEqual([
    ['cattle', 2, 10_000],
    ['tea', 2, 6_667],
  ]);
  expect(checked.body.survivalCheck).toMatchObject({
    checkedOn: opens,
    evidenceRefs: ['photo-001', 'village-record-7'],
  });
  const again = await post('survival-check', check(today));
  expect([again.status, again.body.error?.code]).toEqual([409, 'industry.survival_already_checked']);

  expect([await audits(id, 'industry.fiscal.delivery'), await audits(id, 'industry.fiscal.survival_check')]).toEqual([
    1, 1,
  ]);
});

it('records one delivery when three are signed at once; the others answer 409', async () => {
  await putCatalogue(Number(today.slice(0, 4)));
  const village = freshVillage();
  const householdId = await registerHousehold(svc, village);
  const created = await support({
    householdId,
    catalogueYear: Number(today.slice(0, 4)),
    lines: [{ itemCode: 'sheep', quantity: 20 }],
  });
  expect([created.status, created.body.survivalCheckFrom]).toEqual([201, null]);
  const token = await cadre(village);
  const results = await Promise.all(
    ['QS-A', 'QS-B', 'QS-C'].map((documentRef) =>
      call<Body>('POST', `${svc.url}/fiscal-support/${created.body.id}/delivery`, {
        token,
        body: { signedBy: '李大山', signedOn: today, documentRef },
      }),
    ),
  );
  expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409]);
  expect(await audits(created.body.id!, 'industry.fiscal.delivery')).toBe(1);
});

it('records production income and emits income.recorded (source production) once per Idempotency-Key', async () => {
  const village = freshVillage();
  const householdId = await registerHousehold(svc, village);
  const key = randomUUID();
  const input = { earnedOn: addDays(today, -3), amountFen: 1_234_567, reference: '出售肉牛1头 收据 0042' };
  const record = async (token: string, body: unknown = input, k = key) =>
    call<Body>('POST', `${svc.url}/households/${householdId}/production-income`, {
      token,
      headers: { 'Idempotency-Key': k },
      body,
    });
  const first = await record(await cadre(village));
  expect(first.status).toBe(201);
  const replay = await record(await cadre(village));
  expect([replay.status, replay.body.incomeId]).toEqual([200, first.body.incomeId]);
  const outsider = await record(await cadre(freshVillage()), input, randomUUID());
  expect(outsider.status).toBe(403);
  const future = await record(await industryOfficer(), { ...input, earnedOn: addDays(today, 2) }, randomUUID());
  expect([future.status, future.body.error?.field]).toEqual([422, 'earnedOn']);

  const events = await withSuperuser(svc.db.url, (c) =>
    c.query<{ topic: string; envelope: { payload: Record<string, unknown> } }>(
      `SELECT topic, envelope FROM outbox_event WHERE type = 'income.recorded' AND aggregate_id = $1`,
      [householdId],
    ),
  );
  expect(events.rows).toHaveLength(1);
  expect(events.rows[0].topic).toBe('industry.income');
  expect(events.rows[0].envelope.payload).toEqual({
    householdId,
    villageCode: village,
    incomeId: first.body.incomeId,
    source: 'production',
    ...input,
  });
  const list = await call<Body>('GET', `${svc.url}/households/${householdId}/production-income`, {
    token: await industryOfficer(),
  });
  expect(list.body.incomes?.map((i) => i.incomeId)).toEqual([first.body.incomeId]);
  expect(await audits(householdId, 'industry.production_income')).toBe(1);
});
