import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { call, eventually, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { jobErrors } from '../imports/import-job.repository';
import { householdRows, residentId, rosterCsv, type RosterRow } from '../imports/test-support';
import { XLSX_MEDIA_TYPE } from '../imports/upload';
import { checkExclusions, checkExclusionsForHouseholds } from './check-exclusions';
import { type ImportJobWorkers, startImportJobWorkers } from '../imports/test-workers';

jest.setTimeout(120_000);

const county = '430523';
const village = '430523101201';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let workers: ImportJobWorkers;
let approver: string;

interface JobBody {
  jobId: string;
  status: string;
  totalRows: number;
  recordsLoaded: number;
  rowsRejected: number;
  batchId?: string | null;
  duplicate?: boolean;
}

const db = () => svc.service.runtime.db;

async function finished(jobId: string, token = approver): Promise<JobBody> {
  return eventually(
    async () => {
      const r = await call<JobBody>('GET', `${svc.url}/imports/${jobId}`, { token });
      return ['done', 'failed', 'interrupted'].includes(r.body.status) ? r.body : undefined;
    },
    60_000,
    100,
  );
}

// households: A non-productive car, B only a tractor, C a cadre's relative, D commercial housing, E nothing, F public payroll + business
const hh: Record<string, RosterRow[]> = {
  A: householdRows('EA', village, 3),
  B: householdRows('EB', village, 2),
  C: householdRows('EC', village, 2),
  D: householdRows('ED', village, 2),
  E: householdRows('EE', village, 2),
  F: householdRows('EF', village, 2),
};
const ids: Record<string, string> = {};

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  workers = await startImportJobWorkers(svc.service);
  approver = await testToken('county_approver', county, { subject: 'approver-zhao' });
  const started = await call<JobBody>('POST', `${svc.url}/imports/roster?fileName=r.csv`, {
    token: approver,
    raw: rosterCsv(Object.values(hh).flat()),
    headers: { 'Content-Type': 'text/csv' },
  });
  expect(started.status).toBe(202);
  expect(await finished(started.body.jobId)).toMatchObject({ status: 'done' });
  const rows = await db().$queryRawUnsafe<{ id: string; roster_key: string }[]>(
    `SELECT id::text AS id, roster_key FROM household`,
  );
  for (const r of rows) ids[r.roster_key.slice(1)] = r.id;
  expect(Object.keys(ids).sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
});

afterAll(async () => {
  await workers?.stop();
  await svc?.stop();
});

