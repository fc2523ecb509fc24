import { Kafka, Partitioners, logLevel, type Admin, type Producer, type LogEntry } from 'kafkajs';

export interface KafkaSettings {
  clientId: string;
  brokers: string[];
  partitions: number;
  log?: (level: 'error' | 'warn' | 'info' | 'debug', message: string, extra: Record<string, unknown>) => void;
}

/** A kafkajs client whose log lines go to the service's structured logger. */
export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({
    clientId: settings.clientId,
    brokers: settings.brokers,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { retries: 5, initialRetryTime: 200, maxRetryTime: 5000 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        const name =
          level === logLevel.ERROR
            ? 'error'
            : level === logLevel.WARN
              ? 'warn'
              : level === logLevel.INFO
                ? 'info'
                : 'debug';
        settings.log?.(name, String(message), extra);
      },
  });
}

/**
 * Create the topics a service produces or consumes, if missing, with the configured partitions, and wait
 * until every partition of every topic has a leader. Returns the topics that were missing when looked up.
 *
 * Safe when a sibling service creates the same topics at the same moment, and on a broker that has just
 * been created: kafkajs's own wait after `createTopics` (`waitForLeaders: true`) retries only
 * LEADER_NOT_AVAILABLE and gives up on UNKNOWN_TOPIC_OR_PARTITION ("This server does not host this
 * topic-partition"), which a fresh KRaft broker answers until its metadata has caught up with the
 * controller; that failure stopped the first `npm start` on a new machine. So we create without it and
 * wait ourselves, treating every error of the metadata request as "not yet".
 */
export async function ensureTopics(
  admin: Admin,
  topics: string[],
  partitions: number,
  options: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length) {
    // resolves false (no error) when another service created them all in the meantime (TOPIC_ALREADY_EXISTS)
    await admin.createTopics({
      waitForLeaders: false,
      topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })),
    });
  }
  await waitForLeaders(admin, topics, options.timeoutMs, options.signal);
  return missing;
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000, signal?: AbortSignal): Promise<void> {
  if (topics.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const known = new Set(meta.map((t) => t.name));
      const leaderless = [
        ...topics.filter((t) => !known.has(t)),
        ...meta.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0)).map((t) => t.name),
      ];
      if (leaderless.length === 0) return;
      last = `no leader yet for ${leaderless.join(', ')}`;
    } catch (e) {
      last = describeKafkaError(e);
    }
    if (signal?.aborted) throw new Error(`gave up waiting for Kafka topic leaders: ${last}`);
    if (Date.now() > deadline)
      throw Object.assign(new Error(`Kafka topics not ready after ${timeoutMs} ms: ${last}`), { retriable: true });
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Errors a broker answers while it is starting or electing leaders; they pass by themselves. kafkajs
 * marks them retriable, but gives up after its own few retries (seconds), which a broker that was
 * created a moment ago can outlast.
 */
const TRANSIENT_KAFKA_ERRORS = new Set([
  'UNKNOWN_TOPIC_OR_PARTITION', // "This server does not host this topic-partition": its metadata is not there yet
  'LEADER_NOT_AVAILABLE', // in the middle of a leadership election
  'NOT_LEADER_FOR_PARTITION',
  'NOT_CONTROLLER',
  'GROUP_COORDINATOR_NOT_AVAILABLE', // __consumer_offsets not created yet
  'GROUP_LOAD_IN_PROGRESS', // "The coordinator is loading…"
  'NOT_COORDINATOR_FOR_GROUP',
  'REQUEST_TIMED_OUT',
  'NETWORK_EXCEPTION',
  'BROKER_NOT_AVAILABLE',
  'REPLICA_NOT_AVAILABLE',
]);

type ErrorLike = {
  name?: string;
  message?: string;
  type?: string;
  retriable?: boolean;
  cause?: unknown;
  errors?: unknown[];
};

/** The error and its causes, outermost first (kafkajs wraps the last failure in "retries exceeded"). */
function errorChain(e: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (
    let cur = e, depth = 0;
    cur !== null && typeof cur === 'object' && depth < 5;
    cur = (cur as ErrorLike).cause, depth++
  )
    chain.push(cur as ErrorLike);
  return chain;
}

/**
 * Whether a Kafka failure passes by itself: a broker that is starting or electing leaders
 * (TRANSIENT_KAFKA_ERRORS), one that does not listen yet or dropped the connection, or anything kafkajs
 * itself calls retriable — looking through "retries exceeded" wrappers and per-topic aggregates. Not
 * transient: what stays wrong until someone changes something (authorization, invalid settings).
 */
export function isTransientKafkaError(e: unknown): boolean {
  return errorChain(e).some((err) => {
    if (err.type && TRANSIENT_KAFKA_ERRORS.has(err.type)) return true;
    if (err.name === 'KafkaJSAggregateError' && Array.isArray(err.errors))
      return err.errors.length > 0 && err.errors.every((x) => isTransientKafkaError(x));
    return err.retriable === true;
  });
}

/** One line for a log: the innermost cause's message and protocol error type, e.g. "This server does not host this topic-partition (UNKNOWN_TOPIC_OR_PARTITION)". */
export function describeKafkaError(e: unknown): string {
  const chain = errorChain(e);
  if (chain.length === 0) return String(e);
  const inner = chain[chain.length - 1];
  const parts =
    Array.isArray(inner.errors) && inner.errors.length
      ? `: ${inner.errors.map((x) => describeKafkaError(x)).join('; ')}`
      : '';
  const text = `${inner.message ?? String(inner)}${inner.type ? ` (${inner.type})` : ''}${parts}`;
  const outer = chain[0];
  return chain.length > 1 && outer.message && outer.message !== inner.message ? `${outer.message}: ${text}` : text;
}

/** Idempotent producer: retries cannot duplicate or reorder messages within a partition. */
export function createIdempotentProducer(kafka: Kafka): Producer {
  // retries are bounded so a relay pass fails (and is retried whole) while Kafka is down; a resend after
  // an ambiguous failure may duplicate, which consumers absorb by de-duplicating on the event id.
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: 3 },
  });
}

export async function kafkaReachable(admin: Admin): Promise<void> {
  await admin.describeCluster();
}
