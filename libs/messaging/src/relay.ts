import type { Producer } from 'kafkajs';
import type { TransactionalClient } from '@fupin/persistence';

// Only one relay per database publishes at a time, so events of one aggregate leave in commit order
// even with several service replicas; rows are still claimed with SKIP LOCKED so a stuck batch
// never blocks readers.
const RELAY_LOCK = 7_241_002;

interface OutboxRow {
  seq: string;
  id: string;
  topic: string;
  type: string;
  version: number;
  aggregate_id: string;
  envelope: unknown;
}

export interface RelayOptions {
  db: TransactionalClient;
  /** Makes a connected-on-demand producer; the relay replaces it after a failed send. */
  createProducer: () => Producer;
  batchSize?: number;
  pollIntervalMs?: number;
  onPublished?: (topic: string, count: number) => void;
  onPending?: (pending: number) => void;
  onError?: (error: Error) => void;
}

/** Publishes committed outbox rows to Kafka, keyed by aggregate id, then marks them sent. */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = true;
  private failures = 0;
  private needsReconnect = false;
  private producer: Producer | null = null;

  constructor(private readonly options: RelayOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stop polling and wait for the batch in flight, so nothing is half-published at shutdown. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = null;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  private async tick(): Promise<void> {
    const interval = this.options.pollIntervalMs ?? 500;
    try {
      let published = 0;
      do {
        published = await this.publishBatch();
      } while (published > 0 && !this.stopped);
      this.failures = 0;
      this.schedule(interval);
    } catch (e) {
      this.failures++;
      this.options.onError?.(e as Error);
      // back off while Kafka (or the database) is unavailable; rows stay unpublished and are retried
      this.schedule(Math.min(interval * 2 ** this.failures, 10_000));
    }
  }

  /** One batch in one transaction. Returns how many events were published. */
  async publishBatch(): Promise<number> {
    const { db } = this.options;
    if (this.needsReconnect && this.producer) {
      // a new producer instance: nothing of the failed one (queued requests, sequence numbers) survives
      const old = this.producer;
      this.producer = null;
      await old.disconnect().catch(() => undefined);
    }
    this.needsReconnect = false;
    if (!this.producer) {
      const fresh = this.options.createProducer();
      await fresh.connect();
      this.producer = fresh;
    }
    const producer = this.producer;
    const limit = this.options.batchSize ?? 200;
    const result = await db.$transaction(
      async (tx) => {
        const locked = await tx.$queryRawUnsafe<{ ok: boolean }[]>(
          `SELECT pg_try_advisory_xact_lock(${RELAY_LOCK}) AS ok`,
        );
        if (!locked[0]?.ok)
          return {
            published: 0,
            byTopic: new Map<string, number>() as Map<string, number>,
            error: undefined as Error | undefined,
          };
        const rows = await tx.$queryRawUnsafe<OutboxRow[]>(
          // ORDER BY the column, not the text alias: numeric commit order, served by (published_at, seq).
          `SELECT seq::text AS seq, id::text AS id, topic, type, version, aggregate_id, envelope
             FROM outbox_event WHERE published_at IS NULL ORDER BY outbox_event.seq LIMIT ${limit} FOR UPDATE SKIP LOCKED`,
        );
        if (rows.length === 0) return { published: 0, byTopic: new Map<string, number>() };
        const byTopic = new Map<string, OutboxRow[]>();
        for (const row of rows) byTopic.set(row.topic, [...(byTopic.get(row.topic) ?? []), row]);
        try {
          await producer.sendBatch({
            acks: -1,
            topicMessages: [...byTopic].map(([topic, list]) => ({
              topic,
              messages: list.map((row) => ({
                key: row.aggregate_id,
                value: JSON.stringify(row.envelope),
                headers: { 'event-id': row.id, 'event-type': row.type, 'event-version': String(row.version) },
              })),
            })),
          });
        } catch (e) {
          await tx.$executeRawUnsafe(
            `UPDATE outbox_event SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`,
            rows.map((r) => r.seq),
            String((e as Error).message).slice(0, 500),
          );
          // drop the connection: a kafkajs idempotent producer that failed mid-send may retry stale
          // requests later, out of order; a fresh connection (new producer id) cannot.
          this.needsReconnect = true;
          // commit the attempt count, then report the failure to the caller
          return { published: 0, byTopic: new Map<string, number>(), error: e as Error };
        }
        await tx.$executeRawUnsafe(
          `UPDATE outbox_event SET published_at = now(), attempts = attempts + 1, last_error = NULL WHERE seq = ANY($1::bigint[])`,
          rows.map((r) => r.seq),
        );
        return { published: rows.length, byTopic: new Map([...byTopic].map(([t, l]) => [t, l.length])) };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
    if ('error' in result && result.error) throw result.error;
    for (const [topic, count] of result.byTopic) this.options.onPublished?.(topic, count);
    if (this.options.onPending) {
      const pending = await db.$queryRawUnsafe<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM outbox_event WHERE published_at IS NULL`,
      );
      this.options.onPending(pending[0]?.n ?? 0);
    }
    return result.published;
  }
}
