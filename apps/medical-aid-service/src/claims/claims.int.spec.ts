// Claims against the real database: two claims of one person settled at the same moment never spend the
// same remaining cap or deductible twice, and a claim is paid exactly once however often payment is retried.
import { randomUUID } from 'node:crypto';
import {
  type MedicalPolicy,
  type Settlement,
  nextYearToDate,
  settleClaim,
  type YearToDate,
} from '@fupin/medical-aid-rules';
import { call, startTestService, testToken, withSuperuser, type TestService } from '@fupin/testing';
import { startService } from '../service';
import { MONTHLY_REPORT_SCHEDULE_ID } from '@fupin/workflows';
import { monthlyReportActivities } from '../reports/monthly-report';
import { claimActivities } from './claim.activities';
import { householdExitedHandler } from '../enrollment/household-exited.handler';
import type { EventEnvelope } from '@fupin/contracts';
import { pgTransactionalClient } from '@fupin/testing';

jest.setTimeout(90_000);

const policy: MedicalPolicy = {
  basic: {
    deductible: { township: 10000, county: 30000, city: 80000, province: 120000 },
    rate: { township: 8500, county: 7500, city: 6500, province: 5500 },
    annualCap: 100000,
  },
  outOfCountyRateCut: 500,
  critical: {
    deductible: 1200000,
    poorDeductible: 60000,
    segments: [
      { upTo: 4000000, rate: 5500 },
      { upTo: null, rate: 6500 },
    ],
    poorRateBonus: 500,
    annualCap: 25000000,
  },
  assistance: { rate: 6000, annualCap: 50000 },
  backstop: { patientShareLimit: 1000 },
};
const county = '430523';
const idNumber = '43052319680314001X';
let svc: TestService<Awaited<ReturnType<typeof startService>>>;

