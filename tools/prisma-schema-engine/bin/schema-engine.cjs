#!/usr/bin/env node
// Offline stand-in for Prisma's native `schema-engine` binary: speaks the same CLI protocol
// (JSON-RPC 2.0, one message per line on stdin/stdout, JSON log lines on stderr) but runs the
// WASM build of the engine (@prisma/schema-engine-wasm) over @prisma/adapter-pg.
// Use it through PRISMA_SCHEMA_ENGINE_BINARY; see ../README.md. PostgreSQL only.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');

const TARGET = 'schema_engine_wasm_wrapper';

// ---------------------------------------------------------------------------------------------
// stderr logging in the engine's tracing-JSON shape (the CLI collects `fields.message`, and keeps
// the last ERROR line as the failure reason when the process exits with code 1).
function log(level, message, extra = {}) {
  process.stderr.write(
    `${JSON.stringify({ timestamp: new Date().toISOString(), level, fields: { message, ...extra }, target: TARGET })}\n`,
  );
}

function parseArgs(argv) {
  const out = { datamodels: [], datasource: undefined, cli: undefined, version: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--datamodels' || a === '-d') out.datamodels.push(argv[++i]);
    else if (a === '--datasource') out.datasource = JSON.parse(argv[++i]);
    else if (a === '--enabled-preview-features' || a === '--extension-types') i++;
    else if (a === '--version' || a === '-V') out.version = true;
    else if (a === '--help' || a === '-h') out.help = true;
    else if (a === 'cli') {
      out.cli = argv[++i];
      break;
    } else throw new Error(`unknown argument ${a}`);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Connection URLs. `schema=` is Prisma's, not libpq's: it goes to the adapter, not to pg.
function splitUrl(url) {
  const u = new URL(url);
  const schema = u.searchParams.get('schema') ?? undefined;
  u.searchParams.delete('schema');
  return {
    connectionString: u.toString(),
    schema,
    database: decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres',
    host: u.hostname,
    port: u.port || '5432',
  };
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

const quoteIdent = (s) => `"${String(s).replace(/"/g, '""')}"`;

// ---------------------------------------------------------------------------------------------
// Fixes to @prisma/adapter-pg for the engine:
//  * it refuses columns of type "char" (OID 18), which the engine's catalog queries return
//    (relkind, contype, ...), and the engine wants them as Character: label them so.
//  * executeScript splits on ';', which breaks `$$ ... $$` bodies in hand-written migrations;
//    run the script as one simple-protocol query instead (what the native engine does).
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;

function fixQueryable(q) {
  const { ColumnTypeEnum } = require('@prisma/driver-adapter-utils');
  const queryRaw = q.queryRaw;
  const performIO = q.performIO;
  q.queryRaw = async function (query) {
    const chars = [];
    const self = Object.create(this);
    self.performIO = async (qq) => {
      const res = await performIO.call(this, qq);
      const fields = res.fields.map((f, i) =>
        f.dataTypeID === PG_CHAR_OID ? (chars.push(i), { ...f, dataTypeID: PG_TEXT_OID }) : f,
      );
      return { ...res, fields, rows: res.rows };
    };
    const out = await queryRaw.call(self, query);
    for (const i of chars) out.columnTypes[i] = ColumnTypeEnum.Character;
    return out;
  };
  if (typeof q.startTransaction === 'function') {
    const startTransaction = q.startTransaction;
    q.startTransaction = async function (...args) {
      return fixQueryable(await startTransaction.apply(this, args));
    };
  }
  return q;
}

function fixAdapter(adapter) {
  fixQueryable(adapter);
  adapter.executeScript = async function executeScript(script) {
    try {
      await this.underlyingDriver().query(script);
    } catch (error) {
      this.onError(error);
    }
  };
  return adapter;
}

// Shadow databases created and not yet dropped (name -> drop()), dropped at exit at the latest.
const shadowDatabases = new Map();
async function dropLeftoverShadowDatabases() {
  await Promise.allSettled([...shadowDatabases.values()].map((drop) => drop()));
  shadowDatabases.clear();
}

// A migration-aware adapter factory (what the WASM engine expects): the main connection from the
// datasource URL, and a shadow database that is either shadowDatabaseUrl or a fresh database on
// the same server, dropped again when the engine disposes of it.
function adapterFactory(datasource) {
  const pg = require('pg');
  const { PrismaPg } = require('@prisma/adapter-pg');
  const main = splitUrl(datasource.url);
  const mk = (url) => {
    const { connectionString, schema } = splitUrl(url);
    return new PrismaPg({ connectionString, max: 4 }, schema ? { schema } : undefined);
  };
  const mainFactory = mk(datasource.url);
  return {
    provider: 'postgres',
    adapterName: mainFactory.adapterName,
    connect: async () => fixAdapter(await mainFactory.connect()),
    connectToShadowDb: async () => {
      if (datasource.shadowDatabaseUrl) {
        if (
          splitUrl(datasource.shadowDatabaseUrl).database === main.database &&
          splitUrl(datasource.shadowDatabaseUrl).host === main.host
        ) {
          throw new Error('shadowDatabaseUrl points at the main database');
        }
        return fixAdapter(await mk(datasource.shadowDatabaseUrl).connect());
      }
      const name = `prisma_migrate_shadow_db_${crypto.randomUUID().replace(/-/g, '')}`;
      const admin = new pg.Client({ connectionString: main.connectionString });
      await admin.connect();
      try {
        await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
      } finally {
        await admin.end();
      }
      const drop = async () => {
        const c = new pg.Client({ connectionString: main.connectionString });
        await c.connect();
        try {
          await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
        } finally {
          await c.end();
        }
      };
      shadowDatabases.set(name, drop);
      const adapter = fixAdapter(await mk(withDatabase(datasource.url, name)).connect());
      const dispose = adapter.dispose.bind(adapter);
      adapter.dispose = async () => {
        await dispose(); // close our pool first, so the drop does not wait on our own sessions
        await drop();
        shadowDatabases.delete(name);
      };
      return adapter;
    },
  };
}

// `migrate diff` between schema files and/or empty needs no database, but the WASM engine still
// asks for the server version when it starts. Answer that one query, refuse anything else.
function offlineAdapterFactory() {
  const { ColumnTypeEnum } = require('@prisma/driver-adapter-utils');
  const refuse = async () => {
    throw new Error('this command was started without a database connection (offline diff)');
  };
  const adapter = {
    provider: 'postgres',
    adapterName: 'offline',
    async queryRaw(q) {
      if (/version\(\)/.test(q.sql) && /server_version_num/.test(q.sql)) {
        return {
          columnNames: ['exists', 'version', 'numeric_version'],
          columnTypes: [ColumnTypeEnum.Boolean, ColumnTypeEnum.Text, ColumnTypeEnum.Int32],
          rows: [[true, 'PostgreSQL 16.0 (offline)', 160000]],
        };
      }
      return refuse();
    },
    executeRaw: refuse,
    executeScript: refuse,
    startTransaction: refuse,
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    dispose: async () => {},
  };
  return { provider: 'postgres', adapterName: 'offline', connect: async () => adapter, connectToShadowDb: refuse };
}

const needsNoDatabase = (method, params) =>
  method === 'diff' && [params?.from?.tag, params?.to?.tag].every((t) => t === 'empty' || t === 'schemaDatamodel');

// ---------------------------------------------------------------------------------------------
// The WASM engine. Node 20 cannot `import` a .wasm file without --experimental-wasm-modules, so
// instantiate it by hand and hand the exports to the wasm-bindgen glue.
async function loadWasm() {
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const glue = await import(require('node:url').pathToFileURL(path.join(dir, 'schema_engine_bg.js')).href);
  if (!globalThis.PRISMA_WASM_PANIC_REGISTRY) {
    globalThis.PRISMA_WASM_PANIC_REGISTRY = {
      message: '',
      set_message(m) {
        this.message = `RuntimeError: ${m}`;
      },
      get() {
        return this.message;
      },
    };
  }
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(dir, 'schema_engine_bg.wasm')), {
    './schema_engine_bg.js': glue,
  });
  glue.__wbg_set_wasm(instance.exports);
  instance.exports.__wbindgen_start();
  return glue;
}

// ---------------------------------------------------------------------------------------------
// `schema-engine cli <command>`: what `prisma migrate dev` uses to check/create the database.
function userFacing(e, ds) {
  const info = ds ? splitUrl(ds.url) : {};
  if (e.code === '3D000')
    return {
      error_code: 'P1003',
      message: `Database \`${info.database}\` does not exist on the database server at \`${info.host}:${info.port}\`.`,
    };
  if (e.code === '28P01' || e.code === '28000')
    return {
      error_code: 'P1000',
      message: `Authentication failed against database server at \`${info.host}\`: ${e.message}`,
    };
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'ETIMEDOUT')
    return { error_code: 'P1001', message: `Can't reach database server at \`${info.host}:${info.port}\`` };
  return { message: e.message };
}

