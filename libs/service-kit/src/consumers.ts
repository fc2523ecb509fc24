import type { Consumer } from 'kafkajs';
import { type EventHandler, startIdempotentConsumer } from '@fupin/messaging';
import type { BaseServiceConfig } from '@fupin/config';
import type { ServiceRuntime } from './runtime';

/**
 * A service's idempotent consumer on its own Kafka client and database, with every outcome counted in
 * the service's metrics and the ones not handled (rejected by the contract, failed) logged.
 */
export function startServiceConsumer<C extends BaseServiceConfig>(
  runtime: ServiceRuntime<C>,
  options: { groupId: string; topics: string[]; handlers: Record<string, EventHandler> },
): Promise<Consumer> {
  return startIdempotentConsumer({
    kafka: runtime.kafka,
    db: runtime.db,
    ...options,
    onOutcome: (topic, outcome, detail) => {
      runtime.metrics.eventsConsumed.inc({ topic, outcome });
      if (outcome === 'rejected' || outcome === 'failed')
        runtime.logger.warn({ topic, outcome, detail }, 'event not handled');
    },
  });
}
