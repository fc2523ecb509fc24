// Survey import (入户调查批量导入) against the real database: a small roster is imported first, then survey
// files with good and bad rows. Run: source .stack/test/env.sh && npx jest --selectProjects integration -- survey-import
// SURVEY_BENCH=1 also imports the full synthetic county (10,750 households) and prints households/s.
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { generateRosterCsv, generateSurveyCsv } from '@fupin/population';
import { call, eventually, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import { getJob, jobErrors, transitionJob } from './import-job.repository';
import { JobInterrupted } from './import-jobs';
import { runSurveyImport } from './survey-import';
import { XLSX_MEDIA_TYPE } from './upload';
import { householdRows, rosterCsv } from './test-support';
import { type ImportJobWorkers, startImportJobWorkers } from './test-workers';

jest.setTimeout(300_000);

const county = '430523';
const village = '430523101201';
const village2 = '430523102203';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let workers: ImportJobWorkers;
let approver: string;

interface JobBody {
  jobId: string;
  kind: string;
  status: string;
  totalRows: number;
  processedRows: number;
  householdsOk: number;
  householdsFailed: number;
  errorCount: number;
  duplicate?: boolean;
}
interface ErrorRow {
  row: number;
  column: string;
  rule: string;
  message: { 'zh-CN': string; en: string };
  householdKey?: string;
}

const db = () => svc.service.runtime.db;

async function upload(
  path: 'roster' | 'surveys',
  body: string | Buffer,
  fileName: string,
  type = 'text/csv',
  token = approver,
) {
  return call<JobBody>('POST', `${svc.url}/imports/${path}?fileName=${encodeURIComponent(fileName)}`, {
    token,
    raw: body,
    headers: { 'Content-Type': type },
  });
}

async function finished(jobId: string, timeout = 60_000): Promise<JobBody> {
  return eventually(
    async () => {
      const r = await call<JobBody>('GET', `${svc.url}/imports/${jobId}`, { token: approver });
      return ['done', 'failed', 'interrupted'].includes(r.body.status) ? r.body : undefined;
    },
    timeout,
    50,
  );
}

async function idOf(key: string, villageCode = village): Promise<string> {
  const rows = await db().$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text AS id FROM household WHERE village_code = $1 AND roster_key = $2`,
    villageCode,
    key,
  );
  return rows[0].id;
}

async function surveyOf(householdId: string, year = 2020) {
  const rows = await db().$queryRawUnsafe<Record<string, string | number>[]>(
    `SELECT household_size, farming_income::text, livestock_income::text, wage_income::text, property_income::text, transfer_income::text,
            business_net_income::text, production_costs::text, living_expenses::text, illness_spending::text, student_costs::text,
            net_income_fen::text, per_capita_fen::text, surveyed_by
       FROM income_survey WHERE household_id = $1::uuid AND income_year = $2`,
    householdId,
    year,
  );
  return rows[0]
    ? Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, k === 'surveyed_by' ? v : Number(v)]))
    : null;
}

async function observationsOf(householdId: string) {
  return db().$queryRawUnsafe<
    {
      housing_grade: string;
      drinking_water_safe: boolean;
      food_secure: boolean;
      clothing_secure: boolean;
      children_out_of_school: number;
      observed_by: string;
    }[]
  >(
    `SELECT housing_grade, drinking_water_safe, food_secure, clothing_secure, children_out_of_school, observed_by FROM living_observation WHERE household_id = $1::uuid ORDER BY observed_at`,
    householdId,
  );
}

const HEADER = [
  'village_code',
  'household_key',
  'household_id',
  'income_year',
  'household_size',
  'farming_income',
  'livestock_income',
  'wage_income',
  'property_income',
  'transfer_income',
  'business_net_income',
  'production_costs',
  'living_expenses',
  'illness_spending',
  'student_costs',
  'housing_grade',
  'drinking_water_safe',
  'food_secure',
  'clothing_secure',
  'children_out_of_school',
].join(',');
const items = '8000,2000,6000,0,1000.5,0,3000,5000,4000,1000';

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  workers = await startImportJobWorkers(svc.service);
  approver = await testToken('county_approver', county, { subject: 'approver-zhao' });
  const roster = rosterCsv([
    ...householdRows('S01', village, 3),
    ...householdRows('S02', village, 2),
    ...householdRows('S03', village, 4),
    ...householdRows('S04', village, 2),
    ...householdRows('S05', village2, 2),
    ...householdRows('S06', village2, 3),
    ...householdRows('S07', village2, 2),
  ]);
  const started = await upload('roster', roster, 'roster.csv');
  expect(started.status).toBe(202);
  expect(await finished(started.body.jobId)).toMatchObject({ status: 'done', householdsOk: 7 });
});

afterAll(async () => {
  await workers?.stop();
  await svc?.stop();
});

describe('survey import (CSV)', () => {
  let apiHousehold: string;
  let jobId: string;
  let csv: string;

  beforeAll(async () => {
    const cadre = await testToken('village_cadre', village);
    const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
      token: cadre,
      body: householdInput(village, 4),
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(created.status).toBe(201);
    apiHousehold = created.body.id;
    await db().$executeRawUnsafe(`UPDATE household SET status = 'refused' WHERE id = $1::uuid`, await idOf('S04'));
    await db().$executeRawUnsafe(
      `UPDATE household SET status = 'registered' WHERE id = $1::uuid`,
      await idOf('S05', village2),
    );
    csv =
      [
        HEADER,
        `${village},S01,,2020,,${items},C,否,,,`, // row 2: good, size from the roster (3)
        `${village},S02,,2020,4,"1,234.56",0,0,0,0.07,0,0,0,0,0,B,true,false,false,1`, // row 3: good, size given
        `${village},S03,,2020,,1.234,${items.split(',').slice(1).join(',')},A,是,,,`, // row 4: three decimals
        `${village},S04,,2020,,${items},A,是,,,`, // row 5: refused household
        `${village},S99,,2020,,${items},A,是,,,`, // row 6: unknown key
        `,,${apiHousehold},2020,,${items},D,否,是,是,0`, // row 7: good, by id (4 members)
        `${village2},S05,,2020,,${items},B,是,,,`, // row 8: good, registered → event
        `${village2},S06,,2020,,${items},B,是,,,`, // row 9: S06 twice
        `${village2},S07,,2020,,8000,-5,6000,0,1000,0,3000,5000,4000,1000,B,是,,,`, // row 10: negative
        `,,${await idOf('S06', village2)},2020,,${items},B,是,,,`, // row 11: S06 again, by id
        `430524101201,X01,,2020,,${items},B,是,,,`, // row 12: another county
        `${village},S03,${apiHousehold},2020,,${items},B,是,,,`, // row 13: id and key disagree
      ].join('\r\n') + '\r\n';
  });

  it('answers 202 and writes survey + observation for the good rows only, deriving per-capita income as the single endpoint does', async () => {
    const started = await upload('surveys', csv, '入户调查.csv');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ kind: 'surveys', status: 'queued' });
    jobId = started.body.jobId;
    expect(await finished(jobId)).toMatchObject({
      status: 'done',
      totalRows: 12,
      processedRows: 12,
      householdsOk: 4,
      householdsFailed: 8,
    });

    // (8000 + 2000 + 6000 + 0 + 1000.50 + 0 − 3000) yuan = 14,000.50 yuan over 3 people = 4,666.83 yuan
    expect(await surveyOf(await idOf('S01'))).toEqual({
      household_size: 3,
      farming_income: 800_000,
      livestock_income: 200_000,
      wage_income: 600_000,
      property_income: 0,
      transfer_income: 100_050,
      business_net_income: 0,
      production_costs: 300_000,
      living_expenses: 500_000,
      illness_spending: 400_000,
      student_costs: 100_000,
      net_income_fen: 1_400_050,
      per_capita_fen: 466_683,
      surveyed_by: 'approver-zhao',
    });
    expect(await observationsOf(await idOf('S01'))).toEqual([
      {
        housing_grade: 'C',
        drinking_water_safe: false,
        food_secure: true,
        clothing_secure: true,
        children_out_of_school: 0,
        observed_by: 'approver-zhao',
      },
    ]);
    // 1,234.56 + 0.07 yuan over 4 (given) = 308.6575 → 30,866 fen
    expect(await surveyOf(await idOf('S02'))).toMatchObject({
      household_size: 4,
      farming_income: 123_456,
      transfer_income: 7,
      net_income_fen: 123_463,
      per_capita_fen: 30_866,
    });
    expect(await observationsOf(await idOf('S02'))).toEqual([
      expect.objectContaining({
        housing_grade: 'B',
        food_secure: false,
        clothing_secure: false,
        children_out_of_school: 1,
      }),
    ]);
    expect(await surveyOf(apiHousehold)).toMatchObject({
      household_size: 4,
      net_income_fen: 1_400_050,
      per_capita_fen: 350_013,
    });
    expect(await observationsOf(apiHousehold)).toEqual([
      expect.objectContaining({ housing_grade: 'D', drinking_water_safe: false }),
    ]);

    // the same numbers through the single-household listing
    const listed = await call<{ surveys: Record<string, unknown>[] }>(
      'GET',
      `${svc.url}/households/${await idOf('S01')}/surveys`,
      { token: approver },
    );
    expect(listed.body.surveys).toEqual([
      expect.objectContaining({ incomeYear: 2020, transferIncome: 100_050, perCapitaFen: 466_683 }),
    ]);

    // nothing for refused rows: neither survey nor observation
    for (const [key, v] of [
      ['S03', village],
      ['S04', village],
      ['S06', village2],
      ['S07', village2],
    ] as const) {
      const id = await idOf(key, v);
      expect(await surveyOf(id)).toBeNull();
      expect(await observationsOf(id)).toEqual([]);
    }
  });

  it('publishes household.updated for the registered household in the same transaction', async () => {
    const registered = await idOf('S05', village2);
    const events = await db().$queryRawUnsafe<
      { type: string; envelope: { payload: { changes: Record<string, unknown> }; actor: Record<string, string> } }[]
    >(`SELECT type, envelope FROM outbox_event WHERE aggregate_id = $1`, registered);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('household.updated');
    expect(events[0].envelope.payload.changes).toEqual({
      survey: { incomeYear: 2020, perCapitaFen: 700_025 },
      housingGrade: 'B',
      drinkingWaterSafe: true,
    });
    expect(events[0].envelope.actor).toEqual({
      subject: 'approver-zhao',
      role: 'county_approver',
      jurisdiction: county,
    });
    const applicantEvents = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1 AND type = 'household.updated'`,
      await idOf('S01'),
    );
    expect(applicantEvents[0].n).toBe(0);
  });

  it('reports each refused row with row, column, rule and both languages', async () => {
    const r = await call<{ count: number; errors: ErrorRow[] }>('GET', `${svc.url}/imports/${jobId}/errors`, {
      token: approver,
    });
    expect(r.status).toBe(200);
    expect(r.body.errors.map((e) => [e.row, e.column, e.rule, e.householdKey])).toEqual([
      [4, 'farming_income', 'amount_decimals', 'S03'],
      [5, 'household_key', 'household_status', 'S04'],
      [6, 'household_key', 'household_not_found', 'S99'],
      [9, 'household_key', 'duplicate_in_file', 'S06'],
      [10, 'livestock_income', 'non_negative', 'S07'],
      [11, 'household_id', 'duplicate_in_file', expect.any(String)],
      [12, 'village_code', 'out_of_jurisdiction', 'X01'],
      [13, 'household_id', 'household_mismatch', 'S03'],
    ]);
    for (const e of r.body.errors) {
      expect(e.message['zh-CN']).toBeTruthy();
      expect(e.message.en).toBeTruthy();
    }
    expect(r.body.errors.find((e) => e.row === 9)!.message.en).toContain('row 11');
    expect(r.body.errors.find((e) => e.row === 5)!.message['zh-CN']).toContain('未通过');

    const res = await fetch(`${svc.url}/imports/${jobId}/errors.csv`, {
      headers: { Authorization: `Bearer ${approver}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('入户调查-错误报告.csv'));
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(/^4,farming_income,amount_decimals,/);
  });

  it('returns the same job for the same file again, writing nothing twice', async () => {
    const again = await upload('surveys', csv, '入户调查.csv');
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ jobId, status: 'done', duplicate: true });
    expect(await observationsOf(await idOf('S01'))).toHaveLength(1);
    const events = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1`,
      await idOf('S05', village2),
    );
    expect(events[0].n).toBe(1);
  });

  it('writes one audit record per job', async () => {
    const records = await db().$queryRawUnsafe<
      { action: string; actor_subject: string; jurisdiction: string; reason: string }[]
    >(
      `SELECT action, actor_subject, jurisdiction, reason FROM audit_record WHERE subject_type = 'import_job' AND subject_id = $1`,
      jobId,
    );
    expect(records).toEqual([
      {
        action: 'survey.import',
        actor_subject: 'approver-zhao',
        jurisdiction: county,
        reason: `surveys import of 入户调查.csv (12 rows) for county ${county}`,
      },
    ]);
    // no per-household audit records for an import
    const perHousehold = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_record WHERE subject_type = 'household' AND action LIKE 'household.survey%'`,
    );
    expect(perHousehold[0].n).toBe(0);
    const verify = await call<{ ok: boolean }>('GET', `${svc.url}/audit/verify`, {
      token: await testToken('auditor', county),
    });
    expect(verify.body.ok).toBe(true);
    const listed = await call<{ jobs: { jobId: string; kind: string }[] }>(
      'GET',
      `${svc.url}/imports?county=${county}&kind=surveys`,
      { token: approver },
    );
    expect(listed.body.jobs.map((j) => j.jobId)).toEqual([jobId]);
  });
});

describe('survey import (XLSX, Chinese headers) redoing a year', () => {
  it('replaces the survey of the year, adds an observation, and reads Excel number cells to the fen', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('入户调查');
    sheet.addRow([
      '序号',
      '村代码',
      '户编号',
      '收入年度',
      '种植业收入（元）',
      '养殖业收入',
      '工资性收入',
      '财产性收入',
      '转移性收入',
      '经营净收入',
      '生产经营性支出',
      '生活支出',
      '因病因灾支出',
      '学生费用',
      '房屋安全等级',
      '饮水安全',
      '不愁吃',
      '不愁穿',
      '失学辍学儿童数',
    ]);
    // 0.1 + 0.2 as Excel computes it: 0.30000000000000004 in the cell
    sheet.addRow([
      1,
      village,
      'S01',
      2020,
      9000,
      0.1 + 0.2,
      6000,
      0,
      1000,
      0,
      3000,
      5000,
      4000,
      1000,
      'A级',
      '是',
      '是',
      '是',
      0,
    ]);
    sheet.addRow([2, village, 'S03', 2020, 1000.25, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'B', '安全', '', '', '']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const started = await upload('surveys', buffer, '入户调查.xlsx', XLSX_MEDIA_TYPE);
    expect(started.status).toBe(202);
    const job = await finished(started.body.jobId);
    expect(job).toMatchObject({ status: 'done', householdsOk: 2, householdsFailed: 0 });
    expect(await jobErrors(db(), started.body.jobId)).toEqual([]);
    // (9000 + 0.30 + 6000 + 1000 − 3000) = 13,000.30 yuan over 3
    expect(await surveyOf(await idOf('S01'))).toMatchObject({
      farming_income: 900_000,
      livestock_income: 30,
      net_income_fen: 1_300_030,
      per_capita_fen: 433_343,
    });
    expect((await observationsOf(await idOf('S01'))).map((o) => o.housing_grade)).toEqual(['C', 'A']);
    expect(await surveyOf(await idOf('S03'))).toMatchObject({
      household_size: 4,
      farming_income: 100_025,
      per_capita_fen: 25_006,
    });
  });
});

describe('crash safety', () => {
  it('an interrupted job resumes after its last committed batch, writing no observation twice', async () => {
    const keys = ['S01', 'S02', 'S03'];
    const csvText = [
      HEADER,
      ...keys.map((k) => `${village},${k},,2021,,${items},B,是,,,`),
      `${village},S98,,2021,,${items},B,是,,,`,
      `${village2},S06,,2021,,${items},A,是,,,`,
    ].join('\r\n');
    const buffer = Buffer.from(csvText);
    const id = randomUUID();
    await db().$executeRawUnsafe(
      `INSERT INTO import_job (id, kind, county_code, file_name, file_sha256, status, created_by) VALUES ($1::uuid, 'surveys', $2, 'r.csv', $3, 'queued', 'approver-zhao')`,
      id,
      county,
      randomUUID(),
    );
    const actor = { subject: 'approver-zhao', role: 'county_approver', jurisdiction: county };
    let checks = 0;
    const stopAfterOneBatch = {
      get stopping() {
        return ++checks > 1;
      },
    };
    await expect(
      runSurveyImport(db(), id, { buffer, format: 'csv' }, actor, stopAfterOneBatch, { batchRows: 2 }),
    ).rejects.toBeInstanceOf(JobInterrupted);
    expect(await transitionJob(db(), id, ['running'], 'interrupted')).toBe(true);
    expect(await getJob(db(), id)).toMatchObject({
      status: 'interrupted',
      processedRows: 2,
      householdsOk: 2,
      householdsFailed: 0,
    });
    const done = await runSurveyImport(
      db(),
      id,
      { buffer, format: 'csv' },
      actor,
      { stopping: false },
      { batchRows: 2 },
    );
    expect(done).toMatchObject({
      status: 'done',
      processedRows: 5,
      householdsOk: 4,
      householdsFailed: 1,
      errorCount: 1,
    });
    // one observation per row, none twice: S01 had C (CSV) and A (XLSX) before, S02 B, S03 B, S06 none
    const grades = async (key: string, v = village) =>
      (await observationsOf(await idOf(key, v))).map((o) => o.housing_grade);
    expect([await grades('S01'), await grades('S02'), await grades('S03'), await grades('S06', village2)]).toEqual([
      ['C', 'A', 'B'],
      ['B', 'B'],
      ['B', 'B'],
      ['A'],
    ]);
    expect(await surveyOf(await idOf('S06', village2), 2021)).toMatchObject({ per_capita_fen: 466_683 });
  });
});

describe('refusals', () => {
  it('403 for a village cadre; a file without the required columns fails naming them', async () => {
    const cadre = await upload(
      'surveys',
      `${HEADER}\r\n`,
      'c.csv',
      'text/csv',
      await testToken('village_cadre', village),
    );
    expect(cadre.status).toBe(403);
    const json = await call<{ error: { code: string } }>('POST', `${svc.url}/imports/surveys`, {
      token: approver,
      body: { rows: [] },
    });
    expect(json.status).toBe(415);
    const started = await upload('surveys', '户编号,收入年度\r\nS01,2020\r\n', 'wrong.csv');
    const job = await finished(started.body.jobId);
    expect(job).toMatchObject({ status: 'failed', householdsOk: 0 });
    const errors = await jobErrors(db(), started.body.jobId);
    expect(errors.map((e) => [e.column, e.rule])).toEqual(
      expect.arrayContaining([
        ['village_code', 'missing_column'],
        ['farming_income', 'missing_column'],
        ['housing_grade', 'missing_column'],
      ]),
    );
  });

  it('documents the route in the OpenAPI document', async () => {
    const docs = await call<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>('GET', `${svc.url}/docs-json`);
    expect(Object.keys(docs.body.paths['/imports/surveys'].post.requestBody!.content)).toEqual([
      'text/csv',
      XLSX_MEDIA_TYPE,
    ]);
  });
});

const bench = process.env.SURVEY_BENCH === '1';
(bench ? describe : describe.skip)('survey import throughput (SURVEY_BENCH=1)', () => {
  it('imports the surveys of the full synthetic county', async () => {
    const benchCounty = '522634';
    const token = await testToken('county_approver', benchCounty);
    const roster = generateRosterCsv({ county: benchCounty, seed: 20141 });
    const r = await call<{ jobId: string }>('POST', `${svc.url}/imports/roster?fileName=bench-roster.csv`, {
      token,
      raw: roster.csv,
      headers: { 'Content-Type': 'text/csv' },
    });
    const rosterJob = await eventually(
      async () => {
        const j = await call<JobBody>('GET', `${svc.url}/imports/${r.body.jobId}`, { token });
        return ['done', 'failed', 'interrupted'].includes(j.body.status) ? j.body : undefined;
      },
      240_000,
      100,
    );
    expect(rosterJob).toMatchObject({ status: 'done', householdsOk: roster.households });

    const surveys = generateSurveyCsv(roster, { incomeYear: 2020, seed: 2020, shareAboveLine: 0.05 });
    const t0 = process.hrtime.bigint();
    const started = await call<{ jobId: string }>('POST', `${svc.url}/imports/surveys?fileName=bench-surveys.csv`, {
      token,
      raw: surveys.csv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(started.status).toBe(202);
    const job = await eventually(
      async () => {
        const j = await call<JobBody>('GET', `${svc.url}/imports/${started.body.jobId}`, { token });
        return ['done', 'failed', 'interrupted'].includes(j.body.status) ? j.body : undefined;
      },
      240_000,
      20,
    );
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    expect(job).toMatchObject({ status: 'done', householdsOk: surveys.households, householdsFailed: 0 });
    const below = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM income_survey s JOIN household h ON h.id = s.household_id WHERE h.village_code LIKE $1 || '%' AND s.per_capita_fen < 400000`,
      benchCounty,
    );
    expect(below[0].n).toBe(surveys.households - surveys.aboveLineKeys.length);
    process.stdout.write(
      `survey import: ${surveys.households} households, ${(surveys.csv.length / 1e6).toFixed(2)} MB CSV, upload → done ${seconds.toFixed(2)} s → ${Math.round(surveys.households / seconds)} households/s\n`,
    );
  });
});
