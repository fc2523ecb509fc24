#!/usr/bin/env node
// Prints the schema engine for PRISMA_SCHEMA_ENGINE_BINARY: the native binary in
// node_modules/@prisma/engines when it was downloaded, else the WASM wrapper (bin/schema-engine.cjs).
//   PRISMA_SCHEMA_ENGINE_BINARY=$(node tools/prisma-schema-engine/resolve.mjs) npx prisma migrate diff ...
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { resolveSchemaEngineBinary, findNativeSchemaEngine, wrapperPath } = require('./index.js');

export { resolveSchemaEngineBinary, findNativeSchemaEngine, wrapperPath };

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${resolveSchemaEngineBinary()}\n`);
}
