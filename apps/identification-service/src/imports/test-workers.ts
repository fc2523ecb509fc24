// Test support (not used by the service): a test's own import-job workers on the test stack's Temporal. Tests start
// the service without its worker (RUN_WORKER=false) and run the workflow (bundled from source) and the activities
// (on the test's database) here, on task queues of their own: other tests share that Temporal and its queues.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { RunningService } from '@fupin/service-kit';
import { workflowBundlerOptions } from '@fupin/workflow-runtime';
import type { IdentificationConfig } from '../config';
import { type ImportJobOptions, importJobActivities } from './import-job.activities';
import { ImportJobQueues } from './job-submit';
import { importJobWorkflow, importJobWorkflowId } from '@fupin/identification-workflows';

const WORKFLOWS = path.resolve(__dirname, '../../../../libs/identification-workflows/src/import-job/workflow.ts');

export interface TestWorker {
  /** Stop polling; activities still running are cancelled after `shutdownGraceMs` (default at once). */
  stop(): Promise<void>;
}

export interface ActivityWorkerOptions extends ImportJobOptions {
  /** How long `stop` lets running activities go on before cancelling them (ms; default 0). */
  shutdownGraceMs?: number;
}

export interface ImportJobWorkers {
  queues: { workflow: string; activity: string };
  /** The activity worker started with the workers (null when asked for none). */
  activities: TestWorker | null;
  /** Another activity worker on the test's activity queue (e.g. after the first was stopped). */
  startActivityWorker(options?: ActivityWorkerOptions): Promise<TestWorker>;
  stop(): Promise<void>;
}

/** Point the service's import jobs at queues of this test and serve them: the workflow and (unless asked not) the activities. */
export async function startImportJobWorkers(
  service: RunningService<IdentificationConfig>,
  options: { activities?: boolean } = {},
): Promise<ImportJobWorkers> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already in this process
  }
  const run = randomUUID().slice(0, 8);
  const queues = service.app.get(ImportJobQueues);
  queues.workflow = `import-job-test-workflows-${run}`;
  queues.activity = `import-job-test-activities-${run}`;
  const connection = await NativeConnection.connect({ address: service.runtime.config.temporal.address });
  const namespace = service.runtime.config.temporal.namespace;
  const workers: TestWorker[] = [];
  const start = async (worker: Worker): Promise<TestWorker> => {
    const running = worker.run();
    const handle = {
      async stop() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running.catch(() => undefined);
      },
    };
    workers.push(handle);
    return handle;
  };
  const startActivityWorker = async ({ shutdownGraceMs, ...batches }: ActivityWorkerOptions = {}) =>
    start(
      await Worker.create({
        connection,
        namespace,
        taskQueue: queues.activity,
        activities: importJobActivities(service.runtime, batches),
        shutdownGraceTime: shutdownGraceMs ?? 0,
      }),
    );
  await start(
    await Worker.create({
      connection,
      namespace,
      taskQueue: queues.workflow,
      workflowsPath: WORKFLOWS,
      bundlerOptions: workflowBundlerOptions(),
    }),
  );
  const activities = options.activities === false ? null : await startActivityWorker();
  if (activities) await warmUp(service, queues);
  return {
    queues: { workflow: queues.workflow, activity: queues.activity },
    activities,
    startActivityWorker,
    async stop() {
      for (const w of workers.splice(0)) await w.stop();
      await connection.close();
    },
  };
}

/**
 * One workflow run for a job that does not exist (refused, then marked interrupted: nothing written), so that the
 * worker's first workflow task — loading the bundle into its V8 context, tens of MB — happens before the test
 * measures anything, as in a long-running orchestrator.
 */
async function warmUp(service: RunningService<IdentificationConfig>, queues: ImportJobQueues): Promise<void> {
  const jobId = randomUUID();
  const handle = await service.runtime.temporal.workflow.start(importJobWorkflow, {
    taskQueue: queues.workflow,
    workflowId: importJobWorkflowId(jobId),
    args: [{ jobId, activityTaskQueue: queues.activity }],
  });
  await handle.result();
}
