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
import { household, randomVillage } from './support/people';
import { call, startPlatform, token, type RunningPlatform } from './support/platform';
import { completeSurvey, registerThroughRound } from './support/procedure';

jest.setTimeout(300_000);

const policy = ILLUSTRATIVE_POLICY;

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

interface ClaimBody {
  status: string;
  registeredPoor: boolean;
  noDeposit: boolean;
  settlement: { basic: number; critical: number; assistance: number; backstop: number; patientPays: number } | null;
  review: string | null;
  paymentRef: string | null;
  workflow: { step: string } | null;
}

it('takes a registered poor patient’s claim from discharge to payment, reviewed and paid once', async () => {
  const med = platform.url('medical-aid-service');
  const officer = await token('department_officer', `dept:medical_aid@${county}`, { subject: 'officer-sun' });
  expect(
    (
      await call('POST', `${med}/policies`, {
        token: officer,
        body: { countyCode: county, year: new Date().getUTCFullYear(), policy },
        headers: { 'Idempotency-Key': randomUUID() },
      })
    ).status,
  ).toBe(201);

  // a household registered through identification; medical aid learns its members from household.registered
  const cadre = await token('village_cadre', village);
  const application = household(village, 2);
  const created = await call<{ id: string }>('POST', `${platform.url('identification-service')}/households`, {
    token: cadre,
    body: application,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  await completeSurvey(platform.url('identification-service'), cadre, created.body.id, { size: 2 });
  await registerThroughRound(platform.url('identification-service'), village, [created.body.id]);
  await eventually(
    async () => (await call('GET', `${med}/enrollments/${created.body.id}`, { token: officer })).status === 200,
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
  const claim = {
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
  const entered = await call<{ id: string }>('POST', `${med}/claims`, {
    token: officer,
    body: claim,
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(entered.status).toBe(202);
  const claimId = entered.body.id;

  const awaiting = await eventually(
    async () => {
      const r = await call<ClaimBody>('GET', `${med}/claims/${claimId}`, { token: officer });
      return r.body.workflow?.step === 'awaiting_review' ? r.body : undefined;
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
  expect(
    (
      await call('POST', `${med}/claims/${claimId}/review`, {
        token: foreign,
        body: { outcome: 'approved', reason: '核实无误' },
      })
    ).status,
  ).toBe(403);
  const reviewed = await call('POST', `${med}/claims/${claimId}/review`, {
    token: officer,
    body: { outcome: 'approved', reason: '病历与费用清单核对无误' },
  });
  expect(reviewed.status).toBe(201);
  const paid = await eventually(
    async () => {
      const r = await call<ClaimBody>('GET', `${med}/claims/${claimId}`, { token: officer });
      return r.body.status === 'paid' ? r.body : undefined;
    },
    60_000,
    500,
  );
  expect(paid.paymentRef).toBe(`PAY-${claimId}`);
  expect(paid.review).toBe('approved');

  await eventually(async () => seen.some((e) => e.type === 'claim.paid' && e.aggregateId === claimId), 30_000, 500);
  expect(seen.filter((e) => e.aggregateId === claimId).map((e) => e.type)).toEqual(['claim.settled', 'claim.paid']);

  // someone not registered as poor: basic insurance only, no assistance, no backstop
  const stranger = await call<{ id: string }>('POST', `${med}/claims`, {
    token: officer,
    body: { ...claim, idNumber: household(village, 1).members[0].idNumber },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  const strangerSettled = await eventually(
    async () => {
      const r = await call<ClaimBody>('GET', `${med}/claims/${stranger.body.id}`, { token: officer });
      return r.body.settlement ? r.body : undefined;
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
      const r = await call<ClaimBody & { workflow: { escalations: number } | null }>(
        'GET',
        `${med}/claims/${stranger.body.id}`,
        { token: officer },
      );
      return (r.body.workflow?.escalations ?? 0) >= 1 ? r.body : undefined;
    },
    30_000,
    500,
  );
  expect(escalated.workflow?.step).toBe('awaiting_review');
  const rejected = await call('POST', `${med}/claims/${stranger.body.id}/review`, {
    token: officer,
    body: { outcome: 'rejected', reason: '住院病历与费用清单不符' },
  });
  expect(rejected.status).toBe(201);
  await eventually(
    async () =>
      (await call<ClaimBody>('GET', `${med}/claims/${stranger.body.id}`, { token: officer })).body.status ===
      'rejected',
    30_000,
    500,
  );
  await eventually(
    async () => seen.some((e) => e.type === 'claim.rejected' && e.aggregateId === stranger.body.id),
    30_000,
    500,
  );
  const auditor = await token('auditor', county);
  const audit = await call<{ records: { action: string; subjectId: string }[] }>(
    'GET',
    `${med}/audit/records?division=${county}&limit=1000`,
    { token: auditor },
  );
  expect(audit.body.records.some((r) => r.action === 'claim.reject' && r.subjectId === stranger.body.id)).toBe(true);
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
    const report = await call<{ totals: { claims: number; backstop: number } }>(
      'GET',
      `${med}/reports/monthly?county=${county}&month=${month}`,
      { token: officer },
    );
    expect(report.status).toBe(200);
    expect(report.body.totals).toMatchObject({ claims: 1, backstop: 9000 });
  } finally {
    await connection.close();
  }
});
