// The case workflow end to end inside relocation-service, on a private Temporal server with the relocation workflows
// on a worker and the service's real activities on relocation's queue (real PostgreSQL, real Temporal): consent →
// plan → submit → township and county approval → three milestones, each tranche approved and paid exactly once →
// move-in → reclamation → follow-up → completed (one relocation.completed); withdrawal after submission; a missed
// reclamation deadline escalating; wrong signers and steps refused in the user's terms.
/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
import path from 'node:path';
import { TaskQueues } from '@fupin/workflows';
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  startPrivateTemporal,
  type PrivateTemporal,
} from '../../../../libs/identification-workflows/src/testing/private-temporal';
import {
  COUNTY,
  type RelocationTestService,
  officer,
  openCase,
  plan,
  registerSite,
  startRelocation,
} from '../test-support';

jest.setTimeout(180_000);

let temporal: PrivateTemporal;
let svc: RelocationTestService;
let site: string;

beforeAll(async () => {
  const workflows = path.join(__dirname, '..', '..', '..', '..', 'libs', 'relocation-workflows', 'src', 'index.ts');
  temporal = await startPrivateTemporal(workflows, {}, TaskQueues.orchestration);
  svc = await startRelocation({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    RUN_WORKER: 'true',
    PROCEDURE_TEST_MODE: 'true',
    RELOCATION_DEADLINE_SECONDS: JSON.stringify({ reclamation: 2 }),
  });
  site = await registerSite(svc, { capacityHomes: 50 });
});
afterAll(async () => {
  await svc?.stop();
  await temporal?.stop();
});

interface CaseBody {
  status: string;
  tranches: { milestone: string; status: string; paymentRef: string | null }[];
  movedInOn: string | null;
  reclaimedOn: string | null;
  followUp: { kind: string } | null;
  landRightsKept: boolean | null;
  error?: { code: string; field?: string; message: { en: string } };
}

const post = (url: string, token: string, body: unknown = {}) =>
  call<CaseBody>('POST', `${svc.url}${url}`, { token, body });
const getCase = async (caseId: string) =>
  (await call<CaseBody>('GET', `${svc.url}/cases/${caseId}`, { token: await officer() })).body;
const count = async (sql: string, params: unknown[]) =>
  (await withSuperuser(svc.db.url, (c) => c.query<{ n: number }>(sql, params))).rows[0].n;

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A case planned at the site and submitted: the workflow is at the township's review. */
async function submitted() {
  const c = await openCase(svc, 3);
  expect((await plan(svc, c.token, c.caseId, { mode: 'nearby', siteCode: site, areaM2: 75 })).status).toBe(200);
  const r = await post(`/cases/${c.caseId}/submit`, c.token);
  expect(r.status).toBe(200);
  expect(r.body.status).toBe('submitted');
  return c;
}

async function approved(c: { caseId: string; village: string }) {
  const township = await testToken('township_reviewer', c.village.slice(0, 9));
  expect((await post(`/cases/${c.caseId}/review`, township, { decision: 'approve' })).status).toBe(200);
  const r = await post(`/cases/${c.caseId}/review`, await officer(), { decision: 'approve' });
  expect(r.status).toBe(200);
  expect(r.body.status).toBe('construction');
}

/** 施工监理 of housing (住建): whoever records a milestone may not approve its tranche. */
const supervisor = () => testToken('department_officer', `dept:housing@${COUNTY}`, { subject: 'supervisor-li' });

async function built(caseId: string) {
  const office = await officer();
  const inspector = await supervisor();
  for (const milestone of ['foundation', 'roof', 'acceptance']) {
    expect(
      (await post(`/cases/${caseId}/milestones`, inspector, { milestone, evidenceRef: `YS-${milestone}` })).status,
    ).toBe(200);
    const approval = await post(`/cases/${caseId}/tranches/${milestone}/approve`, office);
    expect(approval.body.error ?? approval.status).toBe(200);
    // paid, and recorded by the workflow (the row is paid a moment before the workflow commits the payment)
    await until(
      async () => (await call<Procedure>('GET', `${svc.url}/cases/${caseId}/procedure`, { token: office })).body,
      (p) => p.tranches?.find((t) => t.milestone === milestone)?.payment != null,
      `the ${milestone} tranche paid`,
    );
  }
}

interface Procedure {
  step: string;
  tranches?: { milestone: string; payment: unknown }[];
}

