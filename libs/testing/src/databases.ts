import fs from 'node:fs';
import path from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import { requireEnv } from './wait';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database with one service's migrations applied, for an isolated integration test: a copy of a template
 * database migrated once per set of migrations by the platform's one migration path (tools/stack/migrate.mjs →
 * `prisma migrate deploy`), so the tests run on exactly what the stack and production run.
 */
export async function createTestDatabase(service: string): Promise<TestDatabase> {
  const adminUrl = requireEnv('DATABASE_ADMIN_URL');
  const template = await migratedTemplate(adminUrl, service);
  const name = `test_${service.replace(/-/g, '_')}_${randomUUID().slice(0, 8)}`;
  await withAdmin(adminUrl, (admin) => cloneDatabase(admin, template, name));
  return {
    url: databaseUrl(adminUrl, name),
    name,
    drop: () => withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => {}),
  };
}

const databaseUrl = (adminUrl: string, name: string) => adminUrl.replace(/\/[^/]*$/, `/${name}`);

async function withAdmin<T>(adminUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** `tmpl_<service>_<hash of its migrations>`, created (and older ones dropped) under a lock the first time. */
async function migratedTemplate(adminUrl: string, service: string): Promise<string> {
  const dir = path.join(repoRoot, 'apps', service, 'prisma', 'migrations');
  const hash = createHash('sha256');
  for (const m of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, m, 'migration.sql');
    if (fs.existsSync(file)) hash.update(m).update(fs.readFileSync(file));
  }
  const prefix = `tmpl_${service.replace(/-/g, '_')}_`;
  const template = `${prefix}${hash.digest('hex').slice(0, 12)}`;
  return withAdmin(adminUrl, async (admin) => {
    await admin.query('SELECT pg_advisory_lock(72410004)');
    try {
      const existing = (
        await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [`${prefix}%`])
      ).rows.map((r) => r.datname);
      if (existing.includes(template)) return template;
      for (const old of existing) await admin.query(`DROP DATABASE IF EXISTS "${old}" WITH (FORCE)`);
      const building = `${template}_building`;
      await admin.query(`CREATE DATABASE "${building}"`);
      execFileSync(
        process.execPath,
        [path.join(repoRoot, 'tools', 'stack', 'migrate.mjs'), service, databaseUrl(adminUrl, building)],
        {
          stdio: ['ignore', 'ignore', 'pipe'],
          timeout: 300_000,
        },
      );
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${template}"`);
      return template;
    } finally {
      await admin.query('SELECT pg_advisory_unlock(72410004)');
    }
  });
}

/** CREATE DATABASE … TEMPLATE, retried while another test's clone of the same template holds it for a moment. */
async function cloneDatabase(admin: Client, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      return;
    } catch (e) {
      if (attempt >= 50 || !/being accessed by other users/.test((e as Error).message)) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
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
