import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type { Client } from '@temporalio/client';
import type { BaseServiceConfig } from '@fupin/config';
import { createLogger, type Logger, ServiceMetrics } from '@fupin/observability';
import { type TransactionalClient, pingDatabase } from '@fupin/persistence';
import { OutboxRelay, createIdempotentProducer, createKafka, ensureTopics, kafkaReachable } from '@fupin/messaging';
import { type RunningWorker, connectTemporalClient, startActivityWorker, temporalReachable } from '@fupin/workflow-runtime';

export const SERVICE_RUNTIME = Symbol('SERVICE_RUNTIME');

export interface ServiceDefinition<C extends BaseServiceConfig> {
  name: string;
  config: C;
  /** This service's Prisma client (generated per service). */
  db: TransactionalClient;
  /** Topics this service produces to or consumes from; created at start. */
  topics: string[];
  /** Its own Temporal task queue and the activities served there. */
  taskQueue: string;
  activities: (runtime: ServiceRuntime<C>) => object;
  /** Kafka consumers, started after the worker. */
  consumers?: (runtime: ServiceRuntime<C>) => Promise<Consumer[]>;
}

/**
 * Everything a service process holds open, with one ordered start and one ordered stop:
 * database → Kafka (topics, producer) → Temporal (client, activity worker) → outbox relay → consumers.
 */
export class ServiceRuntime<C extends BaseServiceConfig = BaseServiceConfig> {
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly relay: OutboxRelay;
  temporal!: Client;
  private worker: RunningWorker | null = null;
  private consumers: Consumer[] = [];
  private stopping = false;

  constructor(readonly definition: ServiceDefinition<C>) {
    const { name, config, db } = definition;
    this.logger = createLogger(name, config.logLevel);
    this.metrics = new ServiceMetrics(name);
    this.kafka = createKafka({
      clientId: name,
      brokers: config.kafka.brokers,
      partitions: config.kafka.partitions,
      log: (level, message, extra) => this.logger[level]({ component: 'kafka', ...extra }, message),
    });
    this.admin = this.kafka.admin();
    this.producer = createIdempotentProducer(this.kafka);
    this.relay = new OutboxRelay({
      db,
      createProducer: () => createIdempotentProducer(this.kafka),
      pollIntervalMs: config.outboxPollMs,
      onPublished: (topic, n) => this.metrics.outboxPublished.inc({ topic }, n),
      onPending: (n) => this.metrics.outboxPending.set(n),
      onError: (e) => this.logger.warn({ component: 'outbox', err: e.message }, 'outbox relay pass failed; will retry'),
    });
  }

  get name(): string {
    return this.definition.name;
  }
  get config(): C {
    return this.definition.config;
  }
  get db(): TransactionalClient {
    return this.definition.db;
  }

  async start(): Promise<void> {
    const { config } = this;
    await pingDatabase(this.db);
    await this.admin.connect();
    const created = await ensureTopics(this.admin, this.definition.topics, config.kafka.partitions);
    if (created.length) this.logger.info({ topics: created }, 'created Kafka topics');
    await this.producer.connect();
    this.temporal = await connectTemporalClient(config.temporal);
    if (config.runWorker) {
      this.worker = await startActivityWorker(config.temporal, this.definition.taskQueue, this.definition.activities(this));
      this.worker.done.catch((e) => this.logger.error({ err: e }, 'activity worker stopped with an error'));
    }
    this.relay.start();
    this.consumers = (await this.definition.consumers?.(this)) ?? [];
    this.logger.info({ taskQueue: this.definition.taskQueue, consumers: this.consumers.length }, 'runtime started');
  }

  /** Drain in reverse order; each step is bounded so shutdown always finishes. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const steps: [string, () => Promise<unknown>][] = [
      ['consumers', () => Promise.all(this.consumers.map((c) => c.disconnect()))],
      ['temporal worker', () => this.worker?.shutdown() ?? Promise.resolve()],
      ['outbox relay', () => this.relay.stop()],
      ['kafka producer', () => this.producer.disconnect()],
      ['kafka admin', () => this.admin.disconnect()],
      ['temporal client', () => this.temporal?.connection.close() ?? Promise.resolve()],
      ['database', () => this.db.$disconnect()],
    ];
    for (const [what, fn] of steps) {
      const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), this.config.shutdownGraceMs).unref());
      await Promise.race([fn(), timeout]).catch((e) => this.logger.warn({ step: what, err: (e as Error).message }, 'shutdown step failed'));
    }
    this.logger.info('runtime stopped');
  }

  /** Readiness: every dependency answers. */
  async readiness(): Promise<{ ok: boolean; checks: Record<string, 'up' | string> }> {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref())]);
        return 'up';
      } catch (e) {
        return `down: ${(e as Error).message}`;
      }
    };
    const [database, kafka, temporal] = await Promise.all([
      check(() => pingDatabase(this.db)),
      check(() => kafkaReachable(this.admin)),
      check(() => (this.temporal ? temporalReachable(this.temporal) : Promise.reject(new Error('not connected')))),
    ]);
    const checks = { database, kafka, temporal };
    return { ok: Object.values(checks).every((v) => v === 'up') && !this.stopping, checks };
  }
}
