import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';

jest.setTimeout(60_000);
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
});
afterAll(() => svc?.stop());

describe('division register (行政区划)', () => {
  it("loads a county's townships and villages and lists them by parent, publicly", async () => {
    const approver = await testToken('county_approver', '522634');
    const loaded = await call('PUT', `${svc.url}/divisions`, {
      token: approver,
      body: {
        countyCode: '522634',
        divisions: [
          { code: '522634', name: '雷山县' },
          { code: '522634101', name: '丹江镇' },
          { code: '522634101201', name: '大塘村' },
          { code: '522634101202', name: '乌东村' },
        ],
      },
    });
    expect(loaded.status).toBe(200);
    const villages = await call<{ divisions: { code: string; name: string; level: string }[] }>(
      'GET',
      `${svc.url}/divisions?parent=522634101`,
    );
    expect(villages.body.divisions).toEqual([
      { code: '522634101201', name: '大塘村', level: 'village' },
      { code: '522634101202', name: '乌东村', level: 'village' },
    ]);
  });

  it("refuses a code outside the county, an orphan village, and another county's approver", async () => {
    const approver = await testToken('county_approver', '522634');
    const outside = await call<{ error: { field: string } }>('PUT', `${svc.url}/divisions`, {
      token: approver,
      body: { countyCode: '522634', divisions: [{ code: '522635101', name: 'x' }] },
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.field).toBe('divisions.0.code');
    const orphan = await call<{ error: { code: string } }>('PUT', `${svc.url}/divisions`, {
      token: approver,
      body: { countyCode: '522634', divisions: [{ code: '522634109201', name: 'x' }] },
    });
    expect(orphan.body.error.code).toBe('division.parent_missing');
    const other = await call('PUT', `${svc.url}/divisions`, {
      token: await testToken('county_approver', '522635'),
      body: { countyCode: '522634', divisions: [{ code: '522634', name: 'x' }] },
    });
    expect(other.status).toBe(403);
  });
});
