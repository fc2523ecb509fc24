/**
 * Test support only (never imported by the library itself).
 *
 * jose 6 is ESM-only. Node ≥ 20.19 can `require()` it, so the built services are fine, but Jest's
 * module loader on Node 20 cannot (it supports require(esm) only from Node 24.9), and the shared
 * Jest preset leaves node_modules untransformed. A spec that needs real tokens therefore mocks
 * `jose` with this loader, which compiles jose's ESM files to CommonJS with swc on the fly:
 *
 *   jest.mock('jose', () => jest.requireActual<typeof import('./testing/jose-for-jest')>('./testing/jose-for-jest').loadJose());
 *
 * If Jest can load jose natively (e.g. the preset gets `transformIgnorePatterns: ['/node_modules/(?!jose/)']`),
 * the real module is returned unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { transformSync } from '@swc/core';

type Jose = typeof import('jose');

interface LoadedModule {
  exports: Record<string, unknown>;
}

let loaded: Jose | undefined;

export function loadJose(): Jose {
  if (loaded) return loaded;
  try {
    loaded = jest.requireActual<Jose>('jose');
    return loaded;
  } catch {
    loaded = compileJose();
    return loaded;
  }
}

function compileJose(): Jose {
  const entry = require.resolve('jose');
  const cache = new Map<string, LoadedModule>();
  const load = (file: string): Record<string, unknown> => {
    const cached = cache.get(file);
    if (cached) return cached.exports;
    const { code } = transformSync(fs.readFileSync(file, 'utf8'), {
      filename: file,
      swcrc: false,
      configFile: false,
      module: { type: 'commonjs' },
      jsc: { target: 'es2022', parser: { syntax: 'ecmascript' } },
    });
    const mod: LoadedModule = { exports: {} };
    cache.set(file, mod);
    const localRequire = (specifier: string): Record<string, unknown> => {
      if (!specifier.startsWith('.')) throw new Error(`jose-for-jest: unexpected import ${specifier} in ${file}`);
      return load(path.resolve(path.dirname(file), specifier));
    };
    // jose's files import only each other (relative paths) and use web globals (crypto.subtle, fetch).
    new Function('require', 'module', 'exports', code)(localRequire, mod, mod.exports);
    return mod.exports;
  };
  return load(entry) as unknown as Jose;
}
