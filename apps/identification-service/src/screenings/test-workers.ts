// Test support (not used by the service): a test's own screening workers on the test stack's Temporal. Tests start the
// service without its worker (RUN_WORKER=false) and run the workflow (bundled from source) and the activities (on the
// test's database) here, on task queues of their own: other tests share that Temporal and its queues.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import type { RunningService } from '@fupin/service-kit';
import { workflowBundlerOptions } from '@fupin/workflow-runtime';
import type { IdentificationConfig } from '../config';
import { type ScreeningOptions, screeningActivities } from './screening.activities';
import { ScreeningQueues } from './screening.service';

const WORKFLOWS = path.resolve(__dirname, '../../../../libs/identification-workflows/src/screening/workflow.ts');

export interface ScreeningWorkers {
  queues: { workflow: string; activity: string };
  /** Serve the activities (with these chunk options) on the test's activity queue; returns its stop. */
  startActivityWorker(options?: ScreeningOptions): Promise<() => Promise<void>>;
  stop(): Promise<void>;
}

/** Point the service's screenings at queues of this test and serve their workflow; activities when asked. */
export async function startScreeningWorkers(service: RunningService<IdentificationConfig>): Promise<ScreeningWorkers> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // installed already in this process
  }
  const run = randomUUID().slice(0, 8);
  const queues = service.app.get(ScreeningQueues);
  queues.workflow = `screening-test-workflows-${run}`;
  queues.activity = `screening-test-activities-${run}`;
  const connection = await NativeConnection.connect({ address: service.runtime.config.temporal.address });
  const namespace = service.runtime.config.temporal.namespace;
  const stops: (() => Promise<void>)[] = [];
  const start = (worker: Worker) => {
    const running = worker.run();
    const stop = async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running.catch(() => undefined);
    };
    stops.push(stop);
    return stop;
  };
  start(
    await Worker.create({
      connection,
      namespace,
      taskQueue: queues.workflow,
      workflowsPath: WORKFLOWS,
      bundlerOptions: workflowBundlerOptions(),
    }),
  );
  return {
    queues: { workflow: queues.workflow, activity: queues.activity },
    async startActivityWorker(options: ScreeningOptions = {}) {
      const activities = screeningActivities(
        { db: service.runtime.db, logger: service.runtime.logger, config: service.runtime.config },
        options,
      );
      return start(await Worker.create({ connection, namespace, taskQueue: queues.activity, activities }));
    },
    async stop() {
      for (const stop of stops.splice(0)) await stop();
      await connection.close();
    },
  };
}
