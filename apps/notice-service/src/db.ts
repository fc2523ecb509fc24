import { createPrismaClient } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/**
 * notice-service's database: its generated Prisma client. Repositories take it with `@InjectDb()` and use the models
 * for ordinary reads and writes; where SQL earns its place (row locks, ON CONFLICT, bulk inserts, the database clock)
 * the rows are typed with the models' types (`Pick<Notice, …>`), so a change to schema.prisma breaks the build.
 */
export type NoticeDb = PrismaClient;
/**
 * The client inside `db.$transaction(async (tx) => …)`: the same models, in the transaction. A function that works
 * inside a transaction or outside takes this type (the client is one too).
 */
export type NoticeTx = Prisma.TransactionClient;

export function createDb(databaseUrl: string): NoticeDb {
  return createPrismaClient(PrismaClient, databaseUrl);
}

/**
 * The runtime's database with its type, for the activities built outside Nest. The runtime holds it as the
 * platform's SQL-only `TransactionalClient`, but it is the client createDb made (service.ts). Prisma's client is a
 * proxy, not an instance of its class, so this is the one cast — after checking that the client has this service's
 * models.
 */
export function noticeDb(runtime: Pick<ServiceRuntime, 'db'>): NoticeDb {
  const db = runtime.db as NoticeDb;
  if (typeof db.notice?.findUnique !== 'function')
    throw new Error('the runtime database is not the notice Prisma client');
  return db;
}
