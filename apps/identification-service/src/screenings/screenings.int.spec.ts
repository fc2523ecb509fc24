import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import ExcelJS from 'exceljs';
import { screeningWorkflowId } from '@fupin/identification-workflows';
import { call, eventually, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { screenSlice } from './screening.activities';
import { SCREENING_XLSX_HEADERS } from './screening-xlsx';
import { startScreening } from './screening.repository';
import { type ScreeningWorkers, startScreeningWorkers } from './test-workers';

jest.setTimeout(120_000);

const county = '430523';
const villageA = '430523101201';
const villageB = '430523102203';
const otherCounty = '430524101201';
const YEAR = 2020; // poverty line 4000 yuan; monitoring line 6000 yuan

let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let workers: ScreeningWorkers;
let approver: string;
const db = () => svc.service.runtime.db;

interface ScreeningBody {
  screeningId: string;
  status: string;
  total: number;
  processed: number;
  percent: number;
  counts: Record<string, number>;
  finishedAt: string | null;
  alreadyRunning?: boolean;
}
interface ResultBody {
  householdId: string;
  villageCode: string;
  outcome: string;
  perCapitaFen: number | null;
  criteria: { met: string[]; failing: { criterion: string }[] };
}
interface PageBody {
  results: ResultBody[];
  nextCursor: string | null;
}

// ── seeding: households straight into the register (what a screening reads) ─────────────────────────────────────

interface Seed {
  village: string;
  status: string;
  /** [income year, per-capita fen] newest first */
  surveys: [number, number][];
  foodSecure?: boolean;
  monitored?: boolean;
}

const seeded = new Map<string, Seed>();

async function seed(households: Seed[]): Promise<string[]> {
  const ids = households.map(() => randomUUID());
  households.forEach((h, i) => seeded.set(ids[i], h));
  const q = (sql: string, ...args: unknown[]) => db().$executeRawUnsafe(sql, ...args);
  await q(
    `INSERT INTO household (id, village_code, status, created_by)
     SELECT u.id::uuid, u.v, u.s, 'seed' FROM unnest($1::text[], $2::text[], $3::text[]) AS u(id, v, s)`,
    ids,
    households.map((h) => h.village),
    households.map((h) => h.status),
  );
  await q(
    `INSERT INTO person (id, household_id, id_number, name, sex, birth_date, relation, basic_medical_insured)
     SELECT gen_random_uuid(), u.id::uuid, substr(md5(u.id), 1, 18), '张三', 'M', DATE '1980-05-01', '户主', true
       FROM unnest($1::text[]) AS u(id)`,
    ids,
  );
  const surveys = households.flatMap((h, i) => h.surveys.map(([year, fen]) => ({ id: ids[i], year, fen })));
  await q(
    `INSERT INTO income_survey (household_id, income_year, household_size, farming_income, livestock_income, wage_income,
            property_income, transfer_income, business_net_income, production_costs, living_expenses, illness_spending,
            student_costs, net_income_fen, per_capita_fen, surveyed_by)
     SELECT u.id::uuid, u.y, 1, u.f, 0, 0, 0, 0, 0, 0, 0, 0, 0, u.f, u.f, 'seed'
       FROM unnest($1::text[], $2::int[], $3::bigint[]) AS u(id, y, f)`,
    surveys.map((s) => s.id),
    surveys.map((s) => s.year),
    surveys.map((s) => s.fen),
  );
  await q(
    `INSERT INTO living_observation (id, household_id, housing_grade, drinking_water_safe, food_secure, observed_by, observed_at)
     SELECT gen_random_uuid(), u.id::uuid, 'A', true, u.food, 'seed', TIMESTAMPTZ '2020-06-01 00:00:00+08'
       FROM unnest($1::text[], $2::bool[]) AS u(id, food)`,
    ids,
    households.map((h) => h.foodSecure ?? true),
  );
  const monitored = ids.filter((_, i) => households[i].monitored);
  await q(
    `INSERT INTO monitored_household (id, household_id, village_code, categories, triggers, entry_figures, status, entered_by, workflow_id)
     SELECT gen_random_uuid(), h.id, h.village_code, ARRAY['unstable_exited'], ARRAY['income_below_monitoring_line'], '{}'::jsonb,
            'monitoring', 'seed', 'relapse-monitoring:' || h.id
       FROM household h WHERE h.id = ANY($1::uuid[])`,
    monitored,
  );
  return ids;
}

const mayExit = (village: string): Seed => ({
  village,
  status: 'registered',
  surveys: [
    [YEAR, 600_000],
    [YEAR - 1, 500_000],
  ],
});

let ids: Record<string, string>;
const fillers = 25;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  workers = await startScreeningWorkers(svc.service);
  approver = await testToken('county_approver', county, { subject: 'approver-li' });
  const named: Record<string, Seed> = {
    mayExitA: mayExit(villageA),
    mayExitB: mayExit(villageB),
    // above the line this year only: not eligible, income_stable failing
    noLonger: {
      village: villageB,
      status: 'registered',
      surveys: [
        [YEAR, 600_000],
        [YEAR - 1, 200_000],
      ],
    },
    stillPoor: { village: villageA, status: 'registered', surveys: [[YEAR, 300_000]] },
    hungry: { ...mayExit(villageA), foodSecure: false }, // 不愁吃 unmet: still eligible, not an exit
    exitedAtRisk: { village: villageA, status: 'exited', surveys: [[YEAR, 450_000]] },
    exitedWell: { village: villageA, status: 'exited', surveys: [[YEAR, 900_000]] },
    relapsed: { village: villageB, status: 'exited', surveys: [[YEAR, 300_000]], monitored: true },
    noSurvey: { village: villageA, status: 'registered', surveys: [[YEAR - 1, 500_000]] },
    applicant: { village: villageA, status: 'applicant', surveys: [[YEAR, 100_000]] },
    elsewhere: mayExit(otherCounty),
  };
  const names = Object.keys(named);
  const created = await seed(names.map((n) => named[n]));
  ids = Object.fromEntries(names.map((n, i) => [n, created[i]]));
  await seed(Array.from({ length: fillers }, () => mayExit(villageA)));
});

