// Fuzz every service's OpenAPI document (/docs-json) with Schemathesis, as two callers: a village cadre of one
// village and the county approver of its county. Fails on any 5xx, any undocumented status code, any response that
// breaks its documented schema or content type (Schemathesis checks not_a_server_error, status_code_conformance,
// response_schema_conformance, content_type_conformance) and on any request Schemathesis could not complete.
//
// By hand, against a running dev stack (`npm start` in another shell):
//   node tools/fuzz/run.mjs                                # all five services, dev ports, tokens minted with .stack/dev's key
//   node tools/fuzz/run.mjs --service notice-service --max-examples 10
//   source .stack/test/env.sh && node tools/fuzz/run.mjs   # the test stack's ports and key instead
//   node tools/fuzz/run.mjs --findings /tmp/findings.md    # also write every distinct failure as Markdown
//
// Options (each also as an environment variable):
//   --profile dev|test|bench  FUZZ_PROFILE (else STACK_PROFILE, else dev): the stack whose ports and issuer key to use
//   --service NAME            FUZZ_SERVICES (comma-separated): only these services (repeatable; default all five)
//   --url NAME=URL            FUZZ_URL_<SERVICE>, e.g. FUZZ_URL_NOTICE: a service's base URL (default
//                             http://127.0.0.1:$<SERVICE>_PORT, the profile's port when that is unset)
//   --village CODE            FUZZ_VILLAGE (default 439999101201, a county no test uses): the cadre's village;
//                             the approver is county_approver of its first six digits
//   --max-examples N          FUZZ_MAX_EXAMPLES (default 50): generated cases per operation and phase
//   --seed N                  FUZZ_SEED (default 20261204): Schemathesis --seed; a failure reproduces with the same seed
//   --checks LIST             FUZZ_CHECKS (default the four above)
//   --report-dir DIR          FUZZ_REPORT_DIR (default tmp/fuzz, git-ignored): Schemathesis' output, NDJSON and JSON
//                             reports, JUnit XML per service and role, and summary.json / summary.txt
//   --json FILE               also write the summary as JSON there
//   --findings FILE           also write every distinct failure, with a curl example, as Markdown there
// Tokens: FUZZ_TOKEN_CADRE and FUZZ_TOKEN_APPROVER when given (the e2e test mints its own), otherwise minted with
// AUTH_DEV_KEY_FILE / AUTH_ISSUER / AUTH_AUDIENCE (default: the profile's key and issuer; needs `npm run build`).
//
// Exit codes: 0 no failures, 1 failures (the summary names each), 2 the harness itself could not run.
//
// Inputs Schemathesis cannot infer are given as dictionaries it draws from with a probability, so the generated
// requests both reach the code behind the jurisdiction checks and still probe those checks: villageCode / division /
// county parameters take the callers' own division codes 75 % of the time, the Idempotency-Key header a well-formed key
// half the time. Strings may contain NUL bytes (Schemathesis' default).
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { repoRoot, services as stackServices, stackEnv, stackLayout } from '../stack/layout.mjs';
import { SCHEMATHESIS_VERSION, ensureSchemathesis, schemathesisBin } from './provision.mjs';

export const DEFAULT_CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'response_schema_conformance',
  'content_type_conformance',
];
export const DEFAULT_VILLAGE = '439999101201';
export const DEFAULT_SEED = 20261204;
export const DEFAULT_MAX_EXAMPLES = 50;
const SERVICE_NAMES = stackServices.map((s) => s.name);
const envPrefix = (name) =>
  name
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase();
/** A run that takes longer than this is stopped and counted as a harness error. */
const RUN_TIMEOUT_MS = 10 * 60_000;

