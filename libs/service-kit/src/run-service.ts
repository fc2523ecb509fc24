import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type, LoggerService } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { BaseServiceConfig } from '@fupin/config';
import type { Logger } from '@fupin/observability';
import { ServiceRuntime, type ServiceDefinition } from './runtime';

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
  stop(): Promise<void>;
}

/**
 * Start a service: runtime (DB, Kafka, Temporal worker, relay, consumers), then HTTP with OpenAPI at
 * /docs and /docs-json. `stop()` closes HTTP first, then drains the runtime.
 */
export async function launchService<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  appModule: (runtime: ServiceRuntime<C>) => Type<unknown> | import('@nestjs/common').DynamicModule,
  docs: { title: string; description: string },
): Promise<RunningService<C>> {
  const runtime = new ServiceRuntime(definition);
  await runtime.start();
  const app = await NestFactory.create<NestExpressApplication>(appModule(runtime), { logger: nestLogger(runtime.logger), bodyParser: false });
  app.useBodyParser('json', { limit: '1mb' });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder().setTitle(docs.title).setDescription(docs.description).setVersion('1.0').addBearerAuth().build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  await app.listen(definition.config.port, definition.config.host);
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://${definition.config.host}:${address.port}`;
  runtime.logger.info({ url, docs: `${url}/docs` }, 'service listening');
  let stopped: Promise<void> | null = null;
  return {
    app,
    runtime,
    url,
    stop: () =>
      (stopped ??= (async () => {
        await app.close();
        await runtime.stop();
      })()),
  };
}

/** main.ts helper: start, stop gracefully on SIGTERM/SIGINT, exit non-zero if start fails. */
export function runServiceMain<C extends BaseServiceConfig>(start: () => Promise<RunningService<C>>): void {
  start()
    .then((svc) => {
      const shutdown = (signal: string) => {
        svc.runtime.logger.info({ signal }, 'shutting down');
        svc.stop().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
    })
    .catch((e: Error) => {
      process.stderr.write(`${JSON.stringify({ level: 'fatal', time: new Date().toISOString(), msg: 'service failed to start', err: e.message })}\n`);
      process.exit(1);
    });
}