async function runCli(cmd, datasource) {
  const pg = require('pg');
  if (!datasource?.url) throw new Error('--datasource with a url is required');
  const info = splitUrl(datasource.url);
  // The CLI skips the first stderr line and reads the rest as JSON: start with a banner, as the native one does.
  log('INFO', `Starting schema engine CLI (wasm wrapper): ${cmd}`);
  const exec = async (url, sql) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      if (sql) await c.query(sql);
    } finally {
      await c.end();
    }
  };
  try {
    if (cmd === 'can-connect-to-database') await exec(info.connectionString);
    else if (cmd === 'create-database') {
      await exec(withDatabase(info.connectionString, 'postgres'), `CREATE DATABASE ${quoteIdent(info.database)}`);
      log('INFO', `Database '${info.database}' was successfully created.`);
    } else if (cmd === 'drop-database') {
      await exec(withDatabase(info.connectionString, 'postgres'), `DROP DATABASE ${quoteIdent(info.database)}`);
      log('INFO', `The database was successfully dropped.`);
    } else throw new Error(`unknown cli command ${cmd}`);
    return 0;
  } catch (e) {
    process.stderr.write(
      `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'ERROR', fields: userFacing(e, datasource), target: 'schema_engine::logger' })}\n`,
    );
    return 1;
  }
}

