// Starting the real servers of the local stack: PostgreSQL, Kafka (KRaft), Temporal dev server.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { kafkaLibDir, temporalBin, repoRoot, services } from './layout.mjs';
import { postgresBinDir } from './provision.mjs';
import { startProcess, waitForPort, step, waitUntil } from './proc.mjs';

const isRoot = process.getuid?.() === 0;

/** PostgreSQL refuses to run as root: as root we run it as the `postgres` system user. */
function asPostgres(cmd, args) {
  return isRoot ? { command: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { command: cmd, args };
}

function ensureOwnedByPostgres(dir) {
  if (!isRoot) return;
  execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  // every ancestor must be traversable by the postgres user
  for (let d = path.dirname(dir); d !== '/'; d = path.dirname(d)) {
    const mode = fs.statSync(d).mode;
    if ((mode & 0o001) === 0) fs.chmodSync(d, mode | 0o001);
  }
}

export async function startPostgres(layout) {
  return step(`PostgreSQL on 127.0.0.1:${layout.ports.pg}`, async () => {
    const bin = postgresBinDir();
    const pgRoot = path.dirname(layout.pgData);
    fs.mkdirSync(pgRoot, { recursive: true });
    ensureOwnedByPostgres(pgRoot);
    if (!fs.existsSync(path.join(layout.pgData, 'PG_VERSION'))) {
      const { command, args } = asPostgres(path.join(bin, 'initdb'), [
        '-D',
        layout.pgData,
        '-U',
        'postgres',
        '--auth=trust',
        '--encoding=UTF8',
        '--locale=C.UTF-8',
      ]);
      execFileSync(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    }
    const { command, args } = asPostgres(path.join(bin, 'postgres'), [
      '-D',
      layout.pgData,
      '-p',
      String(layout.ports.pg),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=off', // local/test stack only; never in infra/
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
      '-c',
      'shared_buffers=256MB',
      '-c',
      'log_min_messages=warning',
    ]);
    const entry = startProcess({ name: 'postgres', command, args, logFile: layout.pgLog, pidDir: layout.pidDir });
    await waitForPort(entry, layout.ports.pg, 30000);
    return `pid ${entry.child.pid}`;
  });
}

export async function createDatabases(layout) {
  return step('service databases', async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${layout.ports.pg}/postgres` });
    await waitUntil(async () => {
      try {
        await client.connect();
        return true;
      } catch {
        return false;
      }
    }, 30000);
    const created = [];
    for (const svc of services) {
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [svc.db]);
      if (exists.rowCount === 0) {
        await client.query(`CREATE DATABASE "${svc.db}"`);
        created.push(svc.db);
      }
    }
    await client.end();
    return created.length ? `created ${created.join(', ')}` : 'all present';
  });
}

function kafkaJavaArgs(layout, mainClass, extra) {
  return [
    '-Xms256m',
    '-Xmx768m',
    '-XX:+UseG1GC',
    `-Dlog4j2.configurationFile=${path.join(repoRoot, 'tools', 'stack', 'kafka', 'log4j2.yaml')}`,
    '-cp',
    `${kafkaLibDir}/*`,
    mainClass,
    ...extra,
  ];
}

export async function startKafka(layout) {
  return step(`Kafka (KRaft) on 127.0.0.1:${layout.ports.kafka}`, async () => {
    fs.mkdirSync(path.dirname(layout.kafkaConfig), { recursive: true });
    fs.writeFileSync(
      layout.kafkaConfig,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${layout.ports.kafkaController}`,
        `listeners=PLAINTEXT://127.0.0.1:${layout.ports.kafka},CONTROLLER://127.0.0.1:${layout.ports.kafkaController}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${layout.ports.kafka}`,
        'controller.listener.names=CONTROLLER',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        'inter.broker.listener.name=PLAINTEXT',
        `log.dirs=${layout.kafkaData}`,
        'offsets.topic.replication.factor=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'share.coordinator.state.topic.replication.factor=1',
        'share.coordinator.state.topic.min.isr=1',
        'group.initial.rebalance.delay.ms=0',
        'auto.create.topics.enable=false',
        'num.partitions=3',
        '',
      ].join('\n'),
    );
    if (!fs.existsSync(path.join(layout.kafkaData, 'meta.properties'))) {
      const clusterId = spawnSync('java', ['-cp', `${kafkaLibDir}/*`, 'kafka.tools.StorageTool', 'random-uuid'], {
        encoding: 'utf8',
      })
        .stdout.trim()
        .split('\n')
        .pop();
      execFileSync(
        'java',
        kafkaJavaArgs(layout, 'kafka.tools.StorageTool', [
          'format',
          '-t',
          clusterId,
          '-c',
          layout.kafkaConfig,
          '--standalone',
        ]),
        { stdio: ['ignore', 'ignore', 'inherit'] },
      );
    }
    const entry = startProcess({
      name: 'kafka',
      command: 'java',
      args: kafkaJavaArgs(layout, 'kafka.Kafka', [layout.kafkaConfig]),
      logFile: layout.kafkaLog,
      pidDir: layout.pidDir,
    });
    await waitForPort(entry, layout.ports.kafka, 60000);
    return `pid ${entry.child.pid}`;
  });
}

export async function startTemporal(layout, { ui }) {
  return step(
    `Temporal dev server on 127.0.0.1:${layout.ports.temporal}${ui ? `, UI :${layout.ports.temporalUi}` : ''}`,
    async () => {
      fs.mkdirSync(path.dirname(layout.temporalDb), { recursive: true });
      const args = [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(layout.ports.temporal),
        '--ui-port',
        String(layout.ports.temporalUi),
        '--db-filename',
        layout.temporalDb,
        '--namespace',
        'default',
        '--log-level',
        'warn',
        '--log-format',
        'json',
      ];
      if (!ui) args.push('--headless');
      const entry = startProcess({
        name: 'temporal',
        command: temporalBin,
        args,
        logFile: layout.temporalLog,
        pidDir: layout.pidDir,
      });
      await waitForPort(entry, layout.ports.temporal, 60000);
      return `pid ${entry.child.pid}`;
    },
  );
}
