// Build the operator console (apps/console) with Vite into dist/apps/console — about a second.
//   node tools/console/build.mjs            build when the sources are newer than the last build
//   node tools/console/build.mjs --force    build anyway
// `node tools/build.mjs` (and so `npm start` and `npm test`) builds it with the rest; `npm start --no-build` builds it
// only when it is missing or stale.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../stack/layout.mjs';
import { step } from '../stack/proc.mjs';

export const consoleDist = path.join(repoRoot, 'dist', 'apps', 'console');
const config = path.join(repoRoot, 'apps', 'console', 'vite.config.mts');
const inputs = ['apps/console', 'libs/api-client/src', 'libs/localized/src', 'package-lock.json'];

function newest(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) {
    if (entry === 'node_modules') continue;
    latest = Math.max(latest, newest(path.join(file, entry)));
  }
  return latest;
}

/** Is dist/apps/console there and newer than everything it is made of? */
export function consoleIsFresh() {
  const built = fs.statSync(path.join(consoleDist, 'index.html'), { throwIfNoEntry: false });
  if (!built) return false;
  return inputs.every((input) => newest(path.join(repoRoot, input)) <= built.mtimeMs);
}

export function buildConsole({ force = false } = {}) {
  return step('console (vite build → dist/apps/console)', () => {
    if (!force && consoleIsFresh()) return 'up to date';
    const r = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', config],
      {
        cwd: repoRoot,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    if (r.status !== 0) throw new Error(`vite build of apps/console failed (exit ${r.status ?? r.signal})`);
    const assets = fs.readdirSync(path.join(consoleDist, 'assets'));
    const kib = assets
      .filter((f) => !f.endsWith('.map'))
      .reduce((sum, f) => sum + fs.statSync(path.join(consoleDist, 'assets', f)).size, 0);
    return `${(kib / 1024).toFixed(0)} KiB of assets`;
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    buildConsole({ force: process.argv.includes('--force') });
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
}
