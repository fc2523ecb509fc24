// Benchmark of 精准识别 on the real stack: a synthetic county (15 townships, 98 poor villages, 10,750
// applying households, 34,677 people; main causes like the real register, ~42 % illness) is imported as a
// roster, surveyed, and taken through the whole procedure — one round per village, notices shortened to
// seconds, objections on 1 % of households (dismissed on re-examination) — by the officials' APIs.
// Prints: import people/s, survey entries/s, procedure households/s end to end (first round opened → last
// household registered), p50/p95 time in the system per household, and peak memory of every process.
//
// Uses the built services (dist/, run `node tools/build.mjs` first), its own fresh databases, and the
// servers of the environment if given, or else its own bench stack (.stack/bench, own ports), stopped at the end.
//   npm run bench:identification [-- --households 2000 --people 6500 --villages 20 --townships 5]
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { driveIdentificationRound } from './drivers.mjs';
import { benchHarness, csvUpload, dist, fmt, log, pg, sleep } from './harness.mjs';

const { values: argv } = parseArgs({
  options: {
    townships: { type: 'string', default: '15' },
    villages: { type: 'string', default: '98' },
    households: { type: 'string', default: '10750' },
    people: { type: 'string', default: '34677' },
    'notice-seconds': { type: 'string', default: '10' },
    'objection-share': { type: 'string', default: '0.01' },
    concurrency: { type: 'string', default: '24' },
    seed: { type: 'string', default: '20141' },
    county: { type: 'string', default: `52${String(1000 + (process.pid % 9000)).slice(-4)}` }, // a fresh county per run: workflow ids are business keys
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  console.log(
    'usage: node tools/bench/identification.mjs [--townships 15 --villages 98 --households 10750 --people 34677 --notice-seconds 10 --objection-share 0.01 --concurrency 24 --county <6 digits, default random 52xxxx> --seed 20141]',
  );
  process.exit(0);
}
const num = (k) => Number(argv[k]);
const NOTICE_S = num('notice-seconds');
const { generateRosterCsv, generateSurveyCsv } = dist('libs/population/src/index.js');

const dbs = { identification: `bench_ident_${process.pid}`, notice: `bench_notice_${process.pid}` };
const h = await benchHarness(dbs);
const { dbUrl, createDatabase, startNode, waitReady, shutdown, tokenFor, must, importDone, peaks, procs } = h;

// ---- the run -----------------------------------------------------------------------------------------
const summary = { bench: 'identification' };
let exitCode = 0;
try {
  log(`databases ${dbs.identification}, ${dbs.notice}`);
  await createDatabase(dbs.identification, 'identification-service');
  await createDatabase(dbs.notice, 'notice-service');
  const base = 47000 + (process.pid % 500) * 10;
  const identUrl = `http://127.0.0.1:${base + 1}`;
  const noticeUrl = `http://127.0.0.1:${base + 5}`;
  const ident = startNode('identification-service', 'dist/apps/identification-service/src/main.js', {
    IDENTIFICATION_DATABASE_URL: dbUrl(dbs.identification),
    IDENTIFICATION_PORT: String(base + 1),
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: String(NOTICE_S),
    PROCEDURE_STEP_DEADLINE_SECONDS: '86400',
    OUTBOX_POLL_INTERVAL: '200ms',
  });
  const notice = startNode('notice-service', 'dist/apps/notice-service/src/main.js', {
    NOTICE_DATABASE_URL: dbUrl(dbs.notice),
    NOTICE_PORT: String(base + 5),
    NOTICE_OBJECTION_RATE_LIMIT: '1000000/1m',
    OUTBOX_POLL_INTERVAL: '200ms',
  });
  const orchestrator = startNode('orchestrator', 'dist/apps/orchestrator/src/main.js', {
    ORCHESTRATOR_PORT: String(base + 9),
  });
  await Promise.all([
    waitReady(ident, `${identUrl}/health/ready`),
    waitReady(notice, `${noticeUrl}/health/ready`),
    waitReady(orchestrator, `http://127.0.0.1:${base + 9}/health/live`),
  ]);

  // 1. roster import
  const roster = generateRosterCsv({
    county: argv.county,
    townships: num('townships'),
    villages: num('villages'),
    households: num('households'),
    people: num('people'),
    seed: num('seed'),
  });
  log(
    `roster: ${fmt(roster.households)} households, ${fmt(roster.people)} people in ${roster.villages.length} villages (${(roster.csv.length / 1e6).toFixed(1)} MB CSV); illness ${((roster.mainCauses.illness / roster.households) * 100).toFixed(1)} %`,
  );
  const approver = await tokenFor('county_approver', argv.county);
  const asApprover = h.client('identification-service', approver);
  let t0 = performance.now();
  const job = await must(
    asApprover.POST('/imports/roster', {
      params: { query: { fileName: 'bench-roster.csv' } },
      ...csvUpload(roster.csv),
    }),
  );
  let state = await importDone(asApprover, job.jobId, (st) =>
    log(`  import ${st.status}: ${fmt(st.processedRows ?? 0)}/${fmt(st.totalRows ?? 0)} rows`),
  );
  const importMs = performance.now() - t0;
  if (state.status !== 'done' || state.householdsOk !== roster.households)
    throw new Error(`import ended ${state.status}: ${JSON.stringify(state).slice(0, 500)}`);
  summary.importPeoplePerSec = Math.round((roster.people * 1000) / importMs);
  console.log(
    `import:    ${fmt(roster.people)} people in ${(importMs / 1000).toFixed(1)} s = ${fmt(summary.importPeoplePerSec)} people/s`,
  );

  // 2. household surveys (六算) and observations, loaded from the survey teams' file
  const surveys = generateSurveyCsv(roster, { incomeYear: 2020, seed: num('seed'), shareAboveLine: 0.02 });
  t0 = performance.now();
  const sjob = await must(
    asApprover.POST('/imports/surveys', {
      params: { query: { fileName: 'bench-surveys.csv' } },
      ...csvUpload(surveys.csv),
    }),
  );
  state = await importDone(asApprover, sjob.jobId);
  const surveyMs = performance.now() - t0;
  if (state.status !== 'done')
    throw new Error(`survey import ended ${state.status}: ${JSON.stringify(state).slice(0, 500)}`);
  summary.surveyHouseholdsPerSec = Math.round((surveys.households * 1000) / surveyMs);
  console.log(
    `surveys:   ${fmt(surveys.households)} households (六算 + observation) in ${(surveyMs / 1000).toFixed(1)} s = ${fmt(summary.surveyHouseholdsPerSec)} households/s`,
  );
  const db = new pg.Client({ connectionString: dbUrl(dbs.identification) });
  db.on('error', () => {}); // the database is dropped at the end, also after a failure
  await db.connect();
  const { rows: households } = await db.query(
    `SELECT h.id::text, h.village_code FROM household h WHERE status = 'applicant'`,
  );

  // 3. the procedure, one round per village, driven by its officials
  const byVillage = new Map();
  for (const x of households) byVillage.set(x.village_code, [...(byVillage.get(x.village_code) ?? []), x.id]);
  const objected = new Set(
    households.filter((_, i) => (i * 9973) % 10_000 < num('objection-share') * 10_000).map((x) => x.id),
  );
  const stats = { registered: 0, refused: new Set(), objectionsFiled: 0, objectionsLate: 0 };
  t0 = performance.now();
  const progress = setInterval(
    () =>
      log(
        `  procedure: ${fmt(stats.registered)}/${fmt(households.length)} registered, ${stats.objectionsFiled} objections, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
      ),
    2000,
  );
  await Promise.all(
    [...byVillage.entries()].map(async ([village, applying]) => {
      const cadre = await tokenFor('village_cadre', village);
      const opened = await must(
        h.client('identification-service', cadre).POST('/rounds', {
          params: { header: { 'Idempotency-Key': randomUUID() } },
          body: { villageCode: village, incomeYear: 2020 },
        }),
      );
      await driveIdentificationRound(h, {
        roundId: opened.roundId,
        village,
        ids: applying,
        objected,
        stats,
      });
    }),
  );
  const { refused, objectionsFiled, objectionsLate } = stats;
  // the register records the outcome (status, events, audit) right after the workflow decides it
  for (let i = 0; i < 120; i++) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM round_household WHERE outcome = 'registered'`);
    if (rows[0].n >= households.length - refused.size) break;
    await sleep(500);
  }
  clearInterval(progress);
  const procedureMs = performance.now() - t0;
  const { rows: times } = await db.query(
    `SELECT extract(epoch FROM (rh.updated_at - r.created_at)) * 1000 AS ms FROM round_household rh JOIN identification_round r ON r.id = rh.round_id WHERE rh.outcome = 'registered' ORDER BY 1`,
  );
  await db.end();
  const pct = (p) => Math.round(Number(times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))].ms));
  summary.households = households.length;
  summary.registered = times.length;
  summary.objections = objectionsFiled;
  summary.objectionsTooLate = objectionsLate;
  summary.refused = refused.size;
  summary.procedureHouseholdsPerSec = Number(((times.length * 1000) / procedureMs).toFixed(1));
  summary.p50Ms = pct(50);
  summary.p95Ms = pct(95);
  summary.decidedHouseholdsPerSec = Number((((times.length + refused.size) * 1000) / procedureMs).toFixed(1));
  console.log(
    `procedure: ${fmt(times.length)} registered + ${refused.size} refused in ${(procedureMs / 1000).toFixed(1)} s = ${summary.decidedHouseholdsPerSec} households/s end to end (${objectionsFiled} objections, notices ${NOTICE_S} s)`,
  );
  console.log(
    `time in the system per household: p50 ${(summary.p50Ms / 1000).toFixed(1)} s, p95 ${(summary.p95Ms / 1000).toFixed(1)} s`,
  );
  summary.peakMiB = peaks();
  console.log(
    `peak memory (MiB): ${Object.entries(summary.peakMiB)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (times.length + refused.size !== households.length) {
    exitCode = 1;
    console.log(`✗ ${households.length - times.length - refused.size} households neither registered nor refused`);
  }
} catch (e) {
  exitCode = 1;
  console.error(`✗ ${e.stack ?? e}`);
  for (const p of procs) console.error(`--- ${p.name} (last output)\n${p.tail.join('').slice(-1500)}`);
} finally {
  await shutdown();
}
summary.ok = exitCode === 0;
console.log(JSON.stringify(summary));
process.exit(exitCode);
