// Benchmark of 待办 (issue 15 §1, ADR 0019): the inbox of a county approver with 10,000 open household-steps must answer
// in under 300 ms p95. Seeds a fresh identification database with one county's rounds — --villages villages × a
// round each, --per-village households at the county's approval (10,000 by default) — among noise the query must
// skip: the same rounds' households at other steps and finished ones (--noise per village), exit rounds, and a
// second county as large. Then identification-service (from dist/, its own port, no Kafka, no worker) answers
// GET /work-items as that county approver, sorted by deadline, over HTTP with a signed token, --requests times after
// a warm-up; also a township reviewer's inbox and a filtered page. Prints p50/p95/max per query and a JSON line.
// Exits 1 when the county approver's p95 is 300 ms or more, or the inbox does not count the 10,000 household-steps.
//   node tools/build.mjs && npm run bench:inbox [-- --villages 100 --per-village 100 --noise 400 --requests 200]
import { randomInt } from 'node:crypto';
import { parseArgs } from 'node:util';
import { benchHarness, fmt, log, pg, sleep } from './harness.mjs';

const { values: argv } = parseArgs({
  options: {
    villages: { type: 'string', default: '100' },
    'per-village': { type: 'string', default: '100' },
    noise: { type: 'string', default: '400' },
    requests: { type: 'string', default: '200' },
  },
  strict: true,
});
const VILLAGES = Number(argv.villages);
const PER_VILLAGE = Number(argv['per-village']);
const NOISE = Number(argv.noise);
const REQUESTS = Number(argv.requests);
const county = `43${String(randomInt(1000, 10000))}`;
const otherCounty = `43${String(randomInt(1000, 10000))}`;
const dbName = `fupin_bench_inbox_${process.pid}`;

const h = await benchHarness([dbName]);
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** One county's rounds: per village PER_VILLAGE at county_approval and NOISE at other steps or done; exit rounds too. */
async function seed(db, countyCode, incomeYear) {
  await db.query(
    `WITH v AS (SELECT n, $1 || lpad(((n % 10) + 101)::text, 3, '0') || lpad((n / 10 + 201)::text, 3, '0') AS code
                  FROM generate_series(0, $2::int - 1) n)
     INSERT INTO identification_round (id, village_code, income_year, workflow_id, status, created_by)
     SELECT gen_random_uuid(), code, $3::int, 'identification-round:' || code || ':' || $3::text, 'running', 'bench' FROM v`,
    [countyCode, VILLAGES, incomeYear],
  );
  const steps = ['application', 'township_review', 'village_notice', 'registered', 'registered', 'refused'];
  await db.query(
    `INSERT INTO round_household (round_id, household_id, step, step_since)
     SELECT r.id, gen_random_uuid(),
            CASE WHEN i <= $2::int THEN 'county_approval' ELSE ($4::text[])[1 + i % array_length($4::text[], 1)] END,
            now() - make_interval(secs => random() * 14 * 86400)
       FROM identification_round r, generate_series(1, $2::int + $3::int) i
      WHERE r.village_code LIKE $1 || '%'`,
    [countyCode, PER_VILLAGE, NOISE, steps],
  );
  await db.query(
    `INSERT INTO exit_round (id, village_code, income_year, workflow_id, created_by)
     SELECT gen_random_uuid(), village_code, income_year, 'household-exit:' || village_code || ':' || income_year, 'bench'
       FROM identification_round WHERE village_code LIKE $1 || '%'`,
    [countyCode],
  );
  await db.query(
    `INSERT INTO exit_household (round_id, household_id, step, step_since)
     SELECT e.id, gen_random_uuid(), CASE WHEN i % 2 = 0 THEN 'exited' ELSE 'village_assessment' END, now()
       FROM exit_round e, generate_series(1, $2) i WHERE e.village_code LIKE $1 || '%'`,
    [countyCode, NOISE / 4],
  );
}

