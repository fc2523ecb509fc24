import { ConfigError, loadConfig, parseDurationMs } from './load-config';
import { baseServiceConfigSchema } from './base-service-config';

const good = {
  MEDICAL_AID_DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/fupin_medical_aid',
  MEDICAL_AID_PORT: '3004',
  KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.1:9093',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  AUTH_ISSUER: 'http://127.0.0.1:9400',
  AUTH_JWKS_URL: 'http://127.0.0.1:9400/.well-known/jwks.json',
};

describe('loadConfig', () => {
  it('returns typed config with defaults', () => {
    const cfg = loadConfig('medical-aid-service', baseServiceConfigSchema('MEDICAL_AID'), good);
    expect(cfg.port).toBe(3004);
    expect(cfg.kafka.brokers).toEqual(['127.0.0.1:9092', '127.0.0.1:9093']);
    expect(cfg.outboxPollMs).toBe(500);
    expect(cfg.runWorker).toBe(true);
  });

  it('names every missing or malformed variable at once', () => {
    const env = { ...good, MEDICAL_AID_PORT: 'abc', TEMPORAL_ADDRESS: 'nohost' } as Record<string, string | undefined>;
    delete env.KAFKA_BROKERS;
    let error: unknown;
    try {
      loadConfig('medical-aid-service', baseServiceConfigSchema('MEDICAL_AID'), env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/MEDICAL_AID_PORT/);
    expect(problems).toMatch(/KAFKA_BROKERS/);
    expect(problems).toMatch(/TEMPORAL_ADDRESS: must be host:port/);
    expect((error as Error).message).toMatch(/medical-aid-service/);
  });

  it('refuses a database URL of the wrong scheme', () => {
    expect(() =>
      loadConfig('x', baseServiceConfigSchema('MEDICAL_AID'), { ...good, MEDICAL_AID_DATABASE_URL: 'mysql://h/db' }),
    ).toThrow(/MEDICAL_AID_DATABASE_URL: must be a URL with scheme postgres/);
  });

  it('parses durations', () => {
    expect(parseDurationMs('7d')).toBe(604_800_000);
    expect(parseDurationMs('250ms')).toBe(250);
    expect(parseDurationMs('7 days')).toBeNull();
    expect(() =>
      loadConfig('x', baseServiceConfigSchema('MEDICAL_AID'), { ...good, OUTBOX_POLL_INTERVAL: 'soon' }),
    ).toThrow(/OUTBOX_POLL_INTERVAL: "soon" is not a duration/);
  });
});
