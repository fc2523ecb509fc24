// Benchmark of the transactional outbox (@fupin/messaging) against real PostgreSQL and Kafka:
//   1. write N events into outbox_event through addToOutbox, in transactions of --tx-size;
//   2. publish them with OutboxRelay to a fresh topic, then consume them with
//      startIdempotentConsumer (de-duplicated into processed_event) and check exactly N arrived.
// Uses the compiled libs in dist/ (run `node tools/build.mjs` first). Servers: DATABASE_ADMIN_URL +
// KAFKA_BROKERS from the environment if both are set (e.g. `source .stack/test/env.sh`), otherwise a
// bench stack that is already listening, otherwise its own one via stackUp('bench') (stopped at the end).
// Progress goes to stderr once a second; results to stdout, the last line a one-line JSON summary.
//   npm run bench:outbox -- --events 20000
import { migrateService } from '../stack/migrate.mjs';
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);

const usage = `usage: node tools/bench/outbox.mjs [options]
  --events N         events to write, relay and consume (default 100000)
  --tx-size N        events per write transaction (default 100)
  --writers N        concurrent write transactions (default 4)
  --partitions N     partitions of the fresh topic (default 6)
  --relay-batch N    OutboxRelay batchSize (default 200, the relay's own default)
  --stall-timeout S  fail if a phase makes no progress for S seconds (default 120)`;

const { values: argv } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    'tx-size': { type: 'string', default: '100' },
    writers: { type: 'string', default: '4' },
    partitions: { type: 'string', default: '6' },
    'relay-batch': { type: 'string', default: '200' },
    'stall-timeout': { type: 'string', default: '120' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  console.log(usage);
  process.exit(0);
}
function positiveInt(name) {
  const n = Number(argv[name]);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer (got "${argv[name]}")\n${usage}`);
    process.exit(2);
  }
  return n;
}
const N = positiveInt('events');
const txSize = positiveInt('tx-size');
const writers = positiveInt('writers');
const partitions = positiveInt('partitions');
const relayBatch = positiveInt('relay-batch');
const stallMs = positiveInt('stall-timeout') * 1000;

// ---- compiled platform libs ---------------------------------------------------------------------
function loadDist(rel) {
  const file = path.join(repoRoot, 'dist', 'libs', rel);
  if (!fs.existsSync(file)) {
    console.error(`${path.relative(repoRoot, file)} is missing: run \`node tools/build.mjs\` first`);
    process.exit(2);
  }
  return require(file);
}
const { addToOutbox, OutboxRelay, createKafka, createIdempotentProducer, ensureTopics, startIdempotentConsumer } =
  loadDist('messaging/src/index.js');
const { pgTransactionalClient } = loadDist('testing/src/pg-client.js');
const { buildEvent, contracts } = loadDist('contracts/src/index.js');
const pg = require('pg');