it('runs a case from consent to completion: three tranches paid once each, one relocation.completed', async () => {
  const c = await submitted();
  expect((await post(`/cases/${c.caseId}/submit`, c.token)).status).toBe(200); // again: the same answer
  await approved(c);
  await built(c.caseId);
  const again = await post(`/cases/${c.caseId}/tranches/foundation/approve`, await officer());
  expect(again.status).toBeGreaterThanOrEqual(400);
  expect(again.status).toBeLessThan(500);

  const accepted = await getCase(c.caseId);
  expect(accepted.status).toBe('accepted');
  expect(accepted.tranches.map((t) => t.paymentRef)).toEqual([
    `RLC-${c.caseId}-foundation`,
    `RLC-${c.caseId}-roof`,
    `RLC-${c.caseId}-acceptance`,
  ]);
  const today = new Date().toISOString().slice(0, 10);
  expect((await post(`/cases/${c.caseId}/move-in`, c.token, { movedInOn: today })).body.status).toBe('moved_in');
  expect((await post(`/cases/${c.caseId}/reclamation`, c.token, { evidenceRef: 'FK-0001' })).body).toMatchObject({
    status: 'reclaimed',
    landRightsKept: true,
  });
  const done = await post(`/cases/${c.caseId}/follow-up`, c.token, { kind: 'employment', ref: 'JY-2026-0042' });
  expect(done.body).toMatchObject({ status: 'completed', movedInOn: today, followUp: { kind: 'employment' } });

  const events = (type: string) =>
    count(`SELECT count(*)::int AS n FROM outbox_event WHERE type = $1 AND aggregate_id = $2`, [type, c.caseId]);
  expect(await events('relocation.tranche-paid')).toBe(3);
  expect(await events('relocation.moved-in')).toBe(1);
  expect(await events('relocation.completed')).toBe(1);
  const signatures = await count(
    `SELECT count(*)::int AS n FROM audit_record WHERE subject_id = $1 AND action LIKE 'relocation.%'`,
    [c.caseId],
  );
  // consent, plan, 2 reviews, 3 × (milestone, approval, payment entry, payment), move-in, reclamation, follow-up + completed
  expect(signatures).toBeGreaterThanOrEqual(18);
  // a second household of the same village may open a case: the first is closed
});

it('withdraws a submitted case through its workflow: tranches stopped, the home free, nothing paid after', async () => {
  const c = await submitted();
  await approved(c);
  const office = await officer();
  expect(
    (await post(`/cases/${c.caseId}/milestones`, await supervisor(), { milestone: 'foundation', evidenceRef: 'YS-1' }))
      .status,
  ).toBe(200);
  const r = await post(`/cases/${c.caseId}/withdraw`, c.token, { reason: '投亲靠友，自行安置' });
  expect(r.status).toBe(201);
  expect(r.body.status).toBe('withdrawn');
  expect(r.body.tranches.map((t) => t.status)).toEqual(['stopped', 'stopped', 'stopped']);
  const late = await post(`/cases/${c.caseId}/tranches/foundation/approve`, office);
  expect(late.status).toBe(409);
  expect(
    await count(`SELECT count(*)::int AS n FROM relocation_tranche WHERE case_id = $1 AND status = 'paid'`, [c.caseId]),
  ).toBe(0);
});

it('refuses the wrong signer and the wrong step in the user terms, and actions before submission', async () => {
  const c = await openCase(svc, 2);
  expect((await plan(svc, c.token, c.caseId, { mode: 'nearby', siteCode: site, areaM2: 40 })).status).toBe(200);
  const early = await post(`/cases/${c.caseId}/review`, await officer(), { decision: 'approve' });
  expect(early.status).toBe(409);
  expect(early.body.error?.code).toBe('relocation.not_submitted');
  expect((await post(`/cases/${c.caseId}/submit`, c.token)).status).toBe(200);
  // the county office before the township: the workflow's validator refuses, naming the step
  const skip = await post(`/cases/${c.caseId}/review`, await officer(), { decision: 'approve' });
  expect(skip.status).toBeGreaterThanOrEqual(400);
  expect(skip.status).toBeLessThan(500);
  expect(skip.body.error?.code).toMatch(/^relocation\./);
  // a township reviewer of another county is outside the case
  const stranger = await testToken('township_reviewer', '430524101');
  expect((await post(`/cases/${c.caseId}/review`, stranger, { decision: 'approve' })).status).toBe(403);
  // the plan is frozen once submitted
  expect((await plan(svc, c.token, c.caseId, { mode: 'nearby', siteCode: site, areaM2: 30 })).status).toBe(409);
  // a rejection ends the case with its reason; the household may open another
  const township = await testToken('township_reviewer', c.village.slice(0, 9));
  const rejected = await post(`/cases/${c.caseId}/review`, township, { decision: 'reject', reason: '面积测算有误' });
  expect(rejected.status).toBe(200);
  expect(rejected.body.status).toBe('refused');
});

it('escalates a missed reclamation deadline once per rung, recorded on the audit chain', async () => {
  const c = await submitted();
  await approved(c);
  await built(c.caseId);
  const today = new Date().toISOString().slice(0, 10);
  expect((await post(`/cases/${c.caseId}/move-in`, c.token, { movedInOn: today })).status).toBe(200);
  const missed = () =>
    count(
      `SELECT count(*)::int AS n FROM audit_record WHERE subject_id = $1 AND action = 'relocation.deadline_missed'`,
      [c.caseId],
    );
  await until(missed, (n) => n >= 1, 'the reclamation deadline escalated');
  const procedure = await call<{ step: string; pending: { kind: string; escalatedTo?: { divisionCode: string } } }>(
    'GET',
    `${svc.url}/cases/${c.caseId}/procedure`,
    { token: await officer() },
  );
  expect(procedure.status).toBe(200);
  expect(procedure.body.step).toBe('reclamation');
  expect(procedure.body.pending.escalatedTo?.divisionCode).toMatch(new RegExp(`^${COUNTY}`));
});
