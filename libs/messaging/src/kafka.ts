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
        const name = level === logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : level === logLevel.INFO ? 'info' : 'debug';
        settings.log?.(name, String(message), extra);
      },
  });
}

/** Create the topics a service produces or consumes, if missing, with the configured partitions. */
export async function ensureTopics(admin: Admin, topics: string[], partitions: number): Promise<string[]> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((t) => !existing.has(t));
  if (missing.length) {
    await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: -1 })) });
  }
  // Another service may have created the same topic a moment ago (createTopics then returns without
  // waiting): wait until every partition of every topic has a leader before anyone produces or subscribes.
  await waitForLeaders(admin, topics);
  return missing;
}

async function waitForLeaders(admin: Admin, topics: string[], timeoutMs = 30_000): Promise<void> {
  if (topics.length === 0) return;
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      const leaderless = meta.filter((t) => t.partitions.length === 0 || t.partitions.some((p) => p.leader < 0)).map((t) => t.name);
      if (leaderless.length === 0) return;
      last = `no leader yet for ${leaderless.join(', ')}`;
    } catch (e) {
      last = (e as Error).message;
    }
    if (Date.now() > deadline) throw new Error(`Kafka topics not ready after ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Idempotent producer: retries cannot duplicate or reorder messages within a partition. */
export function createIdempotentProducer(kafka: Kafka): Producer {
  // retries are bounded so a relay pass fails (and is retried whole) while Kafka is down; a resend after
  // an ambiguous failure may duplicate, which consumers absorb by de-duplicating on the event id.
  return kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner, retry: { retries: 3 } });
}

export async function kafkaReachable(admin: Admin): Promise<void> {
  await admin.describeCluster();
}