describe('exclusion data loads (四不列)', () => {
  const vehicleCsv = [
    'id_number,name,plate,vehicle_type,productive',
    `${hh.A[1].id_number},${hh.A[1].name},湘E12345,小型轿车,否`,
    `${hh.B[0].id_number},${hh.B[0].name},湘E6789拖,拖拉机,`,
    `430523197002030000,坏数据,湘E00000,小型轿车,否`,
    `${residentId(county, '1980-01-01')},外人,湘E11111,小型轿车,也许`,
    `${residentId(county, '1981-01-01')},坏\u0000字节,湘E22222,小型轿车,否`,
  ].join('\n');
  let vehicleJob: string;
  let officer: string;

  it('loads a vehicle file by a department officer as one batch, skipping and reporting bad rows', async () => {
    officer = await testToken('department_officer', `dept:public_security@${county}`, { subject: 'officer-liu' });
    const started = await call<JobBody>('POST', `${svc.url}/exclusions/vehicle?fileName=vehicles-2026-11.csv`, {
      token: officer,
      raw: vehicleCsv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(started.status).toBe(202);
    vehicleJob = started.body.jobId;
    const job = await finished(vehicleJob, officer);
    expect(job).toMatchObject({ status: 'done', totalRows: 5, recordsLoaded: 2, rowsRejected: 3 });
    expect(job.batchId).toMatch(/^[0-9a-f-]{36}$/);
    const errors = await jobErrors(db(), vehicleJob);
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 4, column: 'id_number', rule: 'id_check_digit' }),
        expect.objectContaining({ row: 5, column: 'productive', rule: 'yes_no' }),
        expect.objectContaining({ row: 6, column: 'name', rule: 'control_character' }),
      ]),
    );
    const csv = await fetch(`${svc.url}/imports/${vehicleJob}/errors.csv`, {
      headers: { Authorization: `Bearer ${officer}` },
    });
    expect(csv.status).toBe(200);
    expect([...Buffer.from(await csv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('returns the existing job for the same file again (idempotent by content hash)', async () => {
    const again = await call<JobBody>('POST', `${svc.url}/exclusions/vehicle`, {
      token: officer,
      raw: vehicleCsv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ jobId: vehicleJob, duplicate: true });
    const n = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM exclusion_batch WHERE source = 'vehicle'`,
    );
    expect(n[0].n).toBe(1);
  });

  it('loads commercial housing from XLSX (Chinese headers) by the housing department, and payroll and business files', async () => {
    const housing = await testToken('department_officer', `dept:housing@${county}`, { subject: 'officer-he' });
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('商品房');
    sheet.addRow(['身份证号码', '姓名', '房屋坐落', '建筑面积']);
    sheet.addRow([hh.D[0].id_number, hh.D[0].name, '县城锦绣花园3栋201', 96.5]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const started = await call<JobBody>('POST', `${svc.url}/exclusions/commercial_housing?fileName=housing.xlsx`, {
      token: housing,
      raw: buffer,
      headers: { 'Content-Type': XLSX_MEDIA_TYPE },
    });
    expect(started.status).toBe(202);
    expect(await finished(started.body.jobId, housing)).toMatchObject({
      status: 'done',
      recordsLoaded: 1,
      rowsRejected: 0,
    });

    const finance = await testToken('department_officer', `dept:finance@${county}`);
    const payroll = await call<JobBody>('POST', `${svc.url}/exclusions/public_payroll`, {
      token: finance,
      raw: `id_number,employer\n${hh.F[1].id_number},县教育局\n`,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(await finished(payroll.body.jobId)).toMatchObject({ status: 'done', recordsLoaded: 1 });
    const market = await testToken('department_officer', `dept:market_regulation@${county}`);
    const business = await call<JobBody>('POST', `${svc.url}/exclusions/business_registration`, {
      token: market,
      raw: `id_number,company_name\n${hh.F[0].id_number},某某农业合作社\n`,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(await finished(business.body.jobId)).toMatchObject({ status: 'done', recordsLoaded: 1 });

    const list = await call<{
      batches: {
        source: string;
        rows: number;
        loadedAt: string;
        loadedBy: { subject: string; jurisdiction: string };
      }[];
    }>('GET', `${svc.url}/exclusions/batches?county=${county}`, { token: approver });
    expect(list.status).toBe(200);
    expect(list.body.batches.map((b) => b.source).sort()).toEqual([
      'business_registration',
      'commercial_housing',
      'public_payroll',
      'vehicle',
    ]);
    expect(list.body.batches.find((b) => b.source === 'commercial_housing')!.loadedBy).toEqual({
      subject: 'officer-he',
      role: 'department_officer',
      jurisdiction: `dept:housing@${county}`,
    });
  });

  it('lets only the department that keeps a source load it (四不列 data from its owner): others get 403 and nothing is loaded', async () => {
    const attempts: [string, string, string][] = [
      ['vehicle', `dept:medical_aid@${county}`, 'department_officer'],
      ['commercial_housing', `dept:industry@${county}`, 'department_officer'],
      ['public_payroll', `dept:public_security@${county}`, 'department_officer'],
      ['business_registration', `dept:housing@${county}`, 'department_officer'],
    ];
    const before = await call<{ batches: unknown[] }>('GET', `${svc.url}/exclusions/batches?county=${county}`, {
      token: approver,
    });
    for (const [source, jurisdiction, role] of attempts) {
      const r = await call<{ error: { code: string; field: string; message: { 'zh-CN': string; en: string } } }>(
        'POST',
        `${svc.url}/exclusions/${source}?county=${county}`,
        {
          token: await testToken(role, jurisdiction),
          raw: vehicleCsv,
          headers: { 'Content-Type': 'text/csv' },
        },
      );
      expect({ source, status: r.status, code: r.body.error.code }).toEqual({
        source,
        status: 403,
        code: 'exclusions.not_source_owner',
      });
      expect(r.body.error.message['zh-CN']).toMatch(/只能由.+部门上传/);
    }
    // the county poverty office decides on registration: it reads the loads but may not replace them
    const byApprover = await call<{ error: { code: string } }>('POST', `${svc.url}/exclusions/vehicle`, {
      token: approver,
      raw: vehicleCsv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(byApprover.status).toBe(403);
    const after = await call<{ batches: unknown[] }>('GET', `${svc.url}/exclusions/batches?county=${county}`, {
      token: approver,
    });
    expect(after.body.batches).toHaveLength(before.body.batches.length);
  });

  it('refuses officers of another county, an unknown source and a missing required column', async () => {
    const elsewhere = await testToken('department_officer', 'dept:public_security@430524');
    const refused = await call<{ error: { code: string } }>('POST', `${svc.url}/exclusions/vehicle?county=${county}`, {
      token: elsewhere,
      raw: vehicleCsv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('auth.out_of_jurisdiction');
    const askedOther = await call('POST', `${svc.url}/exclusions/vehicle?county=430524`, {
      token: officer,
      raw: vehicleCsv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(askedOther.status).toBe(403);
    const unknown = await call('POST', `${svc.url}/exclusions/boats`, {
      token: officer,
      raw: vehicleCsv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(unknown.status).toBe(415); // not an upload route: the platform's JSON-only rule answers
    const noPlate = await call<JobBody>('POST', `${svc.url}/exclusions/vehicle`, {
      token: officer,
      raw: `id_number,name\n${hh.A[0].id_number},x\n`,
      headers: { 'Content-Type': 'text/csv' },
    });
    const job = await finished(noPlate.body.jobId, officer);
    expect(job.status).toBe('failed');
    expect((await jobErrors(db(), noPlate.body.jobId))[0]).toMatchObject({
      row: 1,
      rule: 'missing_column',
      column: 'plateNumber',
    });
    const cadre = await call('GET', `${svc.url}/exclusions/batches?county=${county}`, {
      token: await testToken('village_cadre', village),
    });
    expect(cadre.status).toBe(403);
  });
});

describe('cadre relatives (村干部亲属)', () => {
  it('takes a JSON list from the village cadre, idempotently, and lists it', async () => {
    const cadre = await testToken('village_cadre', village, { subject: 'cadre-li' });
    const key = randomUUID();
    const body = [{ idNumber: hh.C[1].id_number, cadreName: '李主任', relation: '配偶' }];
    const saved = await call<{ saved: number; total: number }>(
      'POST',
      `${svc.url}/villages/${village}/cadre-relatives`,
      { token: cadre, body, headers: { 'Idempotency-Key': key } },
    );
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ saved: 1, total: 1 });
    const replay = await call('POST', `${svc.url}/villages/${village}/cadre-relatives`, {
      token: cadre,
      body,
      headers: { 'Idempotency-Key': key },
    });
    expect(replay.status).toBe(200);
    expect(replay.body).toEqual(saved.body);
    const list = await call<{ relatives: { idNumber: string; cadreName: string }[] }>(
      'GET',
      `${svc.url}/villages/${village}/cadre-relatives`,
      { token: await testToken('township_reviewer', village.slice(0, 9)) },
    );
    expect(list.body.relatives).toEqual([
      expect.objectContaining({
        idNumber: hh.C[1].id_number,
        cadreName: '李主任',
        relation: '配偶',
        loadedBy: 'cadre-li',
      }),
    ]);
  });

  it("refuses another village's cadre, an invalid ID number and a missing key", async () => {
    const other = await testToken('village_cadre', '430523101202');
    const body = [{ idNumber: hh.C[0].id_number, cadreName: '李主任', relation: '兄弟' }];
    expect(
      (
        await call('POST', `${svc.url}/villages/${village}/cadre-relatives`, {
          token: other,
          body,
          headers: { 'Idempotency-Key': randomUUID() },
        })
      ).status,
    ).toBe(403);
    const cadre = await testToken('village_cadre', village);
    const bad = await call<{ error: { field: string } }>('POST', `${svc.url}/villages/${village}/cadre-relatives`, {
      token: cadre,
      body: [{ ...body[0], idNumber: '430523197002030000' }],
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('0.idNumber');
    expect((await call('POST', `${svc.url}/villages/${village}/cadre-relatives`, { token: cadre, body })).status).toBe(
      400,
    );
  });
});

describe('checkExclusions', () => {
  it('excludes on a non-productive vehicle, with source, batch and load date', async () => {
    const r = await checkExclusions(db(), ids.A);
    expect(r).toMatchObject({
      householdId: ids.A,
      villageCode: village,
      excluded: true,
      flaggedForTownshipReview: false,
      memberCount: 3,
    });
    expect(r.hits).toEqual([
      expect.objectContaining({
        source: 'vehicle',
        idNumber: hh.A[1].id_number,
        excludes: true,
        detail: expect.objectContaining({ plateNumber: '湘E12345', productive: false }),
      }),
    ]);
    expect(Date.parse(r.hits[0].loadedAt)).not.toBeNaN();
    expect(r.hits[0].batchId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('records a productive vehicle without excluding', async () => {
    const r = await checkExclusions(db(), ids.B);
    expect(r.excluded).toBe(false);
    expect(r.hits).toEqual([
      expect.objectContaining({
        source: 'vehicle',
        excludes: false,
        detail: expect.objectContaining({ vehicleType: '拖拉机', productive: true }),
      }),
    ]);
  });

  it("flags a cadre's relative for township review without excluding", async () => {
    const r = await checkExclusions(db(), ids.C);
    expect(r).toMatchObject({ excluded: false, flaggedForTownshipReview: true, hits: [] });
    expect(r.relativeHits).toEqual([
      expect.objectContaining({ idNumber: hh.C[1].id_number, cadreName: '李主任', relation: '配偶' }),
    ]);
  });

  it('excludes on commercial housing, public payroll and business registration; finds nothing for a clean household', async () => {
    expect((await checkExclusions(db(), ids.D)).hits.map((h) => [h.source, h.excludes])).toEqual([
      ['commercial_housing', true],
    ]);
    expect((await checkExclusions(db(), ids.F)).hits.map((h) => h.source).sort()).toEqual([
      'business_registration',
      'public_payroll',
    ]);
    expect(await checkExclusions(db(), ids.E)).toMatchObject({
      excluded: false,
      flaggedForTownshipReview: false,
      hits: [],
      relativeHits: [],
    });
    await expect(checkExclusions(db(), randomUUID())).rejects.toMatchObject({ status: 404 });
  });

  it('checks many households in one call with the same results', async () => {
    const now = new Date('2026-11-23T00:00:00Z');
    const many = await checkExclusionsForHouseholds(db(), [...Object.values(ids), randomUUID(), 'not-a-uuid'], now);
    expect([...many.keys()].sort()).toEqual(Object.values(ids).sort());
    for (const id of Object.values(ids)) expect(many.get(id)).toEqual(await checkExclusions(db(), id, now));
    expect((await checkExclusions(db(), ids.A.toUpperCase(), now)).householdId).toBe(ids.A);
  });

  it('is also served over HTTP inside the jurisdiction', async () => {
    const township = await testToken('township_reviewer', village.slice(0, 9));
    const r = await call<{ excluded: boolean }>('GET', `${svc.url}/exclusions/check/${ids.A}`, { token: township });
    expect(r.status).toBe(200);
    expect(r.body.excluded).toBe(true);
    const outside = await call('GET', `${svc.url}/exclusions/check/${ids.A}`, {
      token: await testToken('township_reviewer', '430523102'),
    });
    expect(outside.status).toBe(403);
  });
});
