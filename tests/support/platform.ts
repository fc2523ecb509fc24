// Starts the built services (dist/) and the orchestration worker as real processes against the
// running test stack, exactly as `npm start` does, and stops them afterwards.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eventually, requireEnv } from '@fupin/testing';
import { SERVICES } from '@fupin/api-client/documents';

const root = path.resolve(__dirname, '..', '..');

// the services as the typed client knows them: one list
export { SERVICES } from '@fupin/api-client/documents';
export type ServiceName = (typeof SERVICES)[number];

const envPrefix = (name: string) =>
  name
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase();

/** Where a service listens on the test stack (its <SERVICE>_PORT): where startPlatform starts it. */
export const serviceUrl = (service: ServiceName) => `http://127.0.0.1:${requireEnv(`${envPrefix(service)}_PORT`)}`;

export interface RunningPlatform {
  url(service: ServiceName): string;
  /** The service's Prometheus endpoint, on its own port. */
  metricsUrl(service: ServiceName): string;
  logOf(name: string): string;
  /** Kill one process (SIGKILL: a crash, nothing drained) and start it again; resolves when it is ready. */
  restart(name: ServiceName | 'orchestrator'): Promise<void>;
  stop(): Promise<void>;
}

interface Proc {
  name: string;
  child: ChildProcess;
  log: string[];
}

function spawnNode(name: string, entry: string, env: NodeJS.ProcessEnv): Proc {
  const file = path.join(root, entry);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run the build first (npm test does)`);
  const child = spawn(process.execPath, ['--enable-source-maps', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const keep = (chunk: Buffer) => {
    log.push(chunk.toString());
    if (log.length > 400) log.splice(0, log.length - 400);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { name, child, log };
}

async function httpStatus(url: string): Promise<number> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 0;
  }
}

/** Start all five services and the orchestrator; resolves when every /health/ready answers 200. */
export async function startPlatform(overrides: Record<string, string> = {}): Promise<RunningPlatform> {
  const base = {
    ...process.env,
    LOG_LEVEL: 'warn',
    OUTBOX_POLL_INTERVAL: '200ms',
    RESPONSE_CONTRACT_CHECK: 'true',
    ...overrides,
  };
  const procs: Proc[] = [];
  const urls = new Map<ServiceName, string>();
  let healthOf = new Map<string, string>();
  const entries = new Map<string, [string, NodeJS.ProcessEnv]>();
  try {
    for (const name of SERVICES) {
      urls.set(name, serviceUrl(name));
      entries.set(name, [`dist/apps/${name}/src/main.js`, base]);
      procs.push(spawnNode(name, `dist/apps/${name}/src/main.js`, base));
    }
    const orchestratorPort = requireEnv('ORCHESTRATOR_PORT');
    entries.set('orchestrator', [
      'dist/apps/orchestrator/src/main.js',
      { ...base, ORCHESTRATOR_PORT: orchestratorPort },
    ]);
    procs.push(
      spawnNode('orchestrator', 'dist/apps/orchestrator/src/main.js', { ...base, ORCHESTRATOR_PORT: orchestratorPort }),
    );
    const checks: [Proc, string][] = procs.map((p) => [
      p,
      p.name === 'orchestrator'
        ? `http://127.0.0.1:${orchestratorPort}/health/live`
        : `${urls.get(p.name as ServiceName)}/health/ready`,
    ]);
    for (const [p, health] of checks) await waitReady(p, health);
    healthOf = new Map(checks.map(([p, health]) => [p.name, health]));
  } catch (e) {
    await stopAll(procs);
    throw e;
  }
  return {
    url: (service) => urls.get(service)!,
    metricsUrl: (service) => `http://127.0.0.1:${requireEnv(`${envPrefix(service)}_METRICS_PORT`)}/metrics`,
    logOf: (name) => procs.find((p) => p.name === name)?.log.join('') ?? '',
    async restart(name) {
      const i = procs.findIndex((p) => p.name === name);
      const old = procs[i];
      await new Promise<void>((resolve) => {
        if (old.child.exitCode !== null) return resolve();
        old.child.once('exit', () => resolve());
        old.child.kill('SIGKILL');
      });
      const [entry, env] = entries.get(name)!;
      procs[i] = spawnNode(name, entry, env);
      await waitReady(procs[i], healthOf.get(name)!);
    },
    stop: () => stopAll(procs),
  };
}

async function waitReady(p: Proc, health: string): Promise<void> {
  await eventually(
    async () => {
      if (p.child.exitCode !== null)
        throw new Error(`${p.name} exited with ${p.child.exitCode}:\n${p.log.join('').slice(-3000)}`);
      return (await httpStatus(health)) === 200;
    },
    90_000,
    250,
  ).catch((e: Error) => {
    throw new Error(`${p.name} did not become ready: ${e.message}\n${p.log.join('').slice(-3000)}`);
  });
}

async function stopAll(procs: Proc[]): Promise<void> {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
          const kill = setTimeout(() => p.child.kill('SIGKILL'), 20_000);
          p.child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          p.child.kill('SIGTERM');
        }),
    ),
  );
}

// `call` sends a raw request: only for what the OpenAPI documents do not have (/me, /audit, health, /docs-json,
// /metrics) or forbid (bodies, headers the schema refuses); every other request goes through clientFor (clients.ts)
export { call, testToken as token, type Reply } from '@fupin/testing';
