// 一年一评、有进有出 end to end on the real stack: the county approver starts the annual review; it waits for the
// year's surveys (one village is late: overdue surveys end with the survey period), opens the exit round of the
// household meeting the criteria and the identification round of the new application as child workflows, shows
// progress per township while the officials sign, and ends with the report — entered, exited, incidence before/after.
import { randomUUID } from 'node:crypto';
import { eventually } from '@fupin/testing';
import { clientFor } from './support/clients';
import { mustExitAct, waitForExitStep } from './support/exit';
import { randomVillage } from './support/people';
import { call, startPlatform, token, type RunningPlatform } from './support/platform';
import {
  applyHousehold,
  completeSurvey,
  driveRoundToRegistration,
  officialsOf,
  registerThroughRound,
  type Officials,
} from './support/procedure';

jest.setTimeout(300_000);

let platform: RunningPlatform;
const v1 = randomVillage();
const county = v1.slice(0, 6);
const v2 = `${county}${String(((Number(v1.slice(6, 9)) - 99) % 900) + 100).padStart(3, '0')}${v1.slice(9)}`; // another township
let o1: Officials;
let o2: Officials;
const ident = (tokenValue: string) => clientFor('identification-service', tokenValue);
const SURVEY_S = 10;

beforeAll(async () => {
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: '3',
    EXIT_NOTICE_SECONDS: '3',
    EXIT_ANNOUNCEMENT_SECONDS: '3',
    REVIEW_CHECK_SECONDS: '1',
    REVIEW_SURVEY_SECONDS: String(SURVEY_S),
    REVIEW_DEADLINE_SECONDS: '600',
    REVIEW_VILLAGE_BATCH: '1',
  });
  o1 = await officialsOf(v1);
  o2 = await officialsOf(v2);
});

afterAll(async () => {
  await platform?.stop();
});

