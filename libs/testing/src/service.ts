import { createTestDatabase, type TestDatabase } from './databases';

export interface TestService<S> {
  service: S;
  url: string;
  db: TestDatabase;
  stop(): Promise<void>;
}

/**
 * One service in-process on a fresh migrated database and a free port, against the running test
 * stack's Kafka, Temporal and token issuer (environment from `npm test` / .stack/test/env.sh).
 */
export async function startTestService<S extends { url: string; stop(): Promise<void> }>(
  name: string,
  start: (env: Record<string, string | undefined>) => Promise<S>,
  overrides: Record<string, string> = {},
): Promise<TestService<S>> {
  const prefix = name
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase();
  const db = await createTestDatabase(name);
  try {
    const service = await start({
      ...process.env,
      LOG_LEVEL: 'warn',
      OUTBOX_POLL_INTERVAL: '200ms',
      RESPONSE_CONTRACT_CHECK: 'true',
      [`${prefix}_DATABASE_URL`]: db.url,
      [`${prefix}_PORT`]: '0',
      [`${prefix}_METRICS_PORT`]: '0',
      ...overrides,
    });
    return {
      service,
      url: service.url,
      db,
      async stop() {
        await service.stop();
        await db.drop();
      },
    };
  } catch (e) {
    await db.drop();
    throw e;
  }
}
