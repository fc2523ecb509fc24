// The dashboards' figures against the real database: households and people by status, registered households by main
// cause and by 五个一批 category, for a county, a township and a village and per division one level down — households
// applied through the API, their causes set through the API, their status put as the procedures would.
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdsWithStatus } from '../testing/register';
import type { AreaStatistics, HouseholdStatistics } from './statistics.schema';

jest.setTimeout(120_000);
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
const db = () => svc.service.runtime.db;

const county = '430523';
const [t1, t2, t3] = ['430523101', '430523102', '430523103'];
const [v1, v2, vEmpty] = ['430523101201', '430523101202', '430523101203'];
const v3 = '430523102201';
/** a village of a township missing from the division register */
const vStray = '430523103201';

async function setCauses(village: string, ids: string[], mainCause: string, assistanceCategory: string) {
  const cadre = await testToken('village_cadre', village);
  for (const id of ids) {
    const r = await call('PUT', `${svc.url}/households/${id}/causes`, {
      token: cadre,
      body: { mainCause, otherCauses: [], assistanceCategory },
    });
    expect(r.status).toBe(200);
  }
}

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  const loaded = await call('PUT', `${svc.url}/divisions`, {
    token: await testToken('county_approver', county),
    body: {
      countyCode: county,
      divisions: [
        { code: county, name: '测试县' },
        { code: t1, name: '一镇' },
        { code: t2, name: '二镇' },
        { code: v1, name: '一村' },
        { code: v2, name: '二村' },
        { code: vEmpty, name: '空村' },
        { code: v3, name: '三村' },
      ],
    },
  });
  expect(loaded.status).toBe(200);
  const [a, b] = await householdsWithStatus(svc.url, db(), v1, 2, 'registered', 3);
  await setCauses(v1, [a], 'illness', 'production');
  await setCauses(v1, [b], 'disability', 'education');
  await householdsWithStatus(svc.url, db(), v1, 1, 'applicant', 2);
  await householdsWithStatus(svc.url, db(), v1, 1, 'exited', 4);
  // v2: a registered household without causes, and one of each status that is not in the register
  await householdsWithStatus(svc.url, db(), v2, 1, 'registered', 5);
  await householdsWithStatus(svc.url, db(), v2, 1, 'refused', 1);
  await householdsWithStatus(svc.url, db(), v2, 1, 'withdrawn', 2);
  await householdsWithStatus(svc.url, db(), v2, 1, 'in_procedure', 3);
  // causes set while applying count only once registered
  const v3Ids = await householdsWithStatus(svc.url, db(), v3, 3, 'applicant', 2);
  await setCauses(v3, v3Ids, 'illness', 'social_security');
  await db().$executeRawUnsafe(`UPDATE household SET status = 'registered' WHERE id = ANY($1::uuid[])`, v3Ids);
  await householdsWithStatus(svc.url, db(), vStray, 1, 'registered', 1);
});
afterAll(() => svc?.stop());

const get = async (division: string, role = 'county_approver', jurisdiction = county) =>
  call<HouseholdStatistics>('GET', `${svc.url}/statistics/households?division=${division}`, {
    token: await testToken(role, jurisdiction),
  });

/** The non-zero counts of a list as [key, households, people]. */
const nonZero = <T extends { households: number; people: number }>(rows: T[], key: (r: T) => string | null) =>
  rows.filter((r) => r.households > 0).map((r) => [key(r), r.households, r.people]);
const statuses = (a: AreaStatistics) => nonZero(a.byStatus, (r) => r.status);
const causes = (a: AreaStatistics) => nonZero(a.registeredByCause, (r) => r.cause);
const categories = (a: AreaStatistics) => nonZero(a.registeredByCategory, (r) => r.category);

