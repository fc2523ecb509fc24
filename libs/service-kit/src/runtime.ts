import type { Admin, Consumer, ConsumerConfig, Kafka, Producer } from 'kafkajs';
import type { Client } from '@temporalio/client';
import type { BaseServiceConfig } from '@fupin/config';
import { createLogger, type Logger, ServiceMetrics } from '@fupin/observability';
import { type TransactionalClient, pingDatabase } from '@fupin/persistence';
import {
  OutboxRelay,
  createIdempotentProducer,
  createKafka,
  describeKafkaError,
  ensureTopics,
  isTransientKafkaError,
  kafkaReachable,
} from '@fupin/messaging';
import {
  type RunningWorker,
  connectTemporalClient,
  startActivityWorker,
  temporalReachable,
} from '@fupin/workflow-runtime';
import { DomainError } from './errors';

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
  /** Kafka consumers, started once Kafka and Temporal are up. */
  consumers?: (runtime: ServiceRuntime<C>) => Promise<Consumer[]>;
  /** Pause between attempts to reach Kafka or Temporal at start: doubles from `initialMs` up to `maxMs` (default 0.5 s → 15 s). */
  startRetry?: { initialMs?: number; maxMs?: number };
}

type Dependency = 'kafka' | 'temporal' | 'consumers';

class StartAbandoned extends Error {
  constructor() {
    super('the service is stopping');
  }
}

/**
 * Everything a service process holds open, with one ordered start and one ordered stop:
 * database → Kafka (topics, producer) and Temporal (client, activity worker) → outbox relay → consumers.
 *
 * Kafka and Temporal are waited for, never fatal at start. A broker that is still electing leaders (a
 * KRaft cluster created a moment ago: "This server does not host this topic-partition"), restarting, or
 * a Temporal frontend not up yet is a passing state; exiting on it only turns it into a crash loop that
 * restarts the wait from zero, hides the reason behind restarts, and (in `npm start`) took the whole
 * platform down. So the HTTP server listens first (see launchService) — /health/live answers and
 * /health/ready says 503 naming what is not up and why — while each is retried with capped exponential
 * backoff, a warning per retry with the reason, until it answers or the service is stopped. There is
 * deliberately no deadline: how long "not ready" may last is for whoever watches readiness to decide
 * (Kubernetes, `npm start`'s wait); a wrong KAFKA_BROKERS shows the same way, as a warning naming the
 * broker every retry. Meanwhile requests that write still commit, their events waiting in the outbox
 * table (nothing is lost); the relay publishes them once Kafka is up and consumers start then. Calls that
 * need Temporal answer 503 (`dependency.unavailable`) until it is connected. Only the database is
 * required at start: a service that cannot reach its own data has nothing to offer, and a wrong
 * DATABASE_URL should stop it with that message.
 */
export class ServiceRuntime<C extends BaseServiceConfig = BaseServiceConfig> {
  readonly logger: Logger;
  readonly metrics: ServiceMetrics;
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly producer: Producer;
  readonly relay: OutboxRelay;
  private temporalClient: Client | null = null;
  private worker: RunningWorker | null = null;
  /** Every consumer made on this runtime's Kafka client, so a failed start attempt or stop disconnects them all. */
  private readonly consumers = new Set<Consumer>();
  private stopping = false;
  private readonly stopSignal = new AbortController();
  private starting: Promise<void> | null = null;
  private started = false;
  /** 'up', or why not yet: what readiness reports while start waits. */
  private readonly progress: Record<Dependency, string> = {
    kafka: 'not connected yet',
    temporal: 'not connected yet',
    consumers: 'waiting for Kafka and Temporal',
  };

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
    const makeConsumer = this.kafka.consumer.bind(this.kafka);
    this.kafka.consumer = (consumerConfig: ConsumerConfig) => {
      const consumer = makeConsumer(consumerConfig);
      this.consumers.add(consumer);
      return consumer;
    };
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

  /** The Temporal client; until start has connected it, a 503 the caller may retry. */
  get temporal(): Client {
    if (!this.temporalClient) {
      throw new DomainError(503, 'dependency.unavailable', {
        'zh-CN': '工作流服务（Temporal）尚未连接，请稍后重试',
        en: 'The workflow service (Temporal) is not connected yet; retry in a moment',
      });
    }
    return this.temporalClient;
  }

  /**
   * Resolves once everything runs, or once the runtime is stopped while it still waits (see the class
   * comment): it rejects only when the database cannot be reached or the service's own definition fails.
   */
  start(): Promise<void> {
    this.starting ??= this.startAll();
    return this.starting;
  }

  private async startAll(): Promise<void> {
    const began = Date.now();
    await pingDatabase(this.db);
    // built once, outside the retries: a mistake in them is a bug to report, not a dependency to wait for
    const activities = this.config.runWorker ? this.definition.activities(this) : null;
    const [kafka, temporal] = await Promise.all([
      this.untilUp('kafka', () => this.connectKafka()).then((up) => {
        if (up && !this.stopping) this.relay.start(); // events committed meanwhile leave now
        return up;
      }),
      this.untilUp('temporal', () => this.connectTemporal(activities)),
    ]);
    if (!kafka || !temporal) return;
    // consumers last: their handlers may need Temporal
    if (!(await this.untilUp('consumers', () => this.startConsumers()))) return;
    this.started = true;
    this.logger.info(
      { taskQueue: this.definition.taskQueue, consumers: this.consumers.size, ms: Date.now() - began },
      'runtime started',
    );
  }

