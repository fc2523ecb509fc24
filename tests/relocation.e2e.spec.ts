// 易地扶贫搬迁 end to end on the real stack: households registered through their identification round become known to
// relocation-service (household.registered); the county relocation office designates the village and registers a
// resettlement site; the village cadre records the consent, the plan and submits it; township and county approve;
// the supervisor (住建) records three milestones and the office approves each tranche, paid once by the workflow;
// move-in, the missed reclamation deadline escalated, reclamation, follow-up → completed, with exactly three
// relocation.tranche-paid and one relocation.completed. A second household withdraws after approval: nothing paid,
// its home at the site released. A third goes through construction with the orchestrator killed (SIGKILL) right
// after a tranche approval: the case completes and no tranche is paid twice.
import { randomInt, randomUUID } from 'node:crypto';
import { Kafka, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import { eventually, requireEnv } from '@fupin/testing';
import { clientFor, expectStatus } from './support/clients';
import { randomVillage } from './support/people';
import { startPlatform, token, type RunningPlatform } from './support/platform';
import { applyHousehold, registerThroughRound } from './support/procedure';

jest.setTimeout(300_000);

const RECLAMATION_S = 3;
const MILESTONES = ['foundation', 'roof', 'acceptance'] as const;
type Milestone = (typeof MILESTONES)[number];

const village = randomVillage();
const county = village.slice(0, 6);
const township = village.slice(0, 9);
const today = () => new Date().toISOString().slice(0, 10);
const siteCode = () => `XZ-${String(randomInt(0, 100_000_000)).padStart(8, '0')}`;

let platform: RunningPlatform;
/** The three households registered in one round: completes, withdraws, survives the orchestrator's crash. */
let households: { complete: string; withdraw: string; crash: string };
/** 县搬迁办 (department_officer of dept:relocation): designates, registers sites, approves plans and tranches. */
let office: string;
/** 施工监理 of housing (住建): records the milestones; may not approve their tranches. */
let supervisor: string;
let cadre: string;
let reviewer: string;
/** The village's resettlement site, and a one-home site for the household that withdraws. */
const site = siteCode();
const smallSite = siteCode();

interface Envelope {
  id: string;
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
}
let consumer: Consumer;
/** Every event of topic relocation.case seen on Kafka since the beginning (filtered by case below). */
const seen: Envelope[] = [];
/** relocation-service's database: the outbox and the tranches, to count what was written at the source. */
let db: Client;

const relocation = (tokenValue: string) => clientFor('relocation-service', tokenValue);

beforeAll(async () => {
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: '2',
    RELOCATION_DEADLINE_SECONDS: JSON.stringify({ reclamation: RECLAMATION_S }),
  });
  office = await token('department_officer', `dept:relocation@${county}`, { subject: 'relocation-office-zhao' });
  supervisor = await token('department_officer', `dept:housing@${county}`, { subject: 'supervisor-li' });
  cadre = await token('village_cadre', village, { subject: 'cadre-zhang' });
  reviewer = await token('township_reviewer', township, { subject: 'reviewer-wang' });

  const kafka = new Kafka({ clientId: 'e2e-relocation', brokers: requireEnv('KAFKA_BROKERS').split(','), logLevel: 0 });
  consumer = kafka.consumer({ groupId: `e2e-relocation-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: 'relocation.case', fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push(JSON.parse(String(message.value)));
    },
  });
  db = new Client({ connectionString: requireEnv('RELOCATION_DATABASE_URL') });
  await db.connect();

  // 建档立卡: three households of the village registered through the whole identification round
  const [complete, withdraw, crash] = await Promise.all([1, 2, 3].map(() => applyHousehold(cadre, village)));
  await registerThroughRound(village, [complete, withdraw, crash]);
  households = { complete, withdraw, crash };

  // the county relocation office: the village designated (一方水土养不好一方人), two sites in its township
  const designated = await relocation(office).PUT('/areas/{villageCode}', {
    params: { path: { villageCode: village } },
    body: { designated: true, reason: '地质灾害隐患点，一方水土养不好一方人', year: 2026 },
  });
  expect(expectStatus('designate', 200, designated)).toMatchObject({ villageCode: village, designated: true });
  for (const [code, capacityHomes] of [
    [site, 20],
    [smallSite, 1],
  ] as const) {
    const registered = await relocation(office).POST('/sites', {
      params: { header: { 'Idempotency-Key': randomUUID() } },
      body: {
        code,
        name: '城南安置小区',
        townshipCode: township,
        mode: 'nearby',
        placement: 'centralised',
        capacityHomes,
      },
    });
    expect(expectStatus(`register site ${code}`, 201, registered)).toEqual({ code });
  }
});

afterAll(async () => {
  await consumer?.disconnect();
  await db?.end();
  await platform?.stop();
});

/** The household as relocation-service learnt it from household.registered. */
async function knownToRelocation(householdId: string) {
  return eventually(
    async () => {
      const r = await relocation(office).GET('/households/{id}', { params: { path: { id: householdId } } });
      return r.response.status === 200 ? r.data : undefined;
    },
    30_000,
    250,
  );
}

async function caseOf(id: string) {
  return expectStatus('read case', 200, await relocation(office).GET('/cases/{id}', { params: { path: { id } } }));
}

async function procedureOf(id: string) {
  return expectStatus(
    'read procedure',
    200,
    await relocation(office).GET('/cases/{id}/procedure', { params: { path: { id } } }),
  );
}

async function siteOf(code: string) {
  return expectStatus('read site', 200, await relocation(office).GET('/sites/{code}', { params: { path: { code } } }));
}

/** 自愿搬迁: the household head's signed consent, recorded by the village cadre. */
function consent(householdId: string, key = randomUUID()) {
  return relocation(cadre).POST('/cases', {
    params: { header: { 'Idempotency-Key': key } },
    body: {
      householdId,
      consent: { signedBy: '王建国', signedOn: today(), documentRef: `XY-${householdId.slice(0, 8)}` },
    },
  });
}

function plan(caseId: string, code: string, areaM2: number) {
  return relocation(cadre).PUT('/cases/{id}/plan', {
    params: { path: { id: caseId } },
    body: { mode: 'nearby', siteCode: code, areaM2 },
  });
}

async function submit(caseId: string) {
  return expectStatus(
    'submit',
    200,
    await relocation(cadre).POST('/cases/{id}/submit', { params: { path: { id: caseId } } }),
  );
}

function review(tokenValue: string, caseId: string) {
  return relocation(tokenValue).POST('/cases/{id}/review', {
    params: { path: { id: caseId } },
    body: { decision: 'approve' },
  });
}

/** 乡镇审核, then 县搬迁办审批: the case goes to construction. */
async function approvePlan(caseId: string) {
  expect(expectStatus('township review', 200, await review(reviewer, caseId)).status).toBe('submitted');
  expect(expectStatus('county approval', 200, await review(office, caseId)).status).toBe('construction');
}

/** A consented, planned (75 m² for three at the site) and submitted case of the household, approved. */
async function approvedCase(householdId: string, code = site): Promise<string> {
  await knownToRelocation(householdId);
  const { id } = expectStatus('consent', 201, await consent(householdId));
  expectStatus('plan', 200, await plan(id, code, 75));
  await submit(id);
  await approvePlan(id);
  return id;
}

function recordMilestone(caseId: string, milestone: Milestone) {
  return relocation(supervisor).POST('/cases/{id}/milestones', {
    params: { path: { id: caseId } },
    body: { milestone, evidenceRef: `YS-${milestone}-${caseId.slice(0, 8)}` },
  });
}

function approveTranche(caseId: string, milestone: Milestone) {
  return relocation(office).POST('/cases/{id}/tranches/{milestone}/approve', {
    params: { path: { id: caseId, milestone } },
  });
}

/** Until GET /cases/{id} shows the tranche paid. */
async function waitForPaid(caseId: string, milestone: Milestone, timeoutMs = 30_000) {
  return eventually(
    async () => {
      const c = await caseOf(caseId);
      return c.tranches.find((t) => t.milestone === milestone)?.status === 'paid' ? c : undefined;
    },
    timeoutMs,
    250,
  );
}

/** One milestone recorded by the supervisor, its tranche approved by the office, and paid; `afterApproval` in between. */
async function build(caseId: string, milestone: Milestone, afterApproval?: () => Promise<void>) {
  expectStatus(`milestone ${milestone}`, 200, await recordMilestone(caseId, milestone));
  expectStatus(`approve ${milestone}`, 200, await approveTranche(caseId, milestone));
  await afterApproval?.();
  return waitForPaid(caseId, milestone, afterApproval ? 90_000 : 30_000);
}

/**
 * Until the workflow itself is at `step` (its query, not the case row: the row is written by the activity a moment
 * before the workflow commits the change, and an update in between would be judged on the step before).
 */
async function waitForStep(caseId: string, step: string) {
  return eventually(
    async () => {
      const p = await procedureOf(caseId);
      return p.step === step ? p : undefined;
    },
    30_000,
    250,
  );
}

/** 搬迁入住 → 拆旧复垦 → 后续扶持: the case completes. */
async function moveIn(caseId: string) {
  const r = await relocation(cadre).POST('/cases/{id}/move-in', {
    params: { path: { id: caseId } },
    body: { movedInOn: today() },
  });
  return expectStatus('move-in', 200, r);
}

async function reclaimAndFollowUp(caseId: string) {
  const reclaimed = await relocation(cadre).POST('/cases/{id}/reclamation', {
    params: { path: { id: caseId } },
    body: { evidenceRef: `FK-${caseId.slice(0, 8)}` },
  });
  expect(expectStatus('reclamation', 200, reclaimed)).toMatchObject({ status: 'reclaimed', landRightsKept: true });
  const followed = await relocation(cadre).POST('/cases/{id}/follow-up', {
    params: { path: { id: caseId } },
    body: { kind: 'employment', ref: `JY-${caseId.slice(0, 8)}` },
  });
  return expectStatus('follow-up', 200, followed);
}

/** Events of the case on Kafka, each envelope once (a redelivery is not a second event). */
function eventsOf(caseId: string, type: string): Envelope[] {
  const byId = new Map(seen.filter((e) => e.aggregateId === caseId && e.type === type).map((e) => [e.id, e]));
  return [...byId.values()];
}

/** The case's events as written to relocation-service's outbox, per type (and per milestone for payments). */
async function outboxOf(caseId: string): Promise<Record<string, number>> {
  const r = await db.query<{ kind: string; n: number }>(
    `SELECT type || coalesce(':' || (envelope->'payload'->>'milestone'), '') AS kind, count(*)::int AS n
       FROM outbox_event WHERE aggregate_id = $1 GROUP BY 1`,
    [caseId],
  );
  return Object.fromEntries(r.rows.map((row) => [row.kind, row.n]));
}

it('relocates a household registered through its round: three tranches paid once, the missed reclamation escalated, completed', async () => {
  const householdId = households.complete;
  // household.registered reached relocation-service with the members
  const known = await knownToRelocation(householdId);
  expect(known).toMatchObject({ householdId, villageCode: village, memberCount: 3, exitedAt: null });
  expect(known.members).toHaveLength(3);

  // 自愿搬迁: the consent opens the case; the same request again answers the same case
  const key = randomUUID();
  const opened = expectStatus('consent', 201, await consent(householdId, key));
  expect(opened).toMatchObject({ status: 'consented', workflowId: `relocation-case:${householdId}` });
  expect(expectStatus('consent again', 200, await consent(householdId, key)).id).toBe(opened.id);
  const caseId = opened.id;

  // 搬迁计划: over the red line (3 × 25 m²) refused with the figures; at the red line accepted, 30/40/30 %
  const over = await plan(caseId, site, 80);
  expect(over.response.status).toBe(422);
  expect(over.error?.error.details).toMatchObject({ areaM2: 80, members: 3, limitM2PerPerson: 25 });
  const homesBefore = (await siteOf(site)).homesAllocated;
  const planned = expectStatus('plan', 200, await plan(caseId, site, 75));
  expect(planned.plan).toMatchObject({ mode: 'nearby', siteCode: site, areaM2: 75, persons: 3 });
  const subsidy = planned.plan!.subsidyFen;
  expect(subsidy).toBeGreaterThan(0);
  expect(planned.tranches.map((t) => [t.milestone, t.amountFen, t.status])).toEqual([
    ['foundation', (subsidy * 3) / 10, 'pending'],
    ['roof', (subsidy * 4) / 10, 'pending'],
    ['acceptance', (subsidy * 3) / 10, 'pending'],
  ]);
  expect((await siteOf(site)).homesAllocated).toBe(homesBefore + 1);

  // 报审 → 乡镇审核 → 县搬迁办审批
  expect(await submit(caseId)).toMatchObject({ status: 'submitted', workflowId: `relocation-case:${householdId}` });
  await approvePlan(caseId);

  // construction: each milestone by the supervisor, each tranche approved by the office and paid by the workflow
  for (const milestone of MILESTONES) {
    const c = await build(caseId, milestone);
    expect(c.tranches.find((t) => t.milestone === milestone)?.paymentRef).toBe(`RLC-${caseId}-${milestone}`);
    if (milestone === 'foundation') {
      // the office's only way to money is the approval, and it approves a tranche once
      const again = await approveTranche(caseId, 'foundation');
      expect(again.response.status).toBe(409);
      expect(again.error?.error.code).toBe('relocation.tranche_already_approved');
    }
  }
  await waitForStep(caseId, 'home_accepted');
  const accepted = await caseOf(caseId);
  expect(accepted.status).toBe('accepted');
  expect(accepted.tranches.every((t) => t.status === 'paid')).toBe(true);

  // 搬迁入住; the reclamation deadline (RELOCATION_DEADLINE_SECONDS, counted from the move-in day) is missed and escalates
  expect(await moveIn(caseId)).toMatchObject({ status: 'moved_in', movedInOn: today() });
  const escalated = await eventually(
    async () => {
      const p = await procedureOf(caseId);
      return p.pending.escalatedTo ? p : undefined;
    },
    (RECLAMATION_S + 20) * 1000,
    250,
  );
  expect(escalated.step).toBe('reclamation');
  expect(escalated.pending).toMatchObject({ kind: 'human', action: 'reclamation' });
  const escalatedTo = escalated.pending.escalatedTo as { level: string; times: number; divisionCode: string };
  expect(escalatedTo.times).toBeGreaterThanOrEqual(1);
  expect(['township', 'county']).toContain(escalatedTo.level);
  expect(village.startsWith(escalatedTo.divisionCode)).toBe(true);
  expect(escalated.history.some((h) => h.action === 'deadline_missed' && h.step === 'reclamation')).toBe(true);

  // 拆旧复垦 → 后续扶持 → completed
  const done = await reclaimAndFollowUp(caseId);
  expect(done).toMatchObject({ status: 'completed', movedInOn: today(), followUp: { kind: 'employment' } });
  expect((await procedureOf(caseId)).step).toBe('completed');

  // the events on Kafka: three tranche payments (one per milestone), one completion
  await eventually(
    async () =>
      eventsOf(caseId, 'relocation.completed').length >= 1 && eventsOf(caseId, 'relocation.tranche-paid').length >= 3,
    30_000,
    250,
  );
  const paid = eventsOf(caseId, 'relocation.tranche-paid');
  expect(paid.map((e) => e.payload.milestone).sort()).toEqual(['acceptance', 'foundation', 'roof']);
  expect(paid.map((e) => e.payload.paymentRef).sort()).toEqual(MILESTONES.map((m) => `RLC-${caseId}-${m}`).sort());
  expect(paid.reduce((sum, e) => sum + Number(e.payload.amountFen), 0)).toBe(subsidy);
  const completed = eventsOf(caseId, 'relocation.completed');
  expect(completed).toHaveLength(1);
  expect(completed[0].payload).toMatchObject({ caseId, householdId, villageCode: village, landRightsKept: true });
  // … and exactly once at the source
  expect(await outboxOf(caseId)).toEqual({
    'relocation.consented': 1,
    'relocation.planned': 1,
    'relocation.tranche-paid:foundation': 1,
    'relocation.tranche-paid:roof': 1,
    'relocation.tranche-paid:acceptance': 1,
    'relocation.moved-in': 1,
    'relocation.completed': 1,
  });
});

it('withdraws a household after submission and approval: tranches stopped, nothing paid, its home released', async () => {
  const householdId = households.withdraw;
  expect((await siteOf(smallSite)).homesAllocated).toBe(0);
  const caseId = await approvedCase(householdId, smallSite);
  expect(await siteOf(smallSite)).toMatchObject({ capacityHomes: 1, homesAllocated: 1, homesFree: 0 });
  expectStatus('milestone foundation', 200, await recordMilestone(caseId, 'foundation'));

  // 退出搬迁: without a reason refused; with one, the workflow stops every tranche and frees the home
  const noReason = await relocation(cadre).POST('/cases/{id}/withdraw', {
    params: { path: { id: caseId } },
    body: { reason: '' },
  });
  expect(noReason.response.status).toBe(400);
  const withdrawn = await relocation(cadre).POST('/cases/{id}/withdraw', {
    params: { path: { id: caseId } },
    body: { reason: '投亲靠友，自行安置' },
  });
  const c = expectStatus('withdraw', 201, withdrawn);
  expect(c).toMatchObject({ status: 'withdrawn', withdrawal: { reason: '投亲靠友，自行安置' } });
  expect(c.tranches.map((t) => [t.milestone, t.status, t.paidAt, t.paymentRef])).toEqual(
    MILESTONES.map((m) => [m, 'stopped', null, null]),
  );
  expect(await siteOf(smallSite)).toMatchObject({ homesAllocated: 0, homesFree: 1 });

  // the tranche of the recorded milestone can no longer be approved; the procedure is over
  const late = await approveTranche(caseId, 'foundation');
  expect(late.response.status).toBe(409);

  await eventually(async () => eventsOf(caseId, 'relocation.withdrawn').length === 1, 30_000, 250);
  expect(eventsOf(caseId, 'relocation.withdrawn')[0].payload).toMatchObject({
    caseId,
    householdId,
    reason: '投亲靠友，自行安置',
    step: 'construction',
  });
  const outbox = await outboxOf(caseId);
  expect(Object.keys(outbox).filter((k) => k.startsWith('relocation.tranche-paid'))).toEqual([]);
  expect(outbox['relocation.withdrawn']).toBe(1);
  const paidRows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM relocation_tranche WHERE case_id = $1 AND status = 'paid'`,
    [caseId],
  );
  expect(paidRows.rows[0].n).toBe(0);
  expect(eventsOf(caseId, 'relocation.tranche-paid')).toEqual([]);
});

