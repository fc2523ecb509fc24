import { ConfigError } from '@fupin/config';
import { ILLUSTRATIVE_RELOCATION_POLICY } from '@fupin/relocation-rules';
import { loadRelocationConfig } from './config';

const base = {
  RELOCATION_DATABASE_URL: 'postgresql://u:p@127.0.0.1:5432/fupin_relocation',
  RELOCATION_PORT: '0',
  KAFKA_BROKERS: '127.0.0.1:9092',
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  AUTH_ISSUER: 'http://127.0.0.1:9000',
  AUTH_JWKS_URL: 'http://127.0.0.1:9000/jwks',
};

const problems = (env: Record<string, string>): string[] => {
  try {
    loadRelocationConfig({ ...base, ...env });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
};

it('defaults: 25 m² per person, follow-up within 90 days, land reclaimed within 365, the illustrative policy table', () => {
  expect(loadRelocationConfig(base).relocation).toEqual({
    maxM2PerPerson: 25,
    followUpDays: 90,
    reclaimDays: 365,
    policies: [ILLUSTRATIVE_RELOCATION_POLICY],
    caseDeadlines: { deadlineSeconds: expect.objectContaining({ reclamation: 365 * 86_400, follow_up: 90 * 86_400 }) },
  });
});

it('takes the case deadlines in seconds, shorter than a day only in test mode', () => {
  const deadlines = JSON.stringify({ reclamation: 2, township_review: 3 });
  expect(() => loadRelocationConfig({ ...base, RELOCATION_DEADLINE_SECONDS: deadlines })).toThrow(
    /reclamation: at least one day/,
  );
  const c = loadRelocationConfig({ ...base, RELOCATION_DEADLINE_SECONDS: deadlines, PROCEDURE_TEST_MODE: 'true' });
  expect(c.relocation.caseDeadlines.deadlineSeconds).toMatchObject({ reclamation: 2, township_review: 3 });
  expect(() => loadRelocationConfig({ ...base, RELOCATION_DEADLINE_SECONDS: '[1]' })).toThrow(/JSON object/);
});

it('takes a province that sets the red line lower, and its own deadlines', () => {
  const c = loadRelocationConfig({
    ...base,
    RELOCATION_MAX_M2_PER_PERSON: '20',
    RELOCATION_FOLLOWUP_DAYS: '60',
    RELOCATION_RECLAIM_DAYS: '180',
  });
  expect(c.relocation).toMatchObject({ maxM2PerPerson: 20, followUpDays: 60, reclaimDays: 180 });
});

it('refuses at boot a red line above 25 m², a limit of 0, and deadlines that are not whole days ≥ 1', () => {
  expect(problems({ RELOCATION_MAX_M2_PER_PERSON: '25.5' })[0]).toMatch(/^RELOCATION_MAX_M2_PER_PERSON:/);
  expect(problems({ RELOCATION_MAX_M2_PER_PERSON: '0' })[0]).toMatch(/^RELOCATION_MAX_M2_PER_PERSON:/);
  expect(problems({ RELOCATION_FOLLOWUP_DAYS: '0' })[0]).toMatch(/^RELOCATION_FOLLOWUP_DAYS:/);
  expect(problems({ RELOCATION_RECLAIM_DAYS: 'a year' })[0]).toMatch(/^RELOCATION_RECLAIM_DAYS:/);
});

it('reads a policy table from JSON and refuses one the rules library finds wrong, naming the field', () => {
  const own = { ...ILLUSTRATIVE_RELOCATION_POLICY, provinceCode: '52', year: 2018 };
  expect(loadRelocationConfig({ ...base, RELOCATION_POLICIES: JSON.stringify([own]) }).relocation.policies).toEqual([
    own,
  ]);
  const bad = { ...own, tranchePlan: { foundation: 3000, roof: 4000, acceptance: 2000 } };
  expect(problems({ RELOCATION_POLICIES: JSON.stringify([bad]) })).toEqual([
    expect.stringMatching(/^RELOCATION_POLICIES\.0\.tranchePlan: shares_sum/),
  ]);
  expect(problems({ RELOCATION_POLICIES: '[{' })).toEqual([expect.stringMatching(/^RELOCATION_POLICIES: must be/)]);
});
