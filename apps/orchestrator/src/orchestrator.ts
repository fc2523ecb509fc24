import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { z } from 'zod';
import { envPort, loadConfig } from '@fupin/config';
import { createLogger } from '@fupin/observability';
import { type RunningWorker, startWorkflowWorker } from '@fupin/workflow-runtime';
import { TaskQueues } from '@fupin/workflows';

const schema = z.object({
  TEMPORAL_ADDRESS: z.string({ error: 'is required' }).regex(/^[^:]+:\d+$/, 'must be host:port'),
  TEMPORAL_NAMESPACE: z.string().default('default'),
  ORCHESTRATOR_PORT: envPort().default(3010),
  HOST: z.string().default('127.0.0.1'),
  WORKFLOW_BUNDLE: z.string().optional(),
  LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
});

export interface RunningOrchestrator {
  worker: RunningWorker;
  stop(): Promise<void>;
}

/**
 * The orchestration worker: runs every workflow (never I/O; activities run in the owning services).
 * Loads the ahead-of-time bundle when present (production), else bundles from source (tests).
 */
export async function startOrchestrator(
  env: Record<string, string | undefined> = process.env,
): Promise<RunningOrchestrator> {
  const config = loadConfig('orchestrator', schema, env);
  const logger = createLogger('orchestrator', config.LOG_LEVEL);
  const prebuilt = config.WORKFLOW_BUNDLE ?? path.resolve(__dirname, '..', '..', '..', 'workflow-bundle.js');
  const source =
    fs.existsSync(prebuilt) && prebuilt.endsWith('.js')
      ? { workflowBundlePath: prebuilt }
      : { workflowsPath: path.resolve(__dirname, 'workflows') };
  const settings = { address: config.TEMPORAL_ADDRESS, namespace: config.TEMPORAL_NAMESPACE };
  const worker = await startWorkflowWorker(settings, TaskQueues.orchestration, source);
  let healthy = true;
  worker.done.catch((e) => {
    healthy = false;
    logger.error({ err: e }, 'workflow worker failed');
  });
  const server = http.createServer((req, res) => {
    const live = req.url === '/health/live' || req.url === '/health/ready';
    res.writeHead(live ? (healthy ? 200 : 503) : 404, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify(
        live
          ? { status: healthy ? 'up' : 'down', service: 'orchestrator', taskQueue: TaskQueues.orchestration }
          : { error: 'not found' },
      ),
    );
  });
  await new Promise<void>((resolve) => server.listen(config.ORCHESTRATOR_PORT, config.HOST, resolve));
  logger.info(
    { taskQueue: TaskQueues.orchestration, source: Object.keys(source)[0], port: config.ORCHESTRATOR_PORT },
    'orchestration worker running',
  );
  return {
    worker,
    async stop() {
      server.close();
      await worker.shutdown();
      logger.info('orchestration worker stopped');
    },
  };
}
