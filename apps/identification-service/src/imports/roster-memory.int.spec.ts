// A roster whose rows repeat one ID number must be refused with a bounded error report and bounded memory
// (issue 10.1: 50,000 rows with one ID number took the service down — each error listed every other row).
// The service runs in this process, so its memory is this process's memory.
import { call, eventually, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { MAX_STORED_ERRORS } from './import-jobs';
import { jobErrors } from './import-job.repository';
import { csvLine } from './tabular';
import { ROSTER_HEADERS_EN, householdRows, residentId, rosterCsv } from './test-support';
import { type ImportJobWorkers, startImportJobWorkers } from './test-workers';

jest.setTimeout(300_000);

const county = '430523';
const village = '430523101201';
const REPEATED_ROWS = 100_000;
/**
 * Growth of the test process's resident memory (the service, and this test's own copy of the file) during the
 * import. Before the fix the messages alone grew with the square of the repeats: the process died at the 4 GB heap.
 */
const RSS_GROWTH_BOUND_MB = 400;
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

/** 100,000 one-person households that are all the same person, then three good households. */
function roster(): { csv: string; goodRows: number } {
  const person = residentId(county, '1968-05-17');
  const lines = [csvLine(ROSTER_HEADERS_EN)];
  for (let i = 0; i < REPEATED_ROWS; i++) {
    lines.push(
      csvLine([
        `D${i}`,
        village,
        person,
        '王建国',
        '1968-05-17',
        '户主',
        '汉族',
        '初中',
        '非在校生',
        '健康',
        '普通劳动力',
        '是',
        '是',
        '',
        '因病',
        '',
        '',
      ]),
    );
  }
  const good = ['G1', 'G2', 'G3'].flatMap((key) => householdRows(key, village, 2));
  return {
    csv: `${lines.join('\r\n')}\r\n${rosterCsv(good).split('\r\n').slice(1).join('\r\n')}`,
    goodRows: good.length,
  };
}

/**
 * The peak resident memory while `work` runs, as growth over the resident memory before it: sampled every 20 ms,
 * and from the process's high-water mark when `work` raised it (that also covers synchronous stretches such as
 * parsing and validating, which no timer interrupts).
 */
async function rssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number; before: number }> {
  const before = process.memoryUsage().rss;
  const highWaterBefore = process.resourceUsage().maxRSS * 1024;
  let sampled = before;
  const sampler = setInterval(() => (sampled = Math.max(sampled, process.memoryUsage().rss)), 20);
  try {
    const result = await work();
    const highWater = process.resourceUsage().maxRSS * 1024;
    const peak = Math.max(sampled, highWater > highWaterBefore ? highWater : 0);
    return { result, growth: peak - before, before };
  } finally {
    clearInterval(sampler);
  }
}

it(`refuses ${REPEATED_ROWS.toLocaleString('en')} rows of one ID number with a bounded report, RSS growing by less than ${RSS_GROWTH_BOUND_MB} MB`, async () => {
  const { csv, goodRows } = roster();
  const token = await testToken('county_approver', county);
  const t0 = Date.now();
  const {
    result: job,
    growth,
    before,
  } = await rssGrowth(async () => {
    const started = await call<{ jobId: string }>('POST', `${svc.url}/imports/roster?fileName=repeated.csv`, {
      token,
      raw: csv,
      headers: { 'Content-Type': 'text/csv' },
    });
    expect(started.status).toBe(202);
    return eventually(
      async () => {
        const r = await call<{
          id: string;
          status: string;
          totalRows: number;
          householdsOk: number;
          householdsFailed: number;
          errorCount: number;
        }>('GET', `${svc.url}/imports/${started.body.jobId}`, { token });
        return ['done', 'failed', 'interrupted'].includes(r.body.status) ? r.body : undefined;
      },
      240_000,
      200,
    );
  });
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  process.stdout.write(
    `repeated-ID roster: ${(csv.length / 1e6).toFixed(1)} MB CSV, ${REPEATED_ROWS + goodRows} rows, ${((Date.now() - t0) / 1000).toFixed(1)} s; ` +
      `RSS ${mb(before)} MB before, peak +${mb(growth)} MB\n`,
  );

  expect(job).toMatchObject({
    status: 'done',
    totalRows: REPEATED_ROWS + goodRows,
    householdsOk: 3,
    householdsFailed: REPEATED_ROWS,
  });
  const errors = await jobErrors(svc.service.runtime.db, job.id);
  expect(errors).toHaveLength(MAX_STORED_ERRORS + 1);
  expect(job.errorCount).toBe(MAX_STORED_ERRORS + 1);
  const duplicates = errors.filter((e) => e.rule === 'duplicate_in_file');
  expect(duplicates).toHaveLength(MAX_STORED_ERRORS);
  for (const e of duplicates) expect(e.message.en.length + e.message['zh-CN'].length).toBeLessThan(300);
  expect(duplicates[0].message.en).toContain(`and ${(REPEATED_ROWS - 2).toLocaleString('en')} other rows`);
  const omitted = REPEATED_ROWS - MAX_STORED_ERRORS;
  expect(errors.filter((e) => e.rule === 'errors_truncated')).toEqual([
    expect.objectContaining({
      row: 0,
      omitted,
      message: {
        'zh-CN': expect.stringContaining(`另有 ${omitted} 条未列出`),
        en: expect.stringContaining(`${omitted.toLocaleString('en')} more are not listed`),
      },
    }),
  ]);
  expect(mb(growth)).toBeLessThan(RSS_GROWTH_BOUND_MB);
});
