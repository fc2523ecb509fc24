// Resettlement sites against the real database: registered once per code, read with the homes their cases hold
// (derived from the cases), and the last home of a site under two concurrent plans goes to one of them only.
import { randomUUID } from 'node:crypto';
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  COUNTY,
  OTHER_COUNTY,
  TOWNSHIP,
  type RelocationTestService,
  officer,
  openCase,
  plan,
  registerSite,
  startRelocation,
} from '../test-support';

jest.setTimeout(90_000);

let svc: RelocationTestService;
beforeAll(async () => {
  svc = await startRelocation();
});
afterAll(async () => {
  await svc?.stop();
});

interface Site {
  code: string;
  capacityHomes: number;
  homesAllocated: number;
  homesFree: number;
  gps: { latitude: number; longitude: number } | null;
}

const site = async (code: string) =>
  (await call<Site>('GET', `${svc.url}/sites/${code}`, { token: await officer() })).body;

it('registers a site once per Idempotency-Key, refuses its code again, and lists the county', async () => {
  const token = await officer();
  const key = randomUUID();
  const body = {
    code: `XZ-${randomUUID().slice(0, 8)}`,
    name: '县城东安置区',
    townshipCode: TOWNSHIP,
    mode: 'county_unified',
    placement: 'centralised',
    capacityHomes: 120,
    gps: { latitude: 27.1, longitude: 111.2 },
  };
  const post = (k: string, b: unknown) =>
    call('POST', `${svc.url}/sites`, { token, headers: { 'Idempotency-Key': k }, body: b });
  expect((await post(key, body)).status).toBe(201);
  expect((await post(key, body)).status).toBe(200);
  const again = await post(randomUUID(), body);
  expect(again.status).toBe(409);
  expect(again.body).toMatchObject({ error: { code: 'relocation.site_code_taken', field: 'code' } });
  expect(await site(body.code)).toMatchObject({ capacityHomes: 120, homesAllocated: 0, homesFree: 120, gps: body.gps });
  const list = await call<{ sites: { code: string }[] }>('GET', `${svc.url}/sites?county=${COUNTY}`, {
    token: await testToken('township_reviewer', TOWNSHIP),
  });
  expect(list.body.sites.map((s) => s.code)).toContain(body.code);
  // a village cadre of the county reads the sites to choose one; a cadre of another county does not
  const villageCadre = await testToken('village_cadre', `${TOWNSHIP}201`);
  expect((await call('GET', `${svc.url}/sites/${body.code}`, { token: villageCadre })).status).toBe(200);
  const foreignCadre = await testToken('village_cadre', `${OTHER_COUNTY}101201`);
  expect((await call('GET', `${svc.url}/sites?county=${COUNTY}`, { token: foreignCadre })).status).toBe(403);
  const audited = await withSuperuser(svc.db.url, (c) =>
    c.query(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'relocation.site.register' AND subject_id = $1`,
      [body.code],
    ),
  );
  expect(audited.rows[0].n).toBe(1);
});

it('refuses a site of another county (403), monetary mode, a capacity of 0 and an unknown placement (400)', async () => {
  const base = {
    code: `XZ-${randomUUID().slice(0, 8)}`,
    name: '安置点',
    townshipCode: TOWNSHIP,
    mode: 'nearby',
    placement: 'scattered',
    capacityHomes: 5,
  };
  const post = async (token: string, body: unknown) =>
    call<{ error: { field: string } }>('POST', `${svc.url}/sites`, {
      token,
      headers: { 'Idempotency-Key': randomUUID() },
      body,
    });
  expect((await post(await officer(OTHER_COUNTY), base)).status).toBe(403);
  for (const [field, value] of [
    ['mode', 'monetary'],
    ['capacityHomes', 0],
    ['placement', 'elsewhere'],
  ] as const) {
    const r = await post(await officer(), { ...base, [field]: value });
    expect({ field, status: r.status, named: r.body.error.field }).toEqual({ field, status: 400, named: field });
  }
  expect((await call('GET', `${svc.url}/sites/NOPE-1`, { token: await officer() })).status).toBe(404);
});

it('counts the homes of a site from its cases: a plan takes one, a withdrawal gives it back', async () => {
  const code = await registerSite(svc, { capacityHomes: 3 });
  const a = await openCase(svc, 3);
  expect((await plan(svc, a.token, a.caseId, { mode: 'nearby', siteCode: code, areaM2: 75 })).status).toBe(200);
  expect(await site(code)).toMatchObject({ homesAllocated: 1, homesFree: 2 });
  const withdrawn = await call('POST', `${svc.url}/cases/${a.caseId}/withdraw`, {
    token: a.token,
    body: { reason: '户主改变主意，自愿留在原村' },
  });
  expect(withdrawn.status).toBe(201);
  expect(await site(code)).toMatchObject({ homesAllocated: 0, homesFree: 3 });
});

it('gives the last home of a site to one of two concurrent plans; the other gets 409 with the figures', async () => {
  const code = await registerSite(svc, { capacityHomes: 1 });
  const [a, b] = await Promise.all([openCase(svc, 2), openCase(svc, 2)]);
  const results = await Promise.all(
    [a, b].map((c) => plan(svc, c.token, c.caseId, { mode: 'nearby', siteCode: code, areaM2: 50 })),
  );
  expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
  const refused = results.find((r) => r.status === 409)!;
  expect(refused.body.error).toMatchObject({
    code: 'relocation.site_full',
    field: 'siteCode',
    details: { siteCode: code, capacityHomes: 1, homesAllocated: 1 },
  });
  expect(await site(code)).toMatchObject({ homesAllocated: 1, homesFree: 0 });
  const planned = await withSuperuser(svc.db.url, (c) =>
    c.query(`SELECT count(*)::int AS n FROM relocation_case WHERE site_code = $1`, [code]),
  );
  expect(planned.rows[0].n).toBe(1);
});
