import type { EventEnvelope } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';

/**
 * Write an event to the outbox inside the caller's transaction: it is published only if the data
 * it describes commits. The envelope must already be validated (see buildEvent in @fupin/contracts).
 */
export async function addToOutbox(tx: SqlExecutor, topic: string, event: EventEnvelope<unknown>): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO outbox_event (id, topic, type, version, aggregate_id, envelope) VALUES ($1::uuid, $2, $3, $4, $5, $6::jsonb)`,
    event.id,
    topic,
    event.type,
    event.version,
    event.aggregateId,
    JSON.stringify(event),
  );
}