/** The two callers: a village cadre of `village` and the county approver of its county. */
export function defaultRoles(village = DEFAULT_VILLAGE) {
  if (!/^\d{12}$/.test(village)) throw new Error(`--village must be a 12-digit village code, got "${village}"`);
  const township = village.slice(0, 9);
  const county = village.slice(0, 6);
  return [
    {
      name: 'cadre',
      role: 'village_cadre',
      jurisdiction: village,
      villages: [village],
      divisions: [village, township, county],
      counties: [county],
    },
    {
      name: 'approver',
      role: 'county_approver',
      jurisdiction: county,
      villages: [village],
      divisions: [county, township, village],
      counties: [county],
    },
  ];
}

const tomlString = (s) => JSON.stringify(String(s));
const tomlArray = (values) => `[${values.map(tomlString).join(', ')}]`;

/** The Schemathesis config of one run: the bearer header (from the environment) and the dictionaries above. */
function configToml(role, seed) {
  const keys = Array.from({ length: 32 }, (_, i) => `fuzz-${seed}-${role.name}-${String(i).padStart(3, '0')}`);
  return [
    '# written by tools/fuzz/run.mjs for one service and role',
    'headers = { Authorization = "Bearer ${FUZZ_AUTH_TOKEN}" }',
    '',
    '# no state carried from one run to the next (and no copy of the token left behind)',
    '[cache]\nenabled = false',
    '',
    `[dictionaries.village]\nvalues = ${tomlArray(role.villages)}`,
    `[dictionaries.division]\nvalues = ${tomlArray(role.divisions)}`,
    `[dictionaries.county]\nvalues = ${tomlArray(role.counties)}`,
    `[dictionaries.idempotency]\nvalues = ${tomlArray(keys)}`,
    '',
    '[parameters]',
    'villageCode = { dictionary = "village", probability = 0.75 }',
    'division = { dictionary = "division", probability = 0.75 }',
    'county = { dictionary = "county", probability = 0.75 }',
    '"header.Idempotency-Key" = { dictionary = "idempotency", probability = 0.5 }',
    '',
  ].join('\n');
}

/** The schemathesis command line of one run (the config file carries the token and dictionaries). */
export function schemathesisArgs({ url, configFile, reportDir, checks, maxExamples, seed }) {
  return [
    '--no-color',
    '--config-file',
    configFile,
    'run',
    `${url}/docs-json`,
    '--url',
    url,
    '--checks',
    checks.join(','),
    '--max-examples',
    String(maxExamples),
    '--seed',
    String(seed),
    '--generation-database',
    'none', // no example database: what runs depends on the seed alone, not on earlier runs
    '--continue-on-failure', // keep generating after the first failure of an operation, so deeper failures show up too
    '--workers',
    '1',
    '--request-timeout',
    '15',
    '--output-sanitize',
    'false', // the real Idempotency-Key in the reproductions; the token is redacted afterwards
    '--report',
    'junit,json,ndjson',
    '--report-dir',
    reportDir,
  ];
}

function run(command, args, { env, cwd, logFile, timeoutMs }) {
  return new Promise((resolve) => {
    const out = fs.openSync(logFile, 'w');
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', out, out] });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      fs.closeSync(out);
      resolve({ code: null, error: e.message });
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      fs.closeSync(out);
      resolve({
        code,
        signal,
        error: signal ? `killed by ${signal}${signal === 'SIGKILL' ? ` (over ${timeoutMs / 1000}s)` : ''}` : null,
      });
    });
  });
}

function redactFile(file, secrets) {
  if (!fs.existsSync(file)) return;
  let text = fs.readFileSync(file, 'utf8');
  let changed = false;
  for (const [secret, placeholder] of secrets) {
    if (secret && text.includes(secret)) {
      text = text.split(secret).join(placeholder);
      changed = true;
    }
  }
  if (changed) fs.writeFileSync(file, text);
}

/** Shell-quote a request body: plain single quotes, or $'…' with \xNN escapes when it has control or non-ASCII bytes. */
function shellQuote(buf) {
  const text = buf.toString('utf8');
  if (!/[\x00-\x1f\x7f]/.test(text) && Buffer.from(text, 'utf8').equals(buf)) return `'${text.replace(/'/g, `'\\''`)}'`;
  let out = "$'";
  for (const byte of buf) {
    if (byte === 0x27) out += "\\'";
    else if (byte === 0x5c) out += '\\\\';
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out}'`;
}

