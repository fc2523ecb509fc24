// Benchmark of one-stop settlement (一站式结算):
//   1. the pure rule in-process (settleClaim): claims/s over varied claims;
//   2. POST /settlements/preview over HTTP at a fixed arrival rate (default 200 requests/s for 30 s) against
//      the built medical-aid-service, through its typed client (libs/api-client), at most 64 requests in flight:
//      p50/p95/p99 latency (measured from each request's scheduled time, so a slow server cannot hide its queue),
//      achieved throughput, errors.
// Uses dist/ (run `node tools/build.mjs` first) and the servers of the environment, or else its own bench stack.
//   npm run bench:medical [-- --rate 200 --seconds 30]
import { migrateService } from '../stack/migrate.mjs';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { typedClient } from './harness.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { values: argv } = parseArgs({
  options: {
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '30' },
    'rule-claims': { type: 'string', default: '1000000' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  console.log('usage: node tools/bench/medical.mjs [--rate 200] [--seconds 30] [--rule-claims 1000000]');
  process.exit(0);
}
const RATE = Number(argv.rate);
const SECONDS = Number(argv.seconds);
const log = (m) => process.stderr.write(`${m}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const dist = (rel) => {
  const file = path.join(repoRoot, 'dist', rel);
  if (!fs.existsSync(file)) {
    console.error(`${rel} is missing: run \`node tools/build.mjs\` first`);
    process.exit(2);
  }
  return require(file);
};
const { settleClaim, ILLUSTRATIVE_POLICY } = dist('libs/domain/medical-aid-rules/src/index.js');
const { mintToken } = dist('libs/auth/src/dev-issuer.js');

const policy = ILLUSTRATIVE_POLICY;
const levels = ['township', 'county', 'city', 'province'];
let seed = 7;
const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
function claimInput(i) {
  const total = 10_000 + Math.floor(rnd() * 30_000_000);
  const inPolicy = Math.floor(total * (0.6 + rnd() * 0.4));
  return {
    policy,
    claim: { totalCost: total, inPolicyCost: inPolicy, level: levels[i % 4], inCounty: i % 3 !== 0 },
    registeredPoor: i % 2 === 0,
    ytd: {
      basicDeductibleUsed: (i % 5) * 5000,
      basicPaid: (i % 7) * 100_000,
      criticalBase: (i % 11) * 200_000,
      criticalPaid: (i % 13) * 50_000,
      assistancePaid: (i % 17) * 20_000,
    },
  };
}

const summary = { bench: 'medical' };

/** `send` with at most `limit` requests in flight, the others waiting their turn (as a pool of `limit` sockets). */
function inFlightAtMost(limit, send) {
  let inFlight = 0;
  const waiting = [];
  const next = () => {
    if (inFlight >= limit || waiting.length === 0) return;
    inFlight++;
    const { input, resolve } = waiting.shift();
    send(input)
      .then(resolve)
      .finally(() => {
        inFlight--;
        next();
      });
  };
  return (input) =>
    new Promise((resolve) => {
      waiting.push({ input, resolve });
      next();
    });
}

// 1. the pure rule
{
  const n = Number(argv['rule-claims']);
  const inputs = Array.from({ length: 1000 }, (_, i) => claimInput(i));
  let check = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = settleClaim(inputs[i % 1000]);
    if (!r.ok) throw new Error(JSON.stringify(r.violations));
    check += r.value.patientPays;
  }
  const ms = performance.now() - t0;
  summary.ruleClaimsPerSec = Math.round((n * 1000) / ms);
  console.log(
    `rule:      ${n.toLocaleString('en-US')} settlements in ${(ms / 1000).toFixed(2)} s = ${summary.ruleClaimsPerSec.toLocaleString('en-US')} claims/s in-process (checksum ${check})`,
  );
}