it('completes a case whose orchestrator was killed mid-construction, no tranche paid twice', async () => {
  const householdId = households.crash;
  const caseId = await approvedCase(householdId);

  // the foundation tranche approved, then the workflow worker killed (SIGKILL) while the payment is owed
  const paidFoundation = await build(caseId, 'foundation', () => platform.restart('orchestrator'));
  expect(paidFoundation.tranches[0]).toMatchObject({ milestone: 'foundation', status: 'paid' });
  // the restarted worker took the workflow up again: it has recorded the payment
  await eventually(
    async () => {
      const p = await procedureOf(caseId);
      return p.tranches.find((t) => t.milestone === 'foundation')?.payment ? p : undefined;
    },
    60_000,
    500,
  );
  await build(caseId, 'roof');
  await build(caseId, 'acceptance');
  await waitForStep(caseId, 'home_accepted');
  expect((await caseOf(caseId)).status).toBe('accepted');
  await moveIn(caseId);
  expect(await reclaimAndFollowUp(caseId)).toMatchObject({ status: 'completed' });

  // each milestone paid exactly once: one tranche row, one payment in the history, one event
  const c = await caseOf(caseId);
  expect(c.tranches.map((t) => [t.milestone, t.status, t.paymentRef])).toEqual(
    MILESTONES.map((m) => [m, 'paid', `RLC-${caseId}-${m}`]),
  );
  const procedure = await procedureOf(caseId);
  expect(procedure.step).toBe('completed');
  const paidEntries = procedure.history.filter((h) => h.action === 'tranche_paid').map((h) => h.milestone);
  expect(paidEntries).toEqual([...MILESTONES]);
  const outbox = await outboxOf(caseId);
  for (const m of MILESTONES) expect(outbox[`relocation.tranche-paid:${m}`]).toBe(1);
  expect(outbox['relocation.completed']).toBe(1);
  // the payment (补助资金拨付) and its entry in the case's history: each audited three times in all, once per milestone
  const audited = await db.query<{ action: string; n: number }>(
    `SELECT action, count(*)::int AS n FROM audit_record
      WHERE subject_id = $1 AND action IN ('relocation.tranche.pay', 'relocation.tranche_paid') GROUP BY 1 ORDER BY 1`,
    [caseId],
  );
  expect(audited.rows).toEqual([
    { action: 'relocation.tranche.pay', n: 3 },
    { action: 'relocation.tranche_paid', n: 3 },
  ]);
  await eventually(
    async () =>
      eventsOf(caseId, 'relocation.completed').length === 1 && eventsOf(caseId, 'relocation.tranche-paid').length >= 3,
    30_000,
    250,
  );
  expect(
    eventsOf(caseId, 'relocation.tranche-paid')
      .map((e) => e.payload.milestone)
      .sort(),
  ).toEqual(['acceptance', 'foundation', 'roof']);
});
