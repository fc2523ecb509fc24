// 精准识别 end to end on the real stack: a village's round from application to registration — two
// assessments, two notices, one cross-check, one announcement — with one objection upheld and one
// dismissed, an out-of-jurisdiction signature refused, a missed deadline escalated, an ineligible
// household refused, and the workflow worker killed mid-round without losing anything.
import { randomUUID } from 'node:crypto';
import { eventually } from '@fupin/testing';
import { clientFor } from './support/clients';
import { randomVillage } from './support/people';
import { call, startPlatform, token, type RunningPlatform } from './support/platform';
import {
  act,
  applyHousehold,
  crossCheck,
  mustAct,
  officialsOf,
  roundState,
  waitForStep,
  type Officials,
} from './support/procedure';

jest.setTimeout(300_000);

const NOTICE_S = 4;
const DEADLINE_S = 5;
let platform: RunningPlatform;
const village = randomVillage();
let o: Officials;
const ident = (tokenValue: string) => clientFor('identification-service', tokenValue);
// the public reads notices and files objections without a token
const notices = () => clientFor('notice-service');

beforeAll(async () => {
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: String(NOTICE_S),
    PROCEDURE_STEP_DEADLINE_SECONDS: String(DEADLINE_S),
  });
  o = await officialsOf(village);
});

afterAll(async () => {
  await platform?.stop();
});

async function fileObjection(noticeId: string, householdId: string, text: string): Promise<string> {
  const r = await notices().POST('/notices/{id}/objections', {
    params: { path: { id: noticeId } },
    body: { entryId: householdId, text },
  });
  expect(r.response.status).toBe(202);
  return r.data!.receiptCode;
}

const objectionStatus = async (receiptCode: string) =>
  (await notices().GET('/objections/{receiptCode}', { params: { path: { receiptCode } } })).data?.status;

