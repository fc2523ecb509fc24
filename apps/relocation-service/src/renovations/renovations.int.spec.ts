// 危房改造 inside relocation-service on a private Temporal server (real PostgreSQL, real Temporal, the service's real
// activities): the house grade arrives with identification's household.updated (a late, older observation does not
// overwrite a newer one); only a C/D house, this year to 3 years ahead, one open case of either kind; the application
// goes to the township, county approval, three milestones (acceptance grades the house anew), each tranche paid once,
// then the case completes with one housing.renovated carrying the new grade.
/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EventEnvelope } from '@fupin/contracts';
import { call, pgTransactionalClient, testToken, withSuperuser } from '@fupin/testing';
import { TaskQueues } from '@fupin/workflows';
import {
  startPrivateTemporal,
  type PrivateTemporal,
} from '../../../../libs/identification-workflows/src/testing/private-temporal';
import { householdUpdatedHandler } from '../households/household-registered.handler';
import {
  COUNTY,
  type RelocationTestService,
  cadre,
  consent,
  designate,
  freshVillage,
  officer,
  registerHousehold,
  startRelocation,
} from '../test-support';

jest.setTimeout(180_000);

let temporal: PrivateTemporal;
let svc: RelocationTestService;

beforeAll(async () => {
  const workflows = path.join(__dirname, '..', '..', '..', '..', 'libs', 'relocation-workflows', 'src', 'index.ts');
  temporal = await startPrivateTemporal(workflows, {}, TaskQueues.orchestration);
  svc = await startRelocation({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    RUN_WORKER: 'true',
    PROCEDURE_TEST_MODE: 'true',
  });
});
afterAll(async () => {
  await svc?.stop();
  await temporal?.stop();
});

const YEAR = new Date(Date.now() + 8 * 3_600_000).getUTCFullYear();

interface CaseBody {
  id: string;
  kind: string;
  status: string;
  renovation: { plannedYear: number; houseGrade: string; newGrade: string | null; subsidyFen: number } | null;
  tranches: { milestone: string; amountFen: number; status: string; paymentRef: string | null }[];
  error?: { code: string; field?: string; message: { en: string } };
}

