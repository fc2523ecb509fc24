/**
 * The slice of a Prisma client (or interactive-transaction client) the platform libs need.
 * Every generated client satisfies it, so libs stay independent of any one service's schema.
 */
export interface SqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
  $queryRawUnsafe<T = unknown>(query: string, ...values: unknown[]): Promise<T>;
}

export interface TransactionOptions {
  timeout?: number;
  maxWait?: number;
  isolationLevel?: 'ReadCommitted' | 'RepeatableRead' | 'Serializable';
}

export interface TransactionalClient extends SqlExecutor {
  $transaction<R>(fn: (tx: SqlExecutor) => Promise<R>, options?: TransactionOptions): Promise<R>;
  $disconnect(): Promise<void>;
}

/** Readiness probe for a database. */
export async function pingDatabase(db: SqlExecutor): Promise<void> {
  await db.$queryRawUnsafe('SELECT 1');
}
