import { NativeConnection, Worker, Runtime, makeTelemetryFilterString, type WorkerOptions } from '@temporalio/worker';
import type { TemporalSettings } from './connection';
import { workflowBundlerOptions } from './bundle';

let runtimeInstalled = false;
/** Keep the Rust core's own logging quiet; our services log JSON themselves. */
function installRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }) } } });
  } catch {
    // already installed by another worker in this process
  }
}

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped (after drain). */
  done: Promise<void>;
  /** Stop polling, let in-flight tasks finish, close the connection. */
  shutdown(): Promise<void>;
}

async function startWorker(
  settings: TemporalSettings,
  options: Omit<WorkerOptions, 'connection' | 'namespace'>,
): Promise<RunningWorker> {
  installRuntime();
  const connection = await NativeConnection.connect({ address: settings.address });
  const worker = await Worker.create({
    connection,
    namespace: settings.namespace,
    shutdownGraceTime: '10s',
    ...options,
  });
  const done = worker.run().finally(() => connection.close());
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}

/** Each service runs one of these for its own activities on its own task queue. */
export function startActivityWorker(
  settings: TemporalSettings,
  taskQueue: string,
  activities: object,
): Promise<RunningWorker> {
  return startWorker(settings, { taskQueue, activities });
}

/**
 * The orchestration worker runs workflow code only. In production it loads the bundle built ahead
 * of time (`workflowBundlePath`); in tests it bundles from source.
 */
export function startWorkflowWorker(
  settings: TemporalSettings,
  taskQueue: string,
  source: { workflowBundlePath: string } | { workflowsPath: string },
): Promise<RunningWorker> {
  return 'workflowBundlePath' in source
    ? startWorker(settings, { taskQueue, workflowBundle: { codePath: source.workflowBundlePath } })
    : startWorker(settings, {
        taskQueue,
        workflowsPath: source.workflowsPath,
        bundlerOptions: workflowBundlerOptions(),
      });
}