// ---- small helpers ------------------------------------------------------------------------------
const log = (msg) => process.stderr.write(`${msg}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const rate = (count, ms) => (ms > 0 ? (count * 1000) / ms : 0);
const rssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024); // maxRSS is in KiB

function portOpen(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const s = net.connect({ port, host });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** stackUp/stackDown report their steps on stdout; keep stdout for the results. */
async function toStderr(fn) {
  const write = process.stdout.write;
  process.stdout.write = process.stderr.write.bind(process.stderr);
  try {
    return await fn();
  } finally {
    process.stdout.write = write;
  }
}

/**
 * Wait until done() (checked every 50 ms), printing progress every second; fails when the count has
 * not moved for stallMs.
 */
async function track(label, count, done, started) {
  let lastCount = -1;
  let lastMoved = Date.now();
  let lastPrint = performance.now();
  let lastPrinted = 0;
  while (!done()) {
    if (failure) throw failure;
    await sleep(50);
    const c = count();
    if (c !== lastCount) {
      lastCount = c;
      lastMoved = Date.now();
    } else if (Date.now() - lastMoved > stallMs) {
      throw new Error(`${label}: no progress for ${stallMs / 1000}s at ${fmt(c)}/${fmt(N)}`);
    }
    const now = performance.now();
    if (now - lastPrint >= 1000) {
      log(
        `  [${label}] ${fmt(c)}/${fmt(N)} (${((100 * c) / N).toFixed(1)}%)  now ${fmt(rate(c - lastPrinted, now - lastPrint))}/s  avg ${fmt(rate(c, now - started))}/s  rss ${Math.round(process.memoryUsage.rss() / 1048576)} MiB`,
      );
      lastPrint = now;
      lastPrinted = c;
    }
  }
}

// ---- state shared with cleanup --------------------------------------------------------------------
let failure = null; // set by callbacks (e.g. consumer 'failed'); makes track() throw
let stackStarted = false;
let admin = null;
let topic = null;
let dbName = null;
let adminUrl = null;
const clients = [];
let relay = null;
let consumer = null;
let cleanupPromise = null;

function cleanup() {
  cleanupPromise ??= (async () => {
    const quietly = async (what, fn) => {
      try {
        await Promise.race([
          fn(),
          sleep(30_000).then(() => {
            throw new Error('timed out');
          }),
        ]);
      } catch (e) {
        log(`  cleanup: ${what} failed: ${e.message}`);
      }
    };
    if (relay) await quietly('stopping the relay', () => relay.stop());
    if (consumer) await quietly('disconnecting the consumer', () => consumer.disconnect());
    if (admin && topic)
      await quietly(`deleting topic ${topic}`, () => admin.deleteTopics({ topics: [topic], timeout: 10_000 }));
    if (admin) await quietly('disconnecting the Kafka admin', () => admin.disconnect());
    for (const c of clients) await quietly('closing a PostgreSQL pool', () => c.$disconnect());
    if (dbName && adminUrl) {
      await quietly(`dropping database ${dbName}`, async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
        } finally {
          await c.end();
        }
      });
    }
    if (stackStarted) {
      const { stackDown } = await import('../stack/up.mjs');
      await quietly('stopping the stack', () => toStderr(stackDown));
    }
  })();
  return cleanupPromise;
}

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`\n${signal}: cleaning up (again to force exit)`);
    cleanup().finally(() => process.exit(130));
  });
}

// ---- servers --------------------------------------------------------------------------------------
async function resolveServers() {
  const { DATABASE_ADMIN_URL, KAFKA_BROKERS } = process.env;
  if (DATABASE_ADMIN_URL && KAFKA_BROKERS) return { env: { DATABASE_ADMIN_URL, KAFKA_BROKERS }, source: 'environment' };
  const { stackLayout, stackEnv } = await import('../stack/layout.mjs');
  const layout = stackLayout('bench');
  const [pgUp, kafkaUp] = await Promise.all([portOpen(layout.ports.pg), portOpen(layout.ports.kafka)]);
  // stackUp('bench') first kills whatever its pid files name, i.e. a bench stack someone else is using
  if (pgUp && kafkaUp) {
    log(
      `DATABASE_ADMIN_URL/KAFKA_BROKERS not set; a bench stack is listening on ${layout.ports.pg}/${layout.ports.kafka}: using it, not starting one`,
    );
    return { env: stackEnv(layout), source: 'running bench stack' };
  }
  if (pgUp || kafkaUp) {
    throw new Error(
      `part of the bench stack is running (PostgreSQL ${pgUp ? 'up' : 'down'}, Kafka ${kafkaUp ? 'up' : 'down'}); set DATABASE_ADMIN_URL and KAFKA_BROKERS, or let it finish`,
    );
  }
  log('DATABASE_ADMIN_URL/KAFKA_BROKERS not set: starting the bench stack (stackUp("bench"))');
  const { stackUp } = await import('../stack/up.mjs');
  stackStarted = true; // stackDown stops whatever part of it did start
  const { env } = await toStderr(() => stackUp('bench'));
  return { env, source: 'stackUp(bench)' };
}

/** A fresh database with the platform tables, from medical-aid-service's own migrations. */
async function createBenchDatabase() {
  dbName = `bench_outbox_${process.pid}`;
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    await c.query(`CREATE DATABASE "${dbName}"`);
  } finally {
    await c.end();
  }
  const u = new URL(adminUrl);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  const migrations = await migrateService('medical-aid-service', url, () => {});
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT to_regclass('outbox_event') IS NOT NULL AS outbox, to_regclass('processed_event') IS NOT NULL AS processed`,
    );
    if (!rows[0].outbox || !rows[0].processed)
      throw new Error(`medical-aid-service migrations did not create outbox_event and processed_event`);
  } finally {
    await db.end();
  }
  return { url, migrations };
}

