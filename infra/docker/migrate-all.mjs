// Migration job for containers (compose `migrate`, Kubernetes Job `fupin-migrate`, image: the Dockerfile's `migrate`
// target): apply every service's migrations with `prisma migrate deploy` (tools/stack/migrate.mjs, docs/adr/0014).
// Reads <PREFIX>_DATABASE_URL for each service. When DATABASE_ADMIN_URL is set, first creates any
// service database that is missing (database name = the path of the service's URL).
//   node infra/docker/migrate-all.mjs
import { services } from '../../tools/stack/layout.mjs';
import { migrateAll } from '../../tools/stack/migrate.mjs';

const keyOf = (name) =>
  `${name
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase()}_DATABASE_URL`;

async function createMissingDatabases(adminUrl) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    for (const svc of services) {
      const db = decodeURIComponent(new URL(process.env[keyOf(svc.name)]).pathname.slice(1));
      if (!/^[a-z_][a-z0-9_]*$/.test(db))
        throw new Error(`${keyOf(svc.name)}: database name "${db}" is not a plain identifier`);
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (exists.rowCount === 0) {
        await client.query(`CREATE DATABASE "${db}"`);
        console.log(`  created database ${db}`);
      }
    }
  } finally {
    await client.end();
  }
}

try {
  const missing = services.map((s) => keyOf(s.name)).filter((k) => !process.env[k]);
  if (missing.length) throw new Error(`missing environment: ${missing.join(', ')}`);
  if (process.env.DATABASE_ADMIN_URL) await createMissingDatabases(process.env.DATABASE_ADMIN_URL);
  const applied = await migrateAll(process.env);
  console.log(`migrations: ${applied} applied across ${services.length} services`);
} catch (e) {
  console.error(`migrate-all: ${e.message}`);
  process.exit(1);
}
