// `npm test`: provision → build → lint + typecheck → unit tests → the first `npm start` from an empty
// data directory (tools/stack/first-start.mjs) → start the test stack (own ports and data under
// .stack/test) → integration, end-to-end and the console's browser tests against it → stop the stack.
// Exits non-zero on any failure. Extra args go to Jest (e.g. `npm test -- libs/audit`).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './layout.mjs';
import { ensureBrowserTools, provisionAll } from './provision.mjs';
import { stackDown, stackUp } from './up.mjs';
import { step } from './proc.mjs';
import { build } from '../build.mjs';

const bin = (name) => path.join(repoRoot, 'node_modules', '.bin', name);
const extra = process.argv.slice(2);
const started = Date.now();
const results = [];

function run(title, command, args, env = {}) {
  return step(title, () => {
    const r = spawnSync(command, args, {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...env },
    });
    results.push({ title, ok: r.status === 0 });
    if (r.status !== 0) throw new Error(`${title} failed (exit ${r.status ?? r.signal})`);
    return 'passed';
  });
}

let failed = false;
let stackStarted = false;
try {
  provisionAll();
  ensureBrowserTools(); // Chromium, CJK fonts and pdftotext for the console's browser tests
  await build();
  run('project graph (Nx)', bin('nx'), ['show', 'projects'], { NX_VERBOSE_LOGGING: 'false' });
  run('lint', bin('eslint'), ['--max-warnings=0', '.']);
  run('format (Prettier, 120 columns)', bin('prettier'), [
    '--check',
    '--log-level=warn',
    '**/*.{ts,tsx,mts,mjs,js,cjs}',
  ]);
  run('typecheck', bin('tsc'), ['-p', 'tsconfig.json']);
  // the operator console: browser code (DOM, JSX) and its Vite config, outside the root tsconfig
  run('typecheck (console)', bin('tsc'), ['-p', 'apps/console/tsconfig.json']);
  run('typecheck (console build config)', bin('tsc'), ['-p', 'apps/console/tsconfig.node.json']);
  run('typecheck (console browser tests)', bin('tsc'), ['-p', 'apps/console/browser/tsconfig.json']);
  run('unit tests', bin('jest'), ['--selectProjects', 'unit', ...extra]);
  // the benchmarks' shared population generator (ES modules on the built rules, so Node's own test runner)
  if (extra.length === 0)
    run('benchmark generator checks', process.execPath, ['--test', 'tools/bench/generator/households.check.mjs']);
  // `npm start` on a new machine: the dev profile from an empty data directory, on ports of its own
  if (extra.length === 0)
    run('first start of the dev profile (empty .stack/first-start)', process.execPath, [
      path.join(repoRoot, 'tools', 'stack', 'first-start.mjs'),
    ]);
  else console.log('  (first-start check skipped: Jest arguments given)');
  const { env } = await stackUp('test');
  stackStarted = true;
  run(
    'integration tests (real PostgreSQL, Kafka, Temporal)',
    bin('jest'),
    ['--selectProjects', 'integration', '--runInBand', ...extra],
    env,
  );
  run('end-to-end tests (tests/)', bin('jest'), ['--selectProjects', 'e2e', '--runInBand', ...extra], env);
  // the console in Debian's Chromium against the services and the console server (apps/console/playwright.config.ts);
  // screenshots and the printed notice in artifacts/console-screenshots/
  const consolePort = String(4240 + Number(process.env.STACK_PORT_OFFSET ?? 0));
  if (extra.length === 0)
    run(
      'browser tests (Playwright, Chromium)',
      bin('playwright'),
      ['test', '-c', 'apps/console/playwright.config.ts'],
      { ...env, CONSOLE_PORT: process.env.CONSOLE_PORT || consolePort },
    );
  else console.log('  (browser tests skipped: Jest arguments given)');
} catch (e) {
  failed = true;
  console.error(`\n✗ ${e.message}`);
} finally {
  if (stackStarted) await stackDown();
}
const passed = results.filter((r) => r.ok).length;
console.log(
  `\n${failed ? '✗ FAILED' : '✓ all green'} in ${((Date.now() - started) / 1000).toFixed(0)}s — ${results.map((r) => `${r.ok ? '✓' : '✗'} ${r.title}`).join(', ')}`,
);
console.log(`steps: ${passed} passed, ${results.length - passed} failed`);
process.exit(failed ? 1 : 0);
