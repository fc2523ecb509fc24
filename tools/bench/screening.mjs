// Benchmark of a province's screening (动态监测筛查) from the database: a fresh identification database is filled with
// COPY from the shared generator (tools/bench/generator: 1,000,000 households ≈ 3.2 M people over 100 counties, two
// income surveys each, a living observation, some exited and monitored households), then identification-service and
// the orchestrator are started and a workflow operator of the province runs POST /screenings over the whole province,
// polled once a second until it completes. Prints load time and rows/s per table, screening time, households/s,
// people/s, the counts per outcome, the peak memory of every process and the target check (under 2 minutes, every
// process under 1 GiB); the last line is a JSON summary. The database is dropped at the end, on Ctrl-C too.
//   npm run build && npm run bench:screening [-- --households 1000000 --seed 7]
import { parseArgs } from 'node:util';
import { randomUUID } from 'node:crypto';
import { benchHarness, fmt, log, pg, sleep } from './harness.mjs';
import { planPopulation, POPULATION_DEFAULTS } from './generator/households.mjs';
import { loadPopulation } from './generator/copy-loader.mjs';

const { values: argv } = parseArgs({
  options: {
    households: { type: 'string', default: String(POPULATION_DEFAULTS.households) },
    seed: { type: 'string', default: String(POPULATION_DEFAULTS.seed) },
    province: { type: 'string', default: POPULATION_DEFAULTS.province },
    counties: { type: 'string', default: String(POPULATION_DEFAULTS.counties) },
    'income-year': { type: 'string', default: String(POPULATION_DEFAULTS.incomeYear) },
    'drop-indexes': { type: 'boolean', default: false },
    'drop-foreign-keys': { type: 'boolean', default: false },
    'load-only': { type: 'boolean', default: false },
    env: { type: 'string', multiple: true, default: [] },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  console.log(`usage: node tools/bench/screening.mjs [--households 1000000] [--seed 7] [--province 52] [--counties 100]
       [--income-year 2020] [--drop-indexes] [--drop-foreign-keys] [--load-only] [--env KEY=VALUE …]
  --drop-indexes       drop the secondary indexes for the load and build them again after it
  --drop-foreign-keys  drop the foreign keys for the load and add (validate) them again after it
  --load-only     generate and load, print the load figures, drop the database (no services)
  --env           extra environment of identification-service and the orchestrator (repeatable)`);
  process.exit(0);
}
const YEAR = Number(argv['income-year']);
const TARGET_SECONDS = 120;
const TARGET_MIB = 1024;
const serviceEnv = Object.fromEntries(
  argv.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);

const dbs = { identification: `bench_screening_${process.pid}` };
const h = await benchHarness(dbs);
const { dbUrl, createDatabase, startNode, waitReady, shutdown, tokenFor, must, peaks, procs } = h;

/** Generate and COPY the population; print rows and rows/s per table. */
async function load() {
  const plan = planPopulation({
    households: Number(argv.households),
    seed: Number(argv.seed),
    province: argv.province,
    counties: Number(argv.counties),
    incomeYear: YEAR,
  });
  let last = 0;
  const t0 = performance.now();
  const loaded = await loadPopulation(dbUrl(dbs.identification), plan, {
    dropIndexes: argv['drop-indexes'],
    dropForeignKeys: argv['drop-foreign-keys'],
    onProgress: (n) => {
      if (performance.now() - last < 1000) return;
      last = performance.now();
      log(`  loaded ${fmt(n)}/${fmt(plan.options.households)} households, ${((last - t0) / 1000).toFixed(0)} s`);
    },
  });
  const rows = Object.values(loaded.tables).reduce((s, t) => s + t.rows, 0);
  const dropped = [argv['drop-indexes'] && 'secondary indexes', argv['drop-foreign-keys'] && 'foreign keys'].filter(
    Boolean,
  );
  const after = [
    argv['drop-indexes'] && `indexes rebuilt in ${loaded.indexSeconds.toFixed(1)} s`,
    argv['drop-foreign-keys'] && `foreign keys added and validated in ${loaded.foreignKeySeconds.toFixed(1)} s`,
    `vacuum analyze ${loaded.analyzeSeconds.toFixed(1)} s`,
  ].filter(Boolean);
  console.log(
    `load:      ${fmt(loaded.households)} households, ${fmt(loaded.people)} people, ${fmt(rows)} rows in ${loaded.seconds.toFixed(1)} s = ${fmt(rows / loaded.seconds)} rows/s (COPY, ${dropped.length ? `${dropped.join(' and ')} dropped` : 'indexes and foreign keys present'}); ${after.join(', ')}`,
  );
  for (const [table, t] of Object.entries(loaded.tables))
    console.log(
      `  ${table.padEnd(20)} ${fmt(t.rows).padStart(10)} rows, COPY busy ${t.seconds.toFixed(1).padStart(5)} s = ${fmt(t.rows / Math.max(t.seconds, 1e-3))} rows/s`,
    );
  return { plan, loaded, rows, benchMiB: Math.round(process.resourceUsage().maxRSS / 1024) };
}

/** What the screening of the province reads: registered households and those under monitoring, their members and surveys. */
async function scope() {
  const db = new pg.Client({ connectionString: dbUrl(dbs.identification) });
  await db.connect();
  try {
    const { rows } = await db.query(
      `WITH s AS (SELECT id FROM household h WHERE h.status = 'registered'
                   OR EXISTS (SELECT 1 FROM monitored_household m WHERE m.household_id = h.id AND m.status IN ('monitoring', 'clearing')))
       SELECT (SELECT count(*) FROM s)::int AS households,
              (SELECT count(*) FROM person p JOIN s ON s.id = p.household_id)::int AS people,
              (SELECT count(*) FROM income_survey i JOIN s ON s.id = i.household_id)::int AS surveys`,
    );
    return rows[0];
  } finally {
    await db.end();
  }
}

/** Start the services, run the screening of the province and poll it to its end. */
async function screen() {
  const base = 48000 + (process.pid % 500) * 10;
  const identUrl = `http://127.0.0.1:${base + 1}`;
  const ident = startNode('identification-service', 'dist/apps/identification-service/src/main.js', {
    IDENTIFICATION_DATABASE_URL: dbUrl(dbs.identification),
    IDENTIFICATION_PORT: String(base + 1),
    OUTBOX_POLL_INTERVAL: '200ms',
    ...serviceEnv,
  });
  const orchestrator = startNode('orchestrator', 'dist/apps/orchestrator/src/main.js', {
    ORCHESTRATOR_PORT: String(base + 9),
    ...serviceEnv,
  });
  await Promise.all([
    waitReady(ident, `${identUrl}/health/ready`),
    waitReady(orchestrator, `http://127.0.0.1:${base + 9}/health/live`),
  ]);
  const operator = h.client('identification-service', await tokenFor('workflow_operator', argv.province));
  const t0 = performance.now();
  const started = await must(
    operator.POST('/screenings', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { divisionCode: argv.province, incomeYear: YEAR },
    }),
  );
  log(`screening ${started.screeningId} (workflow ${started.workflowId}) ${started.status}`);
  for (;;) {
    await sleep(1000);
    const s = await must(operator.GET('/screenings/{id}', { params: { path: { id: started.screeningId } } }));
    const seconds = (performance.now() - t0) / 1000;
    log(
      `  ${s.status}: ${fmt(s.processed ?? 0)}/${fmt(s.total ?? 0)} households, ${seconds.toFixed(0)} s, ${fmt((s.processed ?? 0) / seconds)} households/s`,
    );
    if (s.status === 'failed') throw new Error(`screening failed: ${JSON.stringify(s).slice(0, 600)}`);
    if (s.status === 'completed') return { ...s, seconds: (performance.now() - t0) / 1000 };
  }
}

const summary = { bench: 'screening', households: Number(argv.households), seed: Number(argv.seed) };
let exitCode = 0;
try {
  await createDatabase(dbs.identification, 'identification-service');
  const { loaded, rows, benchMiB } = await load();
  summary.load = {
    seconds: Number(loaded.seconds.toFixed(1)),
    rows,
    rowsPerSec: Math.round(rows / loaded.seconds),
    people: loaded.people,
    indexesDropped: argv['drop-indexes'],
    foreignKeysDropped: argv['drop-foreign-keys'],
    indexSeconds: Number(loaded.indexSeconds.toFixed(1)),
    foreignKeySeconds: Number(loaded.foreignKeySeconds.toFixed(1)),
    analyzeSeconds: Number(loaded.analyzeSeconds.toFixed(1)),
    tables: Object.fromEntries(
      Object.entries(loaded.tables).map(([t, x]) => [t, { rows: x.rows, seconds: Number(x.seconds.toFixed(1)) }]),
    ),
    benchPeakMiB: benchMiB,
  };
  if (!argv['load-only']) {
    const inScope = await scope();
    log(
      `in scope: ${fmt(inScope.households)} households (registered or monitored), ${fmt(inScope.people)} people, ${fmt(inScope.surveys)} surveys`,
    );
    const s = await screen();
    const read = inScope.households + inScope.people + inScope.surveys;
    summary.screening = {
      seconds: Number(s.seconds.toFixed(1)),
      households: s.total ?? inScope.households,
      householdsPerSec: Math.round((s.total ?? inScope.households) / s.seconds),
      peoplePerSec: Math.round(inScope.people / s.seconds),
      rowsPerSec: Math.round(read / s.seconds),
      counts: s.counts,
    };
    console.log(
      `screening: ${fmt(summary.screening.households)} households (${fmt(inScope.people)} people) of province ${argv.province} screened in ${s.seconds.toFixed(1)} s = ${fmt(summary.screening.householdsPerSec)} households/s, ${fmt(summary.screening.peoplePerSec)} people/s, ${fmt(summary.screening.rowsPerSec)} rows/s read`,
    );
    console.log(
      `outcomes:  ${Object.entries(s.counts ?? {})
        .map(([k, v]) => `${k} ${fmt(v)}`)
        .join(', ')}`,
    );
  }
  summary.peakMiB = peaks();
  console.log(
    `peak memory (MiB): ${Object.entries(summary.peakMiB)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const underMemory = Object.values(summary.peakMiB).every((v) => v === null || v < TARGET_MIB);
  const inTime = summary.screening ? summary.screening.seconds < TARGET_SECONDS : null;
  summary.target = { seconds: TARGET_SECONDS, mib: TARGET_MIB, met: inTime === null ? null : inTime && underMemory };
  console.log(
    `target:    ${inTime === null ? 'screening not run' : `screening ${summary.screening.seconds} s ${inTime ? '<' : '≥'} ${TARGET_SECONDS} s`}; every process ${underMemory ? '<' : '≥'} ${TARGET_MIB} MiB → ${summary.target.met === null ? 'not judged' : summary.target.met ? 'met' : 'NOT met'}`,
  );
  console.log(`command:   npm run bench:screening -- ${process.argv.slice(2).join(' ')}`.trimEnd());
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