it('runs a village round from application to registration, in public, with every signature accountable', async () => {
  // 农户申请 + 入户调查: five households; E earns above the line with every guarantee met
  const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => applyHousehold(o.cadre, village)));
  const e = await applyHousehold(o.cadre, village, { perCapitaYuan: 9000 });
  const all = [a, b, c, d, e];

  const opened = await ident(o.cadre).POST('/rounds', {
    params: { header: { 'Idempotency-Key': randomUUID() } },
    body: { villageCode: village, incomeYear: 2020 },
  });
  expect(opened.response.status).toBe(201);
  expect(opened.data?.households).toBe(5);
  const roundId = opened.data!.roundId;

  await waitForStep(roundId, o.cadre, all, 'application');
  // a township reviewer cannot sign a village step; a cadre of another village cannot see the round
  const wrongLevel = await act(roundId, o.reviewer, 'application', all);
  expect(wrongLevel.response.status).toBe(403);
  const stranger = await token('village_cadre', `${village.slice(0, 9)}${village.endsWith('777') ? '776' : '777'}`);
  expect((await act(roundId, stranger, 'application', all)).response.status).toBe(403);
  await mustAct(roundId, o.cadre, 'application', all);

  // the survey step checks eligibility: E is above the line with 两不愁三保障 met → refused as a whole action
  await waitForStep(roundId, o.cadre, all, 'household_survey');
  const ineligible = await act(roundId, o.cadre, 'household_survey', all);
  expect(ineligible.response.status).toBe(409);
  expect(ineligible.error?.error.code).toBe('round.ineligible');
  expect(ineligible.error?.error.message.en).toContain(e);
  const noReason = await act(roundId, o.cadre, 'household_survey', [e], 'reject');
  expect(noReason.response.status).toBe(400);
  await mustAct(
    roundId,
    o.cadre,
    'household_survey',
    [e],
    'reject',
    '人均纯收入9000元，高于当年扶贫标准，两不愁三保障均已实现',
  );
  const four = [a, b, c, d];
  await mustAct(roundId, o.cadre, 'household_survey', four);

  // two assessments (两评议)
  await mustAct(roundId, o.cadre, 'village_group_assessment', four);
  await mustAct(roundId, o.cadre, 'village_committee_assessment', four, 'approve', '村两委和驻村工作队评议通过');

  // first notice (村级公示): one notice for the whole batch, readable without a token, ID numbers masked
  const s1 = await eventually(
    async () => {
      const s = await roundState(roundId, o.cadre);
      return s.notices.find((n) => n.step === 'village_notice') ? s : undefined;
    },
    30_000,
    250,
  );
  const villageNotice = s1.notices.find((n) => n.step === 'village_notice')!;
  expect(villageNotice.householdIds.sort()).toEqual([...four].sort());
  const pub = await notices().GET('/notices/{id}', { params: { path: { id: villageNotice.noticeId } } });
  expect(pub.response.status).toBe(200);
  expect(pub.data?.entries).toHaveLength(4);
  for (const entry of pub.data!.entries) expect(entry.idNumber).toMatch(/^\d{4}\*{10}\d{3}[\dX]$/);

  // an objection against B during the village notice → township re-examination (复核); the rest go on
  const receiptB = await fileObjection(villageNotice.noticeId, b, '该户家中有人在县城经商，收入较高，不应评为贫困户');
  await waitForStep(roundId, o.reviewer, [b], 'township_reexamination', 30_000);
  const otherTownship = await token(
    'township_reviewer',
    `${village.slice(0, 6)}${village.slice(6, 9) === '999' ? '998' : '999'}`,
  );
  const foreign = await ident(otherTownship).POST('/rounds/{id}/reexaminations', {
    params: { path: { id: roundId } },
    body: { householdId: b, outcome: 'dismissed', reason: '核实无此事' },
  });
  expect(foreign.response.status).toBe(403);
  const dismissed = await ident(o.reviewer).POST('/rounds/{id}/reexaminations', {
    params: { path: { id: roundId } },
    body: { householdId: b, outcome: 'dismissed', reason: '经入户核实，其子在县城打零工，收入已计入调查，异议不成立' },
  });
  expect([200, 201]).toContain(dismissed.response.status);
  const answerB = await eventually(
    async () => {
      const r = await notices().GET('/objections/{receiptCode}', { params: { path: { receiptCode: receiptB } } });
      return r.data?.status === 'dismissed' ? r.data : undefined;
    },
    20_000,
    250,
  );
  expect(JSON.stringify(answerB)).toContain('异议不成立');

  // the notice closes on time (B with the batch); township review, after a missed deadline escalated
  await waitForStep(roundId, o.reviewer, four, 'township_review', 30_000);
  const escalated = await eventually(
    async () => {
      const s = await roundState(roundId, o.reviewer, a);
      const h = s.households[0];
      return h.pending.escalatedTo ? h : undefined;
    },
    (DEADLINE_S + 10) * 1000,
    500,
  );
  expect(escalated.pending.escalatedTo).toMatchObject({ level: 'county', times: 1 });
  expect(escalated.history.some((x) => x.action === 'deadline_missed' && x.escalation?.level === 'county')).toBe(true);
  await mustAct(roundId, o.reviewer, 'township_review', four, 'approve', '乡镇审核通过');

  // second notice (乡镇公示): an objection against C is upheld — C is removed, the others are not held up
  const s2 = await eventually(
    async () => {
      const s = await roundState(roundId, o.reviewer);
      return s.notices.find((n) => n.step === 'township_notice') ? s : undefined;
    },
    30_000,
    250,
  );
  const townshipNotice = s2.notices.find((n) => n.step === 'township_notice')!;
  const receiptC = await fileObjection(townshipNotice.noticeId, c, '该户有一辆小轿车，登记在户主名下');
  await waitForStep(roundId, o.reviewer, [c], 'township_reexamination', 30_000);
  const upheld = await ident(o.reviewer).POST('/rounds/{id}/reexaminations', {
    params: { path: { id: roundId } },
    body: { householdId: c, outcome: 'upheld', reason: '经核实该户拥有非生产性小轿车一辆，异议成立，取消评议资格' },
  });
  expect([200, 201]).toContain(upheld.response.status);
  await eventually(async () => (await objectionStatus(receiptC)) === 'upheld', 20_000, 250);

  // county cross-check (比对) and approval; the announcement (县级公告) runs while the worker is killed
  const three = [a, b, d];
  await waitForStep(roundId, o.approver, three, 'county_cross_check', 30_000);
  await crossCheck(roundId, o.approver, three);
  await mustAct(roundId, o.approver, 'county_approval', three, 'approve', '县扶贫开发领导小组审定');
  await waitForStep(roundId, o.approver, three, 'county_announcement', 30_000);
  await platform.restart('orchestrator');
  await platform.restart('identification-service');

  const done = await waitForStep(roundId, o.approver, three, 'registered', 60_000);
  expect(done.households.find((h) => h.householdId === c)?.step).toBe('refused');
  expect(done.households.find((h) => h.householdId === e)?.step).toBe('refused');
  expect(done.notices.map((n) => n.step).sort()).toEqual(['county_announcement', 'township_notice', 'village_notice']);

  // the register: statuses, who signed what, and the chain intact; registration reached medical aid
  const statusOf = async (id: string) =>
    (await ident(o.cadre).GET('/households/{id}', { params: { path: { id } } })).data?.status;
  await eventually(
    async () => ((await statusOf(a)) === 'registered' && (await statusOf(c)) === 'refused' ? true : undefined),
    20_000,
    250,
  );
  const auditor = await token('auditor', village.slice(0, 6));
  // raw: the audit trail is not in the services' OpenAPI documents
  const audit = await call<{ records: { action: string; actorSubject: string; subjectId: string; reason: string }[] }>(
    'GET',
    `${platform.url('identification-service')}/audit/records?division=${village.slice(0, 9)}&limit=1000`,
    { token: auditor },
  );
  expect(audit.body.records).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        actorSubject: 'reviewer-wang',
        subjectId: c,
        action: 'identification.township_reexamination.reexamination',
      }),
      expect.objectContaining({
        actorSubject: 'cadre-zhang',
        subjectId: e,
        action: 'identification.household_survey.reject',
      }),
    ]),
  );
  for (const service of ['identification-service', 'notice-service'] as const) {
    // raw: /audit/verify is not in the OpenAPI documents
    const report = await call<{ ok: boolean; problems: unknown[] }>('GET', `${platform.url(service)}/audit/verify`, {
      token: await token('ops', village.slice(0, 6)),
    });
    expect(report.body).toMatchObject({ ok: true, problems: [] });
  }
  const officer = await token('department_officer', `dept:medical_aid@${village.slice(0, 6)}`);
  const enrollment = (householdId: string) =>
    clientFor('medical-aid-service', officer).GET('/enrollments/{householdId}', { params: { path: { householdId } } });
  await eventually(async () => (await enrollment(a)).response.status === 200, 30_000, 500);
  const relocationOfficer = await token('department_officer', `dept:relocation@${village.slice(0, 6)}`);
  const relocation = (id: string) =>
    clientFor('relocation-service', relocationOfficer).GET('/households/{id}', { params: { path: { id } } });
  const known = await eventually(
    async () => {
      const r = await relocation(a);
      return r.response.status === 200 ? r.data : undefined;
    },
    30_000,
    500,
  );
  expect(known.members).toHaveLength(known.memberCount);
  expect((await relocation(c)).response.status).toBe(404);
});
