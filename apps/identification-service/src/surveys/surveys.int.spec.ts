import { randomUUID } from 'node:crypto';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { householdInput } from '../testing/people';

jest.setTimeout(60_000);

const village = '430523101201';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let cadre: string;
let householdId: string;

const survey = {
  incomeYear: 2020,
  farmingIncome: 800_000,
  livestockIncome: 200_000,
  wageIncome: 600_000,
  propertyIncome: 0,
  transferIncome: 100_000,
  businessNetIncome: 0,
  productionCosts: 300_000,
  livingExpenses: 500_000,
  illnessSpending: 400_000,
  studentCosts: 100_000,
};

let application: ReturnType<typeof householdInput>;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  cadre = await testToken('village_cadre', village, { subject: 'cadre-li' });
  application = householdInput(village, 4);
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: cadre,
    body: application,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  householdId = created.body.id;
});

describe('one household per person (SPEC §3.1)', () => {
  it('names the clashing household inside the jurisdiction, and only there', async () => {
    const again = { villageCode: village, members: [{ ...application.members[2], relation: '户主' }] };
    const inside = await call<{ error: { field: string; details?: { householdId: string } } }>(
      'POST',
      `${svc.url}/households`,
      { token: cadre, body: again, headers: { 'Idempotency-Key': randomUUID() } },
    );
    expect(inside.status).toBe(409);
    expect(inside.body.error).toMatchObject({ field: 'members.0.idNumber', details: { householdId } });
    const elsewhere = '430524101201';
    const outsider = await testToken('village_cadre', elsewhere);
    const outside = await call<{ error: { field: string; details?: unknown; message: { en: string } } }>(
      'POST',
      `${svc.url}/households`,
      { token: outsider, body: { ...again, villageCode: elsewhere }, headers: { 'Idempotency-Key': randomUUID() } },
    );
    expect(outside.status).toBe(409);
    expect(outside.body.error.details).toBeUndefined();
    expect(JSON.stringify(outside.body)).not.toContain(householdId);
  });
});

afterAll(() => svc?.stop());

describe('household survey (六算) on the real database', () => {
  it('derives per-capita net income from the line items and keeps every item', async () => {
    const key = randomUUID();
    const saved = await call<{ perCapitaFen: number; netIncomeFen: number; householdSize: number }>(
      'POST',
      `${svc.url}/households/${householdId}/surveys`,
      { token: cadre, body: survey, headers: { 'Idempotency-Key': key } },
    );
    expect(saved.status).toBe(201);
    // (8000 + 2000 + 6000 + 0 + 1000 + 0 − 3000) yuan = 14,000 yuan over 4 people
    expect(saved.body).toMatchObject({ householdSize: 4, netIncomeFen: 1_400_000, perCapitaFen: 350_000 });
    const replay = await call('POST', `${svc.url}/households/${householdId}/surveys`, {
      token: cadre,
      body: survey,
      headers: { 'Idempotency-Key': key },
    });
    expect(replay.status).toBe(200);
    const list = await call<{ surveys: Record<string, unknown>[] }>(
      'GET',
      `${svc.url}/households/${householdId}/surveys`,
      { token: await testToken('township_reviewer', village.slice(0, 9)) },
    );
    expect(list.body.surveys).toEqual([
      expect.objectContaining({
        incomeYear: 2020,
        illnessSpending: 400_000,
        studentCosts: 100_000,
        perCapitaFen: 350_000,
      }),
    ]);
  });

  it('refuses typed-in results, negative or fractional amounts, naming the field', async () => {
    const typed = await call<{ error: { field: string } }>('POST', `${svc.url}/households/${householdId}/surveys`, {
      token: cadre,
      body: { ...survey, perCapitaFen: 1 },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(typed.status).toBe(400);
    const negative = await call<{ error: { field: string } }>('POST', `${svc.url}/households/${householdId}/surveys`, {
      token: cadre,
      body: { ...survey, wageIncome: -5 },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(negative.status).toBe(400);
    expect(negative.body.error.field).toBe('wageIncome');
    const fraction = await call<{ error: { field: string } }>('POST', `${svc.url}/households/${householdId}/surveys`, {
      token: cadre,
      body: { ...survey, farmingIncome: 10.5 },
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(fraction.body.error.field).toBe('farmingIncome');
  });

  it("lets only the village's own cadre survey it", async () => {
    const other = await testToken('village_cadre', '430523101202');
    const refused = await call<{ error: { code: string } }>('POST', `${svc.url}/households/${householdId}/surveys`, {
      token: other,
      body: survey,
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('auth.out_of_jurisdiction');
  });

  it('records what the surveyor saw and the causes of poverty (one main, at most two others)', async () => {
    const seen = await call('POST', `${svc.url}/households/${householdId}/observations`, {
      token: cadre,
      headers: { 'Idempotency-Key': randomUUID() },
      body: {
        housingGrade: 'C',
        drinkingWaterSafe: false,
        childrenOutOfSchool: 1,
        appliances: ['电视'],
        vehicles: [{ kind: '农用三轮车', productive: true }],
      },
    });
    expect(seen.status).toBe(201);
    const latest = await call<{ observation: { housingGrade: string } }>(
      'GET',
      `${svc.url}/households/${householdId}/observations/latest`,
      { token: cadre },
    );
    expect(latest.body.observation.housingGrade).toBe('C');

    const tooMany = await call<{ error: { field: string } }>('PUT', `${svc.url}/households/${householdId}/causes`, {
      token: cadre,
      body: { mainCause: '因病', otherCauses: ['因学', '缺技术', '缺资金'], assistanceCategory: 'production' },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.field).toBe('otherCauses');
    const ok = await call('PUT', `${svc.url}/households/${householdId}/causes`, {
      token: cadre,
      body: { mainCause: '因病', otherCauses: ['因学'], assistanceCategory: 'production' },
    });
    expect(ok.status).toBe(200);
  });

  it('leaves an intact audit chain', async () => {
    const report = await call<{ ok: boolean; records: number }>('GET', `${svc.url}/audit/verify`, {
      token: await testToken('auditor', '430523'),
    });
    expect(report.body).toMatchObject({ ok: true });
    expect(report.body.records).toBe(4); // registration, survey, observation, causes
  });
});
