// 贫困户退出 end to end on the real stack: registered households whose income rose are proposed for exit; one that
// fails a criterion cannot be proposed; one household signs and exits through the village notice (an objection
// re-examined and dismissed on the way), the county approval and announcement — removed from the register, its
// members keeping medical-aid and relocation support through the transition period; one household does not agree and stays registered.
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { Client } from 'pg';
import { eventually } from '@fupin/testing';
import { clientFor } from './support/clients';
import { exitAct, exitState, mustExitAct, waitForExitStep } from './support/exit';
import { randomVillage } from './support/people';
import { call, startPlatform, token, type RunningPlatform } from './support/platform';
import { applyHousehold, completeSurvey, officialsOf, registerThroughRound, type Officials } from './support/procedure';

jest.setTimeout(300_000);

const NOTICE_S = 4;
let platform: RunningPlatform;
const village = randomVillage();
let o: Officials;
const ident = (tokenValue: string) => clientFor('identification-service', tokenValue);
// the public reads notices and files objections without a token
const notices = () => clientFor('notice-service');

function requireEnv(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run through npm test or source .stack/test/env.sh`);
  return v;
}

beforeAll(async () => {
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: '3',
    EXIT_NOTICE_SECONDS: String(NOTICE_S),
    EXIT_ANNOUNCEMENT_SECONDS: String(NOTICE_S),
    EXIT_TRANSITION_MONTHS: '60',
  });
  o = await officialsOf(village);
});

afterAll(async () => {
  await platform?.stop();
});

it('exits a household through the whole procedure in public, and keeps one that does not agree registered', async () => {
  // registered in the 2018 round (income below the line)
  const [a, b, c] = await Promise.all([1, 2, 3].map(() => applyHousehold(o.cadre, village, { incomeYear: 2018 })));
  await registerThroughRound(village, [a, b, c], 2018);
  // two later surveys: a and b stably above the line; c above it in 2020 but below it in 2019
  for (const id of [a, b])
    for (const year of [2019, 2020]) await completeSurvey(o.cadre, id, { incomeYear: year, perCapitaYuan: 9000 });
  await completeSurvey(o.cadre, c, { incomeYear: 2019, perCapitaYuan: 2500 });
  await completeSurvey(o.cadre, c, { incomeYear: 2020, perCapitaYuan: 9000 });

  const kafka = new Kafka({ clientId: 'e2e-exit', brokers: requireEnv('KAFKA_BROKERS').split(','), logLevel: 0 });
  const consumer = kafka.consumer({ groupId: `e2e-exit-${randomUUID()}` });
  const seen: { type: string; aggregateId: string; payload: Record<string, unknown> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: 'identification.household', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(JSON.parse(String(message.value)));
    },
  });

  try {
    // the criteria: c fails "income stably above the line", named; nothing is proposed
    const criteria = await ident(o.cadre).GET('/exits/criteria/{householdId}', {
      params: { path: { householdId: c } },
    });
    expect(criteria.response.status).toBe(200);
    expect(criteria.data?.ok).toBe(false);
    expect(criteria.data?.failed.map((f) => f.criterion)).toEqual(['income_stable']);
    const propose = (householdIds: string[], key = randomUUID()) =>
      ident(o.cadre).POST('/exits', {
        params: { header: { 'Idempotency-Key': key } },
        body: { villageCode: village, incomeYear: 2020, householdIds },
      });
    const refused = await propose([a, b, c]);
    expect(refused.response.status).toBe(422);
    expect(refused.error?.error).toMatchObject({ code: 'exit.criteria_not_met', field: 'householdIds' });
    expect(refused.error?.error.message.en).toContain(c);
    expect(refused.error?.error.message.en).toContain('income not stably above the poverty line');
    expect(refused.error?.error.message.en).not.toContain(a);

    const key = randomUUID();
    const opened = await propose([a, b], key);
    expect(opened.response.status).toBe(201);
    expect(opened.data?.households).toBe(2);
    const roundId = opened.data!.roundId;
    const again = await propose([a, b], key);
    expect(again.data?.roundId).toBe(roundId);

    // 民主评议 and 核实: only the village's cadre signs
    await waitForExitStep(roundId, o.cadre, [a, b], 'village_assessment');
    expect(
      (await exitAct(roundId, o.reviewer, { step: 'village_assessment', householdIds: [a, b] })).response.status,
    ).toBe(403);
    await mustExitAct(roundId, o.cadre, {
      step: 'village_assessment',
      householdIds: [a, b],
      reason: '村民代表会议评议通过',
    });
    await mustExitAct(roundId, o.cadre, {
      step: 'task_force_check',
      householdIds: [a, b],
      reason: '驻村工作队入户核实收入',
    });

    // 贫困户认可: no signature, no agreement; b does not agree, with its reason
    const unsigned = await exitAct(roundId, o.cadre, { step: 'household_agreement', householdIds: [a] });
    expect(unsigned.response.status).toBe(400);
    expect(unsigned.error?.error.code).toBe('exit.signature_required');
    expect(
      (await exitAct(roundId, o.cadre, { step: 'household_agreement', householdIds: [b], action: 'reject' })).response
        .status,
    ).toBe(400);
    await mustExitAct(roundId, o.cadre, {
      step: 'household_agreement',
      householdIds: [b],
      action: 'reject',
      reason: '户主认为务工收入不稳定，不同意退出',
    });
    await mustExitAct(roundId, o.cadre, {
      step: 'household_agreement',
      householdIds: [a],
      signatures: { [a]: { signedBy: '王建国', signedOn: '2026-11-20', documentRef: 'TC-2026-001' } },
    });

    // 村内公示: an objection sends a to the township's re-examination; dismissed, it goes on
    await waitForExitStep(roundId, o.cadre, [a], 'village_notice');
    const notice = await eventually(
      async () => (await exitState(roundId, o.cadre)).notices.find((n) => n.step === 'village_notice'),
      20_000,
      200,
    );
    expect(notice.householdIds).toEqual([a]);
    const pub = await notices().GET('/notices/{id}', { params: { path: { id: notice.noticeId } } });
    expect(pub.response.status).toBe(200);
    expect(pub.data?.entries[0]).toMatchObject({ entryId: a, decision: expect.stringContaining('拟退出') });
    expect(pub.data?.entries[0].idNumber).toMatch(/\*{6,}/);
    const filed = await notices().POST('/notices/{id}/objections', {
      params: { path: { id: notice.noticeId } },
      body: { entryId: a, text: '该户收入主要靠临时务工，不稳定' },
    });
    expect(filed.response.status).toBe(202);
    const receiptCode = filed.data!.receiptCode;
    await waitForExitStep(roundId, o.reviewer, [a], 'township_reexamination', 30_000);
    const dismissal = await ident(o.reviewer).POST('/exits/{id}/reexaminations', {
      params: { path: { id: roundId } },
      body: { householdId: a, outcome: 'dismissed', reason: '经核查，该户两人在县工业园区长期务工，收入稳定' },
    });
    expect(dismissal.response.status).toBe(201);
    await eventually(
      async () => {
        const r = await notices().GET('/objections/{receiptCode}', { params: { path: { receiptCode } } });
        return r.data?.status === 'dismissed' && r.data.answer?.reason?.includes('长期务工') ? true : undefined;
      },
      20_000,
      250,
    );

    // 县级审定 → 县级公告 → 销号
    await waitForExitStep(roundId, o.approver, [a], 'county_approval', 30_000);
    expect((await exitAct(roundId, o.cadre, { step: 'county_approval', householdIds: [a] })).response.status).toBe(403);
    await mustExitAct(roundId, o.approver, {
      step: 'county_approval',
      householdIds: [a],
      reason: '符合退出标准',
    });
    const done = await waitForExitStep(roundId, o.approver, [a], 'exited', 30_000);
    expect(done.households.find((h) => h.householdId === a)?.signature).toMatchObject({
      signedBy: '王建国',
      signedOn: '2026-11-20',
    });
    expect(done.households.find((h) => h.householdId === b)).toMatchObject({
      step: 'stays_registered',
      outcome: { step: 'household_agreement', reason: '户主认为务工收入不稳定，不同意退出' },
    });

    // the register: a exited with its transition period; b still registered
    const householdOf = (id: string) => ident(o.cadre).GET('/households/{id}', { params: { path: { id } } });
    const hA = await eventually(
      async () => {
        const r = await householdOf(a);
        return r.data?.status === 'exited' ? r.data : undefined;
      },
      20_000,
      250,
    );
    expect(hA.status).toBe('exited');
    expect((await householdOf(b)).data?.status).toBe('registered');
    const recorded = await ident(o.approver).GET('/exits/{id}/households', { params: { path: { id: roundId } } });
    expect(recorded.data?.households.find((h) => h.householdId === a)).toMatchObject({
      outcome: 'exited',
      signature: { signedBy: '王建国' },
    });
    expect(recorded.data?.households.find((h) => h.householdId === b)).toMatchObject({ outcome: 'stays_registered' });

    // events: household.exited (a) and household.exit-refused (b, with the step and the reason)
    await eventually(
      async () =>
        seen.some((e) => e.type === 'household.exited' && e.aggregateId === a) &&
        seen.some((e) => e.type === 'household.exit-refused' && e.aggregateId === b),
      30_000,
      250,
    );
    const exitedEvent = seen.find((e) => e.type === 'household.exited' && e.aggregateId === a)!;
    expect(exitedEvent.payload).toMatchObject({
      householdId: a,
      villageCode: village,
      transitionEndsOn: expect.stringMatching(/^20(3[01])-\d{2}-\d{2}$/),
    });
    expect(seen.find((e) => e.type === 'household.exit-refused' && e.aggregateId === b)!.payload).toMatchObject({
      step: 'household_agreement',
      reason: '户主认为务工收入不稳定，不同意退出',
    });
    expect(seen.some((e) => e.type === 'household.exited' && e.aggregateId === b)).toBe(false);

    // medical aid keeps a's members as poor until the transition period ends (摘帽不摘政策)
    const med = new Client({ connectionString: requireEnv('MEDICAL_AID_DATABASE_URL') });
    await med.connect();
    try {
      const until = await eventually(
        async () => {
          const r = await med.query<{ poor_until: string | null }>(
            `SELECT to_char(poor_until, 'YYYY-MM-DD') AS poor_until FROM insured_person WHERE household_id = $1`,
            [a],
          );
          return r.rows.length > 0 && r.rows.every((row) => row.poor_until === exitedEvent.payload.transitionEndsOn)
            ? r.rows
            : undefined;
        },
        30_000,
        250,
      );
      expect(until.length).toBe(3);
    } finally {
      await med.end();
    }

    // relocation keeps serving it through the same day; b is not exited there
    const relocationOfficer = await token('department_officer', `dept:relocation@${village.slice(0, 6)}`);
    const relocation = (id: string) =>
      clientFor('relocation-service', relocationOfficer).GET('/households/{id}', { params: { path: { id } } });
    await eventually(
      async () =>
        (await relocation(a)).data?.transitionEndsOn === exitedEvent.payload.transitionEndsOn ? true : undefined,
      30_000,
      250,
    );
    expect((await relocation(b)).data?.exitedAt).toBeNull();

    // every signature in the audit chain, the household's own included; the chain verifies
    // raw: the audit trail is not in the services' OpenAPI documents
    const auditor = await token('auditor', village.slice(0, 6));
    const audit = await call<{ records: { action: string; subjectId: string; actorRole: string }[] }>(
      'GET',
      `${platform.url('identification-service')}/audit/records?division=${village.slice(0, 6)}&limit=1000`,
      { token: auditor },
    );
    expect(audit.status).toBe(200);
    const ofA = audit.body.records.filter((r) => r.subjectId === a).map((r) => r.action);
    expect(ofA).toEqual(
      expect.arrayContaining([
        'exit.village_assessment.approve',
        'exit.task_force_check.approve',
        'exit.household_agreement.approve',
        'exit.village_notice.objection',
        'exit.township_reexamination.reexamination',
        'exit.county_approval.approve',
        'household.exited',
      ]),
    );
    expect(audit.body.records.filter((r) => r.subjectId === b).map((r) => r.action)).toEqual(
      expect.arrayContaining(['exit.household_agreement.reject', 'household.exit_refused']),
    );
    const verified = await call<{ ok: boolean }>('GET', `${platform.url('identification-service')}/audit/verify`, {
      token: await token('ops', village.slice(0, 6)),
    });
    expect(verified.body.ok).toBe(true);

    // the round is over: a further signature is refused
    const late = await exitAct(roundId, o.approver, { step: 'county_approval', householdIds: [a] });
    expect(late.response.status).toBeGreaterThanOrEqual(400);
    expect((await exitState(roundId, o.approver)).finished).toBe(true);
  } finally {
    await consumer.disconnect();
  }
});
