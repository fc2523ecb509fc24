import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { requireEnv } from './wait';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database with one service's migrations applied, for an isolated integration test. */
export async function createTestDatabase(service: string): Promise<TestDatabase> {
  const adminUrl = requireEnv('DATABASE_ADMIN_URL');
  const name = `test_${service.replace(/-/g, '_')}_${randomUUID().slice(0, 8)}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const db = new Client({ connectionString: url });
  await db.connect();
  const dir = path.join(repoRoot, 'apps', service, 'prisma', 'migrations');
  for (const m of fs
    .readdirSync(dir)
    .filter((d) => fs.existsSync(path.join(dir, d, 'migration.sql')))
    .sort()) {
    await db.query(fs.readFileSync(path.join(dir, m, 'migration.sql'), 'utf8'));
  }
  await db.end();
  return {
    url,
    name,
    async drop() {
      const c = new Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

/** A direct superuser connection, for tests that must do what the application never does (tampering). */
export async function withSuperuser<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