// ---------------------------------------------------------------------------------------------
// JSON-RPC server.
function rpcError(e) {
  // The WASM engine rejects with an Error whose `code` is the user-facing Prisma code (P3009, ...)
  // and, on a Rust panic, with `RuntimeError: unreachable` (the reason sits in the panic registry).
  const envelope = (data) => ({ code: 4466, message: 'An error happened. Check the data field for details.', data });
  const panic = globalThis.PRISMA_WASM_PANIC_REGISTRY?.get?.();
  if (e instanceof WebAssembly.RuntimeError || (e?.name === 'RuntimeError' && panic)) {
    return envelope({
      is_panic: true,
      message: panic || String(e?.message),
      error: { message: panic || String(e?.message) },
      meta: null,
      error_code: null,
    });
  }
  const code = typeof e?.code === 'string' && /^P\d{4}$/.test(e.code) ? e.code : null;
  return envelope({ is_panic: false, message: e?.message ?? String(e), meta: e?.meta ?? null, error_code: code });
}

const warmed = new Set();
async function warmShadowCache(engine, p) {
  const key = JSON.stringify([p.migrationsList, p.filters]);
  if (warmed.has(key)) return;
  await engine.diagnoseMigrationHistory({
    migrationsList: p.migrationsList,
    optInToShadowDatabase: true,
    filters: p.filters,
  });
  warmed.add(key);
}

