// 医疗救助 end to end on the real stack: a member of a household registered through its identification
// round files a claim at discharge → checked → settled through the layers → selected for review → a
// county medical officer approves → paid exactly once → events on Kafka; a person who is not registered
// gets no assistance layer; an officer of another county is refused.
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { Client, Connection } from '@temporalio/client';
import { ILLUSTRATIVE_POLICY } from '@fupin/medical-aid-rules';
import { TaskQueues, medicalMonthlyReportWorkflow } from '@fupin/workflows';
import { eventually, requireEnv } from '@fupin/testing';
import type { MedicalAidPaths } from '@fupin/api-client';
import { clientFor, type JsonBody } from './support/clients';
import { household, randomVillage } from './support/people';
import { call, startPlatform, token, type RunningPlatform } from './support/platform';
import { completeSurvey, registerThroughRound } from './support/procedure';

jest.setTimeout(300_000);

// the illustrative policy as the body of POST /policies: its (readonly) critical-illness segments copied
const policy = {
  ...ILLUSTRATIVE_POLICY,
  critical: { ...ILLUSTRATIVE_POLICY.critical, segments: ILLUSTRATIVE_POLICY.critical.segments.map((s) => ({ ...s })) },
};

let platform: RunningPlatform;
const village = randomVillage();
const county = village.slice(0, 6);

beforeAll(async () => {
  // every claim is selected for review here (sample 100 %), with a 4-second review deadline that escalates
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: '2',
    CLAIM_REVIEW_SAMPLE_BP: '10000',
    CLAIM_REVIEW_TIMEOUT: '4s',
  });
});
afterAll(async () => {
  await platform?.stop();
});

