// employment.placed consumed by relocation-service (real PostgreSQL, a private Temporal server with the relocation
// workflows): a moved-in case gets its follow-up measure (后续扶持) from the placement — kept before the reclamation,
// which then completes the case — recorded once however often the event comes; no open case, or a case not yet moved
// in, is left alone.
/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { buildEvent, contracts } from '@fupin/contracts';
import { call, testToken } from '@fupin/testing';
import { TaskQueues } from '@fupin/workflows';
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
import { employmentPlacedHandler } from './employment-placed.handler';

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
  });
  site = await registerSite(svc, { capacityHomes: 20 });
});
afterAll(async () => {
  await svc?.stop();
  await temporal?.stop();
});

interface CaseBody {
  status: string;
  followUp: { kind: string } | null;
  error?: { code: string };
}
interface Procedure {
  step: string;
  tranches?: { milestone: string; payment: unknown }[];
  history?: { action: string; reason?: string }[];
}

const post = (url: string, token: string, body: unknown = {}) =>
  call<CaseBody>('POST', `${svc.url}${url}`, { token, body });
const getCase = async (caseId: string) =>
  (await call<CaseBody>('GET', `${svc.url}/cases/${caseId}`, { token: await officer() })).body;
const procedure = async (caseId: string) =>
  (await call<Procedure>('GET', `${svc.url}/cases/${caseId}/procedure`, { token: await officer() })).body;

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = await read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A case planned, submitted and approved: construction. */
async function approved() {
  const c = await openCase(svc, 3);
  expect((await plan(svc, c.token, c.caseId, { mode: 'nearby', siteCode: site, areaM2: 75 })).status).toBe(200);
  expect((await post(`/cases/${c.caseId}/submit`, c.token)).status).toBe(200);
  const township = await testToken('township_reviewer', c.village.slice(0, 9));
  expect((await post(`/cases/${c.caseId}/review`, township, { decision: 'approve' })).status).toBe(200);
  expect((await post(`/cases/${c.caseId}/review`, await officer(), { decision: 'approve' })).body.status).toBe(
    'construction',
  );
  return c;
}

/** Built (three milestones, each tranche paid) and moved in today: the workflow awaits the reclamation. */
async function movedIn() {
  const c = await approved();
  const inspector = await testToken('department_officer', `dept:housing@${COUNTY}`, { subject: 'supervisor-li' });
  for (const milestone of ['foundation', 'roof', 'acceptance']) {
    expect(
      (await post(`/cases/${c.caseId}/milestones`, inspector, { milestone, evidenceRef: `YS-${milestone}` })).status,
    ).toBe(200);
    expect((await post(`/cases/${c.caseId}/tranches/${milestone}/approve`, await officer())).status).toBe(200);
    await until(
      () => procedure(c.caseId),
      (p) => p.tranches?.find((t) => t.milestone === milestone)?.payment != null,
      `the ${milestone} tranche paid`,
    );
  }
  const today = new Date().toISOString().slice(0, 10);
  expect((await post(`/cases/${c.caseId}/move-in`, c.token, { movedInOn: today })).body.status).toBe('moved_in');
  return c;
}

/** The event as industry-service publishes it, handed to the consumer's handler in a transaction. */
async function deliver(householdId: string, villageCode: string, placementId = randomUUID()) {
  const event = buildEvent(contracts.employmentPlaced, {
    aggregateId: householdId,
    actor: { subject: 'officer-zhang', role: 'department_officer', jurisdiction: `dept:industry@${COUNTY}` },
    payload: {
      householdId,
      villageCode,
      placementId,
      jobKind: 'public_welfare_post',
      partnerId: null,
      postName: '生态护林员',
      startedOn: '2026-11-01',
      monthlyWageFen: 80_000,
    },
  });
  // the handler talks to the case workflow (Temporal), not to the consumer's transaction
  await employmentPlacedHandler(svc.service.runtime)(event);
  return event;
}

it('records the placement as the follow-up of a moved-in case, once; the reclamation then completes the case', async () => {
  const c = await movedIn();
  const placementId = randomUUID();
  await deliver(c.householdId, c.village, placementId);
  const kept = await until(
    () => getCase(c.caseId),
    (v) => v.followUp !== null,
    'the follow-up recorded',
  );
  expect(kept).toMatchObject({ status: 'moved_in', followUp: { kind: 'employment' } });
  // redelivered, and another placement of the household: the measure stays the first one
  await deliver(c.householdId, c.village, placementId);
  await deliver(c.householdId, c.village);
  const followUps = (await procedure(c.caseId)).history?.filter((h) => h.action === 'follow_up_recorded');
  expect(followUps?.map((h) => h.reason)).toEqual([`employment:industry-service:placement:${placementId}`]);

  const done = await post(`/cases/${c.caseId}/reclamation`, c.token, { evidenceRef: 'FK-0001' });
  expect(done.body).toMatchObject({ status: 'completed', followUp: { kind: 'employment' } });
});

it('leaves alone a household without an open case, and a case not yet moved in', async () => {
  await expect(deliver(randomUUID(), '430523101201')).resolves.toBeDefined();
  const c = await approved();
  await deliver(c.householdId, c.village);
  await new Promise((r) => setTimeout(r, 500));
  expect(await getCase(c.caseId)).toMatchObject({ status: 'construction', followUp: null });
  expect((await procedure(c.caseId)).history?.some((h) => h.action === 'follow_up_recorded')).toBe(false);
});
