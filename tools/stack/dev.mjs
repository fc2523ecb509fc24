// `npm start`: provision → build → start PostgreSQL, Kafka, Temporal (with UI) and the dev token issuer
// → migrate → start the five services and the orchestration worker → serve the operator console (apps/console,
// http://127.0.0.1:4200, CONSOLE_PORT to change; shifted by STACK_PORT_OFFSET) → print every URL. Ctrl-C stops all.
//   --no-build   run dist/ as it is (tools/stack/first-start.mjs does, after `npm test` has built it); the console is
//                built only if it is missing or older than its sources
// When something does not come up, it names it, prints the end of its log and where every log is; the
// logs stay in .stack/<profile>/ after everything is stopped.
import path from 'node:path';
import { repoRoot, services, stackLayout } from './layout.mjs';
import { stackDown, stackUp } from './up.mjs';
import { sleep, startProcess, step, tail } from './proc.mjs';
import { build } from '../build.mjs';
import { buildConsole } from '../console/build.mjs';
import { consolePort, consoleTargets, startConsoleServer } from '../console/serve.mjs';

const READY_TIMEOUT_MS = 120_000;
const noBuild = process.argv.includes('--no-build');
const rel = (file) => path.relative(process.cwd(), file) || file;

/** Every log of the stack, for the reader of a failure: they are kept, whatever happened. */
function logIndex(layout) {
  const files = [
    ...services.map((s) => [s.name, path.join(layout.logDir, `${s.name}.log`)]),
    ['orchestrator', path.join(layout.logDir, 'orchestrator.log')],
    ['dev-issuer', path.join(layout.logDir, 'dev-issuer.log')],
    ['postgres', layout.pgLog],
    ['kafka', layout.kafkaLog],
    ['temporal', layout.temporalLog],
  ];
  return `  logs (kept in ${rel(layout.dir)}/):\n${files.map(([name, file]) => `    ${name.padEnd(24)} ${rel(file)}`).join('\n')}`;
}

function howItEnded(entry) {
  return entry.signal ? `was killed by ${entry.signal}` : `exited with code ${entry.exitCode}`;
}

class ServiceFailure extends Error {}

function failureReport(procs, what) {
  return procs
    .map(
      (p) =>
        `${p.name} ${what(p)}\n--- last lines of ${rel(p.entry.logFile)} ---\n${tail(p.entry.logFile, 40)}\n--- end of ${p.name} log ---`,
    )
    .join('\n\n');
}

/** /health/ready (or /health/live) answers 200; otherwise what it said, for the report. */
async function probe(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    return { ok: res.status === 200, said: `${res.status} ${(await res.text()).slice(0, 400)}` };
  } catch (e) {
    return { ok: false, said: `no answer (${e.cause?.code ?? e.message})` };
  }
}

/** Wait for every process at once; the first one to exit is named at once, with its log. */
async function waitForAll(procs) {
  const started = Date.now();
  const pending = new Set(procs);
  while (pending.size > 0) {
    const dead = procs.filter((p) => p.entry.exited);
    if (dead.length)
      throw new ServiceFailure(failureReport(dead, (p) => `${howItEnded(p.entry)} while the platform was starting`));
    await Promise.all(
      [...pending].map(async (p) => {
        const r = await probe(p.health);
        p.said = r.said;
        if (r.ok && !p.entry.exited) {
          pending.delete(p);
          process.stdout.write(`  ✓ ${p.name} ready (${((Date.now() - started) / 1000).toFixed(1)}s)\n`);
        }
      }),
    );
    if (pending.size > 0 && Date.now() - started > READY_TIMEOUT_MS) {
      throw new ServiceFailure(
        failureReport([...pending], (p) => `not ready after ${READY_TIMEOUT_MS / 1000}s; ${p.health} said: ${p.said}`),
      );
    }
    if (pending.size > 0) await sleep(500);
  }
  return `${procs.length} processes`;
}

