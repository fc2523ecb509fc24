import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { buildEvent, contracts, type EventEnvelope } from '@fupin/contracts';
import {
  OutboxRelay,
  addManyToOutbox,
  addToOutbox,
  createIdempotentProducer,
  createKafka,
  ensureTopics,
  startIdempotentConsumer,
} from './index';
import type { TransactionalClient } from '@fupin/persistence';
import {
  TestKafkaBroker,
  createTestDatabase,
  eventually,
  pgTransactionalClient,
  requireEnv,
  type TestDatabase,
} from '@fupin/testing';

jest.setTimeout(180_000);

const actor = { subject: 'cadre-1', role: 'village_cadre', jurisdiction: '430523101201' };
function decided(householdId: string, n: number) {
  return buildEvent(contracts.identificationDecided, {
    aggregateId: householdId,
    actor,
    payload: { householdId, outcome: 'registered', reason: `step ${n}` },
  });
}

describe('transactional outbox → Kafka (real broker, stopped and restarted)', () => {
  // its own broker (stopped and restarted by the test), 10000 ports above the stack's: never another stack's
  const stackPort = Number(requireEnv('KAFKA_BROKERS').split(',')[0].split(':')[1]);
  const broker = new TestKafkaBroker(stackPort + 10_000, stackPort + 10_001);
  let producerDb: TestDatabase;
  let consumerDb: TestDatabase;
  let producerClient: TransactionalClient;
  let consumerClient: TransactionalClient;
  let kafka: Kafka;

  beforeAll(async () => {
    [producerDb, consumerDb] = await Promise.all([
      createTestDatabase('identification-service'),
      createTestDatabase('medical-aid-service'),
    ]);
    producerClient = pgTransactionalClient(producerDb.url);
    consumerClient = pgTransactionalClient(consumerDb.url);
    await broker.start();
    kafka = createKafka({ clientId: 'outbox-test', brokers: broker.brokers, partitions: 3 });
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [contracts.identificationDecided.topic], 3);
    await admin.disconnect();
  });

  afterAll(async () => {
    await producerClient?.$disconnect();
    await consumerClient?.$disconnect();
    await broker.destroy();
    await Promise.all([producerDb?.drop(), consumerDb?.drop()]);
  });

  it('an event written with rolled-back data never leaves', async () => {
    await expect(
      producerClient.$transaction(async (tx) => {
        await addToOutbox(tx, contracts.identificationDecided.topic, decided(randomUUID(), 0));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const rows = await producerClient.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM outbox_event`);
    expect(rows[0].n).toBe(0);
  });

  it('delivers every event, in order per aggregate, exactly once to the handler, across a Kafka outage', async () => {
    const received: EventEnvelope<unknown>[] = [];
    const consumer = await startIdempotentConsumer({
      kafka,
      db: consumerClient,
      groupId: 'outbox-test.consumer',
      topics: [contracts.identificationDecided.topic],
      handlers: {
        [contracts.identificationDecided.type]: async (event) => {
          received.push(event);
        },
      },
    });
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    const errors: Error[] = [];
    const relay = new OutboxRelay({
      db: producerClient,
      createProducer: () => createIdempotentProducer(kafka),
      pollIntervalMs: 200,
      onError: (e) => errors.push(e),
    });

    // Kafka goes down; the services keep committing data and events
    await broker.stop();
    const households = [randomUUID(), randomUUID(), randomUUID()];
    const written: string[] = [];
    for (let n = 1; n <= 4; n++) {
      for (const h of households) {
        await producerClient.$transaction(async (tx) => {
          const e = decided(h, n);
          written.push(e.id);
          await addToOutbox(tx, contracts.identificationDecided.topic, e);
        });
      }
    }
    relay.start();
    await eventually(async () => errors.length > 0, 60_000);
    const pendingDuringOutage = await producerClient.$queryRawUnsafe<{ n: number; attempts: number }[]>(
      `SELECT count(*)::int AS n, max(attempts)::int AS attempts FROM outbox_event WHERE published_at IS NULL`,
    );
    expect(pendingDuringOutage[0].n).toBe(12);

    // Kafka comes back: everything is delivered without anyone touching the outbox
    await broker.start();
    await eventually(async () => received.length >= 12, 120_000);
    await relay.stop();
    const unpublished = await producerClient.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
    );
    expect(unpublished[0].n).toBe(0);
    expect(new Set(received.map((e) => e.id))).toEqual(new Set(written));
    // Keyed by aggregate id: all of an aggregate's events share one partition, in commit order — also
    // for the batch that waited out the outage. (Seqs 1..12 once caught the relay sorting by a text
    // alias: "10" < "4" put step 4 before step 2.)
    const log = kafka.consumer({ groupId: `outbox-test.log-${randomUUID()}` });
    await log.connect();
    await log.subscribe({ topic: contracts.identificationDecided.topic, fromBeginning: true });
    const partitionLog = new Map<string, { partition: number; reason: string }[]>();
    let logged = 0;
    await log.run({
      eachMessage: async ({ partition, message }) => {
        const e = JSON.parse(String(message.value)) as EventEnvelope<{ reason: string }>;
        partitionLog.set(e.aggregateId, [
          ...(partitionLog.get(e.aggregateId) ?? []),
          { partition, reason: e.payload.reason },
        ]);
        logged++;
      },
    });
    await eventually(async () => logged >= 12, 30_000);
    await log.disconnect();
    for (const h of households) {
      const entries = partitionLog.get(h) ?? [];
      expect(new Set(entries.map((x) => x.partition)).size).toBe(1);
      expect(entries.map((x) => x.reason)).toEqual(['step 1', 'step 2', 'step 3', 'step 4']);
    }

    // a redelivered event (e.g. after a relay crash between send and commit) is not handled twice
    await producer.send({
      topic: contracts.identificationDecided.topic,
      messages: [{ key: households[0], value: JSON.stringify(received[0]) }],
    });
    const marker = decided(households[0], 5);
    await producer.send({
      topic: contracts.identificationDecided.topic,
      messages: [{ key: households[0], value: JSON.stringify(marker) }],
    });
    await eventually(async () => received.some((e) => e.id === marker.id), 30_000);
    expect(received.filter((e) => e.id === received[0].id)).toHaveLength(1);
    const processed = await consumerClient.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM processed_event`,
    );
    expect(processed[0].n).toBe(13);

    await consumer.disconnect();
    await producer.disconnect();
  });

  it('writes a batch of events in one statement, in the order given, rolled back with the data', async () => {
    const h = randomUUID();
    const batch = [1, 2, 3, 4, 5].map((n) => ({ topic: contracts.identificationDecided.topic, event: decided(h, n) }));
    await producerClient.$transaction((tx) => addManyToOutbox(tx, batch));
    const rows = await producerClient.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text FROM outbox_event WHERE aggregate_id = $1 ORDER BY outbox_event.seq`,
      h,
    );
    expect(rows.map((r) => r.id)).toEqual(batch.map((b) => b.event.id));
    await expect(
      producerClient.$transaction(async (tx) => {
        await addManyToOutbox(tx, [{ topic: contracts.identificationDecided.topic, event: decided(h, 6) }]);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    const after = await producerClient.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM outbox_event WHERE aggregate_id = $1`,
      h,
    );
    expect(after[0].n).toBe(5);
  });
});