it('takes a registered poor patient’s claim from discharge to payment, reviewed and paid once', async () => {
  const officer = await token('department_officer', `dept:medical_aid@${county}`, { subject: 'officer-sun' });
  const med = (tokenValue = officer) => clientFor('medical-aid-service', tokenValue);
  const claimOf = async (id: string) => (await med().GET('/claims/{id}', { params: { path: { id } } })).data;
  const review = (id: string, tokenValue: string, outcome: 'approved' | 'rejected', reason: string) =>
    med(tokenValue).POST('/claims/{id}/review', { params: { path: { id } }, body: { outcome, reason } });
  expect(
    (
      await med().POST('/policies', {
        params: { header: { 'Idempotency-Key': randomUUID() } },
        body: { countyCode: county, year: new Date().getUTCFullYear(), policy },
      })
    ).response.status,
  ).toBe(201);

  // a household registered through identification; medical aid learns its members from household.registered
  const cadre = await token('village_cadre', village);
  const application = household(village, 2);
  const created = await clientFor('identification-service', cadre).POST('/households', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: application,
  });
  const householdId = created.data!.id;
  await completeSurvey(cadre, householdId, { size: 2 });
  await registerThroughRound(village, [householdId]);
  await eventually(
    async () =>
      (await med().GET('/enrollments/{householdId}', { params: { path: { householdId } } })).response.status === 200,
    30_000,
    500,
  );

  const kafka = new Kafka({ clientId: 'e2e-claims', brokers: requireEnv('KAFKA_BROKERS').split(','), logLevel: 0 });
  const consumer = kafka.consumer({ groupId: `e2e-claims-${randomUUID()}` });
  const seen: { type: string; aggregateId: string }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: 'medical-aid.claim', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(JSON.parse(String(message.value)));
    },
  });

  const today = new Date().toISOString().slice(0, 10);
  const claim: JsonBody<MedicalAidPaths['/claims']['post']> = {
    idNumber: application.members[0].idNumber,
    countyCode: county,
    hospital: '县人民医院',
    admittedOn: today,
    dischargedOn: today,
    totalCost: 150000,
    inPolicyCost: 120000,
    level: 'county',
    inCounty: true,
  };
  const enter = (body: typeof claim) =>
    med().POST('/claims', { params: { header: { 'Idempotency-Key': randomUUID() } }, body });
  const entered = await enter(claim);
  expect(entered.response.status).toBe(202);
  const claimId = entered.data!.id;

  const awaiting = await eventually(
    async () => {
      const c = await claimOf(claimId);
      return c?.workflow?.step === 'awaiting_review' ? c : undefined;
    },
    60_000,
    500,
  );
  expect(awaiting).toMatchObject({
    status: 'settled',
    registeredPoor: true,
    noDeposit: true,
    review: 'pending',
    settlement: { basic: 67500, critical: 0, assistance: 31500, backstop: 9000, patientPays: 42000 },
  });

  const foreign = await token('department_officer', 'dept:medical_aid@430101');
  expect((await review(claimId, foreign, 'approved', '核实无误')).response.status).toBe(403);
  const reviewed = await review(claimId, officer, 'approved', '病历与费用清单核对无误');
  expect(reviewed.response.status).toBe(201);
  const paid = await eventually(
    async () => {
      const c = await claimOf(claimId);
      return c?.status === 'paid' ? c : undefined;
    },
    60_000,
    500,
  );
  expect(paid.paymentRef).toBe(`PAY-${claimId}`);
  expect(paid.review).toBe('approved');

  await eventually(async () => seen.some((e) => e.type === 'claim.paid' && e.aggregateId === claimId), 30_000, 500);
  expect(seen.filter((e) => e.aggregateId === claimId).map((e) => e.type)).toEqual(['claim.settled', 'claim.paid']);

  // someone not registered as poor: basic insurance only, no assistance, no backstop
  const stranger = await enter({ ...claim, idNumber: household(village, 1).members[0].idNumber });
  const strangerId = stranger.data!.id;
  const strangerSettled = await eventually(
    async () => {
      const c = await claimOf(strangerId);
      return c?.settlement ? c : undefined;
    },
    60_000,
    500,
  );
  expect(strangerSettled).toMatchObject({
    registeredPoor: false,
    noDeposit: false,
    settlement: { assistance: 0, backstop: 0 },
  });
  // nobody reviews it in time: escalated (recorded); then the officer rejects it with the reason
  const escalated = await eventually(
    async () => {
      const c = await claimOf(strangerId);
      return (c?.workflow?.escalations ?? 0) >= 1 ? c : undefined;
    },
    30_000,
    500,
  );
  expect(escalated.workflow?.step).toBe('awaiting_review');
  const rejected = await review(strangerId, officer, 'rejected', '住院病历与费用清单不符');
  expect(rejected.response.status).toBe(201);
  await eventually(async () => (await claimOf(strangerId))?.status === 'rejected', 30_000, 500);
  await eventually(
    async () => seen.some((e) => e.type === 'claim.rejected' && e.aggregateId === strangerId),
    30_000,
    500,
  );
  // raw: the audit trail is not in the services' OpenAPI documents
  const auditor = await token('auditor', county);
  const audit = await call<{ records: { action: string; subjectId: string }[] }>(
    'GET',
    `${platform.url('medical-aid-service')}/audit/records?division=${county}&limit=1000`,
    { token: auditor },
  );
  expect(audit.body.records.some((r) => r.action === 'claim.reject' && r.subjectId === strangerId)).toBe(true);
  await consumer.disconnect();

  // the monthly report (the schedule's workflow, run now for this month): the paid claim is in the county's totals
  const connection = await Connection.connect({ address: requireEnv('TEMPORAL_ADDRESS') });
  try {
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    const built = await new Client({ connection }).workflow.execute(medicalMonthlyReportWorkflow, {
      args: [{ month }],
      taskQueue: TaskQueues.orchestration,
      workflowId: `e2e-monthly-report-${randomUUID()}`,
    });
    expect(built.claims).toBeGreaterThanOrEqual(1);
    const report = await med().GET('/reports/monthly', { params: { query: { county, month } } });
    expect(report.response.status).toBe(200);
    expect(report.data?.totals).toMatchObject({ claims: 1, backstop: 9000 });
  } finally {
    await connection.close();
  }
});
