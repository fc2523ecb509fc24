import net from 'node:net';
import { randomUUID } from 'node:crypto';
import { Module, type DynamicModule } from '@nestjs/common';
import { baseServiceConfigSchema, loadConfig, type BaseServiceConfig } from '@fupin/config';
import { buildEvent, contracts, type EventEnvelope } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import type { TransactionalClient } from '@fupin/persistence';
import {
  TestKafkaBroker,
  createTestDatabase,
  eventually,
  pgTransactionalClient,
  requireEnv,
  sleep,
  type TestDatabase,
} from '@fupin/testing';
import { launchService, type RunningService } from './run-service';
import { ServiceRuntime, type ServiceDefinition } from './runtime';
import { ServiceKitModule } from './service-kit.module';
import { startServiceConsumer } from './consumers';

jest.setTimeout(240_000);

// The first `npm start` on a new machine: the services start while the broker they were given is not up
// or still electing leaders. A service must wait for it (readiness 503 meanwhile), never exit.

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function get(url: string): Promise<{ status: number; body: { checks?: Record<string, string> } } | null> {
  try {
    const res = await fetch(url);
    return { status: res.status, body: (await res.json()) as { checks?: Record<string, string> } };
  } catch {
    return null; // not listening
  }
}

@Module({})
class TestAppModule {
  static forRoot(runtime: ServiceRuntime): DynamicModule {
    return { module: TestAppModule, imports: [ServiceKitModule.forRoot(runtime)] };
  }
}

