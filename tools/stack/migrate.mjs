// Apply each service's Prisma migrations (apps/<service>/prisma/migrations/*/migration.sql) to its database with
// `prisma migrate deploy` — the one migration path for the stack, the tests and the container's migrate step
// (docs/adr/0014). Prisma's engine comes from tools/prisma-schema-engine (the native binary when it downloaded, else
// the offline WASM wrapper). Before deploying, a migration edited after it was applied is refused: Prisma's deploy
// would skip it silently, so its checksum is compared with the one recorded in `_prisma_migrations`.
//   node tools/stack/migrate.mjs <service> [<database url>]     (default url: <PREFIX>_DATABASE_URL)
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { repoRoot, services } from './layout.mjs';
import { schemaEngineEnv } from './prisma-env.mjs';

const require = createRequire(import.meta.url);

/** The service's migrations, oldest first, with the sha256 Prisma records for each. */
export function migrationsOf(serviceName) {
  const dir = path.join(repoRoot, 'apps', serviceName, 'prisma', 'migrations');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(path.join(dir, name, 'migration.sql'));
      return { name, checksum: crypto.createHash('sha256').update(sql).digest('hex') };
    });
}

/** Migrations recorded as applied in the database (none when Prisma's table does not exist yet). */
async function appliedMigrations(databaseUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass('"_prisma_migrations"') AS t`);
    if (!table.rows[0].t) return new Map();
    const rows = await client.query(
      `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    return new Map(rows.rows.map((r) => [r.migration_name, r.checksum]));
  } finally {
    await client.end();
  }
}

function prismaDeploy(serviceName, databaseUrl) {
  const cli = require.resolve('prisma/build/index.js', { paths: [repoRoot] });
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cli, 'migrate', 'deploy'],
      {
        cwd: path.join(repoRoot, 'apps', serviceName),
        env: {
          ...process.env,
          ...schemaEngineEnv(),
          DATABASE_URL: databaseUrl,
          NO_COLOR: '1',
          PRISMA_HIDE_UPDATE_MESSAGE: '1',
          CHECKPOINT_DISABLE: '1',
        },
        timeout: 300_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const detail = `${stderr}\n${stdout}`.trim().split('\n').slice(-12).join('\n');
        reject(new Error(`${serviceName}: prisma migrate deploy failed:\n${detail}`));
      },
    );
  });
}

/** Applies the service's pending migrations; returns their names. */
export async function migrateService(serviceName, databaseUrl, log = (m) => process.stdout.write(`${m}\n`)) {
  const migrations = migrationsOf(serviceName);
  if (migrations.length === 0) return [];
  const done = await appliedMigrations(databaseUrl);
  for (const m of migrations)
    if (done.has(m.name) && done.get(m.name) !== m.checksum)
      throw new Error(
        `${serviceName}: migration ${m.name} was edited after it was applied (checksum differs); add a new migration instead`,
      );
  const pending = migrations.filter((m) => !done.has(m.name)).map((m) => m.name);
  if (pending.length === 0) return [];
  await prismaDeploy(serviceName, databaseUrl);
  for (const name of pending) log(`  ${serviceName}: applied ${name}`);
  return pending;
}

export async function migrateAll(env, log) {
  let total = 0;
  for (const svc of services) total += (await migrateService(svc.name, env[databaseUrlKey(svc.name)], log)).length;
  return total;
}

export const databaseUrlKey = (serviceName) =>
  `${serviceName
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase()}_DATABASE_URL`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const [serviceName, url] = process.argv.slice(2);
  const svc = services.find((s) => s.name === serviceName);
  if (!svc) {
    console.error(`usage: node tools/stack/migrate.mjs <${services.map((s) => s.name).join('|')}> [database url]`);
    process.exit(2);
  }
  const databaseUrl = url ?? process.env[databaseUrlKey(svc.name)] ?? process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(`${databaseUrlKey(svc.name)} (or DATABASE_URL) is required`);
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
