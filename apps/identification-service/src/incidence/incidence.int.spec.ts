// 贫困发生率 against the real database: people of registered (not exited) households / the village's rural
// population, per village and for the area, with the 2 % line (3 % in the western provinces) — exactly at the line
// is not below — and the villages without a rural population named.
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdsWithStatus } from '../testing/register';

jest.setTimeout(120_000);
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
const db = () => svc.service.runtime.db;

const county = '430523';
const township = '430523101';
const [v1, v2, v3] = ['430523101201', '430523101202', '430523101203'];
const west = '522634101201';

interface Row {
  code: string;
  poorNotExited: number;
  ruralPopulation: number | null;
  incidence: { bp: number; ratio: { numerator: number; denominator: number } } | null;
  mayExit: boolean;
  problem: string | null;
  message: { 'zh-CN': string; en: string };
}
interface Report {
  divisionCode: string;
  level: string;
  western: boolean;
  thresholdBp: number;
  villages: Row[];
  aggregate: { incidence: Row['incidence']; belowLine: boolean; message: { en: string } };
  missingRuralPopulation: string[];
}

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  const approver = await testToken('county_approver', county);
  const loaded = await call('PUT', `${svc.url}/divisions`, {
    token: approver,
    body: {
      countyCode: county,
      divisions: [
        { code: county, name: '测试县' },
        { code: township, name: '测试镇' },
        { code: v1, name: '一村', ruralPopulation: 300 },
        { code: v2, name: '二村', ruralPopulation: 400 },
        { code: v3, name: '三村' },
      ],
    },
  });
  expect(loaded.status).toBe(200);
  // v1: 2 registered households of 3 = 6 of 300 = exactly 2 %
  await householdsWithStatus(svc.url, db(), v1, 2, 'registered');
  // v2: 6 registered people of 400 = 1.5 %; an exited household, an applicant and a refused one do not count
  await householdsWithStatus(svc.url, db(), v2, 2, 'registered');
  await householdsWithStatus(svc.url, db(), v2, 1, 'exited');
  await householdsWithStatus(svc.url, db(), v2, 1, 'applicant');
  await householdsWithStatus(svc.url, db(), v2, 1, 'refused');
  // v3: registered people but no rural population recorded
  await householdsWithStatus(svc.url, db(), v3, 1, 'registered', 4);
});
afterAll(() => svc?.stop());

const get = async (division: string, role = 'county_approver', jurisdiction = county) =>
  call<Report>('GET', `${svc.url}/incidence?division=${division}`, { token: await testToken(role, jurisdiction) });

describe('poverty incidence (贫困发生率)', () => {
  it('exactly 2 % is not below the line: the village may not exit', async () => {
    const r = await get(v1);
    expect(r.status).toBe(200);
    expect(r.body.villages).toEqual([
      expect.objectContaining({ code: v1, poorNotExited: 6, ruralPopulation: 300, mayExit: false, problem: null }),
    ]);
    expect(r.body.villages[0].incidence).toMatchObject({ bp: 200, ratio: { numerator: 1, denominator: 50 } });
    expect(r.body.villages[0].message['zh-CN']).toContain('未低于2.00%');
    expect(r.body).toMatchObject({
      level: 'village',
      western: false,
      thresholdBp: 200,
      aggregate: { belowLine: false },
    });
  });

  it('counts only registered households: exited, applying and refused ones are not poor people not yet exited', async () => {
    const r = await get(v2, 'village_cadre', v2);
    expect(r.body.villages[0]).toMatchObject({
      poorNotExited: 6,
      ruralPopulation: 400,
      mayExit: true,
      incidence: { bp: 150 },
    });
    expect(r.body.aggregate.belowLine).toBe(true);
  });

  it('names the villages without a rural population and computes no aggregate for their township', async () => {
    const r = await get(township, 'township_reviewer', township);
    expect(r.body.villages.map((v) => [v.code, v.poorNotExited, v.mayExit])).toEqual([
      [v1, 6, false],
      [v2, 6, true],
      [v3, 4, false],
    ]);
    expect(r.body.villages[2]).toMatchObject({ incidence: null, problem: 'rural_population_missing' });
    expect(r.body.missingRuralPopulation).toEqual([v3]);
    expect(r.body.aggregate).toMatchObject({ incidence: null, belowLine: false });
    expect(r.body.aggregate.message.en).toContain(v3);
  });

  it('once recorded, the county aggregate is Σ poor / Σ rural population; a load without the figure keeps it', async () => {
    const approver = await testToken('county_approver', county);
    const set = await call('PUT', `${svc.url}/divisions`, {
      token: approver,
      body: {
        countyCode: county,
        divisions: [
          { code: township, name: '测试镇' },
          { code: v1, name: '一村改名' },
          { code: v3, name: '三村', ruralPopulation: 300 },
        ],
      },
    });
    expect(set.status).toBe(200);
    const r = await get(county, 'auditor', county);
    expect(r.status).toBe(200);
    expect(r.body.villages.find((v) => v.code === v1)?.ruralPopulation).toBe(300);
    expect(r.body.missingRuralPopulation).toEqual([]);
    // (6 + 6 + 4) / (300 + 400 + 300) = 16 / 1000 = 1.6 %
    expect(r.body.aggregate.incidence).toMatchObject({ bp: 160, ratio: { numerator: 2, denominator: 125 } });
    expect(r.body.aggregate.belowLine).toBe(true);
    expect(r.body.level).toBe('county');
  });

  it('western provinces use the 3 % line', async () => {
    const approver = await testToken('county_approver', '522634');
    await call('PUT', `${svc.url}/divisions`, {
      token: approver,
      body: {
        countyCode: '522634',
        divisions: [
          { code: '522634', name: '西部县' },
          { code: '522634101', name: '镇' },
          { code: west, name: '西村', ruralPopulation: 1001 },
        ],
      },
    });
    await householdsWithStatus(svc.url, db(), west, 6, 'registered', 5);
    const r = await get(west, 'county_approver', '522634');
    // 30 / 1001 = 2.997 %: below 3 %, not below 2 %
    expect(r.body).toMatchObject({ western: true, thresholdBp: 300 });
    expect(r.body.villages[0]).toMatchObject({ poorNotExited: 30, mayExit: true, incidence: { bp: 300 } });
  });

  it('refuses a bad rural population, a bad code and readers outside their jurisdiction', async () => {
    const approver = await testToken('county_approver', county);
    for (const bad of [-1, 1.5, '300']) {
      const r = await call<{ error: { field: string } }>('PUT', `${svc.url}/divisions`, {
        token: approver,
        body: { countyCode: county, divisions: [{ code: v1, name: '一村', ruralPopulation: bad }] },
      });
      expect(r.status).toBe(400);
      expect(r.body.error.field).toBe('divisions.0.ruralPopulation');
    }
    expect((await get('43')).status).toBe(400);
    expect((await get(township, 'township_reviewer', '430523102')).status).toBe(403);
    expect((await get(county, 'village_cadre', v1)).status).toBe(403);
    expect((await call('GET', `${svc.url}/incidence?division=${county}`)).status).toBe(401);
  });
});