describe('a service started before its Kafka broker is up', () => {
  // a broker of its own that starts late, 10010 ports above the stack's (outbox.int.spec uses +10000)
  const stackPort = Number(requireEnv('KAFKA_BROKERS').split(',')[0].split(':')[1]);
  const broker = new TestKafkaBroker(stackPort + 10_010, stackPort + 10_011);
  const dbs: TestDatabase[] = [];
  const clients: TransactionalClient[] = [];

  afterAll(async () => {
    await broker.destroy();
    await Promise.all(clients.map((c) => c.$disconnect().catch(() => undefined))); // stop() has closed those it started
    await Promise.all(dbs.map((d) => d.drop()));
  });

  async function definition(
    brokers: string,
    handled: EventEnvelope<unknown>[] = [],
  ): Promise<ServiceDefinition<BaseServiceConfig>> {
    const db = await createTestDatabase('notice-service');
    dbs.push(db);
    const client = pgTransactionalClient(db.url);
    clients.push(client);
    const config = loadConfig('runtime-start-test', baseServiceConfigSchema('RUNTIME_TEST'), {
      ...process.env,
      RUNTIME_TEST_DATABASE_URL: db.url,
      RUNTIME_TEST_PORT: String(await freePort()),
      KAFKA_BROKERS: brokers,
      LOG_LEVEL: 'error',
      OUTBOX_POLL_INTERVAL: '200ms',
      SHUTDOWN_GRACE: '5s',
    });
    return {
      name: 'runtime-start-test',
      config,
      db: client,
      topics: [contracts.identificationDecided.topic],
      taskQueue: `runtime-start-test-${randomUUID()}`,
      activities: () => ({ ping: async () => 'pong' }),
      consumers: async (runtime) => [
        await startServiceConsumer(runtime, {
          groupId: 'runtime-start-test.decided',
          topics: [contracts.identificationDecided.topic],
          handlers: { [contracts.identificationDecided.type]: async (event) => void handled.push(event) },
        }),
      ],
      startRetry: { initialMs: 200, maxMs: 2000 },
    };
  }

  it('listens with readiness 503 (kafka down) while it waits, then starts the relay and consumers once the broker is up', async () => {
    const handled: EventEnvelope<unknown>[] = [];
    const def = await definition(broker.brokers.join(','), handled);
    const base = `http://${def.config.host}:${def.config.port}`;
    let runtime: ServiceRuntime | undefined;
    const warnings: { dependency?: string; err?: string }[] = [];
    let outcome = 'pending' as 'pending' | 'started' | Error;
    const launching: Promise<RunningService<BaseServiceConfig>> = launchService(
      def,
      (r) => {
        runtime = r;
        const warn = r.logger.warn.bind(r.logger);
        r.logger.warn = ((obj: unknown, ...rest: unknown[]) => {
          if (typeof obj === 'object' && obj) warnings.push(obj as { dependency?: string; err?: string });
          return (warn as (...a: unknown[]) => void)(obj, ...rest);
        }) as typeof r.logger.warn;
        return TestAppModule.forRoot(r);
      },
      { title: 'runtime start test', description: 'test' },
    );
    launching.then(
      () => (outcome = 'started'),
      (e: Error) => (outcome = e),
    );
    let svc: RunningService<BaseServiceConfig> | undefined;
    try {
      // HTTP answers while Kafka is not there: alive, not ready, and says why
      await eventually(async () => {
        if (outcome instanceof Error) throw new Error(`start failed: ${outcome.message}`);
        return (await get(`${base}/health/live`))?.status === 200;
      }, 60_000);
      // longer than kafkajs's own retries (≈ 6 s), after which the start used to throw and the process exit 1
      await sleep(10_000);
      if (outcome instanceof Error) throw new Error(`start failed while Kafka was down: ${outcome.message}`);
      expect(outcome).toBe('pending');
      const waiting = await get(`${base}/health/ready`);
      expect(waiting?.status).toBe(503);
      expect(waiting?.body.checks?.database).toBe('up');
      expect(waiting?.body.checks?.temporal).toBe('up'); // Temporal is up: connected without waiting for Kafka
      expect(waiting?.body.checks?.kafka).toMatch(/^down: .*(ECONNREFUSED|Connection error).*attempt \d+; retrying/);
      expect(waiting?.body.checks?.consumers).toMatch(/^down: /);
      expect(warnings.filter((w) => w.dependency === 'kafka').length).toBeGreaterThanOrEqual(2); // a warning per retry, with the reason
      expect(warnings.find((w) => w.dependency === 'kafka')?.err).toMatch(/ECONNREFUSED|Connection error/);
      // a Temporal call works meanwhile; writes go to the outbox and wait there
      expect(runtime?.temporal).toBeDefined();
      const event = buildEvent(contracts.identificationDecided, {
        aggregateId: randomUUID(),
        actor: { subject: 'cadre-1', role: 'village_cadre', jurisdiction: '430523101201' },
        payload: { householdId: randomUUID(), outcome: 'registered', reason: 'written while Kafka was down' },
      });
      await def.db.$transaction((tx) => addToOutbox(tx, contracts.identificationDecided.topic, event));

      // the broker comes up (a fresh one: topics created now, leaders being elected)
      await broker.start();
      svc = await launching;
      const ready = await get(`${base}/health/ready`);
      expect(ready).toEqual({
        status: 200,
        body: expect.objectContaining({
          status: 'up',
          checks: { database: 'up', kafka: 'up', temporal: 'up', consumers: 'up' },
        }),
      });
      // the event committed during the outage is published and consumed
      await eventually(async () => handled.some((e) => e.id === event.id), 60_000);
      const pending = await def.db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
      );
      expect(pending[0].n).toBe(0);
    } finally {
      await (svc ?? (await launching.catch(() => undefined)))?.stop();
    }
  });

  it('stops promptly while it still waits for Kafka, and its start then resolves without starting anything', async () => {
    const nowhere = await freePort(); // nothing listens there
    const runtime = new ServiceRuntime(await definition(`127.0.0.1:${nowhere}`));
    const starting = runtime.start();
    await eventually(async () => /attempt \d+; retrying/.test((await runtime.readiness()).checks.kafka), 60_000);
    const readiness = await runtime.readiness();
    expect(readiness.ok).toBe(false);
    expect(readiness.checks.kafka).toMatch(/^down: /);
    const stopAt = Date.now();
    await runtime.stop();
    await expect(starting).resolves.toBeUndefined();
    expect(Date.now() - stopAt).toBeLessThan(15_000);
    expect((await runtime.readiness()).ok).toBe(false);
  });
});