// ---- the benchmark --------------------------------------------------------------------------------
async function main() {
  const { env, source } = await resolveServers();
  adminUrl = env.DATABASE_ADMIN_URL;
  const brokers = env.KAFKA_BROKERS.split(',')
    .map((b) => b.trim())
    .filter(Boolean);

  const { url, migrations } = await createBenchDatabase();
  log(`database ${dbName} (medical-aid-service migrations: ${migrations.join(', ')}), Kafka ${brokers.join(',')}`);

  const kafka = createKafka({
    clientId: `bench-outbox-${process.pid}`,
    brokers,
    partitions,
    log: (level, message, extra) => {
      if (level === 'error' || level === 'warn') log(`  [kafka ${level}] ${message} ${JSON.stringify(extra)}`);
    },
  });
  admin = kafka.admin();
  await admin.connect();
  topic = `bench.outbox.${process.pid}.${Date.now().toString(36)}`;
  await ensureTopics(admin, [topic], partitions);
  log(`topic ${topic} (${partitions} partitions)`);

  const writer = pgTransactionalClient(url);
  const relayDb = pgTransactionalClient(url);
  const consumerDb = pgTransactionalClient(url);
  clients.push(writer, relayDb, consumerDb);

  // a realistic event: validated against its contract by buildEvent, like services do
  const definition = contracts.identificationDecided;
  const actor = { subject: 'bench-cadre', role: 'village_cadre', jurisdiction: '430523101201' };
  const households = Array.from({ length: 1000 }, () => globalThis.crypto.randomUUID());
  const makeEvent = (i) => {
    const householdId = households[i % households.length];
    return buildEvent(definition, {
      aggregateId: householdId,
      actor,
      payload: { householdId, outcome: 'registered', reason: `bench event ${i}` },
    });
  };

  // Phase 1: write -------------------------------------------------------------------------------
  log(`\nphase 1: writing ${fmt(N)} events, ${txSize} per transaction, ${writers} writers`);
  let written = 0;
  let nextTx = 0;
  const txCount = Math.ceil(N / txSize);
  let writesDone = false;
  const writeStart = performance.now();
  const writeOne = async () => {
    for (let t = nextTx++; t < txCount; t = nextTx++) {
      const from = t * txSize;
      const to = Math.min(N, from + txSize);
      await writer.$transaction(async (tx) => {
        for (let i = from; i < to; i++) await addToOutbox(tx, topic, makeEvent(i));
      });
      written += to - from;
    }
  };
  const writing = Promise.all(Array.from({ length: Math.min(writers, txCount) }, writeOne)).then(
    () => {
      writesDone = true;
    },
    (e) => {
      failure = e;
    },
  );
  await track(
    'write',
    () => written,
    () => writesDone,
    writeStart,
  );
  await writing;
  const writeMs = performance.now() - writeStart;
  const rssAfterWrite = rssMiB();
  const [{ n: outboxRows }] = await writer.$queryRawUnsafe(
    `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
  );
  if (outboxRows !== N) throw new Error(`outbox holds ${outboxRows} unpublished events, expected ${N}`);
  console.log(
    `write:    ${fmt(N)} events in ${(writeMs / 1000).toFixed(2)}s = ${fmt(rate(N, writeMs))} events/s written (addToOutbox, ${txSize}/tx, ${writers} writers)`,
  );

  // Phase 2a: relay -------------------------------------------------------------------------------
  log(`\nphase 2: relaying to ${topic} (OutboxRelay, batchSize ${relayBatch})`);
  let relayed = 0;
  let relayErrors = 0;
  let relayDoneAt = 0;
  const relayStart = performance.now();
  relay = new OutboxRelay({
    db: relayDb,
    createProducer: () => createIdempotentProducer(kafka),
    batchSize: relayBatch,
    pollIntervalMs: 100,
    onPublished: (_topic, count) => {
      relayed += count;
      if (relayed >= N && !relayDoneAt) relayDoneAt = performance.now();
    },
    onError: (e) => {
      relayErrors++;
      log(`  [relay] error (retried): ${e.message}`);
    },
  });
  relay.start();
  await track(
    'relay',
    () => relayed,
    () => relayDoneAt > 0,
    relayStart,
  );
  const relayMs = relayDoneAt - relayStart;
  await relay.stop();
  relay = null;
  const rssAfterRelay = rssMiB();
  const [{ n: unpublished }] = await relayDb.$queryRawUnsafe(
    `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
  );
  const offsets = await admin.fetchTopicOffsets(topic);
  const kafkaMessages = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  console.log(
    `relay:    ${fmt(relayed)} events in ${(relayMs / 1000).toFixed(2)}s = ${fmt(rate(N, relayMs))} events/s relayed (${kafkaMessages} messages on ${partitions} partitions, ${unpublished} unpublished, ${relayErrors} relay errors)`,
  );
  if (unpublished !== 0)
    throw new Error(`${unpublished} outbox rows still unpublished after the relay reported ${relayed}`);

  // Phase 2b: consume ------------------------------------------------------------------------------
  const groupId = `bench-outbox-${process.pid}.consumer`;
  log(`\nconsuming with startIdempotentConsumer (group ${groupId}, de-duplicated into processed_event)`);
  const outcomes = { handled: 0, duplicate: 0, skipped: 0, rejected: 0, failed: 0 };
  let consumeDoneAt = 0;
  let firstMessageAt = 0;
  const consumeStart = performance.now();
  consumer = await startIdempotentConsumer({
    kafka,
    db: consumerDb,
    groupId,
    topics: [topic],
    handlers: { [definition.type]: async () => {} },
    onOutcome: (_topic, outcome, detail) => {
      outcomes[outcome]++;
      if (!firstMessageAt) firstMessageAt = performance.now();
      if (outcome === 'handled' && outcomes.handled >= N && !consumeDoneAt) consumeDoneAt = performance.now();
      if (outcome === 'rejected' || outcome === 'failed') log(`  [consumer] ${outcome}: ${detail}`);
    },
  });
  await track(
    'consume',
    () => outcomes.handled,
    () => consumeDoneAt > 0,
    consumeStart,
  );
  const consumeMs = consumeDoneAt - consumeStart;
  const endToEndMs = consumeDoneAt - relayStart;
  await sleep(500); // let a late duplicate show up in the outcome counts
  await consumer.disconnect();
  consumer = null;
  const rssAfterConsume = rssMiB();

  const [{ processed, missing }] = await consumerDb.$queryRawUnsafe(
    `SELECT (SELECT count(*)::int FROM processed_event WHERE consumer = $1) AS processed,
            (SELECT count(*)::int FROM outbox_event o WHERE NOT EXISTS
               (SELECT 1 FROM processed_event p WHERE p.consumer = $1 AND p.event_id = o.id)) AS missing`,
    groupId,
  );
  const ok = processed === N && missing === 0 && outcomes.handled === N;
  console.log(
    `consume:  ${fmt(outcomes.handled)} events in ${(consumeMs / 1000).toFixed(2)}s = ${fmt(rate(N, consumeMs))} events/s consumed (first message after ${((firstMessageAt - consumeStart) / 1000).toFixed(2)}s; duplicates ${outcomes.duplicate}, rejected ${outcomes.rejected}, failed ${outcomes.failed})`,
  );
  console.log(
    `end-to-end (relay start → last processed_event): ${(endToEndMs / 1000).toFixed(2)}s = ${fmt(rate(N, endToEndMs))} events/s`,
  );
  console.log(
    `check:    processed_event rows ${fmt(processed)}, outbox events not processed ${missing}: ${ok ? `OK, exactly ${fmt(N)}` : `FAILED, expected exactly ${fmt(N)}`}`,
  );
  console.log(`peak RSS: ${rssAfterConsume} MiB (after write ${rssAfterWrite}, after relay ${rssAfterRelay})`);

  return {
    bench: 'outbox',
    ok,
    events: N,
    txSize,
    writers,
    partitions,
    relayBatch,
    writeEventsPerSec: Math.round(rate(N, writeMs)),
    relayEventsPerSec: Math.round(rate(N, relayMs)),
    consumeEventsPerSec: Math.round(rate(N, consumeMs)),
    endToEndEventsPerSec: Math.round(rate(N, endToEndMs)),
    writeMs: Math.round(writeMs),
    relayMs: Math.round(relayMs),
    consumeMs: Math.round(consumeMs),
    endToEndMs: Math.round(endToEndMs),
    kafkaMessages,
    processed,
    missing,
    duplicates: outcomes.duplicate,
    relayErrors,
    peakRssMiB: rssAfterConsume,
    servers: source,
    node: process.version,
  };
}

let exitCode = 0;
let summary = null;
try {
  summary = await main();
  if (!summary.ok) exitCode = 1;
} catch (e) {
  exitCode = 1;
  log(`\n✗ ${e.stack ?? e.message}`);
  summary = { bench: 'outbox', ok: false, events: N, error: e.message, peakRssMiB: rssMiB() };
} finally {
  await cleanup();
}
if (!interrupted) {
  console.log(JSON.stringify(summary));
  process.exit(exitCode);
}
