// CI check: the first `npm start` on a new machine. Runs `npm start`'s own script (dev.mjs, profile dev)
// on an empty data directory, .stack/first-start (removed first), on ports shifted so it never meets the
// dev or test stacks; waits for "platform is up", checks every service's /health/ready and the
// orchestrator's /health/live, stops it all with SIGINT (Ctrl-C) and checks that everything stopped,
// gracefully. `npm test` runs it after the unit tests; on its own, after `npm run build`:
//   node tools/stack/first-start.mjs
// Environment: FIRST_START_PORT_OFFSET (default STACK_PORT_OFFSET + 500), FIRST_START_TIMEOUT (seconds
// until "platform is up", default 240). Whatever happens, nothing it started is left running; on failure
// its logs stay in .stack/first-start/.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { repoRoot, services, stackLayout } from './layout.mjs';
import { alive, killStale, portOpen, sleep, tail } from './proc.mjs';

const began = Date.now();
const secs = (from = began) => `${((Date.now() - from) / 1000).toFixed(1)}s`;
const name = process.env.STACK_NAME ? `${process.env.STACK_NAME}-first-start` : 'first-start';
const offset = process.env.FIRST_START_PORT_OFFSET ?? String(Number(process.env.STACK_PORT_OFFSET ?? 0) + 500);
const upTimeoutMs = Number(process.env.FIRST_START_TIMEOUT ?? 240) * 1000;
const childEnv = { ...process.env, STACK_NAME: name, STACK_PORT_OFFSET: offset };
process.env.STACK_NAME = name;
process.env.STACK_PORT_OFFSET = offset;
const layout = stackLayout('dev');
const { ports } = layout;
const rel = (f) => path.relative(repoRoot, f);

let dev = null; // the `npm start` process
let devExit = null; // { code, signal } once it has exited
let output = '';
const seenPids = new Map(); // process name → pid, from its pid file while the stack runs

function recordPids() {
  if (!fs.existsSync(layout.pidDir)) return;
  for (const f of fs.readdirSync(layout.pidDir)) {
    const pid = Number(fs.readFileSync(path.join(layout.pidDir, f), 'utf8'));
    if (pid) seenPids.set(f.replace(/\.pid$/, ''), pid);
  }
}

