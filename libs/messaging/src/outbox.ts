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

/** Several events in one statement, in order (their seq follows the array): for activities recording a batch. */
export async function addManyToOutbox(
  tx: SqlExecutor,
  events: readonly { topic: string; event: EventEnvelope<unknown> }[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO outbox_event (id, topic, type, version, aggregate_id, envelope)
     SELECT (e->>'id')::uuid, e->>'topic', e->>'type', (e->>'version')::int, e->>'aggregateId', e->'envelope'
       FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
    JSON.stringify(
      events.map(({ topic, event }) => ({
        id: event.id,
        topic,
        type: event.type,
        version: event.version,
        aggregateId: event.aggregateId,
        envelope: event,
      })),
    ),
  );
}