afterAll(async () => {
  await workers?.stop();
  await svc?.stop();
});

const post = (body: unknown, token = approver, key: string | null = randomUUID()) =>
  call<ScreeningBody & { error?: { code: string } }>('POST', `${svc.url}/screenings`, {
    token,
    body,
    headers: key ? { 'Idempotency-Key': key } : {},
  });

async function finished(id: string, token = approver): Promise<ScreeningBody> {
  return eventually(
    async () => {
      const r = await call<ScreeningBody>('GET', `${svc.url}/screenings/${id}`, { token });
      return r.body.status !== 'running' ? r.body : undefined;
    },
    60_000,
    100,
  );
}

// households in the county screened: registered, exited or monitored (not the applicant, not the other county)
const TOTAL = 9 + fillers;
const EXPECTED = { mayExit: 2 + fillers, noLongerEligible: 1, enterMonitoring: 1, relapse: 1, undecided: 1 };

describe('POST /screenings, then GET /screenings/:id', () => {
  let screeningId: string;

  it('records the screening (202), answers the same key and a second start while it runs with the same one', async () => {
    const key = randomUUID();
    const first = await post({ divisionCode: county, incomeYear: YEAR }, approver, key);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'running', alreadyRunning: false });
    screeningId = first.body.screeningId;
    const again = await post({ divisionCode: county, incomeYear: YEAR }, approver, key);
    expect({ status: again.status, id: again.body.screeningId }).toEqual({ status: 200, id: screeningId });
    // no activity worker yet: it is still running, so another start answers it
    const second = await post({ divisionCode: county, incomeYear: YEAR });
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ screeningId, alreadyRunning: true });
    const running = await call<ScreeningBody>('GET', `${svc.url}/screenings/${screeningId}`, { token: approver });
    expect(running.body).toMatchObject({ status: 'running', total: TOTAL, processed: 0, percent: 0 });
  });

  it('screens every household in chunks and completes with the counts per outcome', async () => {
    // a budget of 0: each activity call commits one chunk and returns, so the workflow loops (and its history shows it)
    await workers.startActivityWorker({ chunkSize: 4, budgetMs: 0 });
    const done = await finished(screeningId);
    expect(done).toMatchObject({ status: 'completed', total: TOTAL, processed: TOTAL, percent: 100, counts: EXPECTED });
    expect(done.finishedAt).not.toBeNull();
    // RECORD_HISTORIES=1: the replay test (apps/orchestrator) replays this run against the workflow code
    if (process.env.RECORD_HISTORIES === '1') {
      const handle = svc.service.runtime.temporal.workflow.getHandle(screeningWorkflowId(screeningId));
      const history = await handle.fetchHistory();
      const file = path.resolve(
        __dirname,
        '../../../../libs/identification-workflows/src/screening/histories/v1-screening.json',
      );
      fs.writeFileSync(file, `${JSON.stringify(JSON.parse(historyToJSON(history)), null, 2)}\n`);
    }
  });

  it('lists each actionable household once with its outcome and criteria; filters by outcome and village', async () => {
    const all = await allResults(screeningId, '');
    expect(all).toHaveLength(EXPECTED.mayExit + 3);
    const byId = new Map(all.map((r) => [r.householdId, r]));
    expect(byId.get(ids.mayExitA)).toMatchObject({ outcome: 'may_exit', perCapitaFen: 600_000 });
    expect(byId.get(ids.noLonger)).toMatchObject({
      outcome: 'no_longer_eligible',
      criteria: { failing: [{ criterion: 'income_stable' }] },
    });
    expect(byId.get(ids.exitedAtRisk)).toMatchObject({
      outcome: 'enter_monitoring',
      criteria: { failing: [{ criterion: 'income_below_monitoring_line' }] },
    });
    expect(byId.get(ids.relapsed)).toMatchObject({ outcome: 'relapse' });
    for (const quiet of ['stillPoor', 'hungry', 'exitedWell', 'noSurvey', 'applicant', 'elsewhere'])
      expect({ quiet, listed: byId.has(ids[quiet]) }).toEqual({ quiet, listed: false });
    const inB = await allResults(screeningId, `&village=${villageB}`);
    expect(inB.map((r) => r.householdId).sort()).toEqual([ids.mayExitB, ids.noLonger, ids.relapsed].sort());
    const exits = await allResults(screeningId, '&outcome=may_exit');
    expect(exits).toHaveLength(EXPECTED.mayExit);
    expect(exits.every((r) => r.outcome === 'may_exit')).toBe(true);
  });

  it('pages by household id: no household twice, none missed, a last page without a cursor', async () => {
    const first = await call<PageBody>('GET', `${svc.url}/screenings/${screeningId}/results?limit=10`, {
      token: approver,
    });
    expect(first.status).toBe(200);
    expect(first.body.results).toHaveLength(10);
    expect(first.body.nextCursor).toBe(first.body.results[9].householdId);
    const ids10 = first.body.results.map((r) => r.householdId);
    expect([...ids10].sort()).toEqual(ids10);
    const bad = await call('GET', `${svc.url}/screenings/${screeningId}/results?outcome=maybe`, { token: approver });
    expect(bad.status).toBe(400);
  });

  it('exports the results as XLSX with bilingual headers, outcome and criteria in Chinese and English', async () => {
    const res = await fetch(`${svc.url}/screenings/${screeningId}/results.xlsx`, {
      headers: { Authorization: `Bearer ${approver}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    const row = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1).map((v) => (v === undefined ? null : v));
    expect(row(1)).toEqual([...SCREENING_XLSX_HEADERS]);
    expect(sheet.actualRowCount).toBe(1 + EXPECTED.mayExit + 3);
    const rows = Array.from({ length: sheet.actualRowCount - 1 }, (_, i) => row(i + 2));
    const noLonger = rows.find((r) => r[0] === ids.noLonger)!;
    expect(noLonger[2]).toBe('不再符合识别标准 / no longer eligible');
    expect(noLonger[3]).toBe(6000);
    expect(String(noLonger[5])).toContain('收入稳定超过贫困标准 / income stably above the poverty line');
    expect(String(noLonger[4])).toContain('不愁吃 / enough to eat');
  });

  it('lets the auditor of the county read; refuses other counties, other roles, and starts outside the jurisdiction', async () => {
    const auditor = await testToken('auditor', county);
    expect((await call('GET', `${svc.url}/screenings/${screeningId}`, { token: auditor })).status).toBe(200);
    const neighbour = await testToken('county_approver', '430524');
    const foreign = await call<{ error: { code: string } }>('GET', `${svc.url}/screenings/${screeningId}/results`, {
      token: neighbour,
    });
    expect({ status: foreign.status, code: foreign.body.error.code }).toEqual({
      status: 403,
      code: 'auth.out_of_jurisdiction',
    });
    const cadre = await testToken('village_cadre', villageA);
    expect((await call('GET', `${svc.url}/screenings/${screeningId}`, { token: cadre })).status).toBe(403);
    expect((await post({ divisionCode: villageA, incomeYear: YEAR }, cadre)).status).toBe(403);
    const outside = await post({ divisionCode: '430524', incomeYear: YEAR });
    expect({ status: outside.status, code: outside.body.error?.code }).toEqual({
      status: 403,
      code: 'auth.out_of_jurisdiction',
    });
    const province = await post({ divisionCode: '43', incomeYear: YEAR });
    expect(province.status).toBe(403); // a county approver cannot screen the province
    const deptOperator = await testToken('workflow_operator', 'dept:medical_aid');
    const dept = await post({ divisionCode: '43', incomeYear: YEAR }, deptOperator);
    expect({ status: dept.status, code: dept.body.error?.code }).toEqual({
      status: 403,
      code: 'screening.division_jurisdiction_required',
    });
    expect((await post({ divisionCode: county, incomeYear: YEAR }, approver, null)).status).toBe(400);
    expect((await post({ divisionCode: '4305', incomeYear: 1999 })).status).toBe(400);
  });

  it('a workflow operator of the province screens the province (both counties)', async () => {
    const operator = await testToken('workflow_operator', '43');
    const started = await post({ divisionCode: '43', incomeYear: YEAR }, operator);
    expect(started.status).toBe(202);
    const done = await finished(started.body.screeningId, operator);
    expect(done).toMatchObject({ status: 'completed', total: TOTAL + 1, processed: TOTAL + 1 });
    expect(done.counts.mayExit).toBe(EXPECTED.mayExit + 1);
    const county430523 = await call('GET', `${svc.url}/screenings/${started.body.screeningId}`, { token: approver });
    expect(county430523.status).toBe(403); // a county approver does not read a province screening
  });
});

describe('resumption: the activity run again over the same screening', () => {
  const config = () => svc.service.runtime.config;
  const actor = { subject: 'test', role: 'county_approver', jurisdiction: county };

  async function recorded(divisionCode: string) {
    const r = await startScreening(db(), { divisionCode, incomeYear: YEAR, asOf: '2020-10-01' }, actor, randomUUID());
    return r.body.screeningId;
  }

  async function tally(id: string) {
    const rows = await db().$queryRawUnsafe<{ outcome: string; n: number; distinct_households: number }[]>(
      `SELECT outcome, count(*)::int AS n, count(DISTINCT household_id)::int AS distinct_households
         FROM screening_result WHERE screening_id = $1::uuid GROUP BY outcome ORDER BY outcome`,
      id,
    );
    const s = await call<ScreeningBody>('GET', `${svc.url}/screenings/${id}`, { token: approver });
    return { rows, body: s.body };
  }

  it('a run broken off between chunks resumes after the last committed chunk: no result twice, counts right', async () => {
    const id = await recorded(villageA);
    let chunks = 0;
    const crash = () => {
      if (++chunks === 2) throw new Error('worker killed between chunks');
    };
    await expect(screenSlice(db(), config(), id, { chunkSize: 4, afterChunk: crash })).rejects.toThrow('killed');
    const half = await tally(id);
    expect(half.body.processed).toBe(8);
    const resumed = await screenSlice(db(), config(), id, { chunkSize: 4 });
    expect(resumed).toMatchObject({ done: true, processed: half.body.total });
    const again = await screenSlice(db(), config(), id, { chunkSize: 4 });
    expect(again).toMatchObject({ done: true, processed: half.body.total });
    const { rows, body } = await tally(id);
    // village A: mayExitA + the fillers may exit, exitedAtRisk enters monitoring, noSurvey is undecided
    expect(body.counts).toEqual({
      mayExit: 1 + fillers,
      noLongerEligible: 0,
      enterMonitoring: 1,
      relapse: 0,
      undecided: 1,
    });
    expect(rows).toEqual([
      { outcome: 'enter_monitoring', n: 1, distinct_households: 1 },
      { outcome: 'may_exit', n: 1 + fillers, distinct_households: 1 + fillers },
    ]);
  });

  it('two attempts at once (a zombie attempt and its retry) commit each chunk once', async () => {
    const id = await recorded(villageB);
    await Promise.all([
      screenSlice(db(), config(), id, { chunkSize: 1 }),
      screenSlice(db(), config(), id, { chunkSize: 1 }),
    ]);
    const { rows, body } = await tally(id);
    expect(body).toMatchObject({ processed: 3, total: 3 });
    expect(body.counts).toEqual({ mayExit: 1, noLongerEligible: 1, enterMonitoring: 0, relapse: 1, undecided: 0 });
    expect(rows.map((r) => r.n)).toEqual([1, 1, 1]);
  });
});

async function allResults(id: string, filter: string): Promise<ResultBody[]> {
  const out: ResultBody[] = [];
  let cursor: string | null = null;
  do {
    const after: string = cursor ? `&cursor=${cursor}` : '';
    const page = await call<PageBody>('GET', `${svc.url}/screenings/${id}/results?limit=7${filter}${after}`, {
      token: approver,
    });
    expect(page.status).toBe(200);
    out.push(...page.body.results);
    cursor = page.body.nextCursor;
  } while (cursor);
  expect(new Set(out.map((r) => r.householdId)).size).toBe(out.length);
  return out;
}