  /** Try until it works or the runtime stops; false when stopped. */
  private async untilUp(what: Dependency, attempt: () => Promise<void>): Promise<boolean> {
    const initialMs = this.definition.startRetry?.initialMs ?? 500;
    const maxMs = this.definition.startRetry?.maxMs ?? 15_000;
    for (let n = 1; ; n++) {
      if (this.stopping) return false;
      try {
        await attempt();
        this.throwIfStopping();
        this.progress[what] = 'up';
        if (n > 1) this.logger.info({ dependency: what, attempts: n }, `${what} is up`);
        return true;
      } catch (e) {
        if (this.stopping) return false;
        const reason = what === 'temporal' ? (e as Error).message : describeKafkaError(e);
        // ±20 % so replicas restarted together do not retry in step
        const delayMs = Math.round(Math.min(maxMs, initialMs * 2 ** Math.min(n - 1, 20)) * (0.8 + Math.random() * 0.4));
        this.progress[what] = `${reason} (attempt ${n}; retrying)`;
        this.logger.warn(
          {
            dependency: what,
            attempt: n,
            retryInMs: delayMs,
            err: reason,
            ...(what === 'temporal' ? {} : { transient: isTransientKafkaError(e) }),
          },
          `${what} not ready yet; retrying`,
        );
        await this.pause(delayMs);
      }
    }
  }

  private throwIfStopping(): void {
    if (this.stopping) throw new StartAbandoned();
  }

  private pause(ms: number): Promise<void> {
    const signal = this.stopSignal.signal;
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }

  private async connectKafka(): Promise<void> {
    try {
      await this.admin.connect();
      this.throwIfStopping();
      const created = await ensureTopics(this.admin, this.definition.topics, this.config.kafka.partitions, {
        signal: this.stopSignal.signal,
      });
      if (created.length) this.logger.info({ topics: created }, 'created Kafka topics');
      this.throwIfStopping();
      await this.producer.connect();
    } catch (e) {
      // the next attempt starts from nothing: a half-connected client may keep a stale view of a broker that was still starting
      await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
      throw e;
    }
  }

  private async connectTemporal(activities: object | null): Promise<void> {
    try {
      this.temporalClient ??= await connectTemporalClient(this.config.temporal);
      this.throwIfStopping();
      if (activities && !this.worker) {
        const worker = await startActivityWorker(this.config.temporal, this.definition.taskQueue, activities);
        worker.done.catch((e) => this.logger.error({ err: e }, 'activity worker stopped with an error'));
        this.worker = worker;
        this.throwIfStopping();
      }
    } catch (e) {
      if (this.stopping) await this.closeTemporal(); // stop may have drained before this attempt got its answer
      throw e;
    }
  }

  private async closeTemporal(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.shutdown().catch(() => undefined);
    const client = this.temporalClient;
    this.temporalClient = null;
    await client?.connection.close().catch(() => undefined);
  }

  private async startConsumers(): Promise<void> {
    try {
      await this.definition.consumers?.(this);
    } catch (e) {
      await this.disconnectConsumers(); // including those made before the one that failed
      throw e;
    }
  }

  private async disconnectConsumers(): Promise<void> {
    const all = [...this.consumers];
    this.consumers.clear();
    await Promise.allSettled(all.map((c) => c.disconnect()));
  }

  /** Drain in reverse order; each step is bounded so shutdown always finishes. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.stopSignal.abort();
    const bounded = (p: Promise<unknown>) =>
      Promise.race([
        p,
        new Promise((_, reject) =>
          setTimeout(() => reject(new Error('timed out')), this.config.shutdownGraceMs).unref(),
        ),
      ]);
    // a start still waiting lets go at its next step, so nothing it opens outlives the drain below
    await bounded(this.starting ?? Promise.resolve()).catch(() => undefined);
    const steps: [string, () => Promise<unknown>][] = [
      ['consumers', () => this.disconnectConsumers()],
      ['temporal worker', () => this.worker?.shutdown() ?? Promise.resolve()],
      ['outbox relay', () => this.relay.stop()],
      ['kafka producer', () => this.producer.disconnect()],
      ['kafka admin', () => this.admin.disconnect()],
      ['temporal client', () => this.temporalClient?.connection.close() ?? Promise.resolve()],
      ['database', () => this.db.$disconnect()],
    ];
    for (const [what, fn] of steps) {
      await bounded(fn()).catch((e) =>
        this.logger.warn({ step: what, err: (e as Error).message }, 'shutdown step failed'),
      );
    }
    this.logger.info('runtime stopped');
  }

  /** Readiness: every dependency answers and start has finished (while it waits, which one and why). */
  async readiness(): Promise<{ ok: boolean; checks: Record<string, 'up' | string> }> {
    const check = async (fn: () => Promise<unknown>) => {
      try {
        await Promise.race([
          fn(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3000).unref()),
        ]);
        return 'up';
      } catch (e) {
        return `down: ${(e as Error).message}`;
      }
    };
    const waiting = (what: Dependency) => `down: ${this.stopping ? 'stopping' : this.progress[what]}`;
    const [database, kafka, temporal] = await Promise.all([
      check(() => pingDatabase(this.db)),
      this.progress.kafka === 'up' ? check(() => kafkaReachable(this.admin)) : waiting('kafka'),
      this.progress.temporal === 'up' && this.temporalClient
        ? check(() => temporalReachable(this.temporalClient as Client))
        : waiting('temporal'),
    ]);
    const checks = {
      database,
      kafka,
      temporal,
      consumers: this.progress.consumers === 'up' ? 'up' : waiting('consumers'),
    };
    return { ok: Object.values(checks).every((v) => v === 'up') && this.started && !this.stopping, checks };
  }
}
