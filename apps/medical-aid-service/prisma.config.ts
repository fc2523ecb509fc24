// Prisma 7 reads the datasource URL from here. DATABASE_URL is set by tools/stack/migrate.mjs (or ops);
// `prisma generate` needs no database, so a placeholder keeps it working without one.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: path.join(__dirname, 'prisma'),
  migrations: { path: path.join(__dirname, 'prisma', 'migrations') },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://unset@127.0.0.1:1/unset' },
});
