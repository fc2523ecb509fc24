// Apply each service's Prisma migrations (apps/<service>/prisma/migrations/*/migration.sql) to its
// database, in order, each in one transaction, recorded in Prisma's own `_prisma_migrations` table
// (same columns and sha256 checksum), so `prisma migrate status/deploy` agree with what ran here.
// An applied migration whose file changed afterwards is refused (checksum mismatch).
//   node tools/stack/migrate.mjs <service> [<database url>]     (default url: <PREFIX>_DATABASE_URL)
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { repoRoot, services } from './layout.mjs';

const LOCK = 72_410_003;

export async function migrateService(serviceName, databaseUrl, log = (m) => process.stdout.write(`${m}\n`)) {
  const { default: pg } = await import('pg');
  const dir = path.join(repoRoot, 'apps', serviceName, 'prisma', 'migrations');
  const migrations = fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
        .map((d) => d.name)
        .sort()
    : [];
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const applied = [];
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL, "checksum" VARCHAR(64) NOT NULL, "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL, "logs" TEXT, "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(), "applied_steps_count" INTEGER NOT NULL DEFAULT 0)`);
    const done = new Map(
      (
        await client.query(
          `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
        )
      ).rows.map((r) => [r.migration_name, r.checksum]),
    );
    for (const name of migrations) {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = crypto.createHash('sha256').update(sql).digest('hex');
      if (done.has(name)) {
        if (done.get(name) !== checksum)
          throw new Error(
            `${serviceName}: migration ${name} was edited after it was applied (checksum differs); add a new migration instead`,
          );
        continue;
      }
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, $2, now(), $3, 1)`,
          [crypto.randomUUID(), checksum, name],
        );
        await client.query('COMMIT');
      } catch (e) {
        await client.query('ROLLBACK');
        throw new Error(`${serviceName}: migration ${name} failed and was rolled back: ${e.message}`);
      }
      applied.push(name);
      log(`  ${serviceName}: applied ${name}`);
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK]).catch(() => {});
    await client.end();
  }
  return applied;
}

export async function migrateAll(env, log) {
  let total = 0;
  for (const svc of services) {
    const key = `${svc.name
      .replace(/-service$/, '')
      .replace(/-/g, '_')
      .toUpperCase()}_DATABASE_URL`;
    total += (await migrateService(svc.name, env[key], log)).length;
  }
  return total;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [serviceName, url] = process.argv.slice(2);
  const svc = services.find((s) => s.name === serviceName);
  if (!svc) {
    console.error(`usage: node tools/stack/migrate.mjs <${services.map((s) => s.name).join('|')}> [database url]`);
    process.exit(2);
  }
  const key = `${svc.name
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase()}_DATABASE_URL`;
  const databaseUrl = url ?? process.env[key] ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(`${key} (or DATABASE_URL) is required`);
    process.exit(2);
  }
  migrateService(svc.name, databaseUrl).then(
    (applied) => console.log(`${svc.name}: ${applied.length} migration(s) applied`),
    (e) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