async function serve(args) {
  const datamodels = args.datamodels.map((p) => [p, fs.readFileSync(p, 'utf8')]);
  const datasource = args.datasource ?? {};
  const wasm = await loadWasm();
  let enginePromise;
  // Created on the first command (the CLI starts one engine process per command), so that an
  // offline diff can run without any database.
  let first;
  const engine = () => {
    if (!enginePromise) {
      const offline = needsNoDatabase(first?.method, first?.params);
      if (!offline && !datasource.url) throw new Error('the Prisma config has no datasource.url');
      const { bindMigrationAwareSqlAdapterFactory } = require('@prisma/driver-adapter-utils');
      const factory = offline ? offlineAdapterFactory() : adapterFactory(datasource);
      enginePromise = wasm.SchemaEngine.new(
        { datamodels: datamodels.length ? datamodels : undefined },
        (line) => process.stderr.write(`${String(line).trimEnd()}\n`),
        bindMigrationAwareSqlAdapterFactory(factory),
      );
    }
    return enginePromise;
  };

  let nextId = 1_000_000;
  const pending = new Map();
  const send = (msg) => process.stdout.write(`${JSON.stringify(msg)}\n`);
  const request = (method, params) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      send({ jsonrpc: '2.0', id, method, params });
    });

  const methods = {
    async diff(p) {
      const { exitCode, stdout } = await (await engine()).diff(p);
      if (stdout) await request('print', { content: stdout.replace(/\n$/, '') });
      return { exitCode };
    },
    async getDatabaseVersion(p) {
      return (await engine()).version(p ?? undefined);
    },
    async createDatabase(p) {
      const ds = p?.datasource?.tag === 'ConnectionString' ? { url: p.datasource.url } : datasource;
      const { database } = splitUrl(ds.url);
      if ((await runCli('create-database', ds)) !== 0) throw new Error(`could not create database ${database}`);
      return { databaseName: database };
    },
    // In the WASM engine these two do not receive the adapter factory, so they cannot create a
    // shadow database ("PostgreSQL shadow DB must be provided through an external factory").
    // They do consult the engine's migration-schema cache, though: warm it first with a command
    // that has the factory and replays the same migrations into a shadow database.
    async evaluateDataLoss(p) {
      const e = await engine();
      await warmShadowCache(e, p);
      return e.evaluateDataLoss(p);
    },
    async createMigration(p) {
      const e = await engine();
      await warmShadowCache(e, p);
      return e.createMigration(p);
    },
    async debugPanic() {
      (await engine()).debugPanic();
      return {};
    },
  };
  for (const m of [
    'applyMigrations',
    'dbExecute',
    'devDiagnostic',
    'diagnoseMigrationHistory',
    'ensureConnectionValidity',
    'introspect',
    'markMigrationApplied',
    'markMigrationRolledBack',
    'reset',
    'schemaPush',
    'introspectSql',
  ]) {
    methods[m] = async (p) => (await (await engine())[m](p ?? {})) ?? {};
  }

  let queue = Promise.resolve(); // the engine handles one command at a time, like the native one
  const handle = async (msg) => {
    const fn = methods[msg.method];
    if (!fn)
      return send({
        jsonrpc: '2.0',
        id: msg.id,
        error: {
          code: -32601,
          message: `Method not found: ${msg.method} (not supported by the WASM schema engine wrapper)`,
        },
      });
    try {
      const result = await fn(msg.params);
      send({ jsonrpc: '2.0', id: msg.id, result: result === undefined ? null : result });
    } catch (e) {
      if (process.env.PSE_DEBUG)
        process.stderr.write(`${require('node:util').inspect(e, { depth: 5, showHidden: true })}\n`);
      log('ERROR', e?.message ?? String(e));
      send({ jsonrpc: '2.0', id: msg.id, error: rpcError(e) });
    }
  };

  const rl = require('node:readline').createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on('line', (line) => {
    if (!line.trim()) return;
    let msg;
    try {
      msg = JSON.parse(line);
    } catch {
      return send({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
    }
    if (msg.method === undefined && pending.has(msg.id)) {
      const resolve = pending.get(msg.id);
      pending.delete(msg.id);
      return resolve(msg.result);
    }
    first ??= msg;
    queue = queue.then(() => handle(msg));
  });
  // The CLI ends stdin when done and (on Linux) sends SIGTERM right after.
  const finish = async () => {
    setTimeout(() => process.exit(0), 10_000).unref();
    await dropLeftoverShadowDatabases();
    process.exit(0); // the engine's pools hold open sockets; exiting closes them
  };
  process.once('SIGTERM', finish);
  process.once('SIGINT', finish);
  await new Promise((resolve) => rl.on('close', resolve));
  await queue;
  await finish();
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    process.stdout.write(
      'schema-engine (WASM wrapper): [--datamodels <file>]... [--datasource <json>] [cli can-connect-to-database|create-database|drop-database]\n',
    );
    return 0;
  }
  if (args.version) {
    const wasm = await loadWasm();
    process.stdout.write(`schema-engine-cli ${wasm.version()} (wasm wrapper)\n`);
    return 0;
  }
  if (args.cli) return runCli(args.cli, args.datasource);
  await serve(args);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    log('ERROR', e?.stack ?? String(e));
    process.exit(1);
  },
);
