// The offline schema engine (WASM wrapper) driven by the real Prisma CLI against the test stack's
// PostgreSQL (DATABASE_ADMIN_URL): diff, deploy + status, and "hand-written migrations match
// schema.prisma" for every service. Each test works in its own pse_* database, dropped afterwards.
//   source .stack/test/env.sh && npx jest --selectProjects integration -- tools/prisma-schema-engine
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { wrapperPath } = require('./index.js') as { wrapperPath: string };

const repoRoot = path.resolve(__dirname, '..', '..');
const prismaCli = require.resolve('prisma/build/index.js', { paths: [repoRoot] });
const services = fs
  .readdirSync(path.join(repoRoot, 'apps'))
  .filter((d) => fs.existsSync(path.join(repoRoot, 'apps', d, 'prisma', 'migrations')))
  .sort();

const adminUrl = process.env.DATABASE_ADMIN_URL;
if (!adminUrl) throw new Error('DATABASE_ADMIN_URL is not set: source .stack/test/env.sh first');

const dbUrl = (name: string) => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: adminUrl });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const created: string[] = [];
async function freshDatabase(tag: string): Promise<string> {
  const name = `pse_${tag.replace(/[^a-z0-9]/g, '_')}_${randomUUID().slice(0, 8)}`;
  await admin((c) => c.query(`CREATE DATABASE "${name}"`));
  created.push(name);
  return dbUrl(name);
}

const shadowDatabases = () =>
  admin(async (c) =>
    (await c.query(`SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`)).rows.map(
      (r) => r.datname as string,
    ),
  );

function prisma(service: string, args: string[], databaseUrl?: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [prismaCli, ...args],
      {
        cwd: path.join(repoRoot, 'apps', service),
        env: {
          ...process.env,
          PRISMA_SCHEMA_ENGINE_BINARY: wrapperPath,
          DATABASE_URL: databaseUrl ?? 'postgresql://unset@127.0.0.1:1/unset',
          NO_COLOR: '1',
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          CHECKPOINT_DISABLE: '1',
        },
        timeout: 120_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, out: `${stdout}\n${stderr}` });
      },
    );
  });
}

describe('Prisma schema engine (WASM wrapper) on real PostgreSQL', () => {
  jest.setTimeout(180_000);
  let shadowBefore: string[];

  beforeAll(async () => {
    shadowBefore = await shadowDatabases();
  });

  afterAll(async () => {
    await admin(async (c) => {
      for (const name of created) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  });

  it('finds all five services', () => {
    expect(services).toHaveLength(5);
  });

  it('migrate diff --from-empty --to-schema --script prints CREATE TABLE for the models (no database needed)', async () => {
    const { code, out } = await prisma('medical-aid-service', [
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema',
      'prisma',
      '--script',
    ]);
    expect({ code, out }).toMatchObject({ code: 0 });
    for (const table of [
      'insured_person',
      'enrollment',
      'outbox_event',
      'processed_event',
      'idempotency_key',
      'audit_record',
    ]) {
      expect(out).toContain(`CREATE TABLE "${table}"`);
    }
    expect(out).toContain(`CREATE TYPE "EnrollmentStatus" AS ENUM`);
  });

  it('migrate deploy on a fresh database, then migrate status says up to date', async () => {
    const url = await freshDatabase('deploy');
    const deploy = await prisma('medical-aid-service', ['migrate', 'deploy'], url);
    expect(deploy).toMatchObject({ code: 0 });
    expect(deploy.out).toMatch(/All migrations have been successfully applied/);

    const status = await prisma('medical-aid-service', ['migrate', 'status'], url);
    expect(status).toMatchObject({ code: 0 });
    expect(status.out).toMatch(/Database schema is up to date/);

    // The whole script ran, `$$` function body and triggers included, and is recorded like our runner does.
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      const triggers = (await c.query(`SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`)).rows.map(
        (r) => r.tgname,
      );
      expect(triggers).toEqual(['audit_record_no_truncate', 'audit_record_no_update']);
      const applied = (
        await c.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`)
      ).rows.map((r) => r.migration_name);
      expect(applied).toEqual(
        fs
          .readdirSync(path.join(repoRoot, 'apps/medical-aid-service/prisma/migrations'))
          .filter((d) => /^\d/.test(d))
          .sort(),
      );
    } finally {
      await c.end();
    }
  });

  it.each(services)('%s: hand-written migrations have no drift against schema.prisma', async (service) => {
    const url = await freshDatabase(service.replace(/-service$/, ''));
    const diff = await prisma(
      service,
      ['migrate', 'diff', '--from-migrations', 'prisma/migrations', '--to-schema', 'prisma', '--script', '--exit-code'],
      url,
    );
    // exit 0 = no difference, 2 = drift (the output is the SQL that would bring the migrations to the schema)
    expect({ service, code: diff.code, out: diff.code === 0 ? '' : diff.out }).toEqual({ service, code: 0, out: '' });
  });

  it('drops every shadow database it created', async () => {
    const left = (await shadowDatabases()).filter((d) => !shadowBefore.includes(d));
    expect(left).toEqual([]);
  });
});
