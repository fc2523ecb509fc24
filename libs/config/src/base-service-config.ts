import { z } from 'zod';
import { envBool, envDurationMs, envList, envPort, envUrl } from './load-config';

/**
 * Settings every service needs. Each service reads them under its own prefix for the database
 * and port (e.g. IDENTIFICATION_DATABASE_URL, IDENTIFICATION_PORT) so one shell can hold the
 * whole local stack's environment.
 */
export function baseServiceConfigSchema(prefix: string) {
  return z
    .object({
      [`${prefix}_DATABASE_URL`]: envUrl(['postgres', 'postgresql']),
      [`${prefix}_PORT`]: envPort(),
      // Prometheus metrics on a port of their own, never on the API port (0: any free port)
      [`${prefix}_METRICS_PORT`]: envPort().default(0),
      HOST: z.string().default('127.0.0.1'),
      KAFKA_BROKERS: envList(),
      KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
      TEMPORAL_ADDRESS: z.string({ error: 'is required' }).regex(/^[^:]+:\d+$/, 'must be host:port'),
      TEMPORAL_NAMESPACE: z.string().default('default'),
      AUTH_ISSUER: envUrl(['http', 'https']),
      AUTH_JWKS_URL: envUrl(['http', 'https']),
      AUTH_AUDIENCE: z.string().default('fupin-platform'),
      AUTH_MAX_TOKEN_LIFETIME: envDurationMs(12 * 3600_000),
      LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).default('info'),
      OUTBOX_POLL_INTERVAL: envDurationMs(500),
      RUN_WORKER: envBool(true),
      SHUTDOWN_GRACE: envDurationMs(10_000),
      // tests: every documented response is checked against its schema; a mismatch answers 500 (off in production)
      RESPONSE_CONTRACT_CHECK: envBool(false),
    })
    .transform((env) => ({
      databaseUrl: env[`${prefix}_DATABASE_URL`] as string,
      port: env[`${prefix}_PORT`] as number,
      metricsPort: env[`${prefix}_METRICS_PORT`] as number,
      host: env.HOST as string,
      kafka: { brokers: env.KAFKA_BROKERS as string[], partitions: env.KAFKA_TOPIC_PARTITIONS as number },
      temporal: { address: env.TEMPORAL_ADDRESS as string, namespace: env.TEMPORAL_NAMESPACE as string },
      auth: {
        issuer: env.AUTH_ISSUER as string,
        jwksUrl: env.AUTH_JWKS_URL as string,
        audience: env.AUTH_AUDIENCE as string,
        maxLifetimeSeconds: Math.floor((env.AUTH_MAX_TOKEN_LIFETIME as number) / 1000),
      },
      logLevel: env.LOG_LEVEL as 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal',
      outboxPollMs: env.OUTBOX_POLL_INTERVAL as number,
      runWorker: env.RUN_WORKER as boolean,
      shutdownGraceMs: env.SHUTDOWN_GRACE as number,
      checkResponses: env.RESPONSE_CONTRACT_CHECK as boolean,
    }));
}

export type BaseServiceConfig = z.infer<ReturnType<typeof baseServiceConfigSchema>>;