describe('household statistics (统计)', () => {
  it('counts the county by status, and its registered households by main cause and by category', async () => {
    const r = await get(county, 'auditor');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ divisionCode: county, level: 'county', childLevel: 'township' });
    const { area } = r.body;
    expect(area).toMatchObject({ code: county, name: '测试县', households: 12, people: 30 });
    expect(statuses(area)).toEqual([
      ['applicant', 1, 2],
      ['in_procedure', 1, 3],
      ['registered', 7, 18],
      ['exited', 1, 4],
      ['refused', 1, 1],
      ['withdrawn', 1, 2],
    ]);
    expect(causes(area)).toEqual([
      ['illness', 4, 9],
      ['disability', 1, 3],
      [null, 2, 6],
    ]);
    expect(categories(area)).toEqual([
      ['production', 1, 3],
      ['education', 1, 3],
      ['social_security', 3, 6],
      [null, 2, 6],
    ]);
  });

  it('lists every known status, cause and category with its bilingual label, zeros included', async () => {
    const { area } = (await get(county)).body;
    expect(area.byStatus.map((s) => s.status)).toEqual([
      'applicant',
      'in_procedure',
      'registered',
      'exited',
      'refused',
      'withdrawn',
    ]);
    expect(area.byStatus[2].label).toEqual({ 'zh-CN': '已建档立卡', en: 'registered' });
    expect(area.registeredByCause).toHaveLength(14);
    expect(area.registeredByCause.find((c) => c.cause === 'marriage')).toEqual({
      cause: 'marriage',
      label: { 'zh-CN': '因婚', en: 'marriage costs' },
      households: 0,
      people: 0,
    });
    expect(area.registeredByCause.at(-1)?.label).toEqual({ 'zh-CN': '未填写', en: 'not recorded' });
    expect(area.registeredByCategory.find((c) => c.category === 'social_security')?.label['zh-CN']).toBe(
      '社会保障兜底一批',
    );
  });

  it("splits the county by township: the register's townships and one with households but no name", async () => {
    const { children } = (await get(county)).body;
    expect(children.map((c) => [c.code, c.name, c.households, c.people])).toEqual([
      [t1, '一镇', 8, 23],
      [t2, '二镇', 3, 6],
      [t3, null, 1, 1],
    ]);
    expect(statuses(children[0])).toEqual([
      ['applicant', 1, 2],
      ['in_procedure', 1, 3],
      ['registered', 3, 11],
      ['exited', 1, 4],
      ['refused', 1, 1],
      ['withdrawn', 1, 2],
    ]);
    expect(causes(children[1])).toEqual([['illness', 3, 6]]);
    expect(categories(children[2])).toEqual([[null, 1, 1]]);
  });

  it('splits a township by village, a village without households at zero; a village has no children', async () => {
    const r = await get(t1, 'township_reviewer', t1);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ level: 'township', childLevel: 'village', area: { households: 8, people: 23 } });
    expect(r.body.children.map((c) => [c.code, c.households, c.people])).toEqual([
      [v1, 4, 12],
      [v2, 4, 11],
      [vEmpty, 0, 0],
    ]);
    expect(categories(r.body.children[0])).toEqual([
      ['production', 1, 3],
      ['education', 1, 3],
    ]);
    const village = await get(v2, 'village_cadre', v2);
    expect(village.body).toMatchObject({ level: 'village', childLevel: null, children: [], area: { name: '二村' } });
    expect(causes(village.body.area)).toEqual([[null, 1, 5]]);
  });

  it('refuses readers outside their jurisdiction, a bad code, other roles and anonymous callers', async () => {
    const other = await get(t1, 'township_reviewer', t2);
    expect(other.status).toBe(403);
    expect(JSON.stringify(other.body)).toContain('outside your jurisdiction');
    expect((await get(county, 'township_reviewer', t1)).status).toBe(403);
    const bad = await call<{ error: { field: string } }>('GET', `${svc.url}/statistics/households?division=43`, {
      token: await testToken('county_approver', county),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('division');
    expect((await get(county, 'bank')).status).toBe(403);
    expect((await call('GET', `${svc.url}/statistics/households?division=${county}`)).status).toBe(401);
  });
});