/** A curl command for a recorded request, in Schemathesis' style (used when its own output has none for the case). */
function curlOf(request, tokenVar) {
  const parts = ['curl', '-X', request.method];
  for (const [name, values] of Object.entries(request.headers ?? {})) {
    for (const value of [].concat(values)) {
      if (/^authorization$/i.test(name)) parts.push('-H', `"Authorization: Bearer $${tokenVar}"`);
      else parts.push('-H', shellQuote(Buffer.from(`${name}: ${value}`)));
    }
  }
  if (request.body?.$base64 !== undefined) parts.push('-d', shellQuote(Buffer.from(request.body.$base64, 'base64')));
  parts.push(shellQuote(Buffer.from(request.uri)));
  return parts.join(' ');
}

/** Schemathesis' printed reproductions: test case id → curl command. */
function reproductionsOf(stdout) {
  const byCase = new Map();
  const re = /Test Case ID: (\S+)[\s\S]*?Reproduce with:\s*\n\s*\n\s*(curl [^\n]*)/g;
  for (const m of stdout.matchAll(re)) byCase.set(m[1], m[2].trim());
  return byCase;
}

function decodeBody(content) {
  if (!content || content.$base64 === undefined) return '';
  return Buffer.from(content.$base64, 'base64').toString('utf8');
}

function errorCodeOf(bodyText) {
  try {
    const parsed = JSON.parse(bodyText);
    return typeof parsed?.error?.code === 'string' ? parsed.error.code : null;
  } catch {
    return null;
  }
}

/** Read one run's NDJSON event stream: every request and every failed check. */
async function readEvents(ndjsonFile) {
  const result = { requests: 0, failures: [], statuses: new Map() };
  if (!ndjsonFile || !fs.existsSync(ndjsonFile)) return result;
  const lines = readline.createInterface({ input: fs.createReadStream(ndjsonFile, 'utf8'), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.startsWith('{"ScenarioFinished"')) continue;
    const event = JSON.parse(line).ScenarioFinished;
    const recorder = event.recorder ?? {};
    const operation = recorder.label;
    const interactions = recorder.interactions ?? {};
    for (const interaction of Object.values(interactions)) {
      result.requests += 1;
      const status = interaction.response?.status_code ?? 'no response';
      const key = `${operation}\u0000${status}`;
      result.statuses.set(key, (result.statuses.get(key) ?? 0) + 1);
    }
    for (const [caseId, checks] of Object.entries(recorder.checks ?? {})) {
      for (const check of checks) {
        if (check.status === 'success' || check.status === 'skip') continue;
        const interaction = interactions[caseId];
        const response = interaction?.response;
        const body = decodeBody(response?.content);
        const failure = check.failure_info?.failure ?? {};
        result.failures.push({
          check: check.name,
          operation: failure.operation ?? operation,
          status: response?.status_code ?? null,
          errorCode: errorCodeOf(body),
          title: failure.title ?? check.name,
          message: failure.message ?? '',
          caseId,
          phase: event.phase,
          request: interaction?.request ?? null,
          requestId: response?.headers?.['x-request-id']?.[0] ?? null,
          responseBody: body.slice(0, 600),
        });
      }
    }
  }
  return result;
}

const newestFile = (dir, prefix) => {
  const files = fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => f.startsWith(prefix))
        .sort()
    : [];
  return files.length ? path.join(dir, files[files.length - 1]) : null;
};

async function fetchJson(url) {
  const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`${url} answered ${res.status}`);
  return res.json();
}

function countOperations(doc) {
  const methods = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
  return Object.values(doc?.paths ?? {}).reduce(
    (n, item) => n + Object.keys(item ?? {}).filter((m) => methods.has(m)).length,
    0,
  );
}

