import { createHash } from 'node:crypto';
import type { SqlExecutor } from './sql-client';

export class IdempotencyConflict extends Error {
  constructor(readonly key: string) {
    super(`idempotency key "${key}" was already used for a different request`);
    this.name = 'IdempotencyConflict';
  }
}

export function requestHash(body: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify(body ?? null))
    .digest('hex');
}

export interface StoredResponse<T> {
  status: number;
  body: T;
  replayed: boolean;
}

/**
 * Run `fn` once per (scope, key) inside the caller's transaction. A repeat with the same request
 * returns the stored answer; a repeat with a different request is refused. The key row is inserted
 * first, so two concurrent first attempts serialise on its primary key and only one does the work.
 */
export async function onceForKey<T>(
  tx: SqlExecutor,
  scope: string,
  key: string,
  request: unknown,
  fn: () => Promise<{ status: number; body: T }>,
): Promise<StoredResponse<T>> {
  const hash = requestHash(request);
  const inserted = await tx.$executeRawUnsafe(
    `INSERT INTO idempotency_key (scope, key, request_hash, status, response) VALUES ($1, $2, $3, 0, 'null'::jsonb) ON CONFLICT DO NOTHING`,
    scope,
    key,
    hash,
  );
  if (inserted === 0) {
    const rows = await tx.$queryRawUnsafe<{ request_hash: string; status: number; response: T }[]>(
      `SELECT request_hash, status, response FROM idempotency_key WHERE scope = $1 AND key = $2`,
      scope,
      key,
    );
    const row = rows[0];
    if (!row || row.request_hash !== hash) throw new IdempotencyConflict(key);
    return { status: row.status, body: row.response, replayed: true };
  }
  const result = await fn();
  await tx.$executeRawUnsafe(
    `UPDATE idempotency_key SET status = $3, response = $4::jsonb WHERE scope = $1 AND key = $2`,
    scope,
    key,
    result.status,
    JSON.stringify(result.body),
  );
  return { ...result, replayed: false };
}
