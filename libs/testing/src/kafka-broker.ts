import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { sleep } from './wait';

/**
 * A private, real Kafka broker (KRaft, same cached jars as the stack) that a test can stop and start
 * again, e.g. to prove the outbox delivers after an outage.
 */
export class TestKafkaBroker {
  private child: ChildProcess | null = null;
  readonly dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-kafka-'));
  private readonly config = path.join(this.dataDir, 'server.properties');

  constructor(
    readonly port: number,
    readonly controllerPort: number,
  ) {}

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  private static libDir(): string {
    const cache = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    const dir = path.join(cache, 'fupin-platform', 'kafka-4.1.0', 'libs');
    if (!fs.existsSync(dir)) throw new Error(`Kafka jars not found in ${dir}: run \`npm test\` (it provisions them)`);
    return dir;
  }

  async start(): Promise<void> {
    const libs = `${TestKafkaBroker.libDir()}/*`;
    const logs = path.join(this.dataDir, 'logs');
    if (!fs.existsSync(this.config)) {
      fs.writeFileSync(
        this.config,
        [
          'process.roles=broker,controller',
          'node.id=1',
          `controller.quorum.voters=1@127.0.0.1:${this.controllerPort}`,
          `listeners=PLAINTEXT://127.0.0.1:${this.port},CONTROLLER://127.0.0.1:${this.controllerPort}`,
          `advertised.listeners=PLAINTEXT://127.0.0.1:${this.port}`,
          'controller.listener.names=CONTROLLER',
          'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
          'inter.broker.listener.name=PLAINTEXT',
          `log.dirs=${logs}`,
          'offsets.topic.replication.factor=1',
          'transaction.state.log.replication.factor=1',
          'transaction.state.log.min.isr=1',
          'share.coordinator.state.topic.replication.factor=1',
          'share.coordinator.state.topic.min.isr=1',
          'group.initial.rebalance.delay.ms=0',
          'auto.create.topics.enable=false',
          '',
        ].join('\n'),
      );
      const r = spawnSync(
        'java',
        [
          '-cp',
          libs,
          'kafka.tools.StorageTool',
          'format',
          '-t',
          'fUpInTeStKaFkAcLuStEr0',
          '-c',
          this.config,
          '--standalone',
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`kafka storage format failed: ${r.stderr}`);
    }
    this.child = spawn('java', ['-Xmx384m', '-cp', libs, 'kafka.Kafka', this.config], { stdio: 'ignore' });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (await portOpen(this.port)) return;
      await sleep(200);
    }
    throw new Error(`test Kafka broker did not open port ${this.port}`);
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(30_000).then(() => child.kill('SIGKILL'))]);
    this.child = null;
  }

  async destroy(): Promise<void> {
    await this.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}
