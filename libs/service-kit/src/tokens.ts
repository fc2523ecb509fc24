import { Inject } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import type { Logger } from '@fupin/observability';
import type { TransactionalClient } from '@fupin/persistence';
import type { ServiceRuntime } from './runtime';

/**
 * Narrow injection tokens: a feature module's repository takes the database, its service takes the workflow client
 * (and its repository), a controller takes its service — never the whole runtime (Kafka, relay, worker, …).
 *
 *   constructor(@InjectDb() private readonly db: Db) {}
 *   constructor(@InjectWorkflows() private readonly workflows: Workflows) {}
 */
export const DB = Symbol('DB');
export const WORKFLOWS = Symbol('WORKFLOWS');
export const SERVICE_CONFIG = Symbol('SERVICE_CONFIG');
export const LOGGER = Symbol('LOGGER');

/** This service's own database (its Prisma client, with transactions); events go to its outbox inside them. */
export type Db = TransactionalClient;

/**
 * The Temporal client. `temporal` is read at call time: until start has connected it, reading it answers 503
 * `dependency.unavailable` (see ServiceRuntime), so a request never holds a stale or missing client.
 */
export interface Workflows {
  readonly temporal: Client;
}

export const InjectDb = (): ParameterDecorator => Inject(DB);
export const InjectWorkflows = (): ParameterDecorator => Inject(WORKFLOWS);
/** The service's validated configuration (its own config type, e.g. IdentificationConfig). */
export const InjectConfig = (): ParameterDecorator => Inject(SERVICE_CONFIG);
export const InjectLogger = (): ParameterDecorator => Inject(LOGGER);

/** The providers of the narrow tokens, all read from the one runtime. */
export function runtimeProviders(runtime: ServiceRuntime) {
  const workflows: Workflows = {
    get temporal() {
      return runtime.temporal;
    },
  };
  return [
    { provide: DB, useValue: runtime.db },
    { provide: WORKFLOWS, useValue: workflows },
    { provide: SERVICE_CONFIG, useValue: runtime.config },
    { provide: LOGGER, useValue: runtime.logger as Logger },
  ];
}
