import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { Agent, request } from 'node:http';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import ExcelJS from 'exceljs';
import { importJobWorkflow, importJobWorkflowId, type ImportJobOutcome } from '@fupin/identification-workflows';
import { call, eventually, sleep, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { JobInterrupted, JobSuperseded } from './import-jobs';
import { jobErrors, getJob, transitionJob } from './import-job.repository';
import { runRosterImport } from './roster-import';
import { UPLOAD_LIMIT_BYTES, XLSX_MEDIA_TYPE } from './upload';
import { ROSTER_HEADERS_EN, type RosterRow, householdRows, rosterCsv, xlsxBomb } from './test-support';
import { type ImportJobWorkers, startImportJobWorkers } from './test-workers';
import { XLSX_MAX_UNCOMPRESSED_BYTES } from './xlsx-reader';

jest.setTimeout(120_000);

const county = '430523';
const village = '430523101201';
const village2 = '430523102203';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let workers: ImportJobWorkers;
let approver: string;

interface JobBody {
  jobId: string;
  status: string;
  totalRows: number;
  processedRows: number;
  householdsOk: number;
  householdsFailed: number;
  errorCount: number;
  elapsedMs: number;
  duplicate?: boolean;
  resumed?: boolean;
}
interface ErrorRow {
  row: number;
  column: string;
  rule: string;
  message: { 'zh-CN': string; en: string };
  householdKey?: string;
}

const db = () => svc.service.runtime.db;

async function upload(body: string | Buffer, type = 'text/csv', fileName = 'roster.csv', token = approver) {
  return call<JobBody>('POST', `${svc.url}/imports/roster?fileName=${encodeURIComponent(fileName)}`, {
    token,
    raw: body,
    headers: { 'Content-Type': type },
  });
}

async function finished(jobId: string): Promise<JobBody> {
  return eventually(
    async () => {
      const r = await call<JobBody>('GET', `${svc.url}/imports/${jobId}`, { token: approver });
      return ['done', 'failed', 'interrupted'].includes(r.body.status) ? r.body : undefined;
    },
    60_000,
    100,
  );
}

async function householdsByKey(keys: string[]) {
  return db().$queryRawUnsafe<
    { roster_key: string; status: string; members: number; main_cause: string; other_causes: string[] }[]
  >(
    `SELECT h.roster_key, h.status, h.main_cause, h.other_causes, (SELECT count(*)::int FROM person p WHERE p.household_id = h.id) AS members
       FROM household h WHERE h.roster_key = ANY($1::text[]) ORDER BY h.roster_key`,
    keys,
  );
}

/**
 * POST `total` bytes with Transfer-Encoding: chunked (no Content-Length), 1 MB at a time, stopping as soon as an
 * answer comes; resolves with the answer and whether the server closed the connection after it (the client would
 * keep it alive). Rejects when the connection breaks before an answer.
 */
function chunkedUpload(
  url: string,
  total: number,
  token = approver,
): Promise<{ status: number; body: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ keepAlive: true });
    const req = request(url, {
      method: 'POST',
      agent,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/csv', 'Transfer-Encoding': 'chunked' },
    });
    const chunk = Buffer.alloc(1024 * 1024, 'H01,430523101201,430523196805170011\n');
    let answered = false;
    let sent = 0;
    req.on('error', (e) => (answered ? undefined : reject(e)));
    req.on('response', (res) => {
      answered = true;
      req.end();
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        const socket = req.socket;
        const timer = setTimeout(() => {
          agent.destroy();
          resolve({ status: res.statusCode ?? 0, body, closed: false });
        }, 3000);
        const closed = () => {
          clearTimeout(timer);
          agent.destroy();
          resolve({ status: res.statusCode ?? 0, body, closed: true });
        };
        if (!socket || socket.destroyed) return closed();
        socket.once('close', closed);
        socket.resume(); // read on, so that the server's FIN is seen even on a socket back in the agent's pool
      });
    });
    const write = () => {
      while (!answered && sent < total) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', write);
      }
      if (!answered) req.end();
    };
    write();
  });
}

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  workers = await startImportJobWorkers(svc.service);
  approver = await testToken('county_approver', county, { subject: 'approver-zhao' });
});