// 2. HTTP at a fixed rate
let env = process.env;
let stackStarted = false;
if (!env.DATABASE_ADMIN_URL || !env.KAFKA_BROKERS || !env.TEMPORAL_ADDRESS || !env.AUTH_DEV_KEY_FILE) {
  const { stackUp } = await import('../stack/up.mjs');
  log('starting the bench stack (.stack/bench) — or pass a running one through the environment…');
  env = { ...process.env, ...(await stackUp('bench')).env };
  stackStarted = true;
}
const port = 46000 + (process.pid % 900);
const dbName = `bench_medical_${process.pid}`;
const pg = require('pg');
const admin = new pg.Client({ connectionString: env.DATABASE_ADMIN_URL });
await admin.connect();
await admin.query(`CREATE DATABASE "${dbName}"`);
const dbUrl = env.DATABASE_ADMIN_URL.replace(/\/[^/]*$/, `/${dbName}`);
await migrateService('medical-aid-service', dbUrl, () => {});
const child = spawn(process.execPath, [path.join(repoRoot, 'dist/apps/medical-aid-service/src/main.js')], {
  env: {
    ...env,
    MEDICAL_AID_DATABASE_URL: dbUrl,
    MEDICAL_AID_PORT: String(port),
    LOG_LEVEL: 'warn',
    RUN_WORKER: 'false',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let exitCode = 0;
try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (i > 240) throw new Error('medical-aid-service did not become ready');
    try {
      if ((await fetch(`${base}/health/ready`)).status === 200) break;
    } catch {
      /* starting */
    }
    await sleep(250);
  }
  const token = await mintToken({
    keyFile: env.AUTH_DEV_KEY_FILE,
    issuer: env.AUTH_ISSUER,
    audience: env.AUTH_AUDIENCE,
    subject: 'bench-desk',
    role: 'department_officer',
    jurisdiction: 'dept:medical_aid@430523',
  });
  const medicalAid = typedClient('medical-aid-service', base, token);
  const bodies = Array.from({ length: 500 }, (_, i) => claimInput(i));
  // no retries: a load test counts a failed connection (status 0) as an error
  const post = inFlightAtMost(64, (body) =>
    medicalAid.POST('/settlements/preview', { body }).then(
      (r) => r.response.status,
      () => 0,
    ),
  );
  // warm-up
  for (let i = 0; i < 200; i++) await post(bodies[i % bodies.length]);
  const total = RATE * SECONDS;
  const latencies = [];
  let errors = 0;
  const start = performance.now();
  const pending = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(
      post(bodies[i % bodies.length]).then((status) => {
        latencies.push(performance.now() - due); // from the scheduled send: includes any queueing
        if (status !== 200) errors++;
      }),
    );
    if (i % RATE === 0 && i > 0) log(`  ${i / RATE} s: ${latencies.length} answered`);
  }
  await Promise.all(pending);
  const elapsed = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  Object.assign(summary, {
    rate: RATE,
    seconds: SECONDS,
    requests: total,
    errors,
    throughput: Math.round(total / elapsed),
    p50Ms: +pct(50).toFixed(2),
    p95Ms: +pct(95).toFixed(2),
    p99Ms: +pct(99).toFixed(2),
    maxMs: +latencies[latencies.length - 1].toFixed(2),
  });
  console.log(
    `http:      ${total} previews at ${RATE}/s for ${SECONDS} s: ${summary.throughput}/s achieved, ${errors} errors; latency p50 ${summary.p50Ms} ms, p95 ${summary.p95Ms} ms, p99 ${summary.p99Ms} ms, max ${summary.maxMs} ms`,
  );
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  summary.servicePeakMiB = m ? Math.round(Number(m[1]) / 1024) : null;
  console.log(`peak memory: medical-aid-service ${summary.servicePeakMiB} MiB`);
  if (errors > 0) exitCode = 1;
} catch (e) {
  exitCode = 1;
  console.error(`✗ ${e.stack ?? e}`);
} finally {
  child.kill('SIGTERM');
  await sleep(1000);
  await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
  await admin.end();
  if (stackStarted) await (await import('../stack/up.mjs')).stackDown();
}
summary.ok = exitCode === 0;
console.log(JSON.stringify(summary));
process.exit(exitCode);
