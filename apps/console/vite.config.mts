// The console's build: plain Vite + React (no @nx/vite: see docs/adr/0018-console.md). `npm start` builds it into
// dist/apps/console (tools/console/build.mjs) and serves it with tools/console/serve.mjs, which also proxies
// /api/<service>/… to the services and /auth/… to the dev issuer, so the browser talks to one origin.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  resolve: {
    // the only workspace libraries the console may use (lint enforces it: scope:console → type:util)
    alias: {
      '@fupin/api-client': path.join(repoRoot, 'libs/api-client/src/index.ts'),
      '@fupin/localized': path.join(repoRoot, 'libs/localized/src/index.ts'),
    },
  },
  build: {
    outDir: path.join(repoRoot, 'dist/apps/console'),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1024,
  },
  logLevel: 'warn',
});