afterAll(async () => {
  await workers?.stop();
  await svc?.stop();
});

describe('county roster import (CSV)', () => {
  // good: H01 (3), H09 (2, English values), H11 (4); bad: the rest
  const good1 = householdRows('H01', village, 3);
  const bad2 = householdRows('H02', village, 3, [{}, { id_number: '430523197002030000' }]); // wrong check digit
  const bad3 = householdRows('H03', village, 2, [{}, { birth_date: '1970-02-04' }]); // birth date ≠ ID
  const bad4 = householdRows('H04', village, 2, [{}, { relation: '户主' }]); // two heads
  const bad5 = householdRows('H05', '430524101201', 2); // another county
  const bad6 = householdRows('H06', village2, 2);
  const bad7 = householdRows('H07', village2, 2, [
    {},
    { id_number: bad6[1].id_number, birth_date: bad6[1].birth_date },
  ]); // same person as H06
  const bad8 = householdRows('H08', village2, 2); // a member already registered (below)
  const good9 = householdRows('H09', village2, 2, [
    {
      health: 'chronic',
      labour_ability: 'normal',
      basic_medical_insured: 'true',
      pension_insured: 'false',
      main_cause: 'illness',
      other_causes: 'schooling;lack_of_skills',
      assistance_category: 'education',
    },
    { health: 'disabled', labour_ability: 'lost' },
  ]);
  const bad10 = householdRows('H10', village2, 2, [{ other_causes: '因学、缺技术、缺资金' }]); // three other causes
  const good11 = householdRows('H11', village2, 4, [{ other_causes: '因学、缺技术' }]);
  const bad12 = householdRows('H12', village2, 2, [{}, { health: '很好', basic_medical_insured: '也许' }]);
  const rows: RosterRow[] = [
    ...good1,
    ...bad2,
    ...bad3,
    ...bad4,
    ...bad5,
    ...bad6,
    ...bad7,
    ...bad8,
    ...good9,
    ...bad10,
    ...good11,
    ...bad12,
  ];
  const csv = rosterCsv(rows);
  let jobId: string;
  let preRegistered: string;

  beforeAll(async () => {
    const cadre = await testToken('village_cadre', village2);
    const head = bad8[1];
    const registered = await call<{ id: string }>('POST', `${svc.url}/households`, {
      token: cadre,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        villageCode: village2,
        members: [{ idNumber: head.id_number, name: head.name, birthDate: head.birth_date, relation: '户主' }],
      },
    });
    expect(registered.status).toBe(201);
    preRegistered = registered.body.id;
  });

  it('answers 202 at once and imports the good households, skipping every bad one whole', async () => {
    const started = await upload(csv);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'queued' });
    jobId = started.body.jobId;
    const job = await finished(jobId);
    expect(job).toMatchObject({
      status: 'done',
      totalRows: rows.length,
      processedRows: rows.length,
      householdsOk: 3,
      householdsFailed: 9,
    });
    expect(job.elapsedMs).toBeGreaterThanOrEqual(0);

    const imported = await householdsByKey([
      'H01',
      'H02',
      'H03',
      'H04',
      'H05',
      'H06',
      'H07',
      'H08',
      'H09',
      'H10',
      'H11',
      'H12',
    ]);
    expect(imported.map((h) => [h.roster_key, h.status, h.members])).toEqual([
      ['H01', 'applicant', 3],
      ['H09', 'applicant', 2],
      ['H11', 'applicant', 4],
    ]);
    expect(imported.find((h) => h.roster_key === 'H09')).toMatchObject({
      main_cause: 'illness',
      other_causes: ['schooling', 'lack_of_skills'],
    });
    expect(imported.find((h) => h.roster_key === 'H11')).toMatchObject({
      main_cause: 'illness',
      other_causes: ['schooling', 'lack_of_skills'],
    });
    const person = await db().$queryRawUnsafe<Record<string, unknown>[]>(
      `SELECT sex, health, labour_ability, basic_medical_insured, pension_insured, to_char(birth_date, 'YYYY-MM-DD') AS birth FROM person WHERE id_number = $1`,
      good9[0].id_number,
    );
    expect(person[0]).toEqual({
      sex: 'male',
      health: 'chronic_illness',
      labour_ability: 'ordinary',
      basic_medical_insured: true,
      pension_insured: false,
      birth: '1968-05-17',
    });

    // nothing half-written: the valid members of refused households are not in the register
    const leaked = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM person WHERE id_number = ANY($1::text[])`,
      [bad2[0].id_number, bad3[0].id_number, bad4[0].id_number, bad10[0].id_number, bad12[0].id_number],
    );
    expect(leaked[0].n).toBe(0);
  });

  it('ran as the workflow import-job:<jobId>: one heartbeating activity, the outcome as the job row says', async () => {
    const handle = svc.service.runtime.temporal.workflow.getHandle<typeof importJobWorkflow>(
      importJobWorkflowId(jobId),
    );
    const outcome: ImportJobOutcome = await handle.result();
    expect(outcome).toEqual({
      jobId,
      kind: 'roster',
      status: 'done',
      totalRows: rows.length,
      processedRows: rows.length,
      errorCount: (await jobErrors(db(), jobId)).length,
    });
    const history = await handle.fetchHistory();
    const scheduled = (history.events ?? []).flatMap((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      return a ? [{ type: a.activityType?.name, heartbeatSeconds: Number(a.heartbeatTimeout?.seconds ?? 0) }] : [];
    });
    expect(scheduled).toEqual([{ type: 'runImportJob', heartbeatSeconds: 30 }]);
    // the file is not kept once the job is done
    const kept = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM import_job_payload WHERE job_id = $1::uuid`,
      jobId,
    );
    expect(kept[0].n).toBe(0);
    // RECORD_HISTORIES=1: the replay test (apps/orchestrator) replays this run against the workflow code
    if (process.env.RECORD_HISTORIES === '1') {
      const file = path.resolve(
        __dirname,
        '../../../../libs/identification-workflows/src/import-job/histories/v1-roster-import.json',
      );
      fs.writeFileSync(file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
    }
  });

  it('reports every row of a refused household with row, column, rule and a message in both languages', async () => {
    const r = await call<{ count: number; errors: ErrorRow[] }>('GET', `${svc.url}/imports/${jobId}/errors`, {
      token: approver,
    });
    expect(r.status).toBe(200);
    const rowOf = (household: RosterRow[], i: number) => rows.indexOf(household[i]) + 2; // header is row 1
    const find = (row: number, rule: string) => r.body.errors.find((e) => e.row === row && e.rule === rule);
    expect(find(rowOf(bad2, 1), 'id_check_digit')).toMatchObject({ column: 'id_number', householdKey: 'H02' });
    expect(find(rowOf(bad2, 0), 'household_rejected')).toBeTruthy();
    expect(find(rowOf(bad2, 2), 'household_rejected')).toBeTruthy();
    expect(find(rowOf(bad3, 1), 'birth_date_mismatch')).toMatchObject({ column: 'birth_date' });
    expect(find(rowOf(bad4, 0), 'several_heads')).toMatchObject({ column: 'relation' });
    expect(find(rowOf(bad5, 0), 'out_of_jurisdiction')).toMatchObject({ column: 'village_code' });
    expect(find(rowOf(bad6, 1), 'duplicate_in_file')).toMatchObject({ column: 'id_number' });
    expect(find(rowOf(bad7, 1), 'duplicate_in_file')).toBeTruthy();
    const clash = find(rowOf(bad8, 1), 'already_registered')!;
    expect(clash.message.en).toContain(preRegistered);
    expect(clash.message['zh-CN']).toContain(preRegistered);
    expect(find(rowOf(bad10, 0), 'too_many_others')).toMatchObject({ column: 'other_causes' });
    expect(find(rowOf(bad12, 1), 'unknown_value')).toMatchObject({ column: 'health' });
    expect(find(rowOf(bad12, 1), 'yes_no')).toMatchObject({ column: 'basic_medical_insured' });
    // every row of every refused household is in the report
    const refusedRows = [bad2, bad3, bad4, bad5, bad6, bad7, bad8, bad10, bad12].flatMap((h) =>
      h.map((_, i) => rowOf(h, i)),
    );
    expect(new Set(r.body.errors.map((e) => e.row))).toEqual(new Set(refusedRows));
    for (const e of r.body.errors) {
      expect(e.message['zh-CN']).toBeTruthy();
      expect(e.message.en).toBeTruthy();
    }
  });

  it('serves the error report as CSV with a BOM for Excel', async () => {
    const res = await fetch(`${svc.url}/imports/${jobId}/errors.csv`, {
      headers: { Authorization: `Bearer ${approver}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8').slice(1);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toContain('row');
    expect(text).toContain('id_check_digit');
    expect(text).toContain('身份证号码校验码错误');
    const errors = await jobErrors(db(), jobId);
    expect(lines).toHaveLength(errors.length + 1);
  });

  it('returns the same job for the same file again, importing nothing twice', async () => {
    const again = await upload(csv);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ jobId, status: 'done', duplicate: true });
    expect(await householdsByKey(['H01', 'H09', 'H11'])).toHaveLength(3);
  });

  it('reports a household key already imported for its village instead of duplicating it', async () => {
    const repeat = householdRows('H01', village, 2); // new people, same household key
    const fresh = householdRows('H21', village, 2);
    const started = await upload(rosterCsv([...repeat, ...fresh]), 'text/csv', 'roster-2.csv');
    expect(started.status).toBe(202);
    const job = await finished(started.body.jobId);
    expect(job).toMatchObject({ status: 'done', householdsOk: 1, householdsFailed: 1 });
    const errors = await jobErrors(db(), started.body.jobId);
    expect(errors.find((e) => e.rule === 'already_imported')).toMatchObject({ row: 2, householdKey: 'H01' });
    expect((await householdsByKey(['H01'])).map((h) => h.members)).toEqual([3]);
  });

  it('writes one audit record per job, with the counts and the actor', async () => {
    const records = await db().$queryRawUnsafe<{ action: string; actor_subject: string; jurisdiction: string }[]>(
      `SELECT action, actor_subject, jurisdiction FROM audit_record WHERE subject_type = 'import_job' AND subject_id = $1`,
      jobId,
    );
    expect(records).toEqual([{ action: 'roster.import', actor_subject: 'approver-zhao', jurisdiction: county }]);
    const verify = await call<{ ok: boolean }>('GET', `${svc.url}/audit/verify`, {
      token: await testToken('auditor', county),
    });
    expect(verify.body.ok).toBe(true);
  });
});

describe('county roster import (XLSX)', () => {
  it('imports an Excel workbook with Chinese headers, Excel dates, and refuses ID numbers Excel stored as numbers', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('花名册');
    const zhHeaders = [
      '户编号',
      '村代码',
      '身份证号',
      '姓名',
      '出生日期',
      '与户主关系',
      '民族',
      '文化程度',
      '在校生状况',
      '健康状况',
      '劳动能力',
      '是否参加基本医疗保险',
      '是否参加基本养老保险',
      '联系电话',
      '主要致贫原因',
      '其他致贫原因',
      '帮扶类别',
    ];
    sheet.addRow(zhHeaders);
    const ok = householdRows('X01', village, 3);
    const numeric = householdRows('X02', village, 2);
    for (const r of [...ok, ...numeric]) {
      const values: ExcelJS.CellValue[] = ROSTER_HEADERS_EN.map((h) => r[h]);
      values[4] = new Date(`${r.birth_date}T00:00:00Z`); // a real Excel date cell
      if (r === numeric[1]) values[2] = Number(r.id_number.slice(0, 17)) * 10; // what Excel does to a long number
      sheet.addRow(values);
    }
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const started = await upload(buffer, XLSX_MEDIA_TYPE, '花名册.xlsx');
    expect(started.status).toBe(202);
    const job = await finished(started.body.jobId);
    expect(job).toMatchObject({ status: 'done', totalRows: 5, householdsOk: 1, householdsFailed: 1 });
    const errors = await jobErrors(db(), started.body.jobId);
    expect(errors.find((e) => e.rule === 'id_stored_as_number')).toMatchObject({
      row: 6,
      column: '身份证号',
      householdKey: 'X02',
    });
    expect((await householdsByKey(['X01', 'X02'])).map((h) => [h.roster_key, h.members])).toEqual([['X01', 3]]);
  });
});

describe('county roster import (XLSX zip bomb)', () => {
  it('fails a workbook that inflates past the limit though its archive says otherwise, naming the limit, importing nothing', async () => {
    const limitMb = `${Math.round(XLSX_MAX_UNCOMPRESSED_BYTES / 1024 / 1024)} MB`;
    const started = await upload(xlsxBomb(XLSX_MAX_UNCOMPRESSED_BYTES + 8 * 1024 * 1024), XLSX_MEDIA_TYPE, 'bomb.xlsx');
    expect(started.status).toBe(202);
    expect(await finished(started.body.jobId)).toMatchObject({ status: 'failed', totalRows: 0, householdsOk: 0 });
    expect(await jobErrors(db(), started.body.jobId)).toEqual([
      expect.objectContaining({
        row: 0,
        rule: 'xlsx_too_large',
        message: { 'zh-CN': expect.stringContaining(limitMb), en: expect.stringContaining(limitMb) },
      }),
    ]);
  });
});

describe('refusals', () => {
  it('415 for other content types and legacy .xls; 403 for a village cadre or another county; 400 for an empty body', async () => {
    const json = await call<{ error: { code: string; field: string; requestId: string; message: { en: string } } }>(
      'POST',
      `${svc.url}/imports/roster`,
      { token: approver, body: { rows: [] } },
    );
    expect(json.status).toBe(415);
    expect(json.body.error).toMatchObject({ code: 'upload.unsupported_media_type', field: 'Content-Type' });
    expect(json.body.error.message.en).toContain('text/csv');
    expect(json.headers.get('x-request-id')).toBe(json.body.error.requestId);
    const xls = await upload(
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'application/vnd.ms-excel',
      'old.xls',
    );
    expect(xls.status).toBe(415);
    const cadre = await upload(
      rosterCsv(householdRows('C01', village, 1)),
      'text/csv',
      'c.csv',
      await testToken('village_cadre', village),
    );
    expect(cadre.status).toBe(403);
    const empty = await upload('', 'text/csv');
    expect(empty.status).toBe(400);
    const none = await call('POST', `${svc.url}/imports/roster`, {
      raw: 'a,b\n1,2\n',
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(none.status).toBe(401);
    const other = await call('GET', `${svc.url}/imports?county=430524`, { token: approver });
    expect(other.status).toBe(403);
  });

  it('413 with the error body, then the connection closed, for a chunked upload over the limit (no Content-Length)', async () => {
    const reply = await chunkedUpload(`${svc.url}/imports/roster`, UPLOAD_LIMIT_BYTES + 8 * 1024 * 1024);
    expect(reply.status).toBe(413);
    expect(JSON.parse(reply.body)).toMatchObject({
      error: {
        code: 'request.too_large',
        message: { 'zh-CN': expect.stringContaining('50 MB'), en: expect.stringContaining('50 MB') },
      },
    });
    expect(reply.closed).toBe(true);
  });

  it('documents the upload routes in the OpenAPI document', async () => {
    const docs = await call<{
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> } }>>;
    }>('GET', `${svc.url}/docs-json`);
    expect(Object.keys(docs.body.paths['/imports/roster'].post.requestBody!.content)).toEqual([
      'text/csv',
      XLSX_MEDIA_TYPE,
    ]);
    expect(docs.body.paths['/imports/{id}/errors.csv']).toBeDefined();
    expect(docs.body.paths['/exclusions/{source}']).toBeDefined();
    expect(docs.body.paths['/villages/{villageCode}/cadre-relatives']).toBeDefined();
  });

  it('fails a file without the required columns, naming them, and imports nothing', async () => {
    const started = await upload('姓名,身份证号\r\n张三,430523196805170011\r\n', 'text/csv', 'wrong.csv');
    const job = await finished(started.body.jobId);
    expect(job).toMatchObject({ status: 'failed', householdsOk: 0 });
    const errors = await jobErrors(db(), started.body.jobId);
    expect(errors.map((e) => [e.row, e.column, e.rule])).toEqual(
      expect.arrayContaining([
        [1, 'household_key', 'missing_column'],
        [1, 'village_code', 'missing_column'],
      ]),
    );
  });
});

describe('crash safety', () => {
  it('a job interrupted between batches resumes after its last committed batch, writing nothing twice', async () => {
    const households = Array.from({ length: 7 }, (_, i) =>
      householdRows(`R${i}`, village, 2, i === 3 ? [{}, { birth_date: '1999-01-01' }] : []),
    );
    const buffer = Buffer.from(rosterCsv(households.flat()));
    const id = randomUUID();
    await db().$executeRawUnsafe(
      `INSERT INTO import_job (id, kind, county_code, file_name, file_sha256, status, created_by) VALUES ($1::uuid, 'roster', $2, 'r.csv', $3, 'queued', 'approver-zhao')`,
      id,
      county,
      randomUUID(),
    );
    const actor = { subject: 'approver-zhao', role: 'county_approver', jurisdiction: county };
    let checks = 0;
    const stopAfterTwoBatches = {
      get stopping() {
        return ++checks > 2;
      },
    };
    await expect(
      runRosterImport(db(), id, { buffer, format: 'csv' }, actor, stopAfterTwoBatches, { batchHouseholds: 2 }),
    ).rejects.toBeInstanceOf(JobInterrupted);
    expect(await transitionJob(db(), id, ['running'], 'interrupted')).toBe(true);
    expect(await getJob(db(), id)).toMatchObject({
      status: 'interrupted',
      processedRows: 8,
      householdsOk: 3,
      householdsFailed: 1,
    });

    const done = await runRosterImport(
      db(),
      id,
      { buffer, format: 'csv' },
      actor,
      { stopping: false },
      { batchHouseholds: 2 },
    );
    expect(done).toMatchObject({
      status: 'done',
      processedRows: 14,
      householdsOk: 6,
      householdsFailed: 1,
      errorCount: 2,
    });
    expect((await householdsByKey(households.map((h) => h[0].household_key))).map((h) => h.roster_key)).toEqual([
      'R0',
      'R1',
      'R2',
      'R4',
      'R5',
      'R6',
    ]);
  });

  it('an activity stopped midway (its worker shut down) is retried on a new worker: every row imported exactly once', async () => {
    // from here on the file's jobs run on workers of this test, one household per batch (many batches to stop between)
    await workers.activities?.stop();
    const first = await workers.startActivityWorker({ batchHouseholds: 1 });
    const households = Array.from({ length: 100 }, (_, i) =>
      householdRows(
        `K${String(i).padStart(2, '0')}`,
        village2,
        2,
        i % 20 === 7 ? [{}, { birth_date: '1999-01-01' }] : [],
      ),
    );
    const keys = households.map((h) => h[0].household_key);
    const bad = keys.filter((_, i) => i % 20 === 7);
    const started = await upload(rosterCsv(households.flat()), 'text/csv', 'k.csv');
    expect(started.status).toBe(202);
    const id = started.body.jobId;

    await eventually(async () => ((await getJob(db(), id))!.processedRows >= 20 ? true : undefined), 60_000, 5);
    await first.stop(); // the running activity is cancelled at once: it stops after the batch in hand
    const stopped = (await getJob(db(), id))!;
    expect(stopped.status).toBe('running');
    expect(stopped.processedRows).toBeLessThan(200);
    await sleep(1500); // nothing runs the job meanwhile
    expect((await getJob(db(), id))!.processedRows).toBe(stopped.processedRows);

    await workers.startActivityWorker({ batchHouseholds: 1 }); // the retry lands here
    expect(await finished(id)).toMatchObject({
      status: 'done',
      totalRows: 200,
      processedRows: 200,
      householdsOk: 95,
      householdsFailed: 5,
      errorCount: 10,
    });
    const imported = await householdsByKey(keys);
    expect(imported.map((h) => h.roster_key)).toEqual(keys.filter((k) => !bad.includes(k)));
    expect(imported.every((h) => h.members === 2)).toBe(true);
    // the error report complete: both rows of every refused household, once each
    const errors = await jobErrors(db(), id);
    expect(errors.map((e) => `${e.householdKey}:${e.row}`).sort()).toEqual(
      [...new Set(errors.map((e) => `${e.householdKey}:${e.row}`))].sort(),
    );
    expect([...new Set(errors.map((e) => e.householdKey))].sort()).toEqual(bad);
    // one activity, finished by a later attempt than the first
    const history = await svc.service.runtime.temporal.workflow.getHandle(importJobWorkflowId(id)).fetchHistory();
    const attempts = (history.events ?? []).flatMap((e) =>
      e.activityTaskStartedEventAttributes ? [e.activityTaskStartedEventAttributes.attempt ?? 0] : [],
    );
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toBeGreaterThan(1);
  });

  it('two runs of one job at once (an attempt given up on that still runs): each batch commits once, one run stops', async () => {
    const households = Array.from({ length: 6 }, (_, i) => householdRows(`Z${i}`, village, 2));
    const buffer = Buffer.from(rosterCsv(households.flat()));
    const id = randomUUID();
    await db().$executeRawUnsafe(
      `INSERT INTO import_job (id, kind, county_code, file_name, file_sha256, status, created_by) VALUES ($1::uuid, 'roster', $2, 'z.csv', $3, 'queued', 'approver-zhao')`,
      id,
      county,
      randomUUID(),
    );
    const actor = { subject: 'approver-zhao', role: 'county_approver', jurisdiction: county };
    const run = () =>
      runRosterImport(db(), id, { buffer, format: 'csv' }, actor, { stopping: false }, { batchHouseholds: 1 });
    const results = await Promise.allSettled([run(), run()]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const reason = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason as Error;
    expect(reason instanceof JobSuperseded || /not waiting to run/.test(reason.message)).toBe(true);
    expect(await getJob(db(), id)).toMatchObject({
      status: 'done',
      processedRows: 12,
      householdsOk: 6,
      householdsFailed: 0,
      errorCount: 0,
    });
    expect((await householdsByKey(households.map((h) => h[0].household_key))).map((h) => h.members)).toEqual([
      2, 2, 2, 2, 2, 2,
    ]);
    const audits = await db().$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM audit_record WHERE subject_type = 'import_job' AND subject_id = $1`,
      id,
    );
    expect(audits[0].n).toBe(1);
  });

  it('a job left running without its workflow (its process gone before starting it) resumes when the file is uploaded again', async () => {
    const csv = rosterCsv([...householdRows('S01', village, 2), ...householdRows('S02', village, 3)]);
    const sha = createHash('sha256').update(csv).digest('hex');
    const id = randomUUID();
    await db().$executeRawUnsafe(
      `INSERT INTO import_job (id, kind, county_code, file_name, file_sha256, status, created_by) VALUES ($1::uuid, 'roster', $2, 's.csv', $3, 'running', 'approver-zhao')`,
      id,
      county,
      sha,
    );
    const again = await upload(csv, 'text/csv', 's.csv');
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ jobId: id, resumed: true });
    expect(await finished(id)).toMatchObject({ status: 'done', householdsOk: 2 });
  });

  it('a job whose activity gives up is interrupted, says how to resume, and resumes when the file is uploaded again', async () => {
    const csv = rosterCsv(householdRows('T01', village, 2));
    const sha = createHash('sha256').update(csv).digest('hex');
    const id = randomUUID();
    // recorded without its file (as before files were kept): the activity has nothing to run and refuses, final
    await db().$executeRawUnsafe(
      `INSERT INTO import_job (id, kind, county_code, file_name, file_sha256, status, created_by) VALUES ($1::uuid, 'roster', $2, 't.csv', $3, 'queued', 'approver-zhao')`,
      id,
      county,
      sha,
    );
    const handle = await svc.service.runtime.temporal.workflow.start(importJobWorkflow, {
      taskQueue: workers.queues.workflow,
      workflowId: importJobWorkflowId(id),
      args: [{ jobId: id, activityTaskQueue: workers.queues.activity }],
    });
    expect(await handle.result()).toMatchObject({ jobId: id, status: 'interrupted' });
    const shown = await call<JobBody & { resume: unknown }>('GET', `${svc.url}/imports/${id}`, { token: approver });
    expect(shown.body).toMatchObject({
      status: 'interrupted',
      resume: expect.objectContaining({ en: expect.any(String) }),
    });

    const again = await upload(csv, 'text/csv', 't.csv');
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ jobId: id, resumed: true });
    expect(await finished(id)).toMatchObject({ status: 'done', householdsOk: 1 });
  });
});
