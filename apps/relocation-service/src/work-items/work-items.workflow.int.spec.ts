// 待办 following the real case workflow on a private Temporal server (real PostgreSQL, real Temporal, the service's
// activities on relocation's queue): what the workflow records with each change keeps the inbox on the action it
// awaits — the township's review, the county office's approval (missed: escalated to the county approver by the
// workflow's own timer), the supervisor's milestone, then the office's tranche approval, nobody's while it pays.
/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
import path from 'node:path';
import type { WorkItemList } from '@fupin/service-kit';
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
    RELOCATION_DEADLINE_SECONDS: JSON.stringify({ county_approval: 2 }),
  });
  site = await registerSite(svc, { capacityHomes: 10 });
});
afterAll(async () => {
  await svc?.stop();
  await temporal?.stop();
});

async function steps(token: string, caseId: string): Promise<[string, boolean][]> {
  const res = await call<WorkItemList>('GET', `${svc.url}/work-items`, { token });
  expect(res.status).toBe(200);
  return res.body.items.filter((i) => i.procedureId === caseId).map((i) => [i.step, i.escalatedToMe]);
}

async function until<T>(read: () => Promise<T>, want: T, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (JSON.stringify(await read()) === JSON.stringify(want)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await read())}`);
}

const post = async (url: string, token: string, body: unknown = {}) => {
  const r = await call<{ error?: unknown }>('POST', `${svc.url}${url}`, { token, body });
  expect(r.body.error ?? r.status).toBe(200);
};

it('follows the action the case workflow awaits, its miss escalated by the workflow, and its hand-overs', async () => {
  const c = await openCase(svc, 3);
  expect(await steps(c.token, c.caseId)).toEqual([['plan', false]]);
  expect((await plan(svc, c.token, c.caseId, { mode: 'nearby', siteCode: site, areaM2: 75 })).status).toBe(200);
  await post(`/cases/${c.caseId}/submit`, c.token);
  expect(await steps(c.token, c.caseId)).toEqual([]);
  const township = await testToken('township_reviewer', c.village.slice(0, 9));
  expect(await steps(township, c.caseId)).toEqual([['township_review', false]]);

  await post(`/cases/${c.caseId}/review`, township, { decision: 'approve' });
  const office = await officer();
  expect(await steps(office, c.caseId)).toEqual([['county_approval', false]]);
  const county = await testToken('county_approver', COUNTY);
  // two seconds later the workflow's timer records the miss: the county approver is alerted
  await until(() => steps(county, c.caseId), [['county_approval', true]], 'the escalation to the county');
  const escalated = await call<WorkItemList>('GET', `${svc.url}/work-items`, { token: office });
  expect(escalated.body.items.find((i) => i.procedureId === c.caseId)).toMatchObject({ escalatedHouseholds: 1 });

  await post(`/cases/${c.caseId}/review`, office, { decision: 'approve' });
  expect(await steps(county, c.caseId)).toEqual([]);
  const housing = await testToken('department_officer', `dept:housing@${COUNTY}`, { subject: 'supervisor-li' });
  expect(await steps(housing, c.caseId)).toEqual([['milestone', false]]);
  await post(`/cases/${c.caseId}/milestones`, housing, { milestone: 'foundation', evidenceRef: 'YS-foundation' });
  expect(await steps(housing, c.caseId)).toEqual([]);
  expect(await steps(office, c.caseId)).toEqual([['tranche_approval', false]]);
  await post(`/cases/${c.caseId}/tranches/foundation/approve`, office);
  // paid by the workflow, then the roof is the supervisor's
  await until(() => steps(housing, c.caseId), [['milestone', false]], "the roof's milestone");
  expect(await steps(office, c.caseId)).toEqual([['milestone', false]]);
});
