// Benchmark of 易地扶贫搬迁 on the real stack: a county's relocation plan for 2,000 registered households over 20
// resettlement sites, driven through relocation-service's HTTP API to completion as the county would: the relocation
// office designates the villages and registers the sites; per household the village cadre records the consent and the
// plan and submits it, the township reviews, the county office approves, the supervisor (住建, dept:housing) records
// three milestones, each followed by the office's tranche approval and the wait for the workflow's payment, then
// move-in, 拆旧复垦 and 后续扶持 → completed. Households run concurrently (--concurrency).
// Prints households/s end to end (first consent → last completion), p50/p95/max latency per API operation, the
// payment waits, double payments found afterwards in relocation_tranche and outbox_event (must be 0: exit 1
// otherwise), peak memory of relocation-service, the orchestrator and the benchmark, where the time went (Temporal
// workflow and activity task latencies from sampled histories, database wait events, CPU per process), and a
// one-line JSON summary last.
//
// Households arrive in relocation as household.registered events. Set-up (not timed) builds those events with the
// contract (buildEvent) and hands them to relocation-service's own handler inside a transaction with the
// processed_event row — exactly what its Kafka consumer does with a message — without Kafka in between.
// Isolation on a shared stack: a fresh database, a fresh Temporal namespace (task queues `orchestration` and
// `relocation` are fixed names: on the stack's namespace another relocation-service or orchestrator would take this
// run's workflow and activity tasks, and this run theirs) and, unless the stack is the benchmark's own, no Kafka for
// relocation-service (its consumer group `relocation-service.households` would take partitions — and other runs'
// household.registered events — from the stack's relocation-service; its outbox events stay in outbox_event).
// Uses dist/ (run `node tools/build.mjs` first).
//   npm run bench:relocation [-- --households 100 --concurrency 32]
import { randomInt, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { benchHarness, dist, fmt, log, pg, sleep } from './harness.mjs';

const require = createRequire(import.meta.url);
const { values: argv } = parseArgs({
  options: {
    households: { type: 'string', default: '2000' },
    sites: { type: 'string', default: '20' },
    villages: { type: 'string', default: '40' },
    townships: { type: 'string', default: '8' },
    concurrency: { type: 'string', default: '16' },
    county: { type: 'string', default: `43${String(randomInt(6000, 10000)).slice(-4)}` }, // Hunan (the policy's province), fresh per run
    seed: { type: 'string', default: '20160' },
    namespace: { type: 'string', default: '' },
    kafka: { type: 'string', default: 'auto' },
    'sample-histories': { type: 'string', default: '60' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  console.log(`usage: node tools/bench/relocation.mjs [options]
  --households 2000     registered households in the plan, each driven to completion
  --sites 20            resettlement sites (capacity: enough homes for every household planned there, +10 %)
  --villages 40         designated villages, over --townships 8
  --concurrency 16      households in flight at once (more only queues on 2 cores)
  --county <6 digits>   default a random 43xxxx (the illustrative subsidy policy is Hunan's)
  --seed 20160          the households' sizes, names and ID numbers
  --namespace <name>    Temporal namespace to use as it is (default: a fresh one, registered and deleted here)
  --kafka auto|on|off   give relocation-service Kafka (relay and consumer): auto = only on the benchmark's own stack
  --sample-histories 60 workflow histories read afterwards for the Temporal task latencies`);
  process.exit(0);
}
const num = (k) => Number(argv[k]);
const HOUSEHOLDS = num('households');
const SITES = num('sites');
const TOWNSHIPS = num('townships');
const VILLAGES = Math.max(num('villages'), TOWNSHIPS);
const CONCURRENCY = num('concurrency');
const COUNTY = argv.county;
if (!/^43\d{4}$/.test(COUNTY)) {
  console.error('--county must be 6 digits of province 43 (the subsidy policy configured by default is Hunan’s)');
  process.exit(2);
}
const MILESTONES = ['foundation', 'roof', 'acceptance'];
const SITE_MODES = ['nearby', 'nearby', 'county_unified', 'nearby', 'industrial_park'];
const today = () => new Date().toISOString().slice(0, 10);
const YEAR = new Date().getUTCFullYear();

const { prng, draws, HOUSEHOLD_SIZE_WEIGHTS, membersOf, personName, SURNAMES, birthDateOf, residentIdIssuer } =
  dist('libs/population/src/index.js');
const { buildEvent, contracts, parseEvent } = dist('libs/contracts/src/index.js');
const { createDb } = dist('apps/relocation-service/src/db.js');
const { householdRegisteredHandler } = dist('apps/relocation-service/src/households/household-registered.handler.js');
const { Connection, Client } = require('@temporalio/client');
const { msToTs, tsToMs } = require('@temporalio/common');

const dbs = { relocation: `bench_relocation_${process.pid}` };
const h = await benchHarness(dbs);
const { env, dbUrl, createDatabase, startNode, waitReady, shutdown, tokenFor, must, peaks, procs } = h;

// ---- measurements ----------------------------------------------------------------------------------------------
/** Latencies (ms) per operation kind. */
const latencies = new Map();
const record = (kind, ms) => {
  if (!latencies.has(kind)) latencies.set(kind, []);
  latencies.get(kind).push(ms);
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function stats(values) {
  if (values.length === 0) return { n: 0, p50: null, p95: null, max: null };
  const s = [...values].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(pct(s, 50)), p95: r(pct(s, 95)), max: r(s[s.length - 1]) };
}
let calls = 0;
let refusedAndRetried = 0;
let firstRefusal = null; // the first move-in refused while the case row already showed the home accepted
/** The refusal's code, when the service answered with the error shape. */
const codeOf = (r) => r.error?.error?.code;
/** One API call, timed as `kind`; its data, or an error naming the request, its status and body. */
async function timed(kind, send) {
  const t = performance.now();
  const answer = await send();
  record(kind, performance.now() - t);
  calls++;
  return must(answer);
}

/** CPU seconds (user + system) of a process so far. */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return null;
  }
}
/** CPU seconds of every process on the machine (the stack's servers too) by pid, with its command, and the machine's. */
function cpuOfAll() {
  const pids = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const text = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const name = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const fields = text.slice(text.lastIndexOf(') ') + 2).split(' ');
      pids.set(d, { name, cpu: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      /* gone */
    }
  }
  const cpu = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = cpu[3] + cpu[4];
  const total = cpu.reduce((a, b) => a + b, 0);
  return { pids, busy: (total - idle) / 100, total: total / 100 };
}
/** CPU seconds spent between two cpuOfAll() by command name (processes that ended in between are not seen). */
function cpuByCommand(before, after) {
  const out = new Map();
  for (const [pid, { name, cpu }] of after.pids) {
    const was = before.pids.get(pid);
    const spent = was && was.name === name ? cpu - was.cpu : cpu;
    out.set(name, (out.get(name) ?? 0) + spent);
  }
  return [...out].filter(([, v]) => v >= 0.5).sort((a, b) => b[1] - a[1]);
}

// ---- the run ---------------------------------------------------------------------------------------------------
const summary = { bench: 'relocation', households: HOUSEHOLDS, sites: SITES, concurrency: CONCURRENCY };
let exitCode = 0;
let temporal = null;
let namespace = argv.namespace;
let ownNamespace = false;
const dropNamespace = async () => {
  if (!ownNamespace || !temporal) return;
  ownNamespace = false;
  await temporal.operatorService.deleteNamespace({ namespace }).catch((e) => log(`namespace ${namespace}: ${e}`));
};
process.on('SIGINT', () => void dropNamespace());
try {
  // 1. a fresh database and Temporal namespace; relocation-service and the orchestrator on their own ports
  await createDatabase(dbs.relocation, 'relocation-service');
  temporal = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  if (!namespace) {
    namespace = `bench-relocation-${process.pid}-${Date.now().toString(36)}`;
    await temporal.workflowService.registerNamespace({
      namespace,
      description: 'bench:relocation (deleted at the end of the run)',
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    ownNamespace = true;
    for (let i = 0; ; i++) {
      try {
        await temporal.workflowService.describeNamespace({ namespace });
        break;
      } catch (e) {
        if (i > 60) throw e;
        await sleep(500);
      }
    }
  }
  const useKafka = argv.kafka === 'on' || (argv.kafka === 'auto' && env !== process.env);
  log(
    `database ${dbs.relocation}, Temporal namespace ${namespace}, county ${COUNTY}, Kafka for relocation-service: ${useKafka ? 'yes' : 'no (shared stack)'}`,
  );
  const base = 48000 + (process.pid % 500) * 10;
  const relocationUrl = `http://127.0.0.1:${base + 2}`;
  const relocation = startNode('relocation-service', 'dist/apps/relocation-service/src/main.js', {
    RELOCATION_DATABASE_URL: dbUrl(dbs.relocation),
    RELOCATION_PORT: String(base + 2),
    RELOCATION_METRICS_PORT: '0', // not the stack's 4022
    TEMPORAL_NAMESPACE: namespace,
    // nothing listens on port 1: the runtime retries Kafka in the background, HTTP and the activity worker run
    KAFKA_BROKERS: useKafka ? env.KAFKA_BROKERS : '127.0.0.1:1',
    RUN_WORKER: 'true',
  });
  const orchestrator = startNode('orchestrator', 'dist/apps/orchestrator/src/main.js', {
    ORCHESTRATOR_PORT: String(base + 9),
    TEMPORAL_NAMESPACE: namespace,
  });
  const relocationReady = async () => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (relocation.child.exitCode !== null)
        throw new Error(`relocation-service exited:\n${relocation.tail.join('').slice(-3000)}`);
      try {
        const r = await fetch(`${relocationUrl}/health/ready`);
        const body = await r.json();
        if (r.status === 200 || (!useKafka && body.checks?.database === 'up' && body.checks?.temporal === 'up')) return;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline)
        throw new Error(`relocation-service not ready:\n${relocation.tail.join('').slice(-3000)}`);
      await sleep(250);
    }
  };
  await Promise.all([relocationReady(), waitReady(orchestrator, `http://127.0.0.1:${base + 9}/health/live`)]);

  // 2. the county: townships, villages, households registered (household.registered through the service's handler)
  const townships = Array.from({ length: TOWNSHIPS }, (_, t) => `${COUNTY}${100 + t + 1}`);
  const villages = Array.from(
    { length: VILLAGES },
    (_, v) => `${townships[v % TOWNSHIPS]}${200 + Math.floor(v / TOWNSHIPS) + 1}`,
  );
  const d = draws(prng(num('seed')));
  const issue = residentIdIssuer(COUNTY);
  const now = new Date();
  const ageOn = { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
  const households = Array.from({ length: HOUSEHOLDS }, (_, i) => {
    const surname = d.pick(SURNAMES);
    const members = membersOf(d.weighted(HOUSEHOLD_SIZE_WEIGHTS), d).map((m) => ({
      idNumber: issue(birthDateOf(m.age, ageOn, d), m.sex).idNumber,
      name: personName(m.relation, m.sex, surname, d),
      relation: m.relation,
    }));
    return {
      i,
      householdId: randomUUID(),
      village: villages[i % VILLAGES],
      members,
      areaM2: members.length * d.int(18, 25), // under the red line of 25 m² per person
    };
  });
  const db = createDb(dbUrl(dbs.relocation));
  const handle = householdRegisteredHandler({ db });
  const GROUP = 'relocation-service.households'; // the consumer's de-duplication namespace
  const tSeed = performance.now();
  let seeded = 0;
  const seedOne = async (hh) => {
    const event = buildEvent(contracts.householdRegistered, {
      aggregateId: hh.householdId,
      actor: { subject: 'bench-identification', role: 'county_approver', jurisdiction: COUNTY },
      payload: {
        householdId: hh.householdId,
        villageCode: hh.village,
        headName: hh.members[0].name,
        headIdNumber: hh.members[0].idNumber,
        memberCount: hh.members.length,
        members: hh.members,
        registeredAt: '2016-03-01T02:00:00.000Z',
      },
    });
    const received = parseEvent(JSON.parse(JSON.stringify(event))); // as a Kafka message arrives
    await db.$transaction(async (tx) => {
      const fresh = await tx.$executeRawUnsafe(
        `INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
        GROUP,
        received.id,
      );
      if (fresh === 1) await handle(received, tx);
    });
    seeded++;
  };
  {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < households.length) await seedOne(households[next++]);
      }),
    );
  }
  await db.$disconnect();
  log(
    `registered ${fmt(seeded)} households (${fmt(households.reduce((s, x) => s + x.members.length, 0))} people) in ${VILLAGES} villages, ${((performance.now() - tSeed) / 1000).toFixed(1)} s`,
  );

  // tokens and clients, one per official
  const clients = new Map();
  const as = async (role, jurisdiction) => {
    const key = `${role}@${jurisdiction}`;
    if (!clients.has(key)) clients.set(key, h.client('relocation-service', await tokenFor(role, jurisdiction)));
    return clients.get(key);
  };
  const office = await as('department_officer', `dept:relocation@${COUNTY}`); // 县搬迁办
  const supervisor = await as('department_officer', `dept:housing@${COUNTY}`); // 施工监理 (住建)

  // 3. the office designates the villages and registers the sites (capacity: the households planned there + 10 %)
  for (const v of villages)
    await timed('designate', () =>
      office.PUT('/areas/{villageCode}', {
        params: { path: { villageCode: v } },
        body: { designated: true, reason: '地质灾害隐患点，一方水土养不好一方人', year: YEAR },
      }),
    );
  const sites = Array.from({ length: SITES }, (_, s) => ({
    code: `AZ-${COUNTY}-${String(s + 1).padStart(3, '0')}`,
    township: townships[s % TOWNSHIPS],
    mode: SITE_MODES[s % SITE_MODES.length],
    placement: s % 7 === 6 ? 'scattered' : 'centralised',
    planned: 0,
  }));
  // each household to a site of its township when there is one (sites ≥ townships), else to any, round robin
  const turn = new Map();
  for (const hh of households) {
    const own = sites.filter((s) => s.township === hh.village.slice(0, 9));
    const choice = own.length ? own : sites;
    const k = turn.get(hh.village.slice(0, 9)) ?? 0;
    turn.set(hh.village.slice(0, 9), k + 1);
    hh.site = choice[k % choice.length];
    hh.site.planned++;
  }
  for (const s of sites)
    await timed('register_site', () =>
      office.POST('/sites', {
        params: { header: { 'Idempotency-Key': randomUUID() } },
        body: {
          code: s.code,
          name: `第${s.code.slice(-3)}号安置点`,
          townshipCode: s.township,
          mode: s.mode,
          placement: s.placement,
          capacityHomes: Math.max(1, Math.ceil(s.planned * 1.1)),
        },
      }),
    );
  log(`designated ${VILLAGES} villages, registered ${SITES} sites (${fmt(households.length)} homes planned)`);
  for (const k of ['designate', 'register_site']) latencies.delete(k); // set-up, not the case procedure

  // 4. every household through the procedure, --concurrency at once
  const stage = new Map(); // households per stage, for the progress line
  const move = (from, to) => {
    if (from) stage.set(from, stage.get(from) - 1);
    stage.set(to, (stage.get(to) ?? 0) + 1);
  };
  const timeInSystem = [];
  let polls = 0;
  let completed = 0;
  let failed = null;
  /** Poll the case (as the office, backing off from 20 ms to 320 ms) until `done`; the wait is recorded as `kind`. */
  const waitFor = async (kind, id, view, done) => {
    const t = performance.now();
    for (let delay = 20; !done(view); delay = Math.min(delay * 2, 320)) {
      await sleep(delay);
      polls++;
      view = await timed('get_case', () => office.GET('/cases/{id}', { params: { path: { id } } }));
    }
    record(kind, performance.now() - t);
    return view;
  };
  /** An update the workflow may refuse for a moment: the case row is recorded by the activity before the workflow commits the step. */
  const retryNotYet = async (kind, send) => {
    for (let attempt = 0; ; attempt++) {
      const t = performance.now();
      const r = await send();
      record(kind, performance.now() - t);
      calls++;
      if (r.response.ok || attempt >= 20 || codeOf(r) !== 'relocation.not_allowed') return must(r);
      refusedAndRetried++;
      firstRefusal ??= { status: r.response.status, url: r.response.url, error: r.error };
      await sleep(20 * (attempt + 1));
    }
  };
  async function drive(hh) {
    const t0 = performance.now();
    const cadre = await as('village_cadre', hh.village);
    const reviewer = await as('township_reviewer', hh.village.slice(0, 9));
    const path = (id, extra = {}) => ({ params: { path: { id, ...extra } } });
    move(null, 'consent');
    const { id } = await timed('consent', () =>
      cadre.POST('/cases', {
        params: { header: { 'Idempotency-Key': randomUUID() } },
        body: {
          householdId: hh.householdId,
          consent: { signedBy: hh.members[0].name, signedOn: today(), documentRef: `XY-${YEAR}-${hh.i + 1}` },
        },
      }),
    );
    hh.caseId = id;
    move('consent', 'plan');
    await timed('plan', () =>
      cadre.PUT('/cases/{id}/plan', {
        ...path(id),
        body: { mode: hh.site.mode, siteCode: hh.site.code, areaM2: hh.areaM2 },
      }),
    );
    await timed('submit', () => cadre.POST('/cases/{id}/submit', path(id)));
    move('plan', 'review');
    await timed('township_review', () =>
      reviewer.POST('/cases/{id}/review', { ...path(id), body: { decision: 'approve' } }),
    );
    const approved = await timed('county_approval', () =>
      office.POST('/cases/{id}/review', { ...path(id), body: { decision: 'approve' } }),
    );
    if (approved.status !== 'construction') throw new Error(`case ${id} at ${approved.status} after approval`);
    move('review', 'construction');
    for (const milestone of MILESTONES) {
      await timed('milestone', () =>
        supervisor.POST('/cases/{id}/milestones', {
          ...path(id),
          body: { milestone, evidenceRef: `YS-${hh.i + 1}-${milestone}` },
        }),
      );
      const view = await timed('tranche_approval', () =>
        office.POST('/cases/{id}/tranches/{milestone}/approve', path(id, { milestone })),
      );
      // the payment is the workflow's: the last one also accepts the home
      await waitFor(
        'payment_wait',
        id,
        view,
        milestone === 'acceptance'
          ? (c) => c.status === 'accepted'
          : (c) => c.tranches.find((x) => x.milestone === milestone)?.status === 'paid',
      );
    }
    move('construction', 'move_in');
    await retryNotYet('move_in', () =>
      cadre.POST('/cases/{id}/move-in', { ...path(id), body: { movedInOn: today() } }),
    );
    await timed('reclamation', () =>
      cadre.POST('/cases/{id}/reclamation', { ...path(id), body: { evidenceRef: `FK-${hh.i + 1}` } }),
    );
    const done = await timed('follow_up', () =>
      cadre.POST('/cases/{id}/follow-up', {
        ...path(id),
        body: { kind: hh.i % 3 === 0 ? 'industry' : 'employment', ref: `JY-${YEAR}-${hh.i + 1}` },
      }),
    );
    if (done.status !== 'completed') throw new Error(`case ${id} at ${done.status} after the follow-up`);
    move('move_in', 'completed');
    completed++;
    timeInSystem.push(performance.now() - t0);
  }

  // database wait events of relocation's sessions, sampled 5 times a second during the run
  const admin = new pg.Client({ connectionString: env.DATABASE_ADMIN_URL });
  admin.on('error', () => {});
  await admin.connect();
  const waits = new Map();
  let waitSamples = 0;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { rows } = await admin
        .query(
          `SELECT coalesce(wait_event_type || ':' || wait_event, 'CPU') AS w, state, count(*)::int AS n FROM pg_stat_activity
          WHERE datname = $1 AND pid <> pg_backend_pid() AND state <> 'idle' GROUP BY 1, 2`,
          [dbs.relocation],
        )
        .catch(() => ({ rows: [] }));
      waitSamples++;
      for (const r of rows) {
        const key = r.state === 'idle in transaction' ? `idle in transaction (${r.w})` : r.w;
        waits.set(key, (waits.get(key) ?? 0) + r.n);
      }
      await sleep(200);
    }
  })();

  summary.loadAverageBefore = os.loadavg().map((x) => Number(x.toFixed(1)));
  const cpuBefore = cpuOfAll();
  const ownCpuBefore = Object.fromEntries([
    ...procs.map((p) => [p.name, cpuSeconds(p.child.pid)]),
    ['bench', cpuSeconds(process.pid)],
  ]);
  const t0 = performance.now();
  let lastCompleted = 0;
  let lastCalls = 0;
  const progress = setInterval(() => {
    const s = (performance.now() - t0) / 1000;
    const at = [...stage].filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
    log(
      `  ${s.toFixed(0)} s: completed ${fmt(completed)}/${fmt(HOUSEHOLDS)} (${(completed - lastCompleted).toFixed(0)}/s now, ${(completed / s).toFixed(1)}/s overall), ${calls - lastCalls} API calls/s; ${at.join(', ')}`,
    );
    lastCompleted = completed;
    lastCalls = calls;
  }, 1000);
  {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, HOUSEHOLDS) }, async () => {
        while (next < households.length && !failed) {
          const hh = households[next++];
          await drive(hh).catch((e) => {
            failed ??= e;
          });
        }
      }),
    );
  }
  const elapsed = (performance.now() - t0) / 1000;
  clearInterval(progress);
  sampling = false;
  await sampler;
  const cpuAfter = cpuOfAll();
  const ownCpu = Object.fromEntries(
    [...procs.map((p) => [p.name, cpuSeconds(p.child.pid)]), ['bench', cpuSeconds(process.pid)]].map(([k, v]) => [
      k,
      v - ownCpuBefore[k],
    ]),
  );
  if (failed) throw failed;

  // 5. afterwards: what was paid, from relocation's own tables
  const rel = new pg.Client({ connectionString: dbUrl(dbs.relocation) });
  await rel.connect();
  const one = async (sql) => (await rel.query(sql)).rows[0];
  const doublePaidTranches = (
    await one(`SELECT count(*)::int AS n FROM (SELECT case_id, milestone FROM relocation_tranche WHERE status = 'paid'
               GROUP BY 1, 2 HAVING count(*) > 1) x`)
  ).n;
  const doublePaidEvents = (
    await one(`SELECT count(*)::int AS n FROM (SELECT aggregate_id, envelope->'payload'->>'milestone' FROM outbox_event
               WHERE type = 'relocation.tranche-paid' GROUP BY 1, 2 HAVING count(*) > 1) x`)
  ).n;
  const doublePaidAudit = (
    await one(`SELECT count(*)::int AS n FROM (SELECT subject_id FROM audit_record WHERE action = 'relocation.tranche.pay'
               GROUP BY subject_id, reason HAVING count(*) > 1) x`)
  ).n;
  const totals = await one(`SELECT
      (SELECT count(*)::int FROM relocation_case WHERE status = 'completed') AS completed,
      (SELECT count(*)::int FROM relocation_case) AS cases,
      (SELECT count(*)::int FROM relocation_tranche WHERE status = 'paid') AS paid,
      (SELECT count(*)::int FROM relocation_tranche WHERE status = 'paid' AND payment_ref <> 'RLC-' || case_id || '-' || milestone) AS wrong_ref,
      (SELECT coalesce(sum(amount_fen), 0)::text FROM relocation_tranche WHERE status = 'paid') AS paid_fen,
      (SELECT coalesce(sum(subsidy_fen), 0)::text FROM relocation_case) AS subsidy_fen,
      (SELECT count(*)::int FROM outbox_event WHERE type = 'relocation.tranche-paid') AS paid_events,
      (SELECT count(*)::int FROM outbox_event WHERE type = 'relocation.completed') AS completed_events,
      (SELECT count(*)::int FROM audit_record) AS audit_records`);
  const sizes = await one(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`);
  await rel.end();
  await admin.end();

  // 6. where the time went inside Temporal: task latencies from a sample of the workflows' histories
  const client = new Client({ connection: temporal, namespace });
  const every = Math.max(1, Math.floor(households.length / num('sample-histories')));
  const sample = households.filter((x, i) => x.caseId && i % every === 0).slice(0, num('sample-histories'));
  const wft = { scheduleToStart: [], startToComplete: [] };
  const acts = new Map();
  const updates = [];
  const retried = []; // activity attempts after the first, with the last failure
  let historyEvents = 0;
  const idOf = (v) => Number(String(v));
  for (const hh of sample) {
    const history = await client.workflow.getHandle(`relocation-case:${hh.householdId}`).fetchHistory();
    const at = new Map();
    const scheduled = new Map();
    historyEvents += history.events.length;
    for (const e of history.events) {
      const id = idOf(e.eventId);
      const time = tsToMs(e.eventTime);
      at.set(id, time);
      if (e.workflowTaskStartedEventAttributes)
        wft.scheduleToStart.push(time - at.get(idOf(e.workflowTaskStartedEventAttributes.scheduledEventId)));
      if (e.workflowTaskCompletedEventAttributes)
        wft.startToComplete.push(time - at.get(idOf(e.workflowTaskCompletedEventAttributes.startedEventId)));
      if (e.activityTaskScheduledEventAttributes)
        scheduled.set(id, e.activityTaskScheduledEventAttributes.activityType.name);
      if (e.activityTaskStartedEventAttributes?.attempt > 1) {
        const a = e.activityTaskStartedEventAttributes;
        retried.push({
          activity: scheduled.get(idOf(a.scheduledEventId)),
          attempt: a.attempt,
          lastFailure: a.lastFailure?.message,
        });
      }
      if (e.activityTaskTimedOutEventAttributes || e.activityTaskFailedEventAttributes)
        retried.push({ failedOrTimedOut: true });
      if (e.activityTaskCompletedEventAttributes) {
        const a = e.activityTaskCompletedEventAttributes;
        const name = scheduled.get(idOf(a.scheduledEventId));
        if (!acts.has(name)) acts.set(name, { scheduleToStart: [], startToClose: [] });
        acts.get(name).scheduleToStart.push(at.get(idOf(a.startedEventId)) - at.get(idOf(a.scheduledEventId)));
        acts.get(name).startToClose.push(time - at.get(idOf(a.startedEventId)));
      }
      if (e.workflowExecutionUpdateCompletedEventAttributes)
        updates.push(time - at.get(idOf(e.workflowExecutionUpdateCompletedEventAttributes.acceptedEventId)));
    }
  }

  // ---- report ------------------------------------------------------------------------------------------------
  const perSec = completed / elapsed;
  const ops = [
    'consent',
    'plan',
    'submit',
    'township_review',
    'county_approval',
    'milestone',
    'tranche_approval',
    'payment_wait',
    'get_case',
    'move_in',
    'reclamation',
    'follow_up',
  ];
  summary.seconds = Number(elapsed.toFixed(1));
  summary.householdsPerSec = Number(perSec.toFixed(2));
  summary.apiCalls = calls;
  summary.apiCallsPerSec = Math.round(calls / elapsed);
  summary.latencyMs = Object.fromEntries(ops.filter((k) => latencies.has(k)).map((k) => [k, stats(latencies.get(k))]));
  summary.timeInSystemMs = stats(timeInSystem);
  summary.pollsPerHousehold = Number((polls / completed).toFixed(1));
  summary.notYetRetries = refusedAndRetried;
  if (firstRefusal) summary.firstNotYetRefusal = firstRefusal;
  summary.doublePayments = { tranches: doublePaidTranches, events: doublePaidEvents, auditRecords: doublePaidAudit };
  summary.paid = {
    tranches: totals.paid,
    events: totals.paid_events,
    fen: Number(totals.paid_fen),
    subsidyFen: Number(totals.subsidy_fen),
  };
  summary.peakMiB = peaks();
  summary.cpuSeconds = Object.fromEntries(Object.entries(ownCpu).map(([k, v]) => [k, Number(v.toFixed(1))]));
  const machineBusy = (cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total);
  const byName = cpuByCommand(cpuBefore, cpuAfter);
  // CPU per household: what bounds the throughput on a machine of 2 cores (the stack's servers serve others too)
  const perHousehold = Object.fromEntries([
    ...Object.entries(ownCpu).map(([k, v]) => [k, v / completed]),
    ...byName.filter(([k]) => k === 'temporal' || k === 'postgres').map(([k, v]) => [`${k} (stack)`, v / completed]),
  ]);
  const cpuPerHousehold = Object.values(perHousehold).reduce((a, b) => a + b, 0);
  summary.cpuSecondsPerHousehold = Object.fromEntries(
    Object.entries(perHousehold).map(([k, v]) => [k, Number(v.toFixed(3))]),
  );
  summary.ceilingOn2Cores = Number((2 / cpuPerHousehold).toFixed(1));
  summary.machineCpuBusy = Number(machineBusy.toFixed(2));
  summary.temporal = {
    sampledWorkflows: sample.length,
    historyEventsPerCase: Math.round(historyEvents / Math.max(1, sample.length)),
    workflowTaskScheduleToStartMs: stats(wft.scheduleToStart),
    workflowTaskStartToCompleteMs: stats(wft.startToComplete),
    updateAcceptedToCompletedMs: stats(updates),
    activityRetries: retried.length,
    activityRetryReasons: [
      ...new Set(retried.map((x) => x.lastFailure ?? (x.failedOrTimedOut ? 'failed or timed out' : '?'))),
    ].slice(0, 5),
    activities: Object.fromEntries(
      [...acts].map(([k, v]) => [
        k,
        { scheduleToStartMs: stats(v.scheduleToStart), startToCloseMs: stats(v.startToClose) },
      ]),
    ),
  };
  const w = [...waits].sort((a, b) => b[1] - a[1]);
  summary.dbActiveSessions = Number((w.reduce((s, [, n]) => s + n, 0) / Math.max(1, waitSamples)).toFixed(1));
  summary.dbWaits = Object.fromEntries(w.slice(0, 8).map(([k, n]) => [k, Number((n / waitSamples).toFixed(2))]));

  const row = (k, s) =>
    `  ${k.padEnd(18)} ${String(s.p50).padStart(8)} ${String(s.p95).padStart(8)} ${String(s.max).padStart(8)}  (${fmt(s.n)})`;
  console.log(
    `relocation: ${fmt(completed)} households from consent to completed in ${elapsed.toFixed(1)} s = ${perSec.toFixed(1)} households/s end to end (target ≥ 30), concurrency ${CONCURRENCY}, ${SITES} sites`,
  );
  console.log(
    `  ${fmt(calls)} API calls (${summary.apiCallsPerSec}/s), ${summary.pollsPerHousehold} polls per household waiting for payments, ${refusedAndRetried} move-ins refused for a moment and sent again`,
  );
  console.log(
    `  time in the system per household: p50 ${fmt(summary.timeInSystemMs.p50)} ms, p95 ${fmt(summary.timeInSystemMs.p95)} ms, max ${fmt(summary.timeInSystemMs.max)} ms`,
  );
  console.log(`latency (ms)            p50      p95      max  (count)`);
  for (const [k, s] of Object.entries(summary.latencyMs)) console.log(row(k, s));
  console.log(
    `payments:  ${fmt(totals.paid)} tranches paid (${fmt(totals.paid_events)} relocation.tranche-paid events, ${fmt(Number(totals.paid_fen) / 100)} yuan of ${fmt(Number(totals.subsidy_fen) / 100)} planned), ${totals.completed_events} relocation.completed; ${totals.audit_records} audit records, database ${sizes.size}`,
  );
  console.log(
    `double payments: ${doublePaidTranches} (case, milestone) paid twice in relocation_tranche, ${doublePaidEvents} with two tranche-paid events, ${doublePaidAudit} with two payment audit records`,
  );
  console.log(
    `peak memory (MiB): ${Object.entries(summary.peakMiB)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  console.log(`profile:`);
  console.log(
    `  CPU during the run (s; ${elapsed.toFixed(0)} s × 2 cores = ${(2 * elapsed).toFixed(0)}): ${Object.entries(
      summary.cpuSeconds,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(
        ', ',
      )}; machine ${(machineBusy * 100).toFixed(0)} % busy (load average ${summary.loadAverageBefore[0]} at the start)`,
  );
  console.log(
    `  by command, every process on the machine: ${byName
      .slice(0, 8)
      .map(([k, v]) => `${k} ${v.toFixed(0)}`)
      .join(', ')}`,
  );
  console.log(
    `  CPU s per household: ${Object.entries(summary.cpuSecondsPerHousehold)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')} = ${cpuPerHousehold.toFixed(2)} → at most ${summary.ceilingOn2Cores} households/s on 2 idle cores`,
  );
  console.log(
    `  Temporal (${sample.length} sampled workflows, ${summary.temporal.historyEventsPerCase} history events each; ${retried.length} activity attempts after the first${retried.length ? `: ${summary.temporal.activityRetryReasons.join(' | ')}` : ''}), ms:`,
  );
  console.log(row('wf task sched→start', summary.temporal.workflowTaskScheduleToStartMs));
  console.log(row('wf task start→done', summary.temporal.workflowTaskStartToCompleteMs));
  console.log(row('update accept→done', summary.temporal.updateAcceptedToCompletedMs));
  for (const [k, v] of Object.entries(summary.temporal.activities)) {
    console.log(row(`${k} sched→start`, v.scheduleToStartMs));
    console.log(row(`${k} run`, v.startToCloseMs));
  }
  console.log(
    `  relocation database: ${summary.dbActiveSessions} sessions active on average; waits: ${Object.entries(
      summary.dbWaits,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );

  if (doublePaidTranches + doublePaidEvents + doublePaidAudit > 0) {
    exitCode = 1;
    console.log('✗ a tranche was paid twice');
  }
  const expected = completed * MILESTONES.length;
  if (
    totals.completed !== HOUSEHOLDS ||
    totals.paid !== expected ||
    totals.paid_events !== expected ||
    totals.wrong_ref > 0
  ) {
    exitCode = 1;
    console.log(
      `✗ expected ${HOUSEHOLDS} completed cases with ${expected} tranches paid once under RLC-<case>-<milestone>: ${totals.completed} completed, ${totals.paid} paid, ${totals.paid_events} events, ${totals.wrong_ref} other references`,
    );
  }
  if (totals.paid_fen !== totals.subsidy_fen) {
    exitCode = 1;
    console.log(`✗ ${totals.paid_fen} fen paid against ${totals.subsidy_fen} planned`);
  }
} catch (e) {
  exitCode = 1;
  console.error(`✗ ${e.stack ?? e}`);
  for (const p of procs) console.error(`--- ${p.name} (last output)\n${p.tail.join('').slice(-1500)}`);
} finally {
  summary.peakMiB ??= peaks();
  await shutdown().catch((e) => log(`shutdown: ${e.message}`));
  await dropNamespace();
  await temporal?.close().catch(() => {});
}
summary.ok = exitCode === 0;
console.log(JSON.stringify(summary));
process.exit(exitCode);
