// 待办 on the real database, through HTTP: the households' step mirror as the round's activities write it (recordRoundSteps
// with the same rows the activity builds) and GET /work-items as each official reads it — their own steps inside their
// jurisdiction only, escalations at the level they went to, overdue counted from the configured deadline.
import { randomUUID } from 'node:crypto';
import type { WorkItemList } from '@fupin/service-kit';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { identificationDb } from '../db';
import { recordRoundSteps } from '../rounds/round.repository';
import { RoundRepository } from '../rounds/round.repository';
import { startService } from '../service';
import { householdInput } from '../testing/people';
import { stepMirrorRows } from './step-mirror';

jest.setTimeout(60_000);

// a county of its own, so other tests' rounds never show in these inboxes
const county = `43${String(Math.floor(Math.random() * 9000) + 1000)}`;
const townshipA = `${county}101`;
const townshipB = `${county}102`;
const villageA = `${townshipA}201`;
const villageB = `${townshipB}202`;
const HOUR = 3600;
let svc: TestService<Awaited<ReturnType<typeof startService>>>;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, {
    RUN_WORKER: 'false',
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_STEP_DEADLINE_SECONDS: String(24 * HOUR),
  });
});
afterAll(() => svc?.stop());

async function applicants(villageCode: string, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
      token: await testToken('village_cadre', villageCode),
      body: householdInput(villageCode, 2),
      headers: { 'Idempotency-Key': randomUUID() },
    });
    expect(created.status).toBe(201);
    ids.push(created.body.id);
  }
  return ids;
}

async function openRound(villageCode: string, householdIds: string[]): Promise<string> {
  const rounds = new RoundRepository(identificationDb(svc.service.runtime));
  const actor = { subject: 'cadre', role: 'village_cadre', jurisdiction: villageCode };
  const opened = await rounds.open({ villageCode, incomeYear: 2025, householdIds }, actor, randomUUID());
  return opened.body.roundId;
}

const ago = (hours: number) => new Date(Date.now() - hours * HOUR * 1000).toISOString();

async function inbox(role: string, jurisdiction: string, query = ''): Promise<WorkItemList> {
  const res = await call<WorkItemList>('GET', `${svc.url}/work-items${query}`, {
    token: await testToken(role, jurisdiction),
  });
  expect(res.status).toBe(200);
  return res.body;
}

let roundA: string;
let roundB: string;

beforeAll(async () => {
  const [a1, a2, a3] = await applicants(villageA, 3);
  const [b1] = await applicants(villageB, 1);
  roundA = await openRound(villageA, [a1, a2, a3]);
  roundB = await openRound(villageB, [b1]);
  const db = identificationDb(svc.service.runtime);
  // A: two households signed up to the township's review two days ago (past its 24 h), one still at application
  const move = (id: string, to: string, at: string) => ({
    householdId: id,
    entry: { step: 'application', to, at },
  });
  await recordRoundSteps(
    db,
    roundA,
    stepMirrorRows([move(a1, 'township_review', ago(48)), move(a2, 'township_review', ago(1))]),
  );
  // B: at the township's review, its deadline missed once and escalated to the county
  await recordRoundSteps(
    db,
    roundB,
    stepMirrorRows([
      move(b1, 'township_review', ago(60)),
      {
        householdId: b1,
        entry: {
          step: 'township_review',
          to: 'township_review',
          at: ago(36),
          escalation: { level: 'county', role: 'county_approver', times: 1 },
        },
      },
    ]),
  );
});

it('a village cadre sees the households of their village still at application, due a day after they entered', async () => {
  const { items, total, householdSteps } = await inbox('village_cadre', villageA);
  expect(total).toBe(1);
  expect(householdSteps).toBe(1);
  expect(items[0]).toMatchObject({
    service: 'identification-service',
    procedure: 'identification_round',
    procedureId: roundA,
    path: `/rounds/${roundA}`,
    villageCode: villageA,
    step: 'application',
    stepLabel: { 'zh-CN': expect.any(String), en: expect.any(String) },
    role: 'village_cadre',
    households: 1,
    overdueHouseholds: 0,
    escalatedToMe: false,
  });
  expect(Date.parse(items[0].dueAt!) - Date.parse(items[0].since)).toBe(24 * HOUR * 1000);
  expect((await inbox('village_cadre', villageB)).items.map((i) => i.step)).toEqual([]);
});

