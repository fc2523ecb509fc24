// What the procedure benchmarks share: the servers (the environment's, or an own bench stack), fresh databases
// with a service's migrations, built services started as processes, tokens as the officials, the typed client
// (libs/api-client) of each service started, with retries, a concurrency pool and peak memory. Uses the built code
// in dist/ (run `node tools/build.mjs` first).
import { migrateService } from '../stack/migrate.mjs';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
export const log = (m) => process.stderr.write(`${m}\n`);
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const fmt = (n) => Math.round(n).toLocaleString('en-US');

export function dist(rel) {
  const file = path.join(repoRoot, 'dist', rel);
  if (!fs.existsSync(file)) {
    console.error(`${rel} is missing: run \`node tools/build.mjs\` first`);
    process.exit(2);
  }
  return require(file);
}
const pg = require('pg');
export { pg };

/** The typed client (libs/api-client, as built) of `service` at `baseUrl`, as the bearer of `token` (none: the public). */
export function typedClient(service, baseUrl, token) {
  return dist('libs/api-client/src/index.js').serviceClient(service, baseUrl, token);
}

/** A service's variables are named after it: identification-service → IDENTIFICATION_PORT. */
const envPrefix = (service) =>
  service
    .replace(/-service$/, '')
    .replace(/-/g, '_')
    .toUpperCase();

/** A connection that fails (the service restarting, a socket reset) is tried again, up to 5 times, backing off. */
async function fetchWithRetries(request) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fetch(request.clone());
    } catch (e) {
      if (attempt >= 5) throw e;
      await sleep(200 * (attempt + 1));
    }
  }
}

/** The typed client's methods, each request sent with retries. */
function withRetries(client) {
  const send = (method) => (path, init) => client[method](path, { ...init, fetch: fetchWithRetries });
  return { GET: send('GET'), POST: send('POST'), PUT: send('PUT'), PATCH: send('PATCH'), DELETE: send('DELETE') };
}

/** What the typed client's `bodySerializer` sends for a file upload: the CSV text as it is. */
export const csvUpload = (csv) => ({ body: csv, headers: { 'Content-Type': 'text/csv' }, bodySerializer: (b) => b });

/** Servers, databases named `dbs` (created on demand, dropped at shutdown) and processes of one benchmark run. */
export async function benchHarness(dbs) {
  const { mintToken } = dist('libs/auth/src/dev-issuer.js');
  let stackStarted = false;
  let env = process.env;
  if (!env.DATABASE_ADMIN_URL || !env.KAFKA_BROKERS || !env.TEMPORAL_ADDRESS || !env.AUTH_DEV_KEY_FILE) {
    const { stackUp } = await import('../stack/up.mjs');
    log('starting the bench stack (.stack/bench, its own ports) — or pass a running one through the environment…');
    env = { ...process.env, ...(await stackUp('bench')).env };
    stackStarted = true;
  }
  const adminUrl = env.DATABASE_ADMIN_URL;
  const dbUrl = (name) => adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const procs = [];
  const tokens = new Map();
  const urls = new Map(); // each service started here, at the port it was given (<SERVICE>_PORT)

  const h = {
    env,
    dbUrl,
    procs,
    async createDatabase(name, service) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}"`);
      await admin.end();
      await migrateService(service, dbUrl(name), () => {});
    },
    startNode(name, entry, extra) {
      const port = extra?.[`${envPrefix(name)}_PORT`];
      if (port) urls.set(name, `http://127.0.0.1:${port}`);
      const child = spawn(process.execPath, [path.join(repoRoot, entry)], {
        env: { ...env, LOG_LEVEL: 'warn', ...extra },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const tail = [];
      const keep = (d) => {
        tail.push(String(d));
        if (tail.length > 200) tail.shift();
      };
      child.stdout.on('data', keep);
      child.stderr.on('data', keep);
      const p = { name, child, tail };
      procs.push(p);
      return p;
    },
    async waitReady(p, url) {
      const deadline = Date.now() + 120_000;
      while (Date.now() < deadline) {
        if (p.child.exitCode !== null) throw new Error(`${p.name} exited:\n${p.tail.join('').slice(-3000)}`);
        try {
          if ((await fetch(url)).status === 200) return;
        } catch {
          /* not yet */
        }
        await sleep(250);
      }
      throw new Error(`${p.name} not ready:\n${p.tail.join('').slice(-3000)}`);
    },
    peakMiB(pid) {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
        return m ? Math.round(Number(m[1]) / 1024) : null;
      } catch {
        return null;
      }
    },
    /** Peak memory of every process started, and of the benchmark itself. */
    peaks() {
      return Object.fromEntries([
        ...procs.map((p) => [p.name, h.peakMiB(p.child.pid)]),
        ['bench', Math.round(process.resourceUsage().maxRSS / 1024)],
      ]);
    },
    async shutdown() {
      for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGTERM');
      await sleep(1500);
      for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      for (const name of Object.values(dbs))
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
      await admin.end();
      if (stackStarted) await (await import('../stack/up.mjs')).stackDown();
    },
    async tokenFor(role, jurisdiction) {
      const key = `${role}@${jurisdiction}`;
      if (!tokens.has(key))
        tokens.set(
          key,
          await mintToken({
            keyFile: env.AUTH_DEV_KEY_FILE,
            issuer: env.AUTH_ISSUER,
            audience: env.AUTH_AUDIENCE,
            subject: `bench-${role}-${jurisdiction}`,
            role,
            jurisdiction,
          }),
        );
      return tokens.get(key);
    },
    /**
     * The typed client of a service started here (startNode with its <SERVICE>_PORT), as the bearer of `token`
     * (none: the public): `await h.must(h.client('identification-service', t).GET('/rounds/{id}', { params }))`.
     * A request whose connection fails is sent again, up to 5 times, backing off.
     */
    client(service, token) {
      const url = urls.get(service);
      if (!url)
        throw new Error(`${service} was not started by this benchmark (startNode with ${envPrefix(service)}_PORT)`);
      return withRetries(typedClient(service, url, token));
    },
    /** The data of a typed client's answer (or its promise), or an error naming the request, its status and body. */
    async must(answer) {
      const { data, error, response } = await answer;
      if (!response.ok) throw new Error(`${response.url}: ${response.status} ${JSON.stringify(error).slice(0, 500)}`);
      return data;
    },
    /** Wait for an import job of `identification` (its client) to end; returns its last state. */
    async importDone(identification, jobId, onProgress) {
      for (;;) {
        const state = await h.must(identification.GET('/imports/{id}', { params: { path: { id: jobId } } }));
        if (['done', 'failed', 'interrupted'].includes(state.status)) return state;
        onProgress?.(state);
        await sleep(250);
      }
    },
  };
  process.on('SIGINT', () => h.shutdown().then(() => process.exit(130)));
  // never leave a service behind: an orphaned worker would keep taking tasks from the next run's task queues
  process.on('exit', () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  });
  process.on('unhandledRejection', (e) => {
    console.error(`✗ ${e?.stack ?? e}`);
    h.shutdown().finally(() => process.exit(1));
  });
  return h;
}

export async function pool(items, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i], i);
      }
    }),
  );
}
