// 扶贫菜单 and 点菜 on a real PostgreSQL: the county sets a village's menu for the year; the village cadre records a
// registered household's signed choice (each item once a year); a household without labour asking for labour items
// is refused and pointed to 低保 — industry.no-labour through the outbox exactly once per household, year and items.
import { randomUUID } from 'node:crypto';
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  type IndustryTestService,
  OTHER_COUNTY,
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
  items?: { itemId: string; requiresLabour: boolean; terms?: string }[];
  choices?: { id: string; year: number; items: { itemId: string }[] }[];
  noLabourRefusals?: { year: number; refusedItemIds: string[] }[];
  signature?: { signedBy: string; documentRef: string };
  error?: { code: string; field?: string; message?: { 'zh-CN': string; en: string } };
}

const cadre = (village: string) => testToken('village_cadre', village, { subject: `cadre-${village}` });

const items = [
  { itemId: 'loan', kind: 'loan', requiresLabour: true, terms: '5万元以下、3年以内，免担保免抵押，财政全额贴息' },
  { itemId: 'dividend', kind: 'dividend', requiresLabour: false, terms: '入股合作社，年分红不低于3000元' },
  {
    itemId: 'ranger',
    kind: 'employment',
    requiresLabour: true,
    title: { 'zh-CN': '生态护林员', en: 'ecological forest ranger' },
    terms: '每月800元',
  },
];

const putMenu = async (village: string, year: number, body: unknown = { items }, token?: string) =>
  call<Body>('PUT', `${svc.url}/menus/${village}/${year}`, { token: token ?? (await industryOfficer()), body });

const signature = { signedBy: '李大山', signedOn: '2026-03-02', documentRef: 'DC-2026-0001' };
const choose = async (village: string, householdId: string, body: Record<string, unknown>, key = randomUUID()) =>
  call<Body>('POST', `${svc.url}/households/${householdId}/menu-choices`, {
    token: await cadre(village),
    headers: { 'Idempotency-Key': key },
    body: { year: 2026, labourMembers: 2, signature, ...body },
  });

const sql = async <T extends object>(text: string, params: unknown[]) =>
  (await withSuperuser(svc.db.url, (c) => c.query<T>(text, params))).rows;

it('sets a village menu, reads it (all of it, or what a household without labour may take), audited', async () => {
  const village = freshVillage();
  const put = await putMenu(village, 2026);
  expect(put.status).toBe(200);
  expect(put.body.items?.map((i) => i.itemId)).toEqual(['loan', 'dividend', 'ranger']);
  const read = await call<Body>('GET', `${svc.url}/menus/${village}/2026`, { token: await cadre(village) });
  expect([read.status, read.body.items?.length]).toEqual([200, 3]);
  const noLabour = await call<Body>('GET', `${svc.url}/menus/${village}/2026?labourMembers=0`, {
    token: await cadre(village),
  });
  expect(noLabour.body.items?.map((i) => i.itemId)).toEqual(['dividend']);
  // replaced, not merged
  expect((await putMenu(village, 2026, { items: items.slice(0, 2) })).body.items).toHaveLength(2);
  const audits = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_record WHERE action = 'industry.menu.set' AND subject_id = $1`,
    [`${village}:2026`],
  );
  expect(audits[0].n).toBe(2);

  const none = await call<Body>('GET', `${svc.url}/menus/${village}/2019`, { token: await industryOfficer() });
  expect([none.status, none.body.error?.code]).toEqual([404, 'industry.menu_not_found']);
  const twice = await putMenu(village, 2027, { items: [items[0], items[0]] });
  expect([twice.status, twice.body.error?.code, twice.body.error?.field]).toEqual([
    422,
    'industry.duplicate_item',
    'items[1].itemId',
  ]);
  const empty = await putMenu(village, 2027, { items: [] });
  expect([empty.status, empty.body.error?.code]).toEqual([422, 'industry.menu_empty']);
  const stranger = await putMenu(village, 2027, { items }, await industryOfficer(OTHER_COUNTY));
  expect(stranger.status).toBe(403);
  const byCadre = await putMenu(village, 2027, { items }, await cadre(village));
  expect(byCadre.status).toBe(403);
});

it('records the household’s signed choice once, each item once a year, audited', async () => {
  const village = freshVillage();
  await putMenu(village, 2026);
  const householdId = await registerHousehold(svc, village, 3);
  const key = randomUUID();
  const first = await choose(village, householdId, { itemIds: ['loan', 'dividend'] }, key);
  expect(first.status).toBe(201);
  expect(first.body.items?.map((i) => [i.itemId, i.requiresLabour])).toEqual([
    ['dividend', false],
    ['loan', true],
  ]);
  expect(first.body.signature).toEqual(signature);
  const replay = await choose(village, householdId, { itemIds: ['loan', 'dividend'] }, key);
  expect([replay.status, replay.body.id]).toEqual([200, first.body.id]);
  const again = await choose(village, householdId, { itemIds: ['ranger', 'loan'] });
  expect([again.status, again.body.error?.code, again.body.error?.field]).toEqual([
    409,
    'industry.item_already_chosen',
    'itemIds',
  ]);
  expect((await choose(village, householdId, { itemIds: ['ranger'] })).status).toBe(201);

  const list = await call<Body>('GET', `${svc.url}/households/${householdId}/menu-choices`, {
    token: await industryOfficer(),
  });
  expect(list.body.choices?.map((c) => c.items.map((i) => i.itemId))).toEqual([['dividend', 'loan'], ['ranger']]);
  const audits = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_record WHERE action = 'industry.menu.choice' AND subject_id = $1`,
    [householdId],
  );
  expect(audits[0].n).toBe(2);
});

