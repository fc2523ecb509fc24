// Designated relocation areas against the real database: the county office designates its villages, with the reason
// on the audit chain; another county's officer, a village cadre and a bad body are refused.
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  COUNTY,
  OTHER_COUNTY,
  type RelocationTestService,
  freshVillage,
  officer,
  startRelocation,
} from '../test-support';

jest.setTimeout(60_000);

let svc: RelocationTestService;
beforeAll(async () => {
  svc = await startRelocation();
});
afterAll(async () => {
  await svc?.stop();
});

it('designates a village, lifts the designation, and lists the county; each decision is audited with its reason', async () => {
  const village = freshVillage();
  const token = await officer();
  const put = (designated: boolean, reason: string) =>
    call<{ designated: boolean; countyCode: string }>('PUT', `${svc.url}/areas/${village}`, {
      token,
      body: { designated, reason, year: 2026 },
    });
  const first = await put(true, '石漠化严重，一方水土养不好一方人');
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ villageCode: village, countyCode: COUNTY, designated: true, year: 2026 });
  expect((await put(false, '地质灾害已治理')).body.designated).toBe(false);

  const approver = await testToken('county_approver', COUNTY);
  const list = await call<{ areas: { villageCode: string; designated: boolean }[] }>(
    'GET',
    `${svc.url}/areas?county=${COUNTY}`,
    { token: approver },
  );
  expect(list.status).toBe(200);
  expect(list.body.areas.filter((a) => a.villageCode === village)).toEqual([
    expect.objectContaining({ designated: false, reason: '地质灾害已治理' }),
  ]);
  const audit = await withSuperuser(svc.db.url, (c) =>
    c.query(`SELECT action, reason FROM audit_record WHERE subject_id = $1 ORDER BY seq`, [village]),
  );
  expect(audit.rows).toEqual([
    { action: 'relocation.area.designate', reason: '石漠化严重，一方水土养不好一方人' },
    { action: 'relocation.area.undesignate', reason: '地质灾害已治理' },
  ]);
});

it("refuses another county's officer (403), a village cadre (403), a bad village code and a missing reason (400)", async () => {
  const village = freshVillage();
  const body = { designated: true, reason: '易地搬迁', year: 2026 };
  const foreign = await call('PUT', `${svc.url}/areas/${village}`, { token: await officer(OTHER_COUNTY), body });
  expect(foreign.status).toBe(403);
  const cadre = await testToken('village_cadre', village);
  expect((await call('PUT', `${svc.url}/areas/${village}`, { token: cadre, body })).status).toBe(403);
  const badCode = await call<{ error: { field: string } }>('PUT', `${svc.url}/areas/4305231`, {
    token: await officer(),
    body,
  });
  expect(badCode.status).toBe(400);
  expect(badCode.body.error.field).toBe('villageCode');
  const noReason = await call<{ error: { field: string } }>('PUT', `${svc.url}/areas/${village}`, {
    token: await officer(),
    body: { designated: true, reason: ' ', year: 2026 },
  });
  expect(noReason.status).toBe(400);
  expect(noReason.body.error.field).toBe('reason');
  const listForeign = await call('GET', `${svc.url}/areas?county=${COUNTY}`, { token: await officer(OTHER_COUNTY) });
  expect(listForeign.status).toBe(403);
});
