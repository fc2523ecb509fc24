// Benchmark of 产业扶贫 (issue 14) on the real stack: a county with 3,219 registered households in industry support (the
// seeds' figure), 200 projects, 2,000 扶贫小额信贷 loans driven through industry-service's API from application to
// disbursement, 1,000 dividend contracts (when the API is there), the quarterly interest subsidy (贴息) over the loans and
// over 100,000 more written straight into the database, and a year of reminders computed by the servicing planner and
// recorded. Prints projects/s, loans/s (application → disbursement) with p50/p95 per operation, contracts/s, the
// subsidy runs' seconds and loans/s (target: 100,000 loans in under 10 s), reminders/s computed and recorded, outbox
// events/s over the timed phases, peak memory of industry-service, the orchestrator and the benchmark, and a one-line
// JSON summary last. Exits 1 when a check fails (a loan not reaching servicing, the subsidy sum not what the run said,
// a second run paying anything).
//
// Isolation on a shared stack, as bench:relocation: a fresh database, a fresh Temporal namespace (the loan workflows
// and the activity queue `industry` are fixed names) and no Kafka for industry-service unless the stack is the
// benchmark's own (its events stay in outbox_event, where they are counted). Households arrive as household.registered
// events handed to industry-service's own handler inside a transaction with the processed_event row, as its consumer
// does. Uses dist/ (run `node tools/build.mjs` first).
//   npm run bench:industry [-- --loans 50 --subsidy-loans 5000]
import { randomInt, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { benchHarness, dist, fmt, log, pg, pool, sleep } from './harness.mjs';

const require = createRequire(import.meta.url);
const { values: argv } = parseArgs({
  options: {
    households: { type: 'string', default: '3219' },
    villages: { type: 'string', default: '40' },
    townships: { type: 'string', default: '8' },
    partners: { type: 'string', default: '5' },
    projects: { type: 'string', default: '200' },
    loans: { type: 'string', default: '2000' },
    dividends: { type: 'string', default: '1000' },
    'subsidy-loans': { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '16' },
    county: { type: 'string', default: `43${String(randomInt(6000, 10000)).slice(-4)}` },
    seed: { type: 'string', default: '20140' },
    kafka: { type: 'string', default: 'auto' },
    help: { type: 'boolean', short: 'h', default: false },
  },
  strict: true,
});
if (argv.help) {
  console.log(`usage: node tools/bench/industry.mjs [options]
  --households 3219       registered households of the county (the seeds' figure), over --villages 40 / --townships 8
  --partners 5            enterprises and cooperatives registered (not timed)
  --projects 200          projects through POST /projects, every household a beneficiary of one (timed: projects/s)
  --loans 2000            loans through the API, application → village check → bank approval → disbursement
  --dividends 1000        dividend contracts through POST /dividend-contracts (skipped when the API is not there)
  --subsidy-loans 100000  disbursed loans written straight into the database for the quarterly subsidy run
  --concurrency 16        requests in flight (loans, projects, contracts)
  --county <6 digits>     default a random 43xxxx, fresh per run
  --seed 20140            the households' members, names and ID numbers, the loans' terms
  --kafka auto|on|off     give industry-service Kafka: auto = only on the benchmark's own stack`);
  process.exit(0);
}
const num = (k) => Number(argv[k]);
const HOUSEHOLDS = num('households');
const TOWNSHIPS = num('townships');
const VILLAGES = Math.max(num('villages'), TOWNSHIPS);
const LOANS = num('loans');
const PROJECTS = num('projects');
const DIVIDENDS = num('dividends');
const SUBSIDY_LOANS = num('subsidy-loans');
const CONCURRENCY = num('concurrency');
const COUNTY = argv.county;
const GRACE_DAYS = 30; // industry-service's default INDUSTRY_LOAN_GRACE_DAYS (not overridden here)
if (!/^\d{6}$/.test(COUNTY)) {
  console.error('--county must be 6 digits');
  process.exit(2);
}

const { prng, draws, HOUSEHOLD_SIZE_WEIGHTS, membersOf, personName, SURNAMES, birthDateOf, residentIdIssuer } =
  dist('libs/population/src/index.js');
const { buildEvent, contracts, parseEvent } = dist('libs/contracts/src/index.js');
const rules = dist('libs/domain/industry-rules/src/index.js');
const { createDb } = dist('apps/industry-service/src/db.js');
const { addManyToOutbox } = dist('libs/messaging/src/index.js');
/** The servicing activity's actor on its events (industry-service's loan repository). */
const SYSTEM = { system: 'industry-service.microcredit' };
const { householdRegisteredHandler } = dist('apps/industry-service/src/households/household-registered.handler.js');
const { Connection } = require('@temporalio/client');
const { msToTs } = require('@temporalio/common');

const dbs = { industry: `bench_industry_${process.pid}` };
const h = await benchHarness(dbs);
const { env, dbUrl, createDatabase, startNode, waitReady, shutdown, tokenFor, must, peaks } = h;

// ---- measurements ----------------------------------------------------------------------------------------------
const latencies = new Map();
const record = (kind, ms) => {
  if (!latencies.has(kind)) latencies.set(kind, []);
  latencies.get(kind).push(ms);
};
const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
function stats(values) {
  if (!values?.length) return { n: 0, p50: null, p95: null, max: null };
  const s = [...values].sort((a, b) => a - b);
  const r = (x) => Math.round(x * 10) / 10;
  return { n: s.length, p50: r(pct(s, 50)), p95: r(pct(s, 95)), max: r(s[s.length - 1]) };
}
/** One API call, timed as `kind`; its data, or an error naming the request, its status and body. */
async function timed(kind, send) {
  const t = performance.now();
  const answer = await send();
  record(kind, performance.now() - t);
  return must(answer);
}
const seconds = (t0) => (performance.now() - t0) / 1000;
const perSec = (n, s) => Number((n / s).toFixed(1));

// ---- the county's households (drawn here, registered through industry-service's handler) ------------------------
const today = rules.shanghaiDay(Date.now()); // the service's business day (China Standard Time)
const [ty, tm, td] = today.split('-').map(Number);
const ageOn = { year: ty, month: tm, day: td };
const townships = Array.from({ length: TOWNSHIPS }, (_, t) => `${COUNTY}${100 + t + 1}`);
const villages = Array.from(
  { length: VILLAGES },
  (_, v) => `${townships[v % TOWNSHIPS]}${200 + Math.floor(v / TOWNSHIPS) + 1}`,
);
const d = draws(prng(num('seed')));
const issue = residentIdIssuer(COUNTY);
const households = Array.from({ length: HOUSEHOLDS }, (_, i) => {
  const surname = d.pick(SURNAMES);
  const members = membersOf(d.weighted(HOUSEHOLD_SIZE_WEIGHTS), d).map((m) => ({
    idNumber: issue(birthDateOf(m.age, ageOn, d), m.sex).idNumber,
    name: personName(m.relation, m.sex, surname, d),
    relation: m.relation,
    age: m.age,
  }));
  // the borrower: a member well inside 18–65 (the boundary ages are the unit tests' business)
  const borrower = members.find((m) => m.age >= 20 && m.age <= 60) ?? null;
  return { i, householdId: randomUUID(), village: villages[i % VILLAGES], members, borrower };
});

// ---- the run ---------------------------------------------------------------------------------------------------
const summary = { bench: 'industry', county: COUNTY, households: HOUSEHOLDS, concurrency: CONCURRENCY };
const failures = [];
const fail = (m) => {
  failures.push(m);
  console.log(`✗ ${m}`);
};
let exitCode = 0;
let temporal = null;
let namespace = null;
let admin = null;
const dropNamespace = async () => {
  if (!namespace || !temporal) return;
  const ns = namespace;
  namespace = null;
  await temporal.operatorService.deleteNamespace({ namespace: ns }).catch((e) => log(`namespace ${ns}: ${e}`));
};
process.on('SIGINT', () => void dropNamespace());
try {
  // 1. a fresh database and Temporal namespace; industry-service and the orchestrator on their own ports
  await createDatabase(dbs.industry, 'industry-service');
  temporal = await Connection.connect({ address: env.TEMPORAL_ADDRESS });
  namespace = `bench-industry-${process.pid}-${Date.now().toString(36)}`;
  await temporal.workflowService.registerNamespace({
    namespace,
    description: 'bench:industry (deleted at the end of the run)',
    workflowExecutionRetentionPeriod: msToTs('1 day'),
  });
  for (let i = 0; ; i++) {
    try {
      await temporal.workflowService.describeNamespace({ namespace });
      break;
    } catch (e) {
      if (i > 60) throw e;
      await sleep(500);
    }
  }
  const useKafka = argv.kafka === 'on' || (argv.kafka === 'auto' && env !== process.env);
  log(`database ${dbs.industry}, Temporal namespace ${namespace}, county ${COUNTY}, Kafka: ${useKafka ? 'yes' : 'no'}`);
  const base = 49000 + (process.pid % 500) * 2;
  const industryUrl = `http://127.0.0.1:${base}`;
  const industry = startNode('industry-service', 'dist/apps/industry-service/src/main.js', {
    INDUSTRY_DATABASE_URL: dbUrl(dbs.industry),
    INDUSTRY_PORT: String(base),
    INDUSTRY_METRICS_PORT: '0',
    TEMPORAL_NAMESPACE: namespace,
    KAFKA_BROKERS: useKafka ? env.KAFKA_BROKERS : '127.0.0.1:1', // nothing listens on 1: HTTP and the worker run
    RUN_WORKER: 'true',
    PROCEDURE_TEST_MODE: 'true', // the subsidy run of the current quarter (not yet ended); loan days stay real
  });
  const orchestrator = startNode('orchestrator', 'dist/apps/orchestrator/src/main.js', {
    ORCHESTRATOR_PORT: String(base + 1),
    TEMPORAL_NAMESPACE: namespace,
  });
  const industryReady = async () => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (industry.child.exitCode !== null)
        throw new Error(`industry-service exited:\n${industry.tail.join('').slice(-3000)}`);
      try {
        const r = await fetch(`${industryUrl}/health/ready`);
        const body = await r.json();
        if (r.status === 200 || (!useKafka && body.checks?.database === 'up' && body.checks?.temporal === 'up')) return;
      } catch {
        /* not yet */
      }
      if (Date.now() > deadline) throw new Error(`industry-service not ready:\n${industry.tail.join('').slice(-3000)}`);
      await sleep(250);
    }
  };
  await Promise.all([industryReady(), waitReady(orchestrator, `http://127.0.0.1:${base + 1}/health/live`)]);
  admin = new pg.Client({ connectionString: dbUrl(dbs.industry) });
  admin.on('error', () => {});
  await admin.connect();
  const q = async (sql, params) => (await admin.query(sql, params)).rows;
  const outboxSeq = async () => Number((await q(`SELECT coalesce(max(seq), 0)::bigint AS s FROM outbox_event`))[0].s);
  const phases = []; // timed phases: { name, seconds, events }
  const phase = async (name, work) => {
    const before = await outboxSeq();
    const t0 = performance.now();
    const result = await work();
    const s = seconds(t0);
    phases.push({ name, seconds: s, events: (await outboxSeq()) - before });
    return { result, seconds: s };
  };

  // 2. set-up: the households registered (household.registered through the service's own handler)
  {
    const db = createDb(dbUrl(dbs.industry));
    const handle = householdRegisteredHandler();
    const t = performance.now();
    await pool(households, 8, async (hh) => {
      const event = buildEvent(contracts.householdRegistered, {
        aggregateId: hh.householdId,
        actor: { subject: 'bench-identification', role: 'county_approver', jurisdiction: COUNTY },
        payload: {
          householdId: hh.householdId,
          villageCode: hh.village,
          headName: hh.members[0].name,
          headIdNumber: hh.members[0].idNumber,
          memberCount: hh.members.length,
          members: hh.members.map(({ idNumber, name, relation }) => ({ idNumber, name, relation })),
          registeredAt: '2016-03-01T02:00:00.000Z',
        },
      });
      const received = parseEvent(JSON.parse(JSON.stringify(event))); // as a Kafka message arrives
      await db.$transaction(async (tx) => {
        const fresh = await tx.$executeRawUnsafe(
          `INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
          'industry-service.households',
          received.id,
        );
        if (fresh === 1) await handle(received, tx);
      });
    });
    await db.$disconnect();
    const people = households.reduce((s, x) => s + x.members.length, 0);
    log(
      `registered ${fmt(HOUSEHOLDS)} households (${fmt(people)} people) in ${VILLAGES} villages, ${seconds(t).toFixed(1)} s`,
    );
  }

  const clients = new Map();
  const as = async (role, jurisdiction) => {
    const key = `${role}@${jurisdiction}`;
    if (!clients.has(key)) clients.set(key, h.client('industry-service', await tokenFor(role, jurisdiction)));
    return clients.get(key);
  };
  const office = await as('department_officer', `dept:industry@${COUNTY}`); // 县产业扶贫办
  const bank = await as('bank', COUNTY); // 合作银行
  const idem = () => ({ header: { 'Idempotency-Key': randomUUID() } });

  // partners (not timed)
  const partners = [];
  for (let p = 0; p < num('partners'); p++) {
    const body17 = `93${COUNTY}MA${String(1000000 + p * 7919).slice(-7)}`;
    const { id } = await timed('partner', () =>
      office.POST('/partners', {
        params: idem(),
        body: {
          creditCode: body17 + rules.creditCodeCheckChar(body17),
          name: `${['红星', '青山', '绿源', '金穗', '兴农'][p % 5]}${p % 2 ? '种养殖农民专业合作社' : '农业开发有限公司'}${p + 1}`,
          kind: p % 2 ? 'cooperative' : 'enterprise',
          countyCode: COUNTY,
          bankAccountRef: `ACC-${COUNTY}-${p + 1}`,
        },
      }),
    );
    partners.push(id);
  }
  latencies.delete('partner');

  // 3. projects: each village's households split over its projects, so every household is a beneficiary once
  const KINDS = ['planting', 'breeding', 'rural_tourism', 'handicraft', 'processing', 'services'];
  const SOURCES = ['special_fund', 'assistance_fund', 'integrated_fund', 'credit'];
  const projects = Array.from({ length: PROJECTS }, (_, p) => ({
    p,
    village: villages[p % VILLAGES],
    beneficiaries: [],
  }));
  for (const hh of households) {
    const own = projects.filter((x) => x.village === hh.village);
    if (own.length) own[Math.floor(hh.i / VILLAGES) % own.length].beneficiaries.push(hh.householdId);
  }
  const projectPhase = await phase('projects', () =>
    pool(projects, CONCURRENCY, (x) =>
      timed('project', () =>
        office.POST('/projects', {
          params: idem(),
          body: {
            name: `${x.village.slice(-3)}村${['高山茶叶', '生猪养殖', '农家乐', '竹编', '辣椒加工', '电商服务'][x.p % 6]}项目${x.p + 1}`,
            kind: KINDS[x.p % KINDS.length],
            divisionCode: x.village,
            year: ty,
            budgetFen: 50_000_000 + (x.p % 20) * 10_000_000,
            fundSource: SOURCES[x.p % SOURCES.length],
            partnerId: partners.length ? partners[x.p % partners.length] : undefined,
            expectedIncomeFenPerHousehold: 200_000 + (x.p % 5) * 50_000,
            beneficiaries: x.beneficiaries,
          },
        }),
      ),
    ),
  );
  summary.projects = {
    n: PROJECTS,
    seconds: Number(projectPhase.seconds.toFixed(2)),
    perSec: perSec(PROJECTS, projectPhase.seconds),
  };
  console.log(
    `projects: ${PROJECTS} (${fmt(households.length)} beneficiary households) in ${projectPhase.seconds.toFixed(1)} s = ${summary.projects.perSec} projects/s`,
  );

  // 4. loans: application → village check → bank approval → disbursement, through the API
  const candidates = households.filter((hh) => hh.borrower);
  if (candidates.length < LOANS) throw new Error(`only ${candidates.length} households have a member aged 20–60`);
  const ld = draws(prng(num('seed') + 1));
  const loans = candidates.slice(0, LOANS).map((hh, k) => ({
    k,
    hh,
    principalFen: ld.int(100, 5_000_000), // 1 – 50,000 yuan
    termMonths: ld.int(12, 36),
    repayment: k % 3 === 2 ? 'interest_quarterly' : 'equal_instalment',
    purpose: ld.pick(rules.PRODUCTION_PURPOSES),
  }));
  const loanById = new Map();
  let disbursed = 0;
  let failed = null;
  const t0Loans = performance.now();
  const progress = setInterval(() => {
    const s = seconds(t0Loans);
    log(`  ${s.toFixed(0)} s: ${fmt(disbursed)}/${fmt(LOANS)} loans disbursed (${(disbursed / s).toFixed(1)}/s)`);
  }, 5000);
  const loanPhase = await phase('loans', () =>
    pool(loans, CONCURRENCY, async (loan) => {
      if (failed) return;
      try {
        const cadre = await as('village_cadre', loan.hh.village);
        const path = (id) => ({ path: { id } });
        const applied = await timed('apply', () =>
          cadre.POST('/loans', {
            params: idem(),
            body: {
              householdId: loan.hh.householdId,
              borrowerIdNumber: loan.hh.borrower.idNumber,
              principalFen: loan.principalFen,
              termMonths: loan.termMonths,
              repayment: loan.repayment,
              purpose: loan.purpose,
              purposeDetail: `${loan.purpose}: 扩大生产 (bench loan ${loan.k + 1})`,
            },
          }),
        );
        loan.id = applied.id;
        loanById.set(loan.id, loan);
        await timed('village_check', () =>
          cadre.POST('/loans/{id}/village-check', { params: path(loan.id), body: { approved: true } }),
        );
        await timed('bank_decision', () =>
          bank.POST('/loans/{id}/bank-decision', { params: path(loan.id), body: { approved: true } }),
        );
        const view = await timed('disbursement', () =>
          bank.POST('/loans/{id}/disbursement', {
            params: path(loan.id),
            body: { disbursedOn: today, paymentRef: `FK-${COUNTY}-${loan.k + 1}` },
          }),
        );
        if (view.step !== 'servicing') throw new Error(`loan ${loan.id} at ${view.step} after the disbursement`);
        loan.annualRateBp = view.annualRateBp;
        disbursed++;
      } catch (e) {
        failed ??= e;
      }
    }),
  );
  clearInterval(progress);
  if (failed) throw failed;
  const servicing = Number(
    (
      await q(`SELECT count(*)::int AS n FROM microcredit_loan WHERE step = 'servicing' AND disbursed_on = $1::date`, [
        today,
      ])
    )[0].n,
  );
  if (servicing !== LOANS) fail(`${servicing} of ${LOANS} loans at servicing in the database`);
  summary.loans = {
    n: LOANS,
    seconds: Number(loanPhase.seconds.toFixed(1)),
    perSec: perSec(LOANS, loanPhase.seconds),
    servicing,
    latencyMs: Object.fromEntries(
      ['apply', 'village_check', 'bank_decision', 'disbursement'].map((k) => [k, stats(latencies.get(k))]),
    ),
  };
  console.log(
    `loans: ${fmt(LOANS)} application → disbursement in ${loanPhase.seconds.toFixed(1)} s = ${summary.loans.perSec} loans/s (${fmt(4 * LOANS)} calls, ${CONCURRENCY} in flight); ${fmt(servicing)} at servicing`,
  );
  console.log(`  latency (ms)     p50      p95      max`);
  for (const [k, s] of Object.entries(summary.loans.latencyMs))
    console.log(
      `  ${k.padEnd(14)} ${String(s.p50).padStart(6)} ${String(s.p95).padStart(8)} ${String(s.max).padStart(8)}`,
    );

  // 5. dividend contracts, when the API is there
  const probe = await fetch(`${industryUrl}/dividend-contracts`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${await tokenFor('department_officer', `dept:industry@${COUNTY}`)}`,
      'content-type': 'application/json',
    },
    body: '{}',
  });
  if (probe.status === 404 || !partners.length) {
    console.log('dividends: skipped (no API)');
    summary.dividends = 'skipped (no API)';
  } else {
    const withLoan = loans.filter((l) => l.id);
    const contracts = Array.from({ length: DIVIDENDS }, (_, c) => {
      const loan = c % 2 === 0 ? withLoan[c % withLoan.length] : null;
      const hh = loan ? loan.hh : households[(c * 7) % households.length];
      return {
        householdId: hh.householdId,
        partnerId: partners[c % partners.length],
        principalFen: loan ? loan.principalFen : 3_000_000, // 贷资入股 the loan; 折股量化 30,000 yuan
        fundSource: loan ? 'household_loan' : 'fiscal',
        fundRef: loan ? loan.id : `${COUNTY}财农〔${ty}〕${(c % 40) + 1}号`,
        dividend: loan ? { kind: 'rate', rateBp: 1000 } : { kind: 'fixed', amountFen: 300_000 + (c % 5) * 50_000 },
        paymentDates:
          c % 4 === 3 ? { kind: 'dates', dates: datesFor(today, 3) } : { kind: 'yearly', monthDay: '12-25' },
        startOn: today,
        termYears: 3,
      };
    });
    const dividendPhase = await phase('dividends', () =>
      pool(contracts, CONCURRENCY, (body) =>
        timed('dividend_contract', () => office.POST('/dividend-contracts', { params: idem(), body })),
      ),
    );
    summary.dividends = {
      n: DIVIDENDS,
      seconds: Number(dividendPhase.seconds.toFixed(1)),
      perSec: perSec(DIVIDENDS, dividendPhase.seconds),
      latencyMs: stats(latencies.get('dividend_contract')),
    };
    console.log(
      `dividends: ${fmt(DIVIDENDS)} contracts (each with its schedule) in ${dividendPhase.seconds.toFixed(1)} s = ${summary.dividends.perSec} contracts/s; p50 ${summary.dividends.latencyMs.p50} ms, p95 ${summary.dividends.latencyMs.p95} ms`,
    );
  }

  // 6. the quarterly subsidy run: the API's loans, then 100,000 more written straight into the database
  const quarter = rules.quarterOf(today);
  const subsidyRun = () => timed('subsidy_run', () => office.POST('/loans/subsidy-runs', { body: { quarter } }));
  const first = await phase('subsidy run (API loans)', subsidyRun);
  console.log(
    `subsidy ${quarter}: ${fmt(first.result.loans)} loans in ${first.seconds.toFixed(2)} s (${fmt(first.result.paid)} paid, ${fmt(first.result.subsidyFen)} fen)`,
  );
  const tInsert = performance.now();
  const inserted = await q(
    `WITH hh AS (
       SELECT array_agg(h.household_id ORDER BY h.household_id) AS ids, array_agg(h.village_code ORDER BY h.household_id) AS villages,
              array_agg(h.head_name ORDER BY h.household_id) AS names,
              array_agg((SELECT min(p.id_number) FROM registered_person p WHERE p.household_id = h.household_id) ORDER BY h.household_id) AS people,
              count(*)::int AS n
         FROM registered_household h),
     drawn AS (
       SELECT gen_random_uuid() AS id, g AS i, hh.ids[1 + g % hh.n] AS household_id, hh.villages[1 + g % hh.n] AS village_code,
              hh.people[1 + g % hh.n] AS borrower_id_number, hh.names[1 + g % hh.n] AS borrower_name,
              (1 + (g * 7919) % 50000)::bigint * 100 AS principal_fen, 12 + (g * 13) % 25 AS term_months,
              CASE WHEN g % 3 = 0 THEN 'interest_quarterly' ELSE 'equal_instalment' END AS repayment,
              ($2::text[])[1 + g % cardinality($2::text[])] AS purpose,
              $3::date - ((g * 37) % 730) AS disbursed_on
         FROM hh, generate_series(1, $4::int) AS g),
     loans AS (
       INSERT INTO microcredit_loan (id, household_id, village_code, county_code, borrower_id_number, borrower_name,
              principal_fen, term_months, annual_rate_bp, repayment, purpose, purpose_detail, applied_on, step,
              disbursed_on, disbursed_at, payment_ref, misuse_on, in_arrears, arrears_from, workflow_id, created_by)
       SELECT id, household_id, village_code, $1, borrower_id_number, borrower_name, principal_fen, term_months, 435,
              repayment, purpose, 'bench: 扩大生产', disbursed_on - 7, 'servicing', disbursed_on,
              (disbursed_on + time '10:00') AT TIME ZONE 'Asia/Shanghai', 'FK-bench-' || i,
              CASE WHEN i % 200 = 7 AND disbursed_on + 40 <= $3::date THEN disbursed_on + 40 END,
              i % 50 = 1 AND repayment = 'equal_instalment' AND disbursed_on + 62 <= $3::date,
              CASE WHEN i % 50 = 1 AND repayment = 'equal_instalment' AND disbursed_on + 62 <= $3::date THEN disbursed_on + 62 END,
              'microcredit:' || id, 'bench:industry'
         FROM drawn
       RETURNING id, principal_fen, term_months, disbursed_on, arrears_from),
     repaid AS (
       INSERT INTO loan_repayment (loan_id, bank_ref, paid_on, amount_fen, recorded_by)
       SELECT id, 'HK-bench-' || id, disbursed_on + 30, greatest(1, principal_fen / term_months / 3), 'bench:industry'
         FROM loans WHERE arrears_from IS NOT NULL
       RETURNING loan_id)
     SELECT (SELECT count(*) FROM loans)::int AS loans, (SELECT count(*) FROM loans WHERE arrears_from IS NOT NULL)::int AS arrears,
            (SELECT count(*) FROM repaid)::int AS repayments`,
    [COUNTY, rules.PRODUCTION_PURPOSES, today, SUBSIDY_LOANS],
  );
  await q(`ANALYZE microcredit_loan; ANALYZE loan_repayment; ANALYZE loan_subsidy`);
  const misused = Number((await q(`SELECT count(*)::int AS n FROM microcredit_loan WHERE misuse_on IS NOT NULL`))[0].n);
  console.log(
    `  ${fmt(inserted[0].loans)} disbursed loans written into the database in ${seconds(tInsert).toFixed(1)} s (${fmt(inserted[0].arrears)} in arrears with ${fmt(inserted[0].repayments)} repayments, ${fmt(misused)} misused)`,
  );
  const target = await phase('subsidy run (target)', subsidyRun);
  const t = target.result;
  const targetPerSec = perSec(t.loans, target.seconds);
  console.log(
    `subsidy ${quarter}: ${fmt(t.loans)} loans in ${target.seconds.toFixed(2)} s = ${fmt(targetPerSec)} loans/s (target < 10 s: ${target.seconds < 10 ? 'met' : 'NOT met'}); ${fmt(t.paid)} paid (${fmt(t.alreadyPaid)} already), ${fmt(t.subsidyFen)} fen, ${fmt(t.suspended)} suspended, ${fmt(t.cancelled)} cancelled`,
  );
  const again = await phase('subsidy run (again)', subsidyRun);
  console.log(
    `subsidy ${quarter} again: ${fmt(again.result.loans)} loans in ${again.seconds.toFixed(2)} s, ${fmt(again.result.paid)} paid, ${fmt(again.result.alreadyPaid)} already paid`,
  );
  const [book] = await q(
    `SELECT count(*)::int AS n, coalesce(sum(subsidy_fen), 0)::float8 AS fen FROM loan_subsidy WHERE quarter = $1`,
    [quarter],
  );
  const said = first.result.subsidyFen + t.subsidyFen + again.result.subsidyFen;
  const paidSaid = first.result.paid + t.paid + again.result.paid;
  if (again.result.paid !== 0 || again.result.subsidyFen !== 0)
    fail(`the second run paid ${again.result.paid} loans (${again.result.subsidyFen} fen) again`);
  if (book.fen !== said) fail(`SUM(subsidy_fen) in loan_subsidy is ${book.fen} fen, the runs said ${said}`);
  if (book.n !== paidSaid) fail(`${book.n} loan_subsidy rows, the runs said ${paidSaid} paid`);
  if (t.loans !== LOANS + inserted[0].loans)
    fail(`the target run read ${t.loans} loans, ${LOANS + inserted[0].loans} expected`);
  console.log(
    `  loan_subsidy ${quarter}: ${fmt(book.n)} rows, ${fmt(book.fen)} fen — ${book.fen === said ? '=' : '≠'} what the runs said`,
  );
  summary.subsidy = {
    quarter,
    first: { loans: first.result.loans, seconds: Number(first.seconds.toFixed(2)), paid: first.result.paid },
    target: {
      loans: t.loans,
      seconds: Number(target.seconds.toFixed(2)),
      loansPerSec: targetPerSec,
      paid: t.paid,
      subsidyFen: t.subsidyFen,
      suspended: t.suspended,
      cancelled: t.cancelled,
      met: target.seconds < 10,
    },
    again: { loans: again.result.loans, seconds: Number(again.seconds.toFixed(2)), paid: again.result.paid },
    bookFen: book.fen,
  };

  // 7. a year of reminders for the API's loans: the servicing planner on each day the workflow would wake, recorded
  const yearEnd = rules.addDays(today, 365);
  const tPlan = performance.now();
  const reminders = [];
  let wakes = 0;
  let episodes = 0;
  for (const loan of loans) {
    const made = rules.loanSchedule({
      principalFen: loan.principalFen,
      annualRateBp: loan.annualRateBp,
      termMonths: loan.termMonths,
      repayment: loan.repayment,
      disbursedOn: today,
    });
    if (!made.ok) throw new Error(`loan ${loan.id}: no schedule (${made.violations[0].rule})`);
    const { schedule } = made;
    const defaulter = loan.k % 50 === 0; // stops paying after the third instalment: one arrears episode
    const sent = [];
    let arrearsFrom = null;
    for (let asOf = today; asOf && asOf <= yearEnd;) {
      wakes++;
      const repayments = schedule.instalments
        .filter((x, n) => x.dueOn <= asOf && (!defaulter || n < 3))
        .map((x) => ({ paidOn: x.dueOn, amountFen: x.principalFen + x.interestFen }));
      const planned = rules.planLoanServicing({
        schedule,
        repayments,
        graceDays: GRACE_DAYS,
        asOf,
        sentReminders: sent,
        recordedArrearsFrom: arrearsFrom,
      });
      if (!planned.ok) throw new Error(`loan ${loan.id} on ${asOf}: ${planned.violations[0].rule}`);
      for (const r of planned.plan.reminders) {
        sent.push(rules.reminderKey(r));
        reminders.push([loan.id, r.dueOn, r.daysBefore, r.amountFen, asOf]);
      }
      if (planned.plan.arrears) {
        arrearsFrom = planned.plan.arrears.arrearsFrom;
        episodes++;
      }
      asOf = planned.plan.nextDay;
    }
  }
  const planSeconds = seconds(tPlan);
  // recorded as the servicing activity records them: each reminder once by its key, its loan.reminder event through
  // the outbox for the new ones — here all in one transaction (the activity does one loan's day per transaction)
  const reminderDb = createDb(dbUrl(dbs.industry));
  const recorded = await phase('reminders recorded', () =>
    reminderDb.$transaction(
      async (tx) => {
        const col = (n) => reminders.map((r) => r[n]);
        const fresh = await tx.$queryRawUnsafe(
          `INSERT INTO loan_reminder (loan_id, due_on, days_before, amount_fen, sent_on)
           SELECT * FROM unnest($1::uuid[], $2::date[], $3::int[], $4::bigint[], $5::date[])
           ON CONFLICT DO NOTHING RETURNING loan_id::text, to_char(due_on, 'YYYY-MM-DD') AS "dueOn", days_before AS "daysBefore"`,
          col(0),
          col(1),
          col(2),
          col(3).map(BigInt),
          col(4),
        );
        const key = (loanId, dueOn, daysBefore) => `${loanId}/${dueOn}/${daysBefore}`;
        const isNew = new Set(fresh.map((r) => key(r.loan_id, r.dueOn, r.daysBefore)));
        const events = reminders
          .filter(([loanId, dueOn, daysBefore]) => isNew.has(key(loanId, dueOn, daysBefore)))
          .map(([loanId, dueOn, daysBefore, amountFen]) => {
            const { hh } = loanById.get(loanId);
            const payload = {
              loanId,
              householdId: hh.householdId,
              villageCode: hh.village,
              dueOn,
              daysBefore,
              amountFen,
            };
            const event = buildEvent(contracts.loanReminder, { aggregateId: loanId, actor: SYSTEM, payload });
            return { topic: contracts.loanReminder.topic, event };
          });
        await addManyToOutbox(tx, events);
        return fresh.length;
      },
      { timeout: 300_000 },
    ),
  );
  await reminderDb.$disconnect();
  // every reminder computed is recorded: the new ones now, the others by the loans' workflows (servicing on the day of
  // disbursement already sends the reminders due then: a 按季结息 loan's first interest date may be within 15 days)
  const [{ n: present }] = await q(
    `SELECT count(*)::int AS n FROM unnest($1::uuid[], $2::date[], $3::int[]) AS k(loan_id, due_on, days_before)
       JOIN loan_reminder r USING (loan_id, due_on, days_before)`,
    [reminders.map((r) => r[0]), reminders.map((r) => r[1]), reminders.map((r) => r[2])],
  );
  const byWorkflows = reminders.length - recorded.result;
  if (present !== reminders.length) fail(`${present} of ${reminders.length} computed reminders in loan_reminder`);
  summary.reminders = {
    loans: LOANS,
    wakes,
    arrearsEpisodes: episodes,
    computed: reminders.length,
    computeSeconds: Number(planSeconds.toFixed(2)),
    computedPerSec: Math.round(reminders.length / planSeconds),
    recorded: recorded.result,
    recordedEarlierByWorkflows: byWorkflows,
    recordSeconds: Number(recorded.seconds.toFixed(2)),
    recordedPerSec: Math.round(recorded.result / recorded.seconds),
  };
  console.log(
    `reminders, a year (${today} → ${yearEnd}): ${fmt(wakes)} servicing days planned (${(wakes / LOANS).toFixed(1)} per loan), ${fmt(reminders.length)} reminders and ${episodes} arrears episodes computed in ${planSeconds.toFixed(2)} s = ${fmt(summary.reminders.computedPerSec)} reminders/s; recorded ${fmt(recorded.result)} with their loan.reminder events in ${recorded.seconds.toFixed(2)} s = ${fmt(summary.reminders.recordedPerSec)} reminders/s (${fmt(byWorkflows)} already sent by the loans' workflows on the day of disbursement)`,
  );

  // 8. events, memory
  const events = phases.reduce((s, p) => s + p.events, 0);
  const eventSeconds = phases.reduce((s, p) => s + p.seconds, 0);
  summary.events = {
    total: events,
    seconds: Number(eventSeconds.toFixed(1)),
    perSec: perSec(events, eventSeconds),
    byPhase: Object.fromEntries(phases.map((p) => [p.name, p.events])),
  };
  console.log(
    `events: ${fmt(events)} outbox events in ${eventSeconds.toFixed(1)} s of timed phases = ${summary.events.perSec} events/s (${phases.map((p) => `${p.name} ${p.events}`).join(', ')})`,
  );
  summary.peakMiB = peaks();
  console.log(
    `peak memory (MiB): ${Object.entries(summary.peakMiB)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (failures.length) exitCode = 1;
} catch (e) {
  exitCode = 1;
  console.error(`✗ ${e.stack ?? e}`);
  for (const p of h.procs) console.error(`--- ${p.name} (last output)\n${p.tail.join('').slice(-1500)}`);
} finally {
  summary.peakMiB ??= peaks();
  await admin?.end().catch(() => {});
  await shutdown().catch((e) => log(`shutdown: ${e.message}`));
  await dropNamespace();
  await temporal?.close().catch(() => {});
}
summary.failures = failures;
summary.ok = exitCode === 0;
console.log(JSON.stringify(summary));
process.exit(exitCode);

/** A contract of `years` from `start` paid twice a year: six months and a year into each contract year. */
function datesFor(start, years) {
  const add = (months) => rules.addMonthsClamped(start, months);
  return Array.from({ length: years }, (_, y) => [add(12 * y + 6), add(12 * y + 12)]).flat();
}
