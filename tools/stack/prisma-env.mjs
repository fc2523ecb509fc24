// Which Prisma schema engine to use: the native binary when Prisma managed to download it, else
// the offline WASM wrapper in tools/prisma-schema-engine (see its README).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { repoRoot } from './layout.mjs';

const require = createRequire(import.meta.url);

export function schemaEngineEnv() {
  if (process.env.PRISMA_SCHEMA_ENGINE_BINARY)
    return { PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY };
  const resolver = path.join(repoRoot, 'tools', 'prisma-schema-engine', 'index.js');
  if (fs.existsSync(resolver)) return { PRISMA_SCHEMA_ENGINE_BINARY: require(resolver).resolveSchemaEngineBinary() };
  // `prisma generate` only checks that the engine file exists; migrations need the real wrapper above.
  return { PRISMA_SCHEMA_ENGINE_BINARY: process.execPath };
}