let layout = null;
let consoleServer = null;
let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('\nstopping everything…');
  await consoleServer?.close();
  await stackDown();
  if (layout) console.log(`  logs kept in ${rel(layout.logDir)}/`);
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  layout = stackLayout('dev');
  if (!noBuild) await build();
  else buildConsole();
  const up = await stackUp('dev', { ui: true });
  layout = up.layout;
  const { env } = up;
  const urls = [];
  const procs = [];
  services.forEach((svc, i) => {
    const port = layout.ports.serviceBase + i;
    procs.push({
      name: svc.name,
      health: `http://127.0.0.1:${port}/health/ready`,
      entry: startProcess({
        name: svc.name,
        command: process.execPath,
        args: ['--enable-source-maps', path.join(repoRoot, 'dist/apps', svc.name, 'src/main.js')],
        env,
        logFile: path.join(layout.logDir, `${svc.name}.log`),
        pidDir: layout.pidDir,
      }),
    });
    urls.push([svc.name, `http://127.0.0.1:${port}`, `http://127.0.0.1:${port}/docs`]);
  });
  procs.push({
    name: 'orchestrator',
    health: `http://127.0.0.1:${layout.ports.orchestrator}/health/live`,
    entry: startProcess({
      name: 'orchestrator',
      command: process.execPath,
      args: ['--enable-source-maps', path.join(repoRoot, 'dist/apps/orchestrator/src/main.js')],
      env: { ...env, ORCHESTRATOR_PORT: String(layout.ports.orchestrator) },
      logFile: path.join(layout.logDir, 'orchestrator.log'),
      pidDir: layout.pidDir,
    }),
  });
  await step('services and orchestrator ready', () => waitForAll(procs));
  // the operator console: its static files, /api/<service>/… to the services and /auth/… to the dev issuer
  const port = consolePort(process.env, 4200 + Number(process.env.STACK_PORT_OFFSET ?? 0));
  await step('console (operator UI)', async () => {
    const { services: apiTargets, issuer } = consoleTargets(env);
    try {
      consoleServer = await startConsoleServer({
        port,
        services: apiTargets,
        issuer,
        signIn: 'dev',
        temporalUi: { url: `http://127.0.0.1:${layout.ports.temporalUi}`, namespace: 'default' },
      });
    } catch (e) {
      throw new Error(
        `the console cannot listen on port ${port} (${e.code ?? e.message}); CONSOLE_PORT=<port> picks another`,
      );
    }
    return consoleServer.url;
  });
  // one that stops later is named too; the others keep running
  for (const p of procs) {
    p.entry.child.once('exit', () => {
      if (shuttingDown) return;
      console.error(
        `\n✗ ${failureReport([p], (x) => howItEnded(x.entry))}\n  the rest keeps running; Ctrl-C stops everything.\n`,
      );
    });
  }
  const pad = (s, n) => s.padEnd(n);
  console.log('\n  精准扶贫 platform is up (local stack, profile dev)\n');
  console.log(`  ${pad('console', 24)} ${consoleServer.url}   (sign in as a dev user; public notices at /notices)`);
  for (const [name, api, docs] of urls) console.log(`  ${pad(name, 24)} ${pad(api, 24)} docs ${docs}`);
  console.log(`  ${pad('orchestrator', 24)} http://127.0.0.1:${layout.ports.orchestrator}/health/live`);
  console.log(`  ${pad('Temporal UI', 24)} http://127.0.0.1:${layout.ports.temporalUi}`);
  console.log(`  ${pad('Temporal frontend', 24)} ${env.TEMPORAL_ADDRESS}`);
  console.log(`  ${pad('Kafka', 24)} ${env.KAFKA_BROKERS}`);
  console.log(`  ${pad('PostgreSQL', 24)} postgresql://postgres@127.0.0.1:${layout.ports.pg}/<fupin_identification|…>`);
  console.log(`  ${pad('token issuer (dev)', 24)} ${env.AUTH_ISSUER}/.well-known/openid-configuration`);
  console.log(
    `\n  mint a token:  AUTH_DEV_KEY_FILE=${env.AUTH_DEV_KEY_FILE} AUTH_ISSUER=${env.AUTH_ISSUER} npm run token -- --role village_cadre --jurisdiction 430523101201`,
  );
  console.log(`  logs:          ${layout.logDir}/`);
  console.log('\n  Ctrl-C stops everything.\n');
  await new Promise(() => {}); // run until a signal
} catch (e) {
  console.error(`\n✗ ${e instanceof ServiceFailure ? '' : 'the platform did not start: '}${e.message}\n`);
  if (layout) console.error(logIndex(layout));
  await shutdown(1);
}