it("a township reviewer sees their township's review with the overdue household counted, not the other township's", async () => {
  const { items } = await inbox('township_reviewer', townshipA);
  expect(items).toHaveLength(1);
  expect(items[0]).toMatchObject({ procedureId: roundA, step: 'township_review', households: 2, overdueHouseholds: 1 });
  expect(Date.parse(items[0].since)).toBeLessThan(Date.now() - 47 * HOUR * 1000);
  const other = await inbox('township_reviewer', townshipB);
  expect(other.items.map((i) => [i.procedureId, i.households, i.escalatedHouseholds])).toEqual([[roundB, 1, 1]]);
  expect((await inbox('township_reviewer', townshipA, '?overdue=false')).total).toBe(0);
  expect((await inbox('township_reviewer', townshipA, `?village=${villageB}`)).total).toBe(0);
});

it('the county approver sees the escalated review (due a day after the miss), marked as escalated to them', async () => {
  const { items, total } = await inbox('county_approver', county);
  expect(total).toBe(1);
  expect(items[0]).toMatchObject({ procedureId: roundB, step: 'township_review', escalatedToMe: true });
  expect(items[0].role).toBe('township_reviewer');
  expect(Math.abs(Date.parse(items[0].dueAt!) - (Date.now() - 12 * HOUR * 1000))).toBeLessThan(60_000);
  expect((await inbox('county_approver', county, '?procedure=household_exit')).total).toBe(0);
});

it('a workflow operator sees every step waiting in their division, the overdue one first, with who must sign it', async () => {
  const { items } = await inbox('workflow_operator', county);
  expect(items.map((i) => [i.procedureId, i.step, i.role, i.escalatedToMe])).toEqual([
    [roundA, 'township_review', 'township_reviewer', false], // due a day ago
    [roundB, 'township_review', 'township_reviewer', false], // due 12 h ago (a day after its miss)
    [roundA, 'application', 'village_cadre', false],
  ]);
  expect(items[0].overdueHouseholds).toBe(1);
  expect((await inbox('workflow_operator', townshipA)).items.map((i) => i.procedureId)).toEqual([roundA, roundA]);
});

it('a move to the next step closes the item and clears the misses of the step before', async () => {
  const db = identificationDb(svc.service.runtime);
  const [b1] = (
    await db.$queryRawUnsafe<{ id: string }[]>(
      `SELECT household_id::text AS id FROM round_household WHERE round_id = $1::uuid`,
      roundB,
    )
  ).map((r) => r.id);
  await recordRoundSteps(
    db,
    roundB,
    stepMirrorRows([{ householdId: b1, entry: { step: 'township_review', to: 'county_cross_check', at: ago(0) } }]),
  );
  expect((await inbox('township_reviewer', townshipB)).total).toBe(0);
  const county_ = await inbox('county_approver', county);
  expect(county_.items.map((i) => [i.step, i.escalatedToMe, i.escalatedHouseholds, i.overdueHouseholds])).toEqual([
    ['county_cross_check', false, 0, 0],
  ]);
});

it('sorts and pages; a limit out of range is refused; an auditor has nothing to sign', async () => {
  const all = await inbox('township_reviewer', townshipA, '?sort=village&limit=1&offset=0');
  expect(all.items).toHaveLength(1);
  expect((await inbox('township_reviewer', townshipA, '?limit=1&offset=1')).items).toHaveLength(0);
  const refused = await call('GET', `${svc.url}/work-items?limit=0`, {
    token: await testToken('township_reviewer', townshipA),
  });
  expect(refused.status).toBe(400);
  // an auditor reads everything and signs nothing: nothing waits for them
  expect((await inbox('auditor', county)).total).toBe(0);
});
