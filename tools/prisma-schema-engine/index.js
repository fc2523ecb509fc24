// Which schema engine Prisma's CLI should run (PRISMA_SCHEMA_ENGINE_BINARY): the native binary when
// `prisma` managed to download it into @prisma/engines, else the offline WASM wrapper in ./bin.
// CommonJS so tools/stack/prisma-env.mjs can require() it; resolve.mjs is the command-line face.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const wrapperPath = path.join(__dirname, 'bin', 'schema-engine.cjs');
const repoRoot = path.resolve(__dirname, '..', '..');

// First bytes of an executable for this OS, so a truncated or foreign download is not taken.
const MAGIC = {
  linux: [[0x7f, 0x45, 0x4c, 0x46]],
  darwin: [
    [0xcf, 0xfa, 0xed, 0xfe],
    [0xca, 0xfe, 0xba, 0xbe],
  ],
  win32: [[0x4d, 0x5a]],
};

function isNativeExecutable(file, platform = process.platform) {
  try {
    const st = fs.statSync(file);
    if (!st.isFile() || st.size < 1024 * 1024) return false; // the real engine is tens of MB
    if (platform !== 'win32') fs.accessSync(file, fs.constants.X_OK);
    const head = Buffer.alloc(4);
    const fd = fs.openSync(file, 'r');
    try {
      fs.readSync(fd, head, 0, 4, 0);
    } finally {
      fs.closeSync(fd);
    }
    return (MAGIC[platform] ?? Object.values(MAGIC).flat()).some((m) => m.every((b, i) => head[i] === b));
  } catch {
    return false;
  }
}

function enginesDir(from = repoRoot) {
  try {
    return path.dirname(require.resolve('@prisma/engines/package.json', { paths: [from] }));
  } catch {
    return null;
  }
}

/** Path of a usable native schema engine in node_modules/@prisma/engines, or null. */
function findNativeSchemaEngine({ dir = enginesDir(), platform = process.platform } = {}) {
  if (!dir || !fs.existsSync(dir)) return null;
  const candidates = fs
    .readdirSync(dir)
    .filter((n) => /^schema-engine(-[A-Za-z0-9._-]+)?(\.exe)?$/.test(n) && !/\.(sha256|gz|tmp|lock)$/.test(n))
    .sort()
    .map((n) => path.join(dir, n));
  return candidates.find((f) => isNativeExecutable(f, platform)) ?? null;
}

/** What PRISMA_SCHEMA_ENGINE_BINARY should be: the native engine if present, else the WASM wrapper. */
function resolveSchemaEngineBinary(options) {
  return findNativeSchemaEngine(options) ?? wrapperPath;
}

module.exports = { resolveSchemaEngineBinary, findNativeSchemaEngine, isNativeExecutable, wrapperPath };
