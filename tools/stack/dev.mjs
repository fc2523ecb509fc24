// `npm start`: provision → build → start PostgreSQL, Kafka, Temporal (with UI) and the dev token issuer
// → migrate → start the five services and the orchestration worker → print every URL. Ctrl-C stops all.
import path from 'node:path';
import { repoRoot, services } from './layout.mjs';
import { stackDown, stackUp } from './up.mjs';
import { startProcess, step, waitUntil, tail } from './proc.mjs';
import { build } from '../build.mjs';

async function ready(url) {
  try {
    const res = await fetch(url);
    return res.status === 200;
  } catch {
    return false;
  }
}

let shuttingDown = false;
async function shutdown(code) {
  if (shuttingDown) return;
  shuttingDown = true;
  console.log('\nstopping everything…');
  await stackDown();
  process.exit(code);
}
process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));

try {
  await build();
  const { layout, env } = await stackUp('dev', { ui: true });
  const urls = [];
  const procs = [];
  services.forEach((svc, i) => {
    const port = layout.ports.serviceBase + i;
    procs.push({
      name: svc.name,
      health: `http://127.0.0.1:${port}/health/ready`,
      entry: startProcess({
        name: svc.name, command: process.execPath, args: ['--enable-source-maps', path.join(repoRoot, 'dist/apps', svc.name, 'src/main.js')],
        env, logFile: path.join(layout.logDir, `${svc.name}.log`), pidDir: layout.pidDir,
      }),
    });
    urls.push([svc.name, `http://127.0.0.1:${port}`, `http://127.0.0.1:${port}/docs`]);
  });
  procs.push({
    name: 'orchestrator',
    health: `http://127.0.0.1:${layout.ports.orchestrator}/health/live`,
    entry: startProcess({
      name: 'orchestrator', command: process.execPath, args: ['--enable-source-maps', path.join(repoRoot, 'dist/apps/orchestrator/src/main.js')],
      env: { ...env, ORCHESTRATOR_PORT: String(layout.ports.orchestrator) }, logFile: path.join(layout.logDir, 'orchestrator.log'), pidDir: layout.pidDir,
    }),
  });
  for (const p of procs) {
    await step(`${p.name} ready`, () =>
      waitUntil(async () => {
        if (p.entry.exited) throw new Error(`${p.name} exited; log:\n${tail(p.entry.logFile)}`);
        return ready(p.health);
      }, 90000).then(() => p.health).catch((e) => {
        throw new Error(`${p.name} did not become ready: ${e.message}\n${tail(p.entry.logFile)}`);
      }),
    );
  }
  const pad = (s, n) => s.padEnd(n);
  console.log('\n  精准扶贫 platform is up (local stack, profile dev)\n');
  for (const [name, api, docs] of urls) console.log(`  ${pad(name, 24)} ${pad(api, 24)} docs ${docs}`);
  console.log(`  ${pad('orchestrator', 24)} http://127.0.0.1:${layout.ports.orchestrator}/health/live`);
  console.log(`  ${pad('Temporal UI', 24)} http://127.0.0.1:${layout.ports.temporalUi}`);
  console.log(`  ${pad('Temporal frontend', 24)} ${env.TEMPORAL_ADDRESS}`);
  console.log(`  ${pad('Kafka', 24)} ${env.KAFKA_BROKERS}`);
  console.log(`  ${pad('PostgreSQL', 24)} postgresql://postgres@127.0.0.1:${layout.ports.pg}/<fupin_identification|…>`);
  console.log(`  ${pad('token issuer (dev)', 24)} ${env.AUTH_ISSUER}/.well-known/openid-configuration`);
  console.log(`\n  mint a token:  AUTH_DEV_KEY_FILE=${env.AUTH_DEV_KEY_FILE} AUTH_ISSUER=${env.AUTH_ISSUER} npm run token -- --role village_cadre --jurisdiction 430523101201`);
  console.log(`  logs:          ${layout.logDir}/`);
  console.log('\n  Ctrl-C stops everything.\n');
  await new Promise(() => {}); // run until a signal
} catch (e) {
  console.error(`\n✗ ${e.message}`);
  await shutdown(1);
}
