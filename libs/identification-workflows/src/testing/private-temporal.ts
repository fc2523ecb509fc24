/* eslint-disable no-restricted-imports, @nx/enforce-module-boundaries -- test support: a Temporal server and workers */
// A private Temporal dev server (the stack's Temporal CLI, in-memory) with the identification workflows bundled from
// source on a worker, and mocked activities on the task queues the workflows use: those names are fixed in the
// workflow code and shared with every service on the test stack, so a test that mocks them needs a server of its
// own. Real Temporal (updates, validators, timers, history), nothing of Temporal mocked; no time-skipping.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { workflowBundlerOptions } from '@fupin/workflow-runtime';
import { isWorkflowRefusal, readRefusal, type WorkflowRefusal } from '@fupin/workflows';

export { WorkflowUpdateStage, type WorkflowHandle } from '@temporalio/client';

const CLI_VERSION = 'v1.5.1'; // tools/stack/layout.mjs

export function temporalCli(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  const bin = path.join(cache, 'fupin-platform', `temporal-cli-${CLI_VERSION}`, 'temporal');
  if (!fs.existsSync(bin)) throw new Error(`Temporal CLI not found at ${bin}: run \`npm run stack\` once to fetch it`);
  return bin;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Deferred<T = void> {
  promise: Promise<T>;
  resolve(value: T): void;
}
export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export interface PrivateTemporal {
  client: Client;
  /** The task queue the workflows run on. */
  taskQueue: string;
  /** host:port of the server, for a service under test to use as its TEMPORAL_ADDRESS. */
  address: string;
  stop(): Promise<void>;
}

/**
 * Start a dev server on a free port, a workflow worker running `workflowsPath` (bundled from source) and one
 * activity worker per entry of `activities` (task queue → functions). The workflows run on a queue of the test's own
 * unless `workflowTaskQueue` names one (e.g. the orchestration queue a service under test starts them on).
 */
export async function startPrivateTemporal(
  workflowsPath: string,
  activities: Record<string, object>,
  workflowTaskQueue?: string,
): Promise<PrivateTemporal> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already in this process
  }
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const server: ChildProcess = spawn(
    temporalCli(),
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port), '--log-level', 'error'],
    { stdio: 'ignore' },
  );
  const stopServer = async () => {
    if (server.exitCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    const timeout = setTimeout(() => server.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timeout);
  };
  try {
    const [connection, native, bundle] = await Promise.all([
      connectWithRetry(() => Connection.connect({ address, connectTimeout: 2000 })),
      connectWithRetry(() => NativeConnection.connect({ address })),
      bundleWorkflowCode({ workflowsPath, ...workflowBundlerOptions(), logger: new DefaultLogger('WARN') }),
    ]);
    const client = new Client({ connection, namespace: 'default' });
    await connectWithRetry(() =>
      client.connection.workflowService.describeNamespace({ namespace: 'default' }).then(() => client),
    );
    const taskQueue = workflowTaskQueue ?? `kernel-test-${port}`;
    const workers = await Promise.all([
      Worker.create({ connection: native, namespace: 'default', taskQueue, workflowBundle: bundle }),
      ...Object.entries(activities).map(([queue, fns]) =>
        Worker.create({ connection: native, namespace: 'default', taskQueue: queue, activities: fns }),
      ),
    ]);
    const running = workers.map((w) => w.run());
    return {
      client,
      taskQueue,
      address,
      async stop() {
        for (const w of workers) if (w.getState() === 'RUNNING') w.shutdown();
        await Promise.allSettled(running);
        await native.close();
        await connection.close();
        await stopServer();
      },
    };
  } catch (e) {
    await stopServer();
    throw e;
  }
}

async function connectWithRetry<T>(connect: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await connect();
    } catch (e) {
      if (attempt >= 60) throw e;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** The typed refusal an update was rejected or failed with; throws when it succeeded or failed otherwise. */
export async function refusalOf(update: Promise<unknown>): Promise<WorkflowRefusal> {
  const error = await update.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(error instanceof WorkflowUpdateFailedError)) throw new Error(`expected a refused update, got ${String(error)}`);
  const cause = error.cause as { details?: unknown[] } | undefined;
  if (!isWorkflowRefusal(cause?.details?.[0])) throw new Error(`untyped refusal (no details[0]): ${cause?.toString()}`);
  return readRefusal(cause);
}

/** The workflow's history as the recorded histories keep it (JSON, as `temporal workflow show -o json`). */
export async function historyOf(handle: WorkflowHandle): Promise<object> {
  return JSON.parse(historyToJSON(await handle.fetchHistory())) as object;
}

/** Write the history next to the recorded ones (…/histories/<name>.json) when RECORD_HISTORIES=1. */
export function recordHistory(history: object, folder: string, name: string): void {
  if (process.env.RECORD_HISTORIES !== '1') return;
  fs.writeFileSync(path.join(folder, 'histories', `${name}.json`), `${JSON.stringify(history, null, 2)}\n`);
}
