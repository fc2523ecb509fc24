// Import throughput on a synthetic county. By default a small county (correctness of the generator end
// to end); `ROSTER_BENCH=1` imports the full benchmark county (15 townships, 98 villages, 10,750
// households, 34,677 people) and prints people/s:
//   source .stack/test/env.sh && ROSTER_BENCH=1 npx jest --selectProjects integration -- apps/identification-service/src/imports/roster-bench
// (ROSTER_BENCH_FORMAT=xlsx uploads the same roster as an Excel workbook.)
import ExcelJS from 'exceljs';
import { generateRosterCsv } from '@fupin/population';
import { call, eventually, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { parseCsv } from './tabular';
import { XLSX_MEDIA_TYPE } from './upload';
import { type ImportJobWorkers, startImportJobWorkers } from './test-workers';

jest.setTimeout(300_000);

const full = process.env.ROSTER_BENCH === '1';
const xlsx = process.env.ROSTER_BENCH_FORMAT === 'xlsx';

async function asWorkbook(csv: string): Promise<Buffer> {
  const table = parseCsv(Buffer.from(csv, 'utf8'));
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('花名册');
  sheet.addRow(table.headers);
  for (const r of table.rows) sheet.addRow(r.cells);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
const county = '430523';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let workers: ImportJobWorkers;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  workers = await startImportJobWorkers(svc.service);
});
afterAll(async () => {
  await workers?.stop();
  await svc?.stop();
});

it(`imports a synthetic county roster (${full ? 'full benchmark size' : 'small'}) with every household accepted`, async () => {
  const sizes = full ? {} : { townships: 3, villages: 6, households: 300, people: 960 };
  const roster = generateRosterCsv({ county, seed: 20141231, ...sizes });
  const body = xlsx ? await asWorkbook(roster.csv) : Buffer.from(roster.csv, 'utf8');
  const token = await testToken('county_approver', county);
  const t0 = process.hrtime.bigint();
  const started = await call<{ jobId: string }>('POST', `${svc.url}/imports/roster?fileName=synthetic.csv`, {
    token,
    raw: body,
    headers: { 'Content-Type': xlsx ? XLSX_MEDIA_TYPE : 'text/csv' },
  });
  expect(started.status).toBe(202);
  const accepted = Number(process.hrtime.bigint() - t0) / 1e6;
  const job = await eventually(
    async () => {
      const r = await call<{
        status: string;
        householdsOk: number;
        householdsFailed: number;
        totalRows: number;
        createdAt: string;
        finishedAt: string;
      }>('GET', `${svc.url}/imports/${started.body.jobId}`, { token });
      return r.body.status === 'running' || r.body.status === 'queued' ? undefined : r.body;
    },
    240_000,
    50,
  );
  const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  expect(job).toMatchObject({
    status: 'done',
    householdsOk: roster.households,
    householdsFailed: 0,
    totalRows: roster.people,
  });
  const persons = await svc.service.runtime.db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM person`,
  );
  expect(persons[0].n).toBe(roster.people);
  const illness = roster.mainCauses.illness / roster.households;
  expect(illness).toBeGreaterThan(0.35);
  expect(illness).toBeLessThan(0.5);
  process.stdout.write(
    `roster import: ${roster.people} people / ${roster.households} households / ${roster.villages.length} villages, ${(body.length / 1e6).toFixed(1)} MB ${xlsx ? 'XLSX' : 'CSV'}; ` +
      `202 after ${accepted.toFixed(0)} ms; done after ${wallSeconds.toFixed(2)} s → ${Math.round(roster.people / wallSeconds)} people/s ` +
      `(illness ${(illness * 100).toFixed(1)} %)\n`,
  );
});
