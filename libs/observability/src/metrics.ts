import { Registry, collectDefaultMetrics, Counter, Histogram, Gauge } from 'prom-client';

/** One Prometheus registry per service process, with default Node metrics and the platform's own. */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly outboxPublished: Counter<'topic'>;
  readonly outboxPending: Gauge;
  readonly eventsConsumed: Counter<'topic' | 'outcome'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration',
      labelNames: ['method', 'route'],
      buckets: [0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.outboxPublished = new Counter({
      name: 'outbox_events_published_total',
      help: 'Outbox events published to Kafka',
      labelNames: ['topic'],
      registers: [this.registry],
    });
    this.outboxPending = new Gauge({
      name: 'outbox_events_pending',
      help: 'Outbox events not yet published (last relay pass)',
      registers: [this.registry],
    });
    this.eventsConsumed = new Counter({
      name: 'events_consumed_total',
      help: 'Kafka events consumed',
      labelNames: ['topic', 'outcome'],
      registers: [this.registry],
    });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
