// Benchmark of the annual review (一年一评、有进有出) on the real stack: a synthetic county's register (15 townships,
// 98 villages, 10,750 registered households, 34,677 people, with their surveys of the two last years; rural
// population per village) plus new applications (1 %), then the county approver starts the campaign and the
// officials sign as the villages' exit and identification rounds open — notices shortened to seconds, 2 % of the
// households proposed for exit not agreeing. Prints households/s end to end (campaign started → report recorded),
// the report (entered, exited, stayed, county incidence before → after), progress per township and peak memory.
//
// The register "as it stood" is set up by the roster and survey imports, then marked registered directly in the
// database (it was registered in earlier years' rounds; bench:identification measures that procedure).
//   npm run build && npm run bench:campaign [-- --households 1000 --people 3200 --villages 10 --townships 3]
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { driveExitRound, driveIdentificationRound } from './drivers.mjs';
import { benchHarness, csvUpload, dist, fmt, log, pg, sleep } from './harness.mjs';

const { values: argv } = parseArgs({
  options: {
    townships: { type: 'string', default: '15' },
    villages: { type: 'string', default: '98' },
    households: { type: 'string', default: '10750' },
    people: { type: 'string', default: '34677' },
    'new-share': { type: 'string', default: '0.01' },
    'exit-share': { type: 'string', default: '0.35' },
    'disagree-share': { type: 'string', default: '0.02' },
    'notice-seconds': { type: 'string', default: '10' },
    seed: { type: 'string', default: '20201' },
    county: { type: 'string', default: `53${String(1000 + (process.pid % 9000)).slice(-4)}` }, // a fresh county per run: workflow ids are business keys
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  console.log(
    'usage: node tools/bench/campaign.mjs [--townships 15 --villages 98 --households 10750 --people 34677 --new-share 0.01 --exit-share 0.35 --disagree-share 0.02 --notice-seconds 10 --county <6 digits> --seed 20201]',
  );
  process.exit(0);
}
const num = (k) => Number(argv[k]);
const NOTICE_S = num('notice-seconds');
const YEAR = 2020;
const { generateRosterCsv, generateSurveyCsv } = dist('libs/population/src/index.js');

const dbs = { identification: `bench_review_${process.pid}`, notice: `bench_review_notice_${process.pid}` };
const h = await benchHarness(dbs);
const { dbUrl, createDatabase, startNode, waitReady, shutdown, tokenFor, must, importDone, peaks, procs } = h;
/** A roster or survey file of the county (花名册, 六算) through identification's import, to its end. */
const importFile = async (identification, path, fileName, csv) =>
  importDone(
    identification,
    (await must(identification.POST(path, { params: { query: { fileName } }, ...csvUpload(csv) }))).jobId,
  );

const summary = { bench: 'campaign' };
let exitCode = 0;
try {
  await createDatabase(dbs.identification, 'identification-service');
  await createDatabase(dbs.notice, 'notice-service');
  const base = 46000 + (process.pid % 500) * 10;
  const identUrl = `http://127.0.0.1:${base + 1}`;
  const noticeUrl = `http://127.0.0.1:${base + 5}`;
  const ident = startNode('identification-service', 'dist/apps/identification-service/src/main.js', {
    IDENTIFICATION_DATABASE_URL: dbUrl(dbs.identification),
    IDENTIFICATION_PORT: String(base + 1),
    OUTBOX_POLL_INTERVAL: '200ms',
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: String(NOTICE_S),
    PROCEDURE_STEP_DEADLINE_SECONDS: '86400',
    EXIT_NOTICE_SECONDS: String(NOTICE_S),
    EXIT_ANNOUNCEMENT_SECONDS: String(NOTICE_S),
    REVIEW_CHECK_SECONDS: '2',
    REVIEW_SURVEY_SECONDS: '0',
    REVIEW_DEADLINE_SECONDS: '3600',
    REVIEW_VILLAGE_BATCH: '10',
  });
  const notice = startNode('notice-service', 'dist/apps/notice-service/src/main.js', {
    NOTICE_DATABASE_URL: dbUrl(dbs.notice),
    NOTICE_PORT: String(base + 5),
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
  const approver = await tokenFor('county_approver', argv.county);
  const asApprover = h.client('identification-service', approver);

  // 1. the register as it stood: roster, the surveys of the two last years (the same households above the line
  //    both years: they meet the exit criteria), marked registered; rural population per village
  const roster = generateRosterCsv({
    county: argv.county,
    townships: num('townships'),
    villages: num('villages'),
    households: num('households'),
    people: num('people'),
    seed: num('seed'),
  });
  const imported = await importFile(asApprover, '/imports/roster', 'register.csv', roster.csv);
  if (imported.status !== 'done') throw new Error(`roster import ${imported.status}`);
  for (const year of [YEAR - 1, YEAR]) {
    const surveys = generateSurveyCsv(roster, {
      incomeYear: year,
      seed: num('seed'),
      shareAboveLine: num('exit-share'),
    });
    const done = await importFile(asApprover, '/imports/surveys', `surveys-${year}.csv`, surveys.csv);
    if (done.status !== 'done')
      throw new Error(`survey import ${year} ${done.status}: ${JSON.stringify(done).slice(0, 400)}`);
  }
  const db = new pg.Client({ connectionString: dbUrl(dbs.identification) });
  db.on('error', () => {});
  await db.connect();
  await db.query(`UPDATE household SET status = 'registered'`);
  const { rows: villages } = await db.query(
    `SELECT h.village_code, count(p.*)::int AS people FROM household h JOIN person p ON p.household_id = h.id GROUP BY 1 ORDER BY 1`,
  );
  const townships = [...new Set(villages.map((v) => v.village_code.slice(0, 9)))];
  await must(
    asApprover.PUT('/divisions', {
      body: {
        countyCode: argv.county,
        divisions: [
          { code: argv.county, name: '基准县' },
          ...townships.map((t, i) => ({ code: t, name: `第${i + 1}镇` })),
          ...villages.map((v, i) => ({ code: v.village_code, name: `第${i + 1}村`, ruralPopulation: v.people * 8 })),
        ],
      },
    }),
  );
  // new applications (有进): a small roster of new households in the same villages, surveyed below the line
  const freshRoster = generateRosterCsv({
    county: argv.county,
    townships: num('townships'),
    villages: num('villages'),
    households: Math.max(num('villages'), Math.round(num('households') * num('new-share'))),
    people: Math.max(num('villages'), Math.round(num('people') * num('new-share'))),
    seed: num('seed') + 1,
  });
  // their own household keys (the generator numbers households per village from 0001, like the register's)
  const fresh = { ...freshRoster, csv: freshRoster.csv.replace(/^(\d{16}),/gm, 'N$1,') };
  const freshImport = await importFile(asApprover, '/imports/roster', 'applications.csv', fresh.csv);
  if (freshImport.status !== 'done')
    throw new Error(`applications import ${freshImport.status}: ${JSON.stringify(freshImport).slice(0, 400)}`);
  const freshSurveys = await importFile(
    asApprover,
    '/imports/surveys',
    `applications-${YEAR}.csv`,
    generateSurveyCsv(fresh, { incomeYear: YEAR, seed: num('seed') + 1, shareAboveLine: 0.02 }).csv,
  );
  if (freshSurveys.status !== 'done') throw new Error(`applications' surveys ${freshSurveys.status}`);
  const {
    rows: [counts],
  } = await db.query(
    `SELECT count(*) FILTER (WHERE status = 'registered')::int AS registered, count(*) FILTER (WHERE status = 'applicant')::int AS applicants FROM household`,
  );
  log(
    `register: ${fmt(counts.registered)} registered households in ${villages.length} villages, ${fmt(counts.applicants)} new applications`,
  );

  // 2. the campaign, and the officials signing as each village's rounds open
  const t0 = performance.now();
  const started = await must(
    asApprover.POST('/reviews', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { countyCode: argv.county, incomeYear: YEAR },
    }),
  );
  const stats = { registered: 0, refused: new Set(), objectionsFiled: 0, objectionsLate: 0, exited: 0, stayed: 0 };
  const driving = new Set();
  const drivers = [];
  let driverFailed = null; // a failing driver fails the run at the next turn of the loop
  const drive = (p) =>
    drivers.push(
      p.catch((e) => {
        driverFailed ??= e;
      }),
    );
  let review;
  const inCounty = { params: { query: { division: argv.county } } };
  const progress = setInterval(() => {
    if (!review) return;
    const t = review.townships ?? [];
    log(
      `  ${review.phase}: villages done ${t.reduce((s, x) => s + x.done, 0)}/${t.reduce((s, x) => s + x.villages, 0)}, exited ${fmt(stats.exited)}, registered ${fmt(stats.registered)}, ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
  }, 3000);
  for (;;) {
    const r = await asApprover.GET('/reviews/{id}', { params: { path: { id: started.campaignId } } });
    if (r.response.status === 200) review = r.data;
    if (review?.phase === 'finished') break;
    // rounds opened by the campaign: each gets its officials once
    const exits = await must(asApprover.GET('/exits', inCounty));
    for (const round of exits.rounds.filter((x) => x.income_year === YEAR && !driving.has(x.id))) {
      driving.add(round.id);
      const hh = await must(asApprover.GET('/exits/{id}/households', { params: { path: { id: round.id } } }));
      const disagreeing = new Set(
        hh.households
          .map((x) => x.householdId)
          .filter((id) => parseInt(id.slice(0, 4), 16) / 0x10000 < num('disagree-share')),
      );
      drive(driveExitRound(h, { roundId: round.id, village: round.village_code, disagreeing, stats }));
    }
    const rounds = await must(asApprover.GET('/rounds', inCounty));
    for (const round of rounds.rounds.filter((x) => x.income_year === YEAR && !driving.has(x.id))) {
      driving.add(round.id);
      const hh = await must(asApprover.GET('/rounds/{id}/households', { params: { path: { id: round.id } } }));
      drive(
        driveIdentificationRound(h, {
          roundId: round.id,
          village: round.village_code,
          ids: hh.households.map((x) => x.householdId),
          stats,
        }),
      );
    }
    if (driverFailed) throw driverFailed;
    await sleep(1000);
  }
  await Promise.all(drivers);
  if (driverFailed) throw driverFailed;
  const elapsed = (performance.now() - t0) / 1000;
  clearInterval(progress);
  await db.end();
  const reviewed = counts.registered + counts.applicants;
  const rep = review.report;
  summary.households = reviewed;
  summary.seconds = Number(elapsed.toFixed(1));
  summary.householdsPerSec = Number((reviewed / elapsed).toFixed(1));
  summary.report = {
    entered: rep.entered,
    exited: rep.exited,
    stayedRegistered: rep.stayedRegistered,
    monitored: rep.monitored,
    countyIncidenceBp: { before: rep.county.before.bp, after: rep.county.after.bp },
  };
  summary.townships = review.townships.length;
  summary.villagesDone = review.townships.reduce((s, t) => s + t.done, 0);
  summary.peakMiB = peaks();
  console.log(
    `campaign:  ${fmt(reviewed)} households (${fmt(counts.registered)} registered + ${fmt(counts.applicants)} applications) reviewed in ${elapsed.toFixed(1)} s = ${summary.householdsPerSec} households/s end to end (notices ${NOTICE_S} s)`,
  );
  console.log(
    `report:    entered ${rep.entered}, exited ${fmt(rep.exited)}, stayed registered ${rep.stayedRegistered} (did not agree), monitored ${rep.monitored}; county incidence ${(rep.county.before.bp / 100).toFixed(2)} % → ${(rep.county.after.bp / 100).toFixed(2)} %`,
  );
  console.log(
    `townships: ${review.townships.length}, villages done ${summary.villagesDone}, overdue ${review.townships.reduce((s, t) => s + t.overdue, 0)}`,
  );
  console.log(
    `peak memory (MiB): ${Object.entries(summary.peakMiB)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (rep.exited !== stats.exited || rep.entered !== stats.registered || rep.stayedRegistered !== stats.stayed) {
    exitCode = 1;
    console.log(
      `✗ the report (${rep.exited} exited, ${rep.entered} entered, ${rep.stayedRegistered} stayed) disagrees with what the officials did (${stats.exited}, ${stats.registered}, ${stats.stayed})`,
    );
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