/** One schemathesis run: one service, one role. */
async function runOne({ service, url, role, token, options }) {
  const dir = path.join(options.reportDir, service, role.name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const configFile = path.join(dir, 'schemathesis.toml');
  fs.writeFileSync(configFile, configToml(role, options.seed));
  const args = schemathesisArgs({
    url,
    configFile,
    reportDir: dir,
    checks: options.checks,
    maxExamples: options.maxExamples,
    seed: options.seed,
  });
  const logFile = path.join(dir, 'schemathesis.log');
  const started = Date.now();
  const exit = await run(schemathesisBin, args, {
    // never a proxy for loopback; run inside the report dir so nothing (.hypothesis, schemathesis-report) lands in the checkout
    env: { ...process.env, FUZZ_AUTH_TOKEN: token, NO_PROXY: '127.0.0.1,localhost', no_proxy: '127.0.0.1,localhost' },
    cwd: dir,
    logFile,
    timeoutMs: RUN_TIMEOUT_MS,
  });
  const durationMs = Date.now() - started;
  for (const state of ['.hypothesis', '.schemathesis'])
    fs.rmSync(path.join(dir, state), { recursive: true, force: true });
  const tokenVar = `TOKEN_${role.name.toUpperCase()}`;
  const secrets = [[token, `$${tokenVar}`]];
  for (const f of fs.readdirSync(dir, { withFileTypes: true }))
    if (f.isFile()) redactFile(path.join(dir, f.name), secrets);
  const stdout = fs.readFileSync(logFile, 'utf8');
  const jsonFile = newestFile(dir, 'json-');
  const report = jsonFile ? JSON.parse(fs.readFileSync(jsonFile, 'utf8')) : null;
  const events = await readEvents(newestFile(dir, 'ndjson-'));
  // Schemathesis prints the header in single quotes; with the placeholder it must expand, so double quotes
  const reproductions = new Map(
    [...reproductionsOf(stdout)].map(([id, curl]) => [
      id,
      curl.split(`'Authorization: Bearer $${tokenVar}'`).join(`"Authorization: Bearer $${tokenVar}"`),
    ]),
  );
  for (const f of events.failures) {
    f.role = role.name;
    f.curl = reproductions.get(f.caseId) ?? (f.request ? curlOf(f.request, tokenVar) : null);
    f.curlFrom = reproductions.has(f.caseId) ? 'schemathesis' : 'recorded request';
    delete f.request;
  }
  const errors = [];
  if (exit.error) errors.push(`schemathesis: ${exit.error}`);
  if (!report)
    errors.push(`schemathesis wrote no JSON report (exit ${exit.code}); see ${logFile}:\n${stdout.slice(-2000)}`);
  for (const e of report?.errors ?? []) errors.push(typeof e === 'string' ? e : JSON.stringify(e).slice(0, 1000));
  if (report && exit.code !== 0 && events.failures.length === 0 && errors.length === 0) {
    errors.push(`schemathesis exited ${exit.code} without a failure; see ${logFile}:\n${stdout.slice(-2000)}`);
  }
  const warnings = Object.fromEntries(
    Object.entries(report?.warnings ?? {}).filter(([, v]) => (Array.isArray(v) ? v.length : v)),
  );
  return {
    role: role.name,
    exitCode: exit.code,
    durationMs,
    operationsSelected: report?.operations?.selected ?? 0,
    operationsTested: report?.operations?.tested ?? 0,
    requests: events.requests,
    failingRequests: events.failures.length,
    statuses: [...events.statuses].map(([k, count]) => {
      const [operation, status] = k.split('\u0000');
      return { operation, status, count };
    }),
    failures: events.failures,
    errors,
    warnings,
    reportDir: path.relative(repoRoot, dir),
    command: `${schemathesisBin} ${args.map((a) => (/[\s,{}$]/.test(a) ? `'${a}'` : a)).join(' ')}`,
  };
}

/** Group failures of every role into distinct kinds: check, operation, status, error code. */
function groupFailures(runs) {
  const groups = new Map();
  for (const r of runs) {
    for (const f of r.failures) {
      const key = [f.check, f.operation, f.status, f.errorCode].join('\u0000');
      let g = groups.get(key);
      if (!g) {
        g = {
          check: f.check,
          operation: f.operation,
          status: f.status,
          errorCode: f.errorCode,
          title: f.title,
          message: f.message,
          count: 0,
          roles: [],
          example: null,
        };
        groups.set(key, g);
      }
      g.count += 1;
      if (!g.roles.includes(f.role)) g.roles.push(f.role);
      // prefer an example Schemathesis printed itself, then the shortest request
      const better =
        !g.example ||
        (f.curlFrom === 'schemathesis' && g.example.curlFrom !== 'schemathesis') ||
        (f.curlFrom === g.example.curlFrom && (f.curl?.length ?? 1e9) < (g.example.curl?.length ?? 1e9));
      if (better)
        g.example = {
          role: f.role,
          caseId: f.caseId,
          phase: f.phase,
          curl: f.curl,
          curlFrom: f.curlFrom,
          requestId: f.requestId,
          responseBody: f.responseBody,
        };
    }
  }
  const checkOrder = (c) => {
    const i = DEFAULT_CHECKS.indexOf(c);
    return i < 0 ? 99 : i;
  };
  return [...groups.values()].sort(
    (a, b) =>
      checkOrder(a.check) - checkOrder(b.check) ||
      a.operation.localeCompare(b.operation) ||
      String(a.status).localeCompare(String(b.status)) ||
      String(a.errorCode).localeCompare(String(b.errorCode)),
  );
}

/** Resolve the options from flags, the environment and the stack profile. */
export function resolveOptions(argv = process.argv.slice(2), env = process.env) {
  const { values } = parseArgs({
    args: argv,
    options: {
      profile: { type: 'string' },
      service: { type: 'string', multiple: true },
      url: { type: 'string', multiple: true },
      village: { type: 'string' },
      'max-examples': { type: 'string' },
      seed: { type: 'string' },
      checks: { type: 'string' },
      'report-dir': { type: 'string' },
      json: { type: 'string' },
      findings: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) return { help: true };
  const profile = values.profile ?? env.FUZZ_PROFILE ?? env.STACK_PROFILE ?? 'dev';
  const stack = { ...stackEnv(stackLayout(profile)), ...env };
  const selected =
    values.service ??
    (env.FUZZ_SERVICES
      ? env.FUZZ_SERVICES.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : SERVICE_NAMES);
  for (const s of selected)
    if (!SERVICE_NAMES.includes(s)) throw new Error(`unknown service "${s}" (expected ${SERVICE_NAMES.join(', ')})`);
  const urlFlags = new Map(
    (values.url ?? []).map((u) => {
      const i = u.indexOf('=');
      if (i < 0) throw new Error(`--url wants NAME=URL, got "${u}"`);
      return [u.slice(0, i), u.slice(i + 1)];
    }),
  );
  const services = selected.map((name) => ({
    name,
    url: (
      urlFlags.get(name) ??
      env[`FUZZ_URL_${envPrefix(name)}`] ??
      `http://127.0.0.1:${stack[`${envPrefix(name)}_PORT`]}`
    ).replace(/\/+$/, ''),
  }));
  const int = (raw, name, min) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got "${raw}"`);
    return n;
  };
  return {
    profile,
    services,
    roles: defaultRoles(values.village ?? env.FUZZ_VILLAGE ?? DEFAULT_VILLAGE),
    maxExamples: int(values['max-examples'] ?? env.FUZZ_MAX_EXAMPLES ?? DEFAULT_MAX_EXAMPLES, '--max-examples', 1),
    seed: int(values.seed ?? env.FUZZ_SEED ?? DEFAULT_SEED, '--seed', 0),
    checks: (values.checks ?? env.FUZZ_CHECKS ?? DEFAULT_CHECKS.join(','))
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean),
    reportDir: path.resolve(values['report-dir'] ?? env.FUZZ_REPORT_DIR ?? path.join(repoRoot, 'tmp', 'fuzz')),
    jsonFile: values.json ?? null,
    findingsFile: values.findings ?? null,
    tokens: { cadre: env.FUZZ_TOKEN_CADRE, approver: env.FUZZ_TOKEN_APPROVER },
    auth: { keyFile: stack.AUTH_DEV_KEY_FILE, issuer: stack.AUTH_ISSUER, audience: stack.AUTH_AUDIENCE },
  };
}

async function mintTokens(options) {
  const missing = options.roles.filter((r) => !options.tokens[r.name]);
  if (!missing.length) return options.tokens;
  const entry = path.join(repoRoot, 'dist', 'libs', 'auth', 'src', 'index.js');
  if (!fs.existsSync(entry))
    throw new Error(`${entry} is missing: run \`npm run build\`, or pass FUZZ_TOKEN_CADRE and FUZZ_TOKEN_APPROVER`);
  if (!options.auth.keyFile || !fs.existsSync(options.auth.keyFile))
    throw new Error(
      `issuer key ${options.auth.keyFile} not found: start the stack of profile "${options.profile}" first (npm start)`,
    );
  const { mintToken } = createRequire(import.meta.url)(entry);
  const tokens = { ...options.tokens };
  for (const r of missing) {
    tokens[r.name] = await mintToken({
      keyFile: options.auth.keyFile,
      issuer: options.auth.issuer,
      audience: options.auth.audience,
      subject: `fuzz-${r.name}`,
      role: r.role,
      jurisdiction: r.jurisdiction,
      name: `fuzz ${r.name}`,
      expiresIn: '2h',
    });
  }
  return tokens;
}

/** Run the whole fuzzing pass; resolves with the summary (never throws for failures, only for harness errors). */
export async function fuzz(options, { log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  ensureSchemathesis();
  const tokens = await mintTokens(options);
  const started = Date.now();
  fs.mkdirSync(options.reportDir, { recursive: true });
  const services = [];
  for (const svc of options.services) {
    let doc;
    try {
      doc = await fetchJson(`${svc.url}/docs-json`);
    } catch (e) {
      services.push({
        name: svc.name,
        url: svc.url,
        documentedOperations: 0,
        operations: 0,
        requests: 0,
        runs: [],
        failures: [],
        errors: [`could not read ${svc.url}/docs-json: ${e.message}`],
      });
      log(`✗ ${svc.name}: could not read its OpenAPI document (${e.message})`);
      continue;
    }
    const documentedOperations = countOperations(doc);
    const runs = [];
    if (documentedOperations > 0) {
      for (const role of options.roles) {
        log(
          `▶ ${svc.name} as ${role.role} ${role.jurisdiction}: ${documentedOperations} operations, ≤ ${options.maxExamples} examples each`,
        );
        const r = await runOne({ service: svc.name, url: svc.url, role, token: tokens[role.name], options });
        log(
          `  ${r.failures.length ? '✗' : r.errors.length ? '!' : '✓'} ${r.requests} requests, ${r.failingRequests} failing, ${r.errors.length} errors (${(r.durationMs / 1000).toFixed(1)}s)`,
        );
        runs.push(r);
      }
    } else {
      log(`– ${svc.name}: its OpenAPI document has no operations; nothing to fuzz`);
    }
    services.push({
      name: svc.name,
      url: svc.url,
      documentedOperations,
      operations: Math.max(0, ...runs.map((r) => r.operationsTested)),
      requests: runs.reduce((n, r) => n + r.requests, 0),
      failingRequests: runs.reduce((n, r) => n + r.failingRequests, 0),
      runs: runs.map(({ failures: _f, ...rest }) => rest),
      failures: groupFailures(runs),
      errors: runs.flatMap((r) => r.errors.map((e) => `${r.role}: ${e}`)),
    });
  }
  const summary = {
    schemathesis: SCHEMATHESIS_VERSION,
    seed: options.seed,
    maxExamples: options.maxExamples,
    checks: options.checks,
    roles: options.roles.map(({ name, role, jurisdiction }) => ({ name, role, jurisdiction })),
    durationMs: Date.now() - started,
    reportDir: options.reportDir,
    services,
  };
  summary.ok = services.every((s) => s.failures.length === 0 && s.errors.length === 0);
  fs.writeFileSync(path.join(options.reportDir, 'summary.json'), JSON.stringify(summary, null, 2));
  fs.writeFileSync(path.join(options.reportDir, 'summary.txt'), `${formatSummary(summary)}\n`);
  return summary;
}

const pad = (s, n) => String(s).padEnd(n);
const padL = (s, n) => String(s).padStart(n);

/** The summary table, then every distinct failure (check, operation, status, error code) with a count. */
export function formatSummary(summary, { maxPerService = Infinity } = {}) {
  const checks = summary.checks;
  const short = {
    not_a_server_error: '5xx',
    status_code_conformance: 'status',
    response_schema_conformance: 'schema',
    content_type_conformance: 'ctype',
  };
  const head = ['service', 'ops', 'requests', 'failing', 'kinds', ...checks.map((c) => short[c] ?? c), 'errors'];
  const widths = [24, 5, 9, 8, 6, ...checks.map((c) => Math.max(6, (short[c] ?? c).length + 1)), 7];
  const row = (cells) => cells.map((c, i) => (i === 0 ? pad(c, widths[i]) : padL(c, widths[i]))).join(' ');
  const lines = [
    `Schemathesis ${summary.schemathesis} — seed ${summary.seed}, ≤ ${summary.maxExamples} examples per operation, roles ${summary.roles.map((r) => `${r.role} ${r.jurisdiction}`).join(' and ')} — ${(summary.durationMs / 1000).toFixed(0)}s`,
    `checks: ${checks.join(', ')}; "kinds" = distinct (check, operation, status, error code); per-check columns count kinds`,
    '',
    row(head),
    row(widths.map((w) => '-'.repeat(w))),
  ];
  const total = {
    ops: 0,
    requests: 0,
    failing: 0,
    kinds: 0,
    errors: 0,
    byCheck: Object.fromEntries(checks.map((c) => [c, 0])),
  };
  for (const s of summary.services) {
    const byCheck = Object.fromEntries(checks.map((c) => [c, s.failures.filter((f) => f.check === c).length]));
    lines.push(
      row([
        s.name,
        s.documentedOperations ? s.operations : '0*',
        s.requests,
        s.failingRequests ?? 0,
        s.failures.length,
        ...checks.map((c) => byCheck[c]),
        s.errors.length,
      ]),
    );
    total.ops += s.operations;
    total.requests += s.requests;
    total.failing += s.failingRequests ?? 0;
    total.kinds += s.failures.length;
    total.errors += s.errors.length;
    for (const c of checks) total.byCheck[c] += byCheck[c];
  }
  lines.push(row(widths.map((w) => '-'.repeat(w))));
  lines.push(
    row([
      'total',
      total.ops,
      total.requests,
      total.failing,
      total.kinds,
      ...checks.map((c) => total.byCheck[c]),
      total.errors,
    ]),
  );
  if (summary.services.some((s) => !s.documentedOperations && !s.errors.length))
    lines.push('* the OpenAPI document lists no operations');
  for (const s of summary.services) {
    if (!s.failures.length && !s.errors.length) continue;
    lines.push('', `${s.name} (${s.url})`);
    for (const e of s.errors) lines.push(`  ERROR ${e.split('\n')[0]}`);
    const shown = s.failures.slice(0, maxPerService);
    for (const f of shown) {
      lines.push(
        `  ${pad(f.check, 27)} ${pad(f.operation, 56)} ${padL(f.status ?? '-', 3)} ${pad(f.errorCode ?? '', 30)} ×${f.count} [${f.roles.join(',')}]`,
      );
    }
    if (s.failures.length > shown.length)
      lines.push(
        `  … and ${s.failures.length - shown.length} more (see ${path.join(summary.reportDir, 'summary.json')})`,
      );
  }
  lines.push(
    '',
    summary.ok
      ? '✓ no failures'
      : `✗ ${total.kinds} distinct failures in ${total.failing} failing requests, ${total.errors} errors — reports in ${summary.reportDir}`,
  );
  return lines.join('\n');
}

/** Every distinct failure as Markdown, with an example request each. */
export function formatFindings(summary) {
  const out = [
    `# Fuzzing findings`,
    '',
    `Schemathesis ${summary.schemathesis}, seed ${summary.seed}, at most ${summary.maxExamples} examples per operation and phase, checks ${summary.checks.map((c) => `\`${c}\``).join(', ')}.`,
    `Callers: ${summary.roles.map((r) => `**${r.name}** = \`${r.role}\` of \`${r.jurisdiction}\``).join(', ')}. Wall time ${(summary.durationMs / 1000).toFixed(0)} s.`,
    `In the examples, \`$TOKEN_CADRE\` / \`$TOKEN_APPROVER\` stand for the callers' bearer tokens (mint them with \`npm run -s token -- --role … --jurisdiction …\`).`,
    '',
    '```',
    formatSummary(summary, { maxPerService: 0 }),
    '```',
  ];
  for (const s of summary.services) {
    out.push('', `## ${s.name}`, '');
    out.push(
      `${s.documentedOperations} documented operations, ${s.operations} tested, ${s.requests} requests (${s.runs.map((r) => `${r.role}: ${r.requests} in ${(r.durationMs / 1000).toFixed(1)} s`).join(', ') || 'none'}), ${s.failingRequests ?? 0} failing, ${s.failures.length} distinct failures.`,
    );
    for (const r of s.runs) {
      for (const [name, value] of Object.entries(r.warnings))
        out.push(
          `- Schemathesis warning (${r.role}) \`${name}\`: ${Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ') : JSON.stringify(value)}`,
        );
    }
    for (const e of s.errors) out.push('', '**Error**', '', '```', e, '```');
    if (!s.failures.length) continue;
    out.push('', '| check | operation | status | error code | count | roles |', '|---|---|---|---|---|---|');
    for (const f of s.failures)
      out.push(
        `| ${f.check} | \`${f.operation}\` | ${f.status ?? '—'} | ${f.errorCode ? `\`${f.errorCode}\`` : '—'} | ${f.count} | ${f.roles.join(', ')} |`,
      );
    out.push('', '### Examples', '');
    for (const f of s.failures) {
      const ex = f.example;
      out.push(
        `**${f.check} — \`${f.operation}\` → ${f.status ?? 'no response'}${f.errorCode ? ` \`${f.errorCode}\`` : ''}** (${f.title}${f.message ? `: ${f.message.split('\n').join('; ')}` : ''}; ${ex.role}, ${ex.phase} phase${ex.requestId ? `, X-Request-Id ${ex.requestId}` : ''})`,
      );
      out.push('', '```sh', ex.curl ?? '(no request recorded)', '```');
      if (ex.responseBody) out.push('', `Response: \`${ex.responseBody.replace(/`/g, "'").slice(0, 400)}\``);
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

async function main() {
  let options;
  try {
    options = resolveOptions();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  if (options.help) {
    const text = fs.readFileSync(new URL(import.meta.url), 'utf8').split('\n');
    process.stdout.write(
      `${text
        .slice(
          0,
          text.findIndex((l) => !l.startsWith('//')),
        )
        .map((l) => l.replace(/^\/\/ ?/, ''))
        .join('\n')}\n`,
    );
    return 0;
  }
  let summary;
  try {
    summary = await fuzz(options);
  } catch (e) {
    process.stderr.write(`✗ fuzzing could not run: ${e.stack ?? e.message}\n`);
    return 2;
  }
  process.stdout.write(`\n${formatSummary(summary)}\n`);
  if (options.jsonFile) fs.writeFileSync(options.jsonFile, JSON.stringify(summary, null, 2));
  if (options.findingsFile) fs.writeFileSync(options.findingsFile, formatFindings(summary));
  return summary.ok ? 0 : 1;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then((code) => {
    process.exitCode = code;
  });
}
