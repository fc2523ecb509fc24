// 贫困村退出 end to end on the real stack: a village whose poverty incidence is below the line exits through the
// township notice (an objection answered by the county) and the county's approval, village.exited on Kafka; a
// village exactly at the line is refused with its figures.
import { randomUUID } from 'node:crypto';
import { Kafka } from 'kafkajs';
import { eventually, requireEnv } from '@fupin/testing';
import { clientFor, expectStatus } from './support/clients';
import { randomVillage } from './support/people';
import { call, startPlatform, token, type RunningPlatform } from './support/platform';
import { applyHousehold, officialsOf, registerThroughRound, type Officials } from './support/procedure';

jest.setTimeout(300_000);

const NOTICE_S = 3;
const EXIT_NOTICE_S = 5;
let platform: RunningPlatform;
const below = randomVillage();
const atLine = `${below.slice(0, 9)}${below.endsWith('299') ? '298' : '299'}`;
const county = below.slice(0, 6);
let o: Officials;
const ident = (tokenValue: string) => clientFor('identification-service', tokenValue);
// the public reads notices and files objections without a token
const notices = () => clientFor('notice-service');

beforeAll(async () => {
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: String(NOTICE_S),
    VILLAGE_EXIT_NOTICE_SECONDS: String(EXIT_NOTICE_S),
  });
  o = await officialsOf(below);
});

afterAll(async () => {
  await platform?.stop();
});

async function exitOf(id: string, tokenValue = o.reviewer) {
  const r = await ident(tokenValue).GET('/village-exits/{id}', { params: { path: { id } } });
  return expectStatus('exit', 200, r);
}

const propose = async (village: string) =>
  ident(o.reviewer).POST('/village-exits', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: { villageCode: village, year: 2020 },
  });

/** The county's decision (县级审定) on a village exit, as the bearer of `tokenValue`. */
const decide = (id: string, tokenValue: string, action: 'approve' | 'reject', reason?: string) =>
  ident(tokenValue).POST('/village-exits/{id}/actions', {
    params: { path: { id } },
    body: { action, ...(reason ? { reason } : {}) },
  });

