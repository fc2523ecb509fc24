import { createPrismaClient } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/**
 * medical-aid-service's database: its generated Prisma client. Repositories take it with `@InjectDb()` and use the
 * models for ordinary reads and writes; where SQL earns its place (row locks, ON CONFLICT, reports, the database
 * clock) the rows are typed with the models' types (`Pick<Claim, …>`), so a change to schema.prisma breaks the build.
 */
export type MedicalAidDb = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`: the same models, in the transaction. */
export type MedicalAidTx = Prisma.TransactionClient;

export function createDb(databaseUrl: string): MedicalAidDb {
  return createPrismaClient(PrismaClient, databaseUrl);
}

/**
 * The runtime's database with its type, for the activities and Kafka handlers built outside Nest. The runtime holds it as the
 * platform's SQL-only `TransactionalClient`, but it is the client createDb made (service.ts). Prisma's client is a
 * proxy, not an instance of its class, so this is the one cast — after checking that the client has this service's
 * models.
 */
export function medicalAidDb(runtime: Pick<ServiceRuntime, 'db'>): MedicalAidDb {
  const db = runtime.db as MedicalAidDb;
  if (typeof db.claim?.findUnique !== 'function')
    throw new Error('the runtime database is not the medical-aid Prisma client');
  return db;
}

/** A `@db.Date` column as the day it holds (Prisma reads it as midnight UTC): `YYYY-MM-DD`. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
