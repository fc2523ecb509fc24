// Bring the servers of one stack profile up (and down): PostgreSQL + databases + migrations,
// Kafka, Temporal, and the local dev token issuer. Used by `npm start` and `npm test`.
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot, stackEnv, stackLayout } from './layout.mjs';
import { provisionAll } from './provision.mjs';
import { createDatabases, startKafka, startPostgres, startTemporal } from './servers.mjs';
import { migrateAll } from './migrate.mjs';
import { killStale, startProcess, step, stopAll, waitForPort } from './proc.mjs';

export async function startIssuer(layout) {
  return step(`dev token issuer on 127.0.0.1:${layout.ports.issuer}`, async () => {
    const entry = startProcess({
      name: 'dev-issuer',
      command: process.execPath,
      args: [path.join(repoRoot, 'dist/libs/auth/src/cli/dev-issuer-server.js')],
      env: { DEV_ISSUER_PORT: String(layout.ports.issuer), AUTH_DEV_KEY_FILE: layout.issuerKeyFile },
      logFile: path.join(layout.logDir, 'dev-issuer.log'),
      pidDir: layout.pidDir,
    });
    await waitForPort(entry, layout.ports.issuer, 15000);
    return `pid ${entry.child.pid}`;
  });
}

/** Start every server of the profile; returns the environment services and tests need. */
export async function stackUp(profile, { ui = false } = {}) {
  const layout = stackLayout(profile);
  fs.mkdirSync(layout.dir, { recursive: true });
  await killStale(layout.pidDir);
  provisionAll();
  const env = stackEnv(layout);
  await startPostgres(layout);
  await createDatabases(layout);
  await step('migrations', async () => `${await migrateAll(env, (m) => process.stdout.write(`${m}\n`))} applied`);
  await startKafka(layout);
  await startTemporal(layout, { ui });
  await startIssuer(layout);
  return { layout, env };
}

export async function stackDown() {
  await step('stopping the stack', async () => {
    await stopAll();
    return 'stopped';
  });
}