it('a village below the line exits through the township notice and the county approval; one at the line is refused', async () => {
  // the register: two households of 3 in each village, registered through identification; 农村人口 400 and 300
  const loaded = await ident(o.approver).PUT('/divisions', {
    body: {
      countyCode: county,
      divisions: [
        { code: county, name: '测试县' },
        { code: below.slice(0, 9), name: '测试镇' },
        { code: below, name: '低村', ruralPopulation: 400 },
        { code: atLine, name: '线村', ruralPopulation: 300 },
      ],
    },
  });
  expect(loaded.response.status).toBe(200);
  const cadreAtLine = await token('village_cadre', atLine, { subject: 'cadre-li' });
  const [lowHouseholds, lineHouseholds] = await Promise.all([
    Promise.all([1, 2].map(() => applyHousehold(o.cadre, below))),
    Promise.all([1, 2].map(() => applyHousehold(cadreAtLine, atLine))),
  ]);
  await Promise.all([registerThroughRound(below, lowHouseholds), registerThroughRound(atLine, lineHouseholds)]);

  const kafka = new Kafka({
    clientId: 'e2e-village-exit',
    brokers: requireEnv('KAFKA_BROKERS').split(','),
    logLevel: 0,
  });
  const consumer = kafka.consumer({ groupId: `e2e-village-exit-${randomUUID()}` });
  const seen: { type: string; aggregateId: string; payload: Record<string, unknown> }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic: 'identification.village', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(JSON.parse(String(message.value)));
    },
  });

  try {
    // 6 / 300 = exactly 2 %: not below the line → refused with the figures
    const refused = await propose(atLine);
    expect(refused.response.status).toBe(201);
    const refusedId = refused.data!.id;
    const r = await eventually(
      async () => {
        const e = await exitOf(refusedId);
        return e.status === 'refused' ? e : undefined;
      },
      30_000,
      250,
    );
    expect(r.figures).toEqual({ poorNotExited: 6, ruralPopulation: 300, incidenceBp: 200, thresholdBp: 200 });
    expect(r.reason).toContain('未低于2.00%');
    expect(r.noticeId).toBeNull();

    // 6 / 400 = 1.5 %: the township notice opens (乡镇公示), listing the village's register households
    const proposed = await propose(below);
    expect(proposed.response.status).toBe(201);
    expect(proposed.data?.workflowId).toBe(`village-exit:${below}:2020`);
    const exitId = proposed.data!.id;
    const inNotice = await eventually(
      async () => {
        const e = await exitOf(exitId);
        return e.status === 'in_notice' && e.noticeId ? e : undefined;
      },
      30_000,
      250,
    );
    expect(inNotice.figures).toEqual({ poorNotExited: 6, ruralPopulation: 400, incidenceBp: 150, thresholdBp: 200 });
    expect((await propose(below)).response.status).toBe(409);
    const notice = await notices().GET('/notices/{id}', { params: { path: { id: inNotice.noticeId! } } });
    expect(notice.response.status).toBe(200);
    expect(notice.data?.divisionCode).toBe(below.slice(0, 9));
    expect(notice.data?.entries.map((e) => e.entryId).sort()).toEqual([...lowHouseholds].sort());

    // an objection to the notice as a whole; the county cannot decide before the notice ends and its objections are answered
    const filed = await notices().POST('/notices/{id}/objections', {
      params: { path: { id: inNotice.noticeId! } },
      body: { text: '村里还有几户生活困难，没有纳入，不应退出' },
    });
    expect(filed.response.status).toBe(202);
    const receiptCode = filed.data!.receiptCode;
    const early = await decide(exitId, o.approver, 'approve');
    expect(early.response.status).toBe(409);
    const withObjection = await eventually(
      async () => {
        const e = await exitOf(exitId);
        return e.objections.length === 1 ? e : undefined;
      },
      30_000,
      250,
    );
    const objectionId = withObjection.objections[0].objectionId;
    const answer = (tokenValue: string, reason: string) =>
      ident(tokenValue).POST('/village-exits/{id}/objections/{objectionId}/answer', {
        params: { path: { id: exitId, objectionId } },
        body: { outcome: 'dismissed', reason },
      });
    const foreign = await answer(await token('county_approver', county === '439999' ? '439998' : '439999'), 'x');
    expect(foreign.response.status).toBe(403);
    const answered = await answer(o.approver, '经县核查，所反映农户已按程序申请并评议，不符合识别标准，异议不成立');
    expect(answered.response.status).toBe(201);
    await eventually(
      async () =>
        (await notices().GET('/objections/{receiptCode}', { params: { path: { receiptCode } } })).data?.status ===
        'dismissed',
      20_000,
      250,
    );

    // the notice ends → 县级审定: the township reviewer may not sign it; the county approves (the incidence checked again)
    await eventually(
      async () => ((await exitOf(exitId)).waitingFor === 'county_decision' ? true : undefined),
      (EXIT_NOTICE_S + 20) * 1000,
      250,
    );
    expect((await decide(exitId, o.reviewer, 'approve')).response.status).toBe(403);
    const approved = await decide(exitId, o.approver, 'approve', '县扶贫开发领导小组审定，同意退出');
    expect(approved.response.status).toBe(201);
    expect(approved.data?.status).toBe('exited');
    const exited = await exitOf(exitId, await token('auditor', county));
    expect(exited).toMatchObject({
      status: 'exited',
      decidedBy: 'approver-liu',
      figures: { poorNotExited: 6, ruralPopulation: 400, incidenceBp: 150, thresholdBp: 200 },
    });
    expect((await decide(exitId, o.approver, 'reject', 'x')).response.status).toBe(409);

    const event = await eventually(
      async () => seen.find((e) => e.type === 'village.exited' && e.aggregateId === exitId),
      30_000,
      250,
    );
    expect(event.payload).toMatchObject({
      villageCode: below,
      year: 2020,
      poorNotExited: 6,
      ruralPopulation: 400,
      incidenceBp: 150,
      thresholdBp: 200,
      decidedBy: 'approver-liu',
    });
    expect(seen.some((e) => e.aggregateId === refusedId)).toBe(false);

    // signed in the audit chain, which stays intact (raw: the audit trail is not in the OpenAPI documents)
    const audit = await call<{ records: { action: string; actorSubject: string; subjectId: string }[] }>(
      'GET',
      `${platform.url('identification-service')}/audit/records?division=${county}&limit=1000`,
      { token: await token('auditor', county) },
    );
    expect(audit.body.records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: 'village_exit.exited',
          actorSubject: 'approver-liu',
          subjectId: exitId,
        }),
        expect.objectContaining({
          action: 'village_exit.proposed',
          actorSubject: 'reviewer-wang',
          subjectId: refusedId,
        }),
      ]),
    );
    const report = await call<{ ok: boolean }>('GET', `${platform.url('identification-service')}/audit/verify`, {
      token: await token('ops', county),
    });
    expect(report.body.ok).toBe(true);
  } finally {
    await consumer.disconnect();
  }
});
