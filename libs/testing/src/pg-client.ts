import { Pool, type PoolClient } from 'pg';
import type { SqlExecutor, TransactionalClient } from '@fupin/persistence';

function executor(q: Pool | PoolClient): SqlExecutor {
  return {
    async $executeRawUnsafe(query: string, ...values: unknown[]) {
      return (await q.query(query, values)).rowCount ?? 0;
    },
    async $queryRawUnsafe<T>(query: string, ...values: unknown[]) {
      return (await q.query(query, values)).rows as T;
    },
  };
}

/**
 * The platform libs' TransactionalClient over node-postgres, so lib integration tests run against
 * real PostgreSQL without depending on any one service's generated Prisma client.
 */
export function pgTransactionalClient(url: string): TransactionalClient {
  const pool = new Pool({ connectionString: url, max: 5 });
  return {
    ...executor(pool),
    async $transaction<R>(fn: (tx: SqlExecutor) => Promise<R>) {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const r = await fn(executor(c));
        await c.query('COMMIT');
        return r;
      } catch (e) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        c.release();
      }
    },
    $disconnect: () => pool.end(),
  };
}