async function waitFor(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    if (devExit) throw new Error(`npm start exited (${devExit.signal ?? `code ${devExit.code}`}) before ${what}`);
    await sleep(250);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000}s`);
}

/** Whatever is still running of this check's stack goes, however the check ends (once, also on a signal). */
let cleaning = null;
function cleanUp() {
  cleaning ??= killEverything();
  return cleaning;
}

async function killEverything() {
  if (dev && !devExit) {
    try {
      process.kill(-dev.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  recordPids();
  await killStale(layout.pidDir); // every server and service recorded in .stack/first-start/pids
  for (const [proc, pid] of seenPids) {
    if (alive(pid)) {
      console.error(`  killing leftover ${proc} (pid ${pid})`);
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  }
}

async function check() {
  console.log(
    `first start of the dev profile: empty ${rel(layout.dir)}/, ports +${offset} (services ${ports.serviceBase}…, Kafka ${ports.kafka}, PostgreSQL ${ports.pg}, Temporal ${ports.temporal})`,
  );
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'apps')))
    throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
  await killStale(layout.pidDir); // a check killed halfway last time
  fs.rmSync(layout.dir, { recursive: true, force: true });
  const busy = [];
  for (const [what, port] of Object.entries(ports)) if (await portOpen(port)) busy.push(`${what} ${port}`);
  if (busy.length)
    throw new Error(`ports already in use: ${busy.join(', ')} — set FIRST_START_PORT_OFFSET to another shift`);

  const started = Date.now();
  dev = spawn(process.execPath, [path.join(repoRoot, 'tools', 'stack', 'dev.mjs'), '--no-build'], {
    cwd: repoRoot,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  dev.on('exit', (code, signal) => (devExit = { code, signal }));
  // npm start's own output, indented, line by line
  const echo = () => {
    let partial = '';
    return (chunk) => {
      const text = chunk.toString();
      output += text;
      const lines = (partial + text).split('\n');
      partial = lines.pop();
      for (const line of lines) process.stdout.write(`  │ ${line}\n`);
    };
  };
  dev.stdout.on('data', echo());
  dev.stderr.on('data', echo());

  await waitFor(async () => output.includes('platform is up'), upTimeoutMs, '"platform is up"');
  const upAfter = secs(started);
  recordPids();

  const notReady = [];
  for (const [i, svc] of services.entries()) {
    const url = `http://127.0.0.1:${ports.serviceBase + i}/health/ready`;
    const res = await fetch(url).catch((e) => ({
      status: `no answer (${e.cause?.code ?? e.message})`,
      text: async () => '',
    }));
    const body = await res.text();
    if (res.status !== 200 || JSON.parse(body || '{}').status !== 'up')
      notReady.push(`${svc.name}: ${res.status} ${body}`);
  }
  const live = await fetch(`http://127.0.0.1:${ports.orchestrator}/health/live`).then(
    (r) => r.status,
    () => 'no answer',
  );
  if (live !== 200) notReady.push(`orchestrator /health/live: ${live}`);
  if (notReady.length) throw new Error(`not ready after "platform is up":\n  ${notReady.join('\n  ')}`);
  console.log(`  ✓ every service ready (/health/ready 200) and the orchestrator live, ${upAfter} after npm start`);

  const stopping = Date.now();
  process.kill(dev.pid, 'SIGINT'); // Ctrl-C
  await waitFor(async () => devExit !== null, 90_000, 'npm start to stop after Ctrl-C');
  if (devExit.code !== 0)
    throw new Error(`npm start exited with ${devExit.signal ?? `code ${devExit.code}`} after Ctrl-C (expected 0)`);
  const left = [...seenPids].filter(([, pid]) => alive(pid)).map(([proc, pid]) => `${proc} (pid ${pid})`);
  if (left.length) throw new Error(`still running after npm start stopped: ${left.join(', ')}`);
  const pidFiles = fs.existsSync(layout.pidDir) ? fs.readdirSync(layout.pidDir) : [];
  if (pidFiles.length) throw new Error(`pid files left in ${rel(layout.pidDir)}: ${pidFiles.join(', ')}`);
  // each service drained its runtime (not killed at the end of the stop timeout)
  const ungraceful = services
    .filter((s) => !tail(path.join(layout.logDir, `${s.name}.log`), 200).includes('"runtime stopped"'))
    .map((s) => s.name);
  if (ungraceful.length)
    throw new Error(`did not stop gracefully (no "runtime stopped" in the log): ${ungraceful.join(', ')}`);
  console.log(`  ✓ Ctrl-C stopped all ${seenPids.size} processes gracefully in ${secs(stopping)}`);
  return upAfter;
}

let failed = false;
let interrupted = false;
const onSignal = async (signal) => {
  interrupted = true;
  console.error(`\n${signal}: stopping the first-start check…`);
  await cleanUp();
  console.error(`  its logs are kept in ${rel(layout.dir)}/`);
  process.exit(1);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);
try {
  const upAfter = await check();
  console.log(`✓ first start from an empty ${rel(layout.dir)}/: up in ${upAfter}, whole check ${secs()}`);
} catch (e) {
  failed = true;
  if (!interrupted) console.error(`\n✗ first start failed: ${e.message}`);
} finally {
  await cleanUp();
}
if (failed) {
  console.error(
    `  its logs are kept in ${rel(layout.dir)}/ (logs/, kafka/kafka.log, postgres/postgres.log, temporal/temporal.log)`,
  );
  process.exit(1);
}
fs.rmSync(layout.dir, { recursive: true, force: true });
process.exit(0);
