import type { Consumer, Kafka } from 'kafkajs';
import { parseEvent, type EventEnvelope } from '@fupin/contracts';
import type { SqlExecutor, TransactionalClient } from '@fupin/persistence';

export type EventHandler = (event: EventEnvelope<unknown>, tx: SqlExecutor) => Promise<void>;

export interface ConsumerOptions {
  kafka: Kafka;
  db: TransactionalClient;
  /** Consumer group and de-duplication namespace, e.g. "medical-aid-service.household-registered". */
  groupId: string;
  topics: string[];
  /** Handlers by event type; events of other types on the same topic are acknowledged and skipped. */
  handlers: Record<string, EventHandler>;
  onOutcome?: (
    topic: string,
    outcome: 'handled' | 'duplicate' | 'skipped' | 'rejected' | 'failed',
    detail?: string,
  ) => void;
}

/**
 * Consume events at least once and handle each exactly once: the processed_event row is inserted in
 * the same transaction as the handler's writes, so a redelivered event finds it and is skipped.
 * Malformed events (contract violations) are logged and skipped, never retried forever.
 */
export async function startIdempotentConsumer(options: ConsumerOptions): Promise<Consumer> {
  const consumer = options.kafka.consumer({
    groupId: options.groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 15000,
    heartbeatInterval: 3000,
  });
  await consumer.connect();
  for (const topic of options.topics) await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    autoCommit: true,
    eachMessage: async ({ topic, message }) => {
      let event: EventEnvelope<unknown>;
      try {
        event = parseEvent(JSON.parse(message.value?.toString('utf8') ?? 'null'));
      } catch (e) {
        options.onOutcome?.(topic, 'rejected', (e as Error).message);
        return;
      }
      const handler = options.handlers[event.type];
      if (!handler) {
        options.onOutcome?.(topic, 'skipped', event.type);
        return;
      }
      const outcome = await options.db
        .$transaction(
          async (tx) => {
            const fresh = await tx.$executeRawUnsafe(
              `INSERT INTO processed_event (consumer, event_id) VALUES ($1, $2::uuid) ON CONFLICT DO NOTHING`,
              options.groupId,
              event.id,
            );
            if (fresh === 0) return 'duplicate' as const;
            await handler(event, tx);
            return 'handled' as const;
          },
          { timeout: 30_000 },
        )
        .catch((e: Error) => {
          options.onOutcome?.(topic, 'failed', e.message);
          throw e; // kafkajs retries the message; nothing was committed
        });
      options.onOutcome?.(topic, outcome, event.id);
    },
  });
  return consumer;
}
