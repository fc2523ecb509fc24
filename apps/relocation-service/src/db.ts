import { createPrismaClient } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/**
 * relocation-service's database: its generated Prisma client. Repositories take it with `@InjectDb()` and use the
 * models for ordinary reads and writes; where SQL earns its place (ON CONFLICT upserts, orderings the models cannot
 * express) the rows are typed with the models' types (`Pick<RegisteredPerson, …>`), so a change to schema.prisma
 * breaks the build.
 */
export type RelocationDb = PrismaClient;

export function createDb(databaseUrl: string): RelocationDb {
  return createPrismaClient(PrismaClient, databaseUrl);
}

/**
 * The runtime's database with its type, for the Kafka handlers built outside Nest. The runtime holds it as the
 * platform's SQL-only `TransactionalClient`, but it is the client createDb made (service.ts). Prisma's client is a
 * proxy, not an instance of its class, so this is the one cast — after checking that the client has this service's
 * models.
 */
export function relocationDb(runtime: Pick<ServiceRuntime, 'db'>): RelocationDb {
  const db = runtime.db as RelocationDb;
  if (typeof db.registeredHousehold?.findUnique !== 'function')
    throw new Error('the runtime database is not the relocation Prisma client');
  return db;
}

/** A `@db.Date` column as the day it holds (Prisma reads it as midnight UTC): `YYYY-MM-DD`. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

/** The client inside `db.$transaction(async (tx) => …)`: the same models, in the transaction. */
export type RelocationTx = Prisma.TransactionClient;
