import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type, LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { BaseServiceConfig } from '@fupin/config';
import type { Logger } from '@fupin/observability';
import { ServiceRuntime, type ServiceDefinition } from './runtime';
import { securityHeaders, startMetricsServer } from './http-hardening';
import { documentPlatformResponses } from './openapi';

function nestLogger(logger: Logger): LoggerService {
  return {
    log: (message: unknown, context?: string) => logger.debug({ context }, String(message)),
    error: (message: unknown, trace?: string, context?: string) => logger.error({ context, trace }, String(message)),
    warn: (message: unknown, context?: string) => logger.warn({ context }, String(message)),
    debug: (message: unknown, context?: string) => logger.debug({ context }, String(message)),
    verbose: (message: unknown, context?: string) => logger.trace({ context }, String(message)),
  };
}

export interface RunningService<C extends BaseServiceConfig> {
  app: INestApplication;
  runtime: ServiceRuntime<C>;
  url: string;
  /** Prometheus metrics, on their own port. */
  metricsUrl: string;
  stop(): Promise<void>;
}

/**
 * Start a service: HTTP with OpenAPI at /docs and /docs-json, then the runtime (DB, Kafka, Temporal
 * worker, relay, consumers). HTTP listens first so /health/ready can say what start is still waiting for
 * (see ServiceRuntime); the promise resolves once the runtime has started. `stop()` closes HTTP first,
 * then drains the runtime.
 */
export async function launchService<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  appModule: (runtime: ServiceRuntime<C>) => Type<unknown> | import('@nestjs/common').DynamicModule,
  docs: { title: string; description: string },
): Promise<RunningService<C>> {
  const runtime = new ServiceRuntime(definition);
  const app = await NestFactory.create<NestExpressApplication>(appModule(runtime), {
    logger: nestLogger(runtime.logger),
    bodyParser: false,
  });
  app.disable('x-powered-by');
  app.use(securityHeaders);
  app.useBodyParser('json', { limit: '1mb' });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(docs.title)
      .setDescription(docs.description)
      .setVersion('1.0')
      .addBearerAuth()
      .build(),
  );
  documentPlatformResponses(app, document);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.listen(definition.config.port, definition.config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${definition.config.host}:${address.port}`;
  const metrics = await startMetricsServer(
    runtime.metrics,
    definition.config.host,
    definition.config.metricsPort,
    runtime.logger,
  );
  runtime.logger.info(
    { url, docs: `${url}/docs`, metrics: `http://${definition.config.host}:${metrics.port}/metrics` },
    'service listening',
  );
  let stopped: Promise<void> | null = null;
  const svc: RunningService<C> = {
    app,
    runtime,
    url,
    metricsUrl: `http://${definition.config.host}:${metrics.port}/metrics`,
    stop: () =>
      (stopped ??= (async () => {
        await app.close();
        await metrics.close();
        await runtime.stop();
      })()),
  };
  listening?.(svc);
  try {
    await runtime.start();
  } catch (e) {
    await svc.stop();
    throw e;
  }
  return svc;
}

type Stoppable = { runtime: { logger: Logger }; stop(): Promise<void> };
/** Set by runServiceMain: told when the process's service listens, so signals stop it while its start still waits. */
let listening: ((svc: Stoppable) => void) | null = null;

/** main.ts helper: start, stop gracefully on SIGTERM/SIGINT, exit non-zero if start fails. */
export function runServiceMain<C extends BaseServiceConfig>(start: () => Promise<RunningService<C>>): void {
  let handled = false;
  let shuttingDown = false;
  // from the moment the service listens: also while its start still waits for Kafka or Temporal
  const stopOnSignals = (svc: Stoppable) => {
    if (handled) return;
    handled = true;
    // the log is written asynchronously: flush it before exiting, or its last lines ("runtime stopped") can be lost
    const exit = (code: number) => {
      setTimeout(() => process.exit(code), 2000); // should the flush never answer
      svc.runtime.logger.flush(() => process.exit(code));
    };
    const shutdown = (signal: string) => {
      shuttingDown = true;
      svc.runtime.logger.info({ signal }, 'shutting down');
      svc.stop().then(
        () => exit(0),
        (e: Error) => {
          svc.runtime.logger.error({ err: e.message }, 'shutdown failed');
          exit(1);
        },
      );
    };
    process.once('SIGTERM', () => shutdown('SIGTERM'));
    process.once('SIGINT', () => shutdown('SIGINT'));
  };
  listening = stopOnSignals;
  start()
    .then(stopOnSignals)
    .catch((e: Error) => {
      if (shuttingDown) return; // stopped while starting: the shutdown decides the exit
      process.stderr.write(
        `${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: 'service failed to start', err: e.message })}\n`,
      );
      process.exit(1);
    });
}