beforeAll(async () => {
  svc = await startTestService('medical-aid-service', startService, {
    RUN_WORKER: 'false',
    CLAIM_REVIEW_SAMPLE_BP: '0',
  });
  const officer = await testToken('department_officer', `dept:medical_aid@${county}`);
  const published = await call('POST', `${svc.url}/policies`, {
    token: officer,
    body: { countyCode: county, year: 2026, policy },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(published.status).toBe(201);
  // the person as household.registered would have made them known
  await withSuperuser(svc.db.url, (c) =>
    c.query(
      `INSERT INTO insured_person (id_number, household_id, name, village_code, registered_poor, updated_at) VALUES ($1, $2, '王建国', '430523101201', true, now())`,
      [idNumber, randomUUID()],
    ),
  );
});
afterAll(() => svc?.stop());

async function enterClaim(totalCost: number, inPolicyCost: number): Promise<string> {
  const id = randomUUID();
  await withSuperuser(svc.db.url, (c) =>
    c.query(
      `INSERT INTO claim (id, id_number, county_code, hospital, admitted_on, discharged_on, total_cost, in_policy_cost, level, in_county, status, workflow_id, entered_by)
     VALUES ($1, $2, $3, '县人民医院', '2026-03-01', '2026-03-10', $4, $5, 'county', true, 'entered', $6, 'test')`,
      [id, idNumber, county, totalCost, inPolicyCost, `medical-claim:${id}`],
    ),
  );
  return id;
}

const ytdOf = async (): Promise<YearToDate> => {
  const rows = await withSuperuser(svc.db.url, (c) =>
    c.query(
      `SELECT basic_deductible_used, basic_paid, critical_base, critical_paid, assistance_paid FROM person_year_to_date WHERE id_number = $1 AND year = 2026`,
      [idNumber],
    ),
  );
  const r = rows.rows[0];
  return {
    basicDeductibleUsed: Number(r.basic_deductible_used),
    basicPaid: Number(r.basic_paid),
    criticalBase: Number(r.critical_base),
    criticalPaid: Number(r.critical_paid),
    assistancePaid: Number(r.assistance_paid),
  };
};

it('settles two claims of one person at the same moment as if one after the other (no double spending of caps)', async () => {
  const activities = claimActivities(svc.service.runtime);
  // the person's year already exists (an earlier, empty one): nothing but the row lock orders the two settlements
  await withSuperuser(svc.db.url, (c) =>
    c.query(`INSERT INTO person_year_to_date (id_number, year) VALUES ($1, 2026) ON CONFLICT DO NOTHING`, [idNumber]),
  );
  const a = await enterClaim(200000, 180000);
  const b = await enterClaim(150000, 120000);
  await Promise.all([activities.checkClaim({ claimId: a }), activities.checkClaim({ claimId: b })]);
  await Promise.all([activities.settleClaim({ claimId: a }), activities.settleClaim({ claimId: b })]);

  const sequential = (
    first: { totalCost: number; inPolicyCost: number },
    second: { totalCost: number; inPolicyCost: number },
  ) => {
    let ytd: YearToDate = { basicDeductibleUsed: 0, basicPaid: 0, criticalBase: 0, criticalPaid: 0, assistancePaid: 0 };
    const out: Settlement[] = [];
    for (const x of [first, second]) {
      const claim = { ...x, level: 'county' as const, inCounty: true };
      const r = settleClaim({ policy, claim, registeredPoor: true, ytd });
      if (!r.ok) throw new Error('bad');
      out.push(r.value);
      ytd = nextYearToDate(ytd, claim, policy, true, r.value);
    }
    return { out, ytd };
  };
  const ab = sequential({ totalCost: 200000, inPolicyCost: 180000 }, { totalCost: 150000, inPolicyCost: 120000 });
  const ba = sequential({ totalCost: 150000, inPolicyCost: 120000 }, { totalCost: 200000, inPolicyCost: 180000 });
  const ytd = await ytdOf();
  expect([ab.ytd, ba.ytd]).toContainEqual(ytd);
  // the basic cap (1000 yuan) and the assistance cap (500 yuan) are never exceeded by the pair
  expect(ytd.basicPaid).toBeLessThanOrEqual(policy.basic.annualCap);
  expect(ytd.assistancePaid).toBeLessThanOrEqual(policy.assistance.annualCap);
  const stored = await withSuperuser(svc.db.url, (c) =>
    c.query(`SELECT id, basic, assistance FROM claim WHERE id = ANY($1::uuid[])`, [[a, b]]),
  );
  const basicTotal = stored.rows.reduce((s, r) => s + Number(r.basic), 0);
  expect(basicTotal).toBe(ytd.basicPaid);
});

it('pays a claim exactly once, however often payment runs, and marks the policy version as used', async () => {
  const activities = claimActivities(svc.service.runtime);
  const c = await enterClaim(50000, 40000);
  await activities.checkClaim({ claimId: c });
  await activities.settleClaim({ claimId: c });
  const payments = await Promise.all([1, 2, 3].map(() => activities.payClaim({ claimId: c })));
  expect(new Set(payments.map((p) => p.paymentRef)).size).toBe(1);
  const events = await withSuperuser(svc.db.url, (x) =>
    x.query(`SELECT count(*)::int AS n FROM outbox_event WHERE type = 'claim.paid' AND aggregate_id = $1`, [c]),
  );
  expect(events.rows[0].n).toBe(1);
  const used = await withSuperuser(svc.db.url, (x) =>
    x.query(`SELECT count(*)::int AS n FROM medical_policy WHERE used_at IS NOT NULL`),
  );
  expect(used.rows[0].n).toBe(1);
});

it('settles a person not registered as poor without assistance or backstop, and refuses a claim of another county', async () => {
  const activities = claimActivities(svc.service.runtime);
  const other = randomUUID();
  await withSuperuser(svc.db.url, (x) =>
    x.query(
      `INSERT INTO claim (id, id_number, county_code, hospital, admitted_on, discharged_on, total_cost, in_policy_cost, level, in_county, status, workflow_id, entered_by)
     VALUES ($1, '430523199001010011', $2, '县人民医院', '2026-04-01', '2026-04-05', 150000, 120000, 'county', true, 'entered', $3, 'test')`,
      [other, county, `medical-claim:${other}`],
    ),
  );
  await activities.checkClaim({ claimId: other });
  await activities.settleClaim({ claimId: other });
  const row = await withSuperuser(svc.db.url, (x) =>
    x.query(`SELECT registered_poor, assistance, backstop FROM claim WHERE id = $1`, [other]),
  );
  expect(row.rows[0]).toMatchObject({ registered_poor: false, assistance: '0', backstop: '0' });
  const foreign = await testToken('department_officer', 'dept:medical_aid@430524');
  expect((await call('GET', `${svc.url}/claims/${other}`, { token: foreign })).status).toBe(403);
});

it('builds the monthly report of paid claims: layers per county, people over the share limit flagged; the schedule exists', async () => {
  const activities = claimActivities(svc.service.runtime);
  const rows = await withSuperuser(svc.db.url, (x) =>
    x.query(`SELECT id FROM claim WHERE status = 'settled' AND NOT registered_poor`),
  );
  for (const r of rows.rows) await activities.payClaim({ claimId: r.id });
  const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
  const built = await monthlyReportActivities(svc.service.runtime).buildMonthlyReport({ month });
  expect(built).toMatchObject({ month, counties: 1, claims: 2, flagged: 1 });
  const officer = await testToken('department_officer', `dept:medical_aid@${county}`);
  const report = await call<{
    totals: { claims: number; assistance: number };
    flagged: { idNumber: string; registeredPoor: boolean; shareBp: number }[];
  }>('GET', `${svc.url}/reports/monthly?county=${county}&month=${month}`, { token: officer });
  expect(report.status).toBe(200);
  expect(report.body.totals.claims).toBe(2);
  expect(report.body.flagged).toEqual([
    expect.objectContaining({ idNumber: '430523199001010011', registeredPoor: false }),
  ]);
  expect(report.body.flagged[0].shareBp).toBeGreaterThan(1000);
  const schedule = await svc.service.runtime.temporal.schedule.getHandle(MONTHLY_REPORT_SCHEDULE_ID).describe();
  expect(JSON.stringify(schedule.spec)).toContain('Asia/Shanghai');
  expect(JSON.stringify(schedule.action)).toContain('medicalMonthlyReportWorkflow');
});

it('after an exit (household.exited) keeps the poor layers through the transition period, and not after it', async () => {
  const activities = claimActivities(svc.service.runtime);
  const householdId = randomUUID();
  const person = '430523197001010016';
  await withSuperuser(svc.db.url, (c) =>
    c.query(
      `INSERT INTO insured_person (id_number, household_id, name, village_code, registered_poor, updated_at) VALUES ($1, $2, '李秀英', '430523101201', true, now())`,
      [person, householdId],
    ),
  );
  const exited = {
    payload: {
      householdId,
      villageCode: '430523101201',
      exitedAt: '2026-01-15T02:00:00.000Z',
      transitionEndsOn: '2026-03-31',
    },
  } as unknown as EventEnvelope<unknown>;
  const db = pgTransactionalClient(svc.db.url);
  try {
    await db.$transaction((tx) => householdExitedHandler(svc.service.runtime)(exited, tx));
  } finally {
    await db.$disconnect();
  }
  const claimOn = async (day: string) => {
    const id = randomUUID();
    await withSuperuser(svc.db.url, (c) =>
      c.query(
        `INSERT INTO claim (id, id_number, county_code, hospital, admitted_on, discharged_on, total_cost, in_policy_cost, level, in_county, status, workflow_id, entered_by)
       VALUES ($1, $2, $3, '县人民医院', $4, $4, 150000, 120000, 'county', true, 'entered', $5, 'test')`,
        [id, person, county, day, `medical-claim:${id}`],
      ),
    );
    await activities.checkClaim({ claimId: id });
    return (await withSuperuser(svc.db.url, (c) => c.query(`SELECT registered_poor FROM claim WHERE id = $1`, [id])))
      .rows[0].registered_poor;
  };
  expect(await claimOn('2026-03-31')).toBe(true);
  expect(await claimOn('2026-04-01')).toBe(false);
});

it('answers a claim and an enrollment as their documents say (checked against the schemas)', async () => {
  const officer = await testToken('department_officer', `dept:medical_aid@${county}`);
  const paid = await withSuperuser(svc.db.url, (x) => x.query(`SELECT id FROM claim WHERE status = 'paid' LIMIT 1`));
  const claim = await call<{ status: string; settlement: { basic: number } | null; workflow: unknown }>(
    'GET',
    `${svc.url}/claims/${paid.rows[0].id}`,
    { token: officer },
  );
  expect(claim.status).toBe(200);
  expect(claim.body).toMatchObject({ status: 'paid', settlement: { basic: expect.any(Number) }, workflow: null });
  const householdId = randomUUID();
  await withSuperuser(svc.db.url, (c) =>
    c.query(
      `INSERT INTO enrollment (household_id, village_code, county_code, status, workflow_id, updated_at) VALUES ($1, '430523101201', $2, 'pending', $3, now())`,
      [householdId, county, `medical-enrollment:${householdId}`],
    ),
  );
  const enrollment = await call('GET', `${svc.url}/enrollments/${householdId}`, { token: officer });
  expect(enrollment.status).toBe(200);
  expect(enrollment.body).toMatchObject({ householdId, status: 'pending', decidedBy: null, workflow: null });
});

it('answers an id PostgreSQL cannot read as a uuid 400 request.invalid_data, not 500', async () => {
  const officer = await testToken('department_officer', `dept:medical_aid@${county}`);
  // uuid-shaped (36 hex digits and hyphens) so it reaches the model call, but a hyphen after one digit: 22P02
  const malformed = '1-34567890abcdef1234567890abcdef1234';
  const r = await call<{ error: { code: string } }>('GET', `${svc.url}/claims/${malformed}`, { token: officer });
  expect(r.status).toBe(400);
  expect(r.body.error.code).toBe('request.invalid_data');
});

it('refuses paying a claim not settled, or one that does not exist, with a typed bilingual refusal', async () => {
  const activities = claimActivities(svc.service.runtime);
  const entered = await enterClaim(80000, 60000);
  await expect(activities.payClaim({ claimId: entered })).rejects.toMatchObject({
    type: 'claim.not_settled',
    nonRetryable: true,
    details: [
      {
        code: 'claim.not_settled',
        status: 409,
        message: {
          'zh-CN': `报销单 ${entered} 已录入，尚未结算，不能支付`,
          en: `claim ${entered} is entered, not settled`,
        },
        data: { claimId: entered, status: 'entered' },
      },
    ],
  });
  const missing = randomUUID();
  await expect(activities.checkClaim({ claimId: missing })).rejects.toMatchObject({
    type: 'claim.not_found',
    details: [{ code: 'claim.not_found', status: 409, message: { 'zh-CN': `报销单 ${missing} 不存在` } }],
  });
});