it('runs the county annual review: exits proposed, applications identified, progress per township, the report', async () => {
  const divisions = await ident(o1.approver).PUT('/divisions', {
    body: {
      countyCode: county,
      divisions: [
        { code: county, name: '测试县' },
        { code: v1.slice(0, 9), name: '一镇' },
        { code: v2.slice(0, 9), name: '二镇' },
        { code: v1, name: '甲村', ruralPopulation: 300 },
        { code: v2, name: '乙村', ruralPopulation: 300 },
      ],
    },
  });
  expect(divisions.response.status).toBe(200);
  // last years' register: two households in v1, one in v2 (3 people each)
  const [h1, h2] = await Promise.all([1, 2].map(() => applyHousehold(o1.cadre, v1, { incomeYear: 2018 })));
  await registerThroughRound(v1, [h1, h2], 2018);
  const h4 = await applyHousehold(o2.cadre, v2, { incomeYear: 2018 });
  await registerThroughRound(v2, [h4], 2018);
  // this year's surveys: h1 stably above the line, h2 still below; h4's survey never comes; h3 applies
  for (const year of [2019, 2020]) await completeSurvey(o1.cadre, h1, { incomeYear: year, perCapitaYuan: 9000 });
  for (const year of [2019, 2020]) await completeSurvey(o1.cadre, h2, { incomeYear: year, perCapitaYuan: 2000 });
  const h3 = await applyHousehold(o1.cadre, v1, { incomeYear: 2020 });

  const start = (tokenValue: string) =>
    ident(tokenValue).POST('/reviews', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: { countyCode: county, incomeYear: 2020 },
    });
  expect((await start(o1.cadre)).response.status).toBe(403);
  const started = await start(o1.approver);
  expect(started.response.status).toBe(201);
  expect(started.data?.workflowId).toBe(`annual-review:${county}:2020`);
  const campaignId = started.data!.campaignId;
  const again = await start(o1.approver);
  expect(again.response.status).toBe(409);
  expect(again.error?.error.code).toBe('review.exists');
  const review = async () => {
    const r = await ident(o1.approver).GET('/reviews/{id}', { params: { path: { id: campaignId } } });
    if (r.response.status !== 200) throw new Error(`review: ${r.response.status} ${JSON.stringify(r.error)}`);
    // the progress is read from the running campaign; a campaign whose workflow cannot be queried has none
    if (!r.data || !('townships' in r.data)) throw new Error(`review without progress: ${JSON.stringify(r.data)}`);
    return r.data;
  };

  // collecting surveys: h4 has none, so the campaign waits for the survey period
  const collecting = await eventually(
    async () => {
      const r = await review();
      return r.phase === 'surveys' && r.surveys.expected === 4 ? r : undefined;
    },
    20_000,
    250,
  );
  expect(collecting.surveys).toEqual({ expected: 4, received: 3 });

  // then each village's rounds: h1 proposed for exit, h3's application in the identification procedure
  const exitRound = await eventually(
    async () => {
      const r = await ident(o1.cadre).GET('/exits', { params: { query: { division: v1 } } });
      return r.data?.rounds.find((x) => x.income_year === 2020);
    },
    SURVEY_S * 1000 + 30_000,
    500,
  );
  expect(exitRound.households).toBe(1);
  // every village's rounds opened (one village per batch here): the campaign follows the procedures
  const inProcedure = await eventually(
    async () => {
      const r = await review();
      return r.phase === 'procedures' ? r : undefined;
    },
    30_000,
    250,
  );
  expect(inProcedure.townships.map((t) => t.townshipCode).sort()).toEqual([v1.slice(0, 9), v2.slice(0, 9)].sort());
  expect(inProcedure.townships.find((t) => t.townshipCode === v1.slice(0, 9))).toMatchObject({
    villages: 1,
    done: 0,
    waiting: 1,
    overdue: 0,
  });
  expect(inProcedure.townships.find((t) => t.townshipCode === v2.slice(0, 9))).toMatchObject({ villages: 1, done: 1 });

  // the officials sign: h1 exits …
  await waitForExitStep(exitRound.id, o1.cadre, [h1], 'village_assessment');
  await mustExitAct(exitRound.id, o1.cadre, { step: 'village_assessment', householdIds: [h1] });
  await mustExitAct(exitRound.id, o1.cadre, { step: 'task_force_check', householdIds: [h1] });
  await mustExitAct(exitRound.id, o1.cadre, {
    step: 'household_agreement',
    householdIds: [h1],
    signatures: { [h1]: { signedBy: '王建国', signedOn: '2026-11-20' } },
  });
  await waitForExitStep(exitRound.id, o1.approver, [h1], 'county_approval', 30_000);
  await mustExitAct(exitRound.id, o1.approver, { step: 'county_approval', householdIds: [h1] });
  // … and h3 is registered
  const rounds = await ident(o1.cadre).GET('/rounds', { params: { query: { division: v1 } } });
  const identification = rounds.data!.rounds.find((r) => r.income_year === 2020)!;
  await driveRoundToRegistration(v1, identification.id, [h3]);

  const finished = await eventually(
    async () => {
      const r = await review();
      return r.phase === 'finished' ? r : undefined;
    },
    60_000,
    500,
  );
  expect(finished.townships.every((t) => t.done === t.villages && t.overdue === 0)).toBe(true);
  expect(finished.report).toMatchObject({ entered: 1, exited: 1, stayedRegistered: 0 });
  // 甲村: 6 poor people of 300 before (h1, h2) → 6 after (h2, h3); 乙村: 3 → 3
  expect(finished.report!.villages).toEqual(
    expect.arrayContaining([
      {
        villageCode: v1,
        before: { poorNotExited: 6, ruralPopulation: 300, bp: 200 },
        after: { poorNotExited: 6, ruralPopulation: 300, bp: 200 },
      },
      {
        villageCode: v2,
        before: { poorNotExited: 3, ruralPopulation: 300, bp: 100 },
        after: { poorNotExited: 3, ruralPopulation: 300, bp: 100 },
      },
    ]),
  );
  expect(finished.report!.county).toMatchObject({ before: { bp: 150 }, after: { bp: 150 } });
  const statusOf = async (id: string) =>
    (await ident(o1.cadre).GET('/households/{id}', { params: { path: { id } } })).data?.status;
  expect(await statusOf(h1)).toBe('exited');
  expect(await statusOf(h3)).toBe('registered');

  // the report is kept with the campaign and audited
  const auditor = await token('auditor', county);
  const listed = await ident(auditor).GET('/reviews', { params: { query: { county } } });
  expect(listed.data?.reviews.find((r) => r.id === campaignId)?.status).toBe('finished');
  // raw: the audit trail is not in the services' OpenAPI documents
  const audit = await call<{ records: { action: string; subjectId: string }[] }>(
    'GET',
    `${platform.url('identification-service')}/audit/records?division=${county}&limit=1000`,
    { token: auditor },
  );
  expect(
    audit.body.records
      .filter((r) => r.subjectId === campaignId)
      .map((r) => r.action)
      .sort(),
  ).toEqual(['review.finished', 'review.start']);
});
