// What the browser tests run against: the five services and the orchestration worker from dist/ (as `npm start`
// and the end-to-end tests' tests/support/platform.ts start them) and the console server (tools/console/serve.mjs,
// dev sign-in), all as real processes on the running test stack's ports. Their logs are kept under
// artifacts/console-browser-logs/ for the reader of a failure.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { SERVICES } from '@fupin/api-client/documents';
import { requireEnv, sleep } from './env';

export const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
export const artifactsDir = path.join(repoRoot, 'artifacts');
// not inside Playwright's outputDir (console-browser-results), which Playwright empties while the setup runs
const logDir = path.join(artifactsDir, 'console-browser-logs');
const READY_TIMEOUT_MS = 90_000;

const envPrefix = (service: string) =>
  service
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase();

interface Proc {
  name: string;
  child: ChildProcess;
  logFile: string;
  health: string;
}

export interface RunningStack {
  stop(): Promise<void>;
}

function spawnNode(name: string, args: string[], env: NodeJS.ProcessEnv, health: string): Proc {
  const logFile = path.join(logDir, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  return { name, child, logFile, health };
}

function distEntry(app: string): string {
  const file = path.join(repoRoot, 'dist', 'apps', app, 'src', 'main.js');
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: build first (node tools/build.mjs)`);
  return file;
}

const portTaken = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(5000) })).status;
  } catch {
    return 0;
  }
}

const tail = (file: string) =>
  fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n').slice(-40).join('\n') : '(no log)';

/** Ready when its health check answers 200; a process that exits is named at once, with the end of its log. */
async function waitReady(p: Proc): Promise<void> {
  const failed = (why: string) =>
    new Error(`${p.name} did not become ready: ${why}\n--- ${p.logFile} ---\n${tail(p.logFile)}`);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (p.child.exitCode !== null || p.child.signalCode !== null)
      throw failed(`exited (${p.child.exitCode ?? p.child.signalCode})`);
    if ((await status(p.health)) === 200) return;
    await sleep(250);
  }
  throw failed(`no 200 from ${p.health} within ${READY_TIMEOUT_MS / 1000} s`);
}

async function stopAll(procs: Proc[]): Promise<void> {
  await Promise.all(
    procs.map(
      ({ child }) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
}

/** The ports this run needs must be free: another run of the e2e or browser tests would answer in its place. */
async function assertPortsFree(ports: number[]): Promise<void> {
  const taken = [];
  for (const port of ports) if (await portTaken(port)) taken.push(port);
  if (taken.length)
    throw new Error(
      `ports ${taken.join(', ')} are in use: another run of the services (npm start, e2e tests?) is on the test stack's ports`,
    );
}

/** Where the console sends operators for a run (the link is checked, not followed). */
export const TEMPORAL_UI = process.env.TEMPORAL_UI_URL || 'http://127.0.0.1:18233';

/** Start the services, the orchestrator and the console server on `consolePort`; resolves when all are ready. */
export async function startStack(consolePort: number): Promise<RunningStack> {
  requireEnv('DATABASE_ADMIN_URL'); // the test stack's environment: source .stack/test/env.sh
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'apps', 'console', 'index.html')))
    throw new Error('the console is not built: node tools/build.mjs');
  fs.mkdirSync(logDir, { recursive: true });
  const base: NodeJS.ProcessEnv = {
    ...process.env,
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_INTERVAL: '200ms',
    RESPONSE_CONTRACT_CHECK: 'true',
  };
  const orchestratorPort = requireEnv('ORCHESTRATOR_PORT');
  const servicePorts = SERVICES.map((s) => Number(requireEnv(`${envPrefix(s)}_PORT`)));
  await assertPortsFree([...servicePorts, Number(orchestratorPort), consolePort]);
  const procs: Proc[] = [];
  try {
    SERVICES.forEach((service, i) =>
      procs.push(
        spawnNode(
          service,
          ['--enable-source-maps', distEntry(service)],
          base,
          `http://127.0.0.1:${servicePorts[i]}/health/ready`,
        ),
      ),
    );
    procs.push(
      spawnNode(
        'orchestrator',
        ['--enable-source-maps', distEntry('orchestrator')],
        base,
        `http://127.0.0.1:${orchestratorPort}/health/live`,
      ),
    );
    procs.push(
      spawnNode(
        'console',
        [path.join(repoRoot, 'tools', 'console', 'serve.mjs')],
        { ...base, CONSOLE_PORT: String(consolePort), CONSOLE_SIGN_IN: 'dev', TEMPORAL_UI_URL: TEMPORAL_UI },
        `http://127.0.0.1:${consolePort}/console-config.json`,
      ),
    );
    for (const p of procs) await waitReady(p);
  } catch (e) {
    await stopAll(procs);
    throw e;
  }
  return { stop: () => stopAll(procs) };
}
