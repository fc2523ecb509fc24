import { createPrismaClient, type SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { type Prisma, PrismaClient } from './generated/prisma/client';

/**
 * identification-service's database: its generated Prisma client. Repositories take it with `@InjectDb()` and use the
 * models for ordinary reads and writes; where SQL earns its place (bulk imports, batched round activities, reports,
 * row locks, ON CONFLICT, the database clock) the rows are typed with the models' types (`Pick<Household, …>`), so a
 * change to schema.prisma breaks the build.
 */
export type IdentificationDb = PrismaClient;
/** The client inside `db.$transaction(async (tx) => …)`: the same models, in the transaction. */
export type IdentificationTx = Prisma.TransactionClient;

export function createDb(databaseUrl: string): IdentificationDb {
  return createPrismaClient(PrismaClient, databaseUrl);
}

const hasModels = (db: unknown): boolean =>
  typeof (db as Partial<IdentificationTx> | null)?.household?.findUnique === 'function';

/**
 * The runtime's database with its type, for the activities and Kafka handlers built outside Nest. The runtime holds it
 * as the platform's SQL-only `TransactionalClient`, but it is the client createDb made (service.ts). Prisma's client is
 * a proxy, not an instance of its class, so this is a cast — after checking that the client has this service's models.
 */
export function identificationDb(runtime: Pick<ServiceRuntime, 'db'>): IdentificationDb {
  if (!hasModels(runtime.db)) throw new Error('the runtime database is not the identification Prisma client');
  return runtime.db as IdentificationDb;
}

/**
 * The same for an executor handed over as the platform's `SqlExecutor` (the runtime's client, or a transaction an
 * activity opened on it): the repository functions the activities call take that type, and read through the models
 * in the caller's transaction.
 */
export function identificationTx(executor: SqlExecutor): IdentificationTx {
  if (!hasModels(executor)) throw new Error('the executor is not the identification Prisma client');
  return executor as IdentificationTx;
}

/** A `@db.Date` column as the day it holds (Prisma reads it as midnight UTC): `YYYY-MM-DD`. */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Lowercase<C> ? C : `_${Lowercase<C>}`}${SnakeCase<Rest>}`
  : S;

/**
 * A model's fields under their column names (`villageCode` → `village_code`; schema.prisma maps every field so, which
 * db.spec.ts holds): the shape of a raw SQL row that selects the columns as they are, and of the rows the feature
 * services read by column name. `Columns<Pick<ExitRound, 'id' | 'villageCode'>>` is `{ id: string; village_code: string }`.
 */
export type Columns<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] };

/** A model row (from a model call) under its column names: the shape the feature services read. */
export function asColumns<T extends object>(row: T): Columns<T> {
  return Object.fromEntries(
    Object.entries(row).map(([field, value]) => [field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), value]),
  ) as Columns<T>;
}

/** The columns of a LEFT JOIN's right side: null when nothing matched. */
export type Nullable<T> = { [K in keyof T]: T[K] | null };