it('refuses a household not registered, another village’s cadre, items off the menu, no menu, bad labour figures', async () => {
  const village = freshVillage();
  await putMenu(village, 2026);
  const householdId = await registerHousehold(svc, village, 2);
  const unknown = await choose(village, randomUUID(), { itemIds: ['loan'] });
  expect([unknown.status, unknown.body.error?.code]).toEqual([422, 'industry.registered_household']);
  const other = await call<Body>('POST', `${svc.url}/households/${householdId}/menu-choices`, {
    token: await cadre(freshVillage()),
    headers: { 'Idempotency-Key': randomUUID() },
    body: { year: 2026, labourMembers: 1, itemIds: ['loan'], signature },
  });
  expect([other.status, other.body.error?.code]).toEqual([403, 'auth.out_of_jurisdiction']);
  const byOffice = await call<Body>('POST', `${svc.url}/households/${householdId}/menu-choices`, {
    token: await industryOfficer(),
    headers: { 'Idempotency-Key': randomUUID() },
    body: { year: 2026, labourMembers: 1, itemIds: ['loan'], signature },
  });
  expect(byOffice.status).toBe(403);
  const offMenu = await choose(village, householdId, { itemIds: ['loan', 'cattle'] });
  expect([offMenu.status, offMenu.body.error?.code, offMenu.body.error?.field]).toEqual([
    422,
    'industry.not_on_menu',
    'itemIds[1]',
  ]);
  const noMenu = await choose(village, householdId, { year: 2025, itemIds: ['loan'] });
  expect([noMenu.status, noMenu.body.error?.code]).toEqual([422, 'industry.menu_missing']);
  const tooMany = await choose(village, householdId, { labourMembers: 3, itemIds: ['loan'] });
  expect([tooMany.status, tooMany.body.error?.field]).toEqual([422, 'labourMembers']);
  const unsigned = await choose(village, householdId, { itemIds: [], signature: { ...signature, documentRef: ' ' } });
  expect(unsigned.status).toBeGreaterThanOrEqual(400);
  expect(unsigned.status).toBeLessThan(500);
  const rows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM menu_choice WHERE household_id = $1`, [
    householdId,
  ]);
  expect(rows[0].n).toBe(0);
});

it('refuses labour items to a household without labour, pointing it to 低保: industry.no-labour exactly once', async () => {
  const village = freshVillage();
  await putMenu(village, 2026);
  const householdId = await registerHousehold(svc, village, 2);
  const ask = () => choose(village, householdId, { labourMembers: 0, itemIds: ['dividend', 'ranger', 'loan'] });
  const refused = await ask();
  expect([refused.status, refused.body.error?.code, refused.body.error?.field]).toEqual([
    422,
    'industry.no_labour',
    'itemIds[1]',
  ]);
  expect(refused.body.error?.message?.['zh-CN']).toContain('低保');
  // asked again, twice at once: refused each time, recorded and published once
  const again = await Promise.all([ask(), ask()]);
  expect(again.map((r) => r.body.error?.code)).toEqual(['industry.no_labour', 'industry.no_labour']);

  const events = await sql<{ topic: string; envelope: { payload: Record<string, unknown> } }>(
    `SELECT topic, envelope FROM outbox_event WHERE type = 'industry.no-labour' AND aggregate_id = $1`,
    [householdId],
  );
  expect(events).toHaveLength(1);
  expect(events[0].topic).toBe('industry.household');
  expect(events[0].envelope.payload).toMatchObject({
    householdId,
    villageCode: village,
    year: 2026,
    refusedItemIds: ['loan', 'ranger'],
  });
  const audits = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_record WHERE action = 'industry.menu.no_labour' AND subject_id = $1`,
    [householdId],
  );
  expect(audits[0].n).toBe(1);
  // another set of labour items is another referral
  expect((await choose(village, householdId, { labourMembers: 0, itemIds: ['loan'] })).status).toBe(422);
  const count = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox_event WHERE type = 'industry.no-labour' AND aggregate_id = $1`,
    [householdId],
  );
  expect(count[0].n).toBe(2);

  // nothing chosen meanwhile; the item without labour stays open
  const list = await call<Body>('GET', `${svc.url}/households/${householdId}/menu-choices`, {
    token: await cadre(village),
  });
  expect(list.body.choices).toEqual([]);
  expect(list.body.noLabourRefusals?.map((r) => r.refusedItemIds)).toEqual([['loan', 'ranger'], ['loan']]);
  expect((await choose(village, householdId, { labourMembers: 0, itemIds: ['dividend'] })).status).toBe(201);
});
