import { createPrismaClient } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/**
 * industry-service's database: its generated Prisma client. Repositories take it with `@InjectDb()`; where SQL earns
 * its place (ON CONFLICT upserts, locks) the rows are typed with the models' types, so a schema change breaks the build.
 */
export type IndustryDb = PrismaClient;

export function createDb(databaseUrl: string): IndustryDb {
  return createPrismaClient(PrismaClient, databaseUrl);
}

/** The runtime's database with its type, for the Kafka handlers built outside Nest (see relocation-service/db.ts). */
export function industryDb(runtime: Pick<ServiceRuntime, 'db'>): IndustryDb {
  const db = runtime.db as IndustryDb;
  if (typeof db.partner?.findUnique !== 'function')
    throw new Error('the runtime database is not the industry Prisma client');
  return db;
}

/** The client inside `db.$transaction(async (tx) => …)`. */
export type IndustryTx = Prisma.TransactionClient;