async function measure(label, url, token) {
  const get = async () => {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
    const body = await res.json();
    if (res.status !== 200) throw new Error(`${label}: ${res.status} ${JSON.stringify(body)}`);
    return { ms: performance.now() - t0, body };
  };
  for (let i = 0; i < 20; i++) await get(); // warm-up: connections, plans
  const times = [];
  let last;
  for (let i = 0; i < REQUESTS; i++) {
    const { ms, body } = await get();
    times.push(ms);
    last = body;
  }
  times.sort((a, b) => a - b);
  const r = (x) => Math.round(x * 10) / 10;
  const figures = { p50: r(pct(times, 50)), p95: r(pct(times, 95)), max: r(times.at(-1)) };
  log(
    `  ${label.padEnd(44)} p50 ${figures.p50} ms  p95 ${figures.p95} ms  max ${figures.max} ms — ${fmt(last.total)} items, ${fmt(last.householdSteps)} household-steps`,
  );
  return { ...figures, items: last.total, householdSteps: last.householdSteps };
}

let failed = false;
try {
  await h.createDatabase(dbName, 'identification-service');
  const db = new pg.Client({ connectionString: h.dbUrl(dbName) });
  db.on('error', () => {}); // dropped at shutdown
  await db.connect();
  const t0 = performance.now();
  await seed(db, county, 2025);
  await seed(db, otherCounty, 2025);
  await db.query('ANALYZE');
  const { rows } = await db.query(
    'SELECT (SELECT count(*) FROM round_household) + (SELECT count(*) FROM exit_household) AS n',
  );
  await db.end();
  log(
    `seeded ${fmt(Number(rows[0].n))} household-steps in two counties (${county}: ${fmt(VILLAGES * PER_VILLAGE)} at the county's approval) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  const port = 47000 + (process.pid % 500) * 2;
  const url = `http://127.0.0.1:${port}`;
  const svc = h.startNode('identification-service', 'dist/apps/identification-service/src/main.js', {
    IDENTIFICATION_DATABASE_URL: h.dbUrl(dbName),
    IDENTIFICATION_PORT: String(port),
    IDENTIFICATION_METRICS_PORT: '0',
    KAFKA_BROKERS: '127.0.0.1:1', // nothing listens: the relay retries in the background, HTTP answers
    RUN_WORKER: 'false',
  });
  const approver = await h.tokenFor('county_approver', county);
  for (let deadline = Date.now() + 120_000; ; await sleep(250)) {
    if (svc.child.exitCode !== null)
      throw new Error(`identification-service exited:\n${svc.tail.join('').slice(-3000)}`);
    const ok = await fetch(`${url}/work-items?limit=1`, { headers: { Authorization: `Bearer ${approver}` } }).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`identification-service not ready:\n${svc.tail.join('').slice(-3000)}`);
  }
  log(`GET /work-items, ${REQUESTS} requests each after 20 warm-up:`);
  const countyInbox = await measure('county approver, by deadline, 50 per page', `${url}/work-items`, approver);
  const township = await measure(
    'township reviewer, by deadline',
    `${url}/work-items`,
    await h.tokenFor('township_reviewer', `${county}101`),
  );
  const filtered = await measure(
    'county approver, one township, overdue, by village',
    `${url}/work-items?village=${county}102&overdue=true&sort=village`,
    approver,
  );
  const summary = {
    householdSteps: countyInbox.householdSteps,
    countyApprover: countyInbox,
    townshipReviewer: township,
    filtered,
    peakMiB: h.peaks()['identification-service'],
  };
  console.log(JSON.stringify(summary));
  if (countyInbox.householdSteps !== VILLAGES * PER_VILLAGE) {
    log(`✗ the inbox counts ${countyInbox.householdSteps} household-steps, expected ${VILLAGES * PER_VILLAGE}`);
    failed = true;
  }
  if (countyInbox.p95 >= 300) {
    log(`✗ p95 ${countyInbox.p95} ms is not under 300 ms`);
    failed = true;
  } else log(`✓ p95 ${countyInbox.p95} ms < 300 ms for ${fmt(countyInbox.householdSteps)} open household-steps`);
} catch (e) {
  log(`✗ ${e.stack ?? e}`);
  failed = true;
} finally {
  await h.shutdown();
}
process.exit(failed ? 1 : 0);