const post = (url: string, token: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  call<CaseBody>('POST', `${svc.url}${url}`, { token, body, headers });
const getCase = async (id: string) =>
  (await call<CaseBody>('GET', `${svc.url}/cases/${id}`, { token: await officer() })).body;
const rows = async <T>(sql: string, params: unknown[]) =>
  (await withSuperuser(svc.db.url, (c) => c.query<T & Record<string, unknown>>(sql, params))).rows;

/** identification's household.updated after a living-condition observation (看房), as the consumer runs it. */
async function observed(householdId: string, housingGrade: string, occurredAt = new Date().toISOString()) {
  const db = pgTransactionalClient(svc.db.url);
  try {
    const event = { occurredAt, payload: { householdId, changes: { housingGrade, drinkingWaterSafe: true } } };
    await db.$transaction((tx) =>
      householdUpdatedHandler(svc.service.runtime)(event as unknown as EventEnvelope<unknown>, tx),
    );
  } finally {
    await db.$disconnect();
  }
}

const application = { signedBy: '王建国', signedOn: '2026-03-01', documentRef: 'WG-2026-0001' };
const apply = async (householdId: string, village: string, plannedYear = YEAR, key = randomUUID()) =>
  post('/renovations', await cadre(village), { householdId, plannedYear, application }, { 'Idempotency-Key': key });

/** A registered household whose latest observation grades its house `grade`. */
async function household(grade: string | null) {
  const village = freshVillage();
  const householdId = await registerHousehold(svc, village, 3);
  if (grade) await observed(householdId, grade);
  return { village, householdId };
}

it('keeps the latest observation: a late older one does not overwrite a newer grade', async () => {
  const h = await household(null);
  await observed(h.householdId, 'D', '2026-05-01T00:00:00.000Z');
  await observed(h.householdId, 'B', '2026-04-01T00:00:00.000Z');
  const [row] = await rows<{ house_grade: string }>(
    'SELECT house_grade FROM registered_household WHERE household_id = $1::uuid',
    [h.householdId],
  );
  expect(row.house_grade).toBe('D');
});

it('refuses a safe house, a house never observed, a year out of range, an unknown household — writing nothing', async () => {
  const safe = await household('B');
  const a = await apply(safe.householdId, safe.village);
  expect([a.status, a.body.error?.code, a.body.error?.field]).toEqual([
    422,
    'relocation.house_not_dangerous',
    'houseGrade',
  ]);
  const never = await household(null);
  expect((await apply(never.householdId, never.village)).body.error?.code).toBe('relocation.house_not_dangerous');
  const dangerous = await household('C');
  const late = await apply(dangerous.householdId, dangerous.village, YEAR + 4);
  expect([late.status, late.body.error?.code, late.body.error?.field]).toEqual([
    422,
    'relocation.planned_year',
    'plannedYear',
  ]);
  expect((await apply(randomUUID(), dangerous.village)).body.error?.code).toBe('relocation.household_not_registered');
  const written = await rows<{ n: number }>(
    'SELECT count(*)::int AS n FROM relocation_case WHERE household_id = ANY($1::uuid[])',
    [[safe.householdId, never.householdId, dangerous.householdId]],
  );
  expect(written[0].n).toBe(0);
});

it('allows one open case per household of either kind, and replays the same request', async () => {
  const village = freshVillage();
  await designate(svc, village);
  const householdId = await registerHousehold(svc, village, 3);
  await observed(householdId, 'D');
  const key = randomUUID();
  const first = await apply(householdId, village, YEAR + 1, key);
  expect(first.status).toBe(201);
  const again = await apply(householdId, village, YEAR + 1, key);
  expect([again.status, again.body.id]).toEqual([200, first.body.id]);
  const second = await apply(householdId, village, YEAR + 1);
  expect([second.status, second.body.error?.code]).toEqual([409, 'relocation.case_already_open']);
  // relocation of a household renovating: the same open-case key refuses it
  const relocation = await consent(svc, await cadre(village), householdId);
  expect([relocation.status, relocation.body.error?.code]).toEqual([409, 'relocation.case_already_open']);
  const c = await getCase(first.body.id);
  expect(c).toMatchObject({ kind: 'renovation', status: 'submitted', renovation: { houseGrade: 'D', newGrade: null } });
  expect(c.tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(c.renovation!.subsidyFen);
});

it('renovates a C house through review, three milestones and tranches paid once, to one housing.renovated', async () => {
  const h = await household('C');
  const created = await apply(h.householdId, h.village);
  expect(created.body.error ?? created.status).toBe(201);
  const id = created.body.id;
  const office = await officer();
  const township = await testToken('township_reviewer', h.village.slice(0, 9));
  const sendBack = await post(`/cases/${id}/review`, township, { decision: 'reject' }); // no reason: 400
  expect(sendBack.status).toBe(400);
  expect((await post(`/cases/${id}/review`, township, { decision: 'approve' })).status).toBe(200);
  expect((await post(`/cases/${id}/review`, office, { decision: 'approve' })).body.status).toBe('construction');
  const inspector = await testToken('department_officer', `dept:housing@${COUNTY}`, { subject: 'supervisor-wang' });
  for (const milestone of ['foundation', 'roof', 'acceptance']) {
    const body = { milestone, evidenceRef: `YS-${milestone}` };
    if (milestone === 'acceptance') {
      const ungraded = await post(`/cases/${id}/milestones`, inspector, body);
      expect([ungraded.status, ungraded.body.error?.code]).toEqual([422, 'relocation.renovated_grade']);
    }
    const graded = milestone === 'acceptance' ? { ...body, newGrade: 'A' } : body;
    expect((await post(`/cases/${id}/milestones`, inspector, graded)).status).toBe(200);
    const approval = await post(`/cases/${id}/tranches/${milestone}/approve`, office);
    expect(approval.body.error ?? approval.status).toBe(200);
    await waitFor(id, (c) => c.tranches.find((t) => t.milestone === milestone)?.status === 'paid');
  }
  const done = await waitFor(id, (c) => c.status === 'completed');
  expect(done.renovation).toMatchObject({ houseGrade: 'C', newGrade: 'A' });
  const events = await rows<{ payload: { payload: Record<string, unknown> } }>(
    `SELECT envelope AS payload FROM outbox_event WHERE type = 'housing.renovated' AND aggregate_id = $1`,
    [id],
  );
  expect(events).toHaveLength(1);
  expect(events[0].payload.payload).toMatchObject({
    householdId: h.householdId,
    previousGrade: 'C',
    newGrade: 'A',
    subsidyPaidFen: done.renovation!.subsidyFen,
  });
  const paid = await rows<{ n: number }>(
    `SELECT count(*)::int AS n FROM relocation_tranche WHERE case_id = $1::uuid AND status = 'paid'`,
    [id],
  );
  expect(paid[0].n).toBe(3);
});

async function waitFor(id: string, done: (c: CaseBody) => boolean): Promise<CaseBody> {
  for (let i = 0; i < 100; i++) {
    const c = await getCase(id);
    if (done(c)) return c;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`case ${id} did not get there`);
}
