import { randomUUID } from 'node:crypto';
import { ILLUSTRATIVE_POLICY } from '@fupin/medical-aid-rules';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';

jest.setTimeout(60_000);

const policy = ILLUSTRATIVE_POLICY;

let svc: TestService<Awaited<ReturnType<typeof startService>>>;
beforeAll(async () => {
  svc = await startTestService('medical-aid-service', startService, { RUN_WORKER: 'false' });
});
afterAll(() => svc?.stop());

describe('settlement preview (一站式结算, no writes)', () => {
  it('settles the example claim of a registered poor patient layer by layer', async () => {
    const desk = await testToken('department_officer', 'dept:medical_aid@430523');
    const r = await call('POST', `${svc.url}/settlements/preview`, {
      token: desk,
      body: {
        policy,
        claim: { totalCost: 150000, inPolicyCost: 120000, level: 'county', inCounty: true },
        registeredPoor: true,
      },
    });
    expect(r.status).toBe(200);
    // basic: (120000 − 30000) × 75 % = 67500; rest 52500 stays under the poor deductible (600000): critical 0;
    // assistance 52500 × 60 % = 31500; backstop: 120000 − 67500 − 31500 = 21000 over the 10 % share (12000) → 9000;
    // the patient: 150000 − 67500 − 31500 − 9000 = 42000 (30000 of it out of policy)
    expect(r.body).toEqual({ basic: 67500, critical: 0, assistance: 31500, backstop: 9000, patientPays: 42000 });
  });

  it('gives a person not registered as poor no assistance and no backstop', async () => {
    const desk = await testToken('department_officer', 'dept:medical_aid@430523');
    const r = await call<{ assistance: number; backstop: number }>('POST', `${svc.url}/settlements/preview`, {
      token: desk,
      body: {
        policy,
        claim: { totalCost: 150000, inPolicyCost: 120000, level: 'county', inCounty: true },
        registeredPoor: false,
      },
    });
    expect(r.body).toMatchObject({ basic: 67500, assistance: 0, backstop: 0, patientPays: 82500 });
  });

  it('refuses bad input by field: fractional fen, in-policy above total, unknown level; and callers without a token', async () => {
    const desk = await testToken('department_officer', 'dept:medical_aid@430523');
    const bad = async (claim: Record<string, unknown>) =>
      await call<{ error: { field: string } }>('POST', `${svc.url}/settlements/preview`, {
        token: desk,
        body: { policy, claim, registeredPoor: true },
      });
    const fractional = await bad({ totalCost: 150000.5, inPolicyCost: 120000, level: 'county', inCounty: true });
    expect(fractional.status).toBe(400);
    expect(fractional.body.error.field).toMatch(/totalCost/);
    expect(
      (await bad({ totalCost: 100, inPolicyCost: 120000, level: 'county', inCounty: true })).body.error.field,
    ).toMatch(/inPolicyCost/);
    expect(
      (await bad({ totalCost: 150000, inPolicyCost: 120000, level: 'village', inCounty: true })).body.error.field,
    ).toMatch(/level/);
    expect((await call('POST', `${svc.url}/settlements/preview`, { body: { policy } })).status).toBe(401);
  });
});

describe('policies as versioned data', () => {
  it('publishes versions by a county health officer, lists them newest first, refuses another county and a bad policy', async () => {
    const officer = await testToken('department_officer', 'dept:medical_aid@430523', { subject: 'officer-zhao' });
    const v1 = await call<{ version: number }>('POST', `${svc.url}/policies`, {
      token: officer,
      body: { countyCode: '430523', year: 2026, policy },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(v1.status).toBe(201);
    const key = randomUUID();
    const v2 = await call<{ version: number }>('POST', `${svc.url}/policies`, {
      token: officer,
      body: { countyCode: '430523', year: 2026, policy: { ...policy, outOfCountyRateCut: 1000 } },
      headers: { 'Idempotency-Key': key },
    });
    expect(v2.body.version).toBe(v1.body.version + 1);
    const replay = await call<{ version: number }>('POST', `${svc.url}/policies`, {
      token: officer,
      body: { countyCode: '430523', year: 2026, policy: { ...policy, outOfCountyRateCut: 1000 } },
      headers: { 'Idempotency-Key': key },
    });
    expect(replay.status).toBe(200);
    expect(replay.body.version).toBe(v2.body.version);
    const list = await call<{ versions: { version: number; createdBy: string }[] }>(
      'GET',
      `${svc.url}/policies?county=430523&year=2026`,
      { token: officer },
    );
    expect(list.body.versions.map((v) => v.version)).toEqual([v2.body.version, v1.body.version]);
    const foreign = await call('POST', `${svc.url}/policies`, {
      token: await testToken('department_officer', 'dept:medical_aid@430524'),
      body: { countyCode: '430523', year: 2026, policy },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(foreign.status).toBe(403);
    const badRate = await call<{ error: { field: string } }>('POST', `${svc.url}/policies`, {
      token: officer,
      body: { countyCode: '430523', year: 2026, policy: { ...policy, assistance: { rate: 12000, annualCap: 800000 } } },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(badRate.status).toBe(400);
    expect(badRate.body.error.field).toBe('policy.assistance.rate');
  });
});
