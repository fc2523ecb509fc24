// Where the local stack keeps things, and which ports each profile uses.
// Downloads and builds are cached per user (shared by every clone on the machine);
// data directories live per checkout under .stack/<profile>/ (git-ignored).
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const versions = {
  kafka: '4.1.0',
  temporalCli: 'v1.5.1', // embeds Temporal server 1.29.1; newest tag `go install` accepts
};

export const cacheDir = path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'fupin-platform');
export const kafkaLibDir = path.join(cacheDir, `kafka-${versions.kafka}`, 'libs');
export const temporalBin = path.join(cacheDir, `temporal-cli-${versions.temporalCli}`, 'temporal');

export const services = [
  { name: 'identification-service', db: 'fupin_identification', queue: 'identification' },
  { name: 'relocation-service', db: 'fupin_relocation', queue: 'relocation' },
  { name: 'industry-service', db: 'fupin_industry', queue: 'industry' },
  { name: 'medical-aid-service', db: 'fupin_medical_aid', queue: 'medical-aid' },
  { name: 'notice-service', db: 'fupin_notice', queue: 'notice' },
];

const profiles = {
  // `npm start`
  dev: {
    pg: 54320,
    kafka: 19092,
    kafkaController: 19093,
    temporal: 7233,
    temporalUi: 8233,
    issuer: 9400,
    serviceBase: 3001,
    orchestrator: 3010,
  },
  // `npm test`: its own ports and data dirs, so it can run beside a dev stack
  test: {
    pg: 54330,
    kafka: 29092,
    kafkaController: 29093,
    temporal: 17233,
    temporalUi: 18233,
    issuer: 19400,
    serviceBase: 4001,
    orchestrator: 4010,
  },
  // benchmarks: their own servers, so their load and leftovers never reach the dev or test stacks
  bench: {
    pg: 54340,
    kafka: 49092,
    kafkaController: 49093,
    temporal: 27233,
    temporalUi: 28233,
    issuer: 29400,
    serviceBase: 5001,
    orchestrator: 5010,
  },
};

/** STACK_PORT_OFFSET=N shifts every port of the profile, so two checkouts can run the same profile side by side. */
function portOffset() {
  const raw = process.env.STACK_PORT_OFFSET ?? '0';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 20000)
    throw new Error(`STACK_PORT_OFFSET must be a whole number between 0 and 20000, got "${raw}"`);
  return n;
}

export function stackLayout(profile) {
  const base = profiles[profile];
  if (!base) throw new Error(`unknown stack profile "${profile}" (expected ${Object.keys(profiles).join(', ')})`);
  const offset = portOffset();
  const ports = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, v + offset]));
  // STACK_NAME=x keeps this stack's data in .stack/x instead: two stacks of one profile in one checkout
  const dir = path.join(repoRoot, '.stack', process.env.STACK_NAME || profile);
  return {
    profile,
    dir,
    ports,
    pgData: path.join(dir, 'postgres', 'data'),
    pgLog: path.join(dir, 'postgres', 'postgres.log'),
    kafkaData: path.join(dir, 'kafka', 'data'),
    kafkaConfig: path.join(dir, 'kafka', 'server.properties'),
    kafkaLog: path.join(dir, 'kafka', 'kafka.log'),
    temporalDb: path.join(dir, 'temporal', 'temporal.db'),
    temporalLog: path.join(dir, 'temporal', 'temporal.log'),
    issuerKeyFile: path.join(dir, 'auth', 'dev-issuer-key.json'),
    pidDir: path.join(dir, 'pids'),
    logDir: path.join(dir, 'logs'),
  };
}

/** Environment every service/test process gets for a running stack. */
export function stackEnv(layout) {
  const { ports } = layout;
  const env = {
    STACK_PROFILE: layout.profile,
    DATABASE_ADMIN_URL: `postgresql://postgres@127.0.0.1:${ports.pg}/postgres`,
    KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
    TEMPORAL_ADDRESS: `127.0.0.1:${ports.temporal}`,
    TEMPORAL_NAMESPACE: 'default',
    AUTH_ISSUER: `http://127.0.0.1:${ports.issuer}`,
    AUTH_JWKS_URL: `http://127.0.0.1:${ports.issuer}/.well-known/jwks.json`,
    AUTH_AUDIENCE: 'fupin-platform',
    AUTH_DEV_KEY_FILE: layout.issuerKeyFile,
    ORCHESTRATOR_PORT: String(ports.orchestrator),
  };
  services.forEach((svc, i) => {
    const key = svc.name
      .replace(/-service$/, '')
      .replace(/-/g, '_')
      .toUpperCase();
    env[`${key}_DATABASE_URL`] = `postgresql://postgres@127.0.0.1:${ports.pg}/${svc.db}`;
    env[`${key}_PORT`] = String(ports.serviceBase + i);
    // metrics on a port of their own, 20 above the service's (3021–3025 on dev, 4021–4025 on test)
    env[`${key}_METRICS_PORT`] = String(ports.serviceBase + 20 + i);
  });
  return env;
}
