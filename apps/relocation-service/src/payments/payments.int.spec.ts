// Tranche payments against the real database, through the service the case workflow's payTranche activity uses (the
// relocation office approves through the workflow; case-workflow.int.spec.ts drives that path): each tranche paid
// exactly once — three attempts at the same moment pay once and answer the same payment; a repeat returns the first
// payment with no second event; milestones in order; a withdrawn case pays nothing more; a reference pays once.
import { randomUUID } from 'node:crypto';
import { DomainError } from '@fupin/service-kit';
import { call, withSuperuser } from '@fupin/testing';
import { relocationDb } from '../db';
import { PaymentRepository } from './payment.repository';
import { PaymentService } from './payment.service';
import type { TrancheMilestone } from './payment.schema';
import { type RelocationTestService, openCase, plan, registerSite, startRelocation } from '../test-support';

jest.setTimeout(90_000);

let svc: RelocationTestService;
let site: string;
beforeAll(async () => {
  svc = await startRelocation();
  site = await registerSite(svc, { capacityHomes: 100 });
});
afterAll(async () => {
  await svc?.stop();
});

interface Payment {
  caseId: string;
  milestone: string;
  amountFen: number;
  paymentRef: string;
  paidAt: string;
  error?: { code: string; field?: string };
}

const actor = { subject: 'system:relocation-case', role: 'system', jurisdiction: 'system' };

/** One payment attempt as the activity makes it: 201 paid now, 200 paid before (the first payment), or the refusal. */
async function pay(caseId: string, milestone: string, paymentRef: string): Promise<{ status: number; body: Payment }> {
  const payments = new PaymentService(new PaymentRepository(relocationDb(svc.service.runtime)));
  try {
    const r = await payments.pay({ caseId, milestone: milestone as TrancheMilestone, paymentRef, actor });
    return { status: r.paid ? 201 : 200, body: r.payment };
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    return { status: e.status, body: { error: { code: e.code, field: e.field } } as Payment };
  }
}
const ref = () => `PAY-${randomUUID()}`;

async function plannedCase(body: Record<string, unknown> = { mode: 'nearby', siteCode: site, areaM2: 75 }) {
  const c = await openCase(svc, 3);
  expect((await plan(svc, c.token, c.caseId, body)).status).toBe(200);
  return c;
}

const count = async (sql: string, params: unknown[]) =>
  (await withSuperuser(svc.db.url, (c) => c.query<{ n: number }>(sql, params))).rows[0].n;

it('pays a tranche once when three attempts arrive at the same moment: one payment, one event, one audit record', async () => {
  const { caseId } = await plannedCase();
  const attempts = await Promise.all([ref(), ref(), ref()].map((r) => pay(caseId, 'foundation', r)));
  expect(attempts.map((a) => a.status).sort()).toEqual([200, 200, 201]);
  const refs = new Set(attempts.map((a) => a.body.paymentRef));
  expect(refs.size).toBe(1);
  expect(attempts[0].body).toMatchObject({ caseId, milestone: 'foundation', amountFen: 1_800_000 });
  expect(
    await count(
      `SELECT count(*)::int AS n FROM outbox_event WHERE type = 'relocation.tranche-paid' AND aggregate_id = $1`,
      [caseId],
    ),
  ).toBe(1);
  expect(
    await count(
      `SELECT count(*)::int AS n FROM audit_record WHERE action = 'relocation.tranche.pay' AND subject_id = $1`,
      [caseId],
    ),
  ).toBe(1);
  expect(
    await count(`SELECT count(*)::int AS n FROM relocation_tranche WHERE case_id = $1 AND status = 'paid'`, [caseId]),
  ).toBe(1);
});

it('answers a repeat with the first payment (200) and no second event; the three tranches sum to the subsidy', async () => {
  const { caseId, token } = await plannedCase();
  const first = await pay(caseId, 'foundation', ref());
  expect(first.status).toBe(201);
  const again = await pay(caseId, 'foundation', ref());
  expect(again.status).toBe(200);
  expect(again.body).toEqual(first.body);
  expect((await pay(caseId, 'roof', ref())).status).toBe(201);
  expect((await pay(caseId, 'acceptance', ref())).status).toBe(201);
  const read = await call<{ plan: { subsidyFen: number }; tranches: { amountFen: number; status: string }[] }>(
    'GET',
    `${svc.url}/cases/${caseId}`,
    { token },
  );
  expect(read.body.tranches.every((t) => t.status === 'paid')).toBe(true);
  expect(read.body.tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(read.body.plan.subsidyFen);
  expect(
    await count(
      `SELECT count(*)::int AS n FROM outbox_event WHERE type = 'relocation.tranche-paid' AND aggregate_id = $1`,
      [caseId],
    ),
  ).toBe(3);
});

it('refuses a milestone out of order (422), not in the plan (422), or a reference already used (409)', async () => {
  const { caseId } = await plannedCase();
  const roof = await pay(caseId, 'roof', ref());
  expect(roof.status).toBe(422);
  expect(roof.body.error).toMatchObject({ code: 'relocation.milestone_out_of_order', field: 'milestone' });
  const lump = await pay(caseId, 'lump_sum', ref());
  expect(lump.status).toBe(422);
  expect(lump.body.error?.code).toBe('relocation.milestone_not_in_plan');
  const used = ref();
  expect((await pay(caseId, 'foundation', used)).status).toBe(201);
  const other = await plannedCase();
  const reused = await pay(other.caseId, 'foundation', used);
  expect(reused.status).toBe(409);
  expect(reused.body.error).toMatchObject({ code: 'relocation.payment_ref_used', field: 'paymentRef' });
  expect(
    await count(`SELECT count(*)::int AS n FROM relocation_tranche WHERE case_id = $1 AND status = 'paid'`, [
      other.caseId,
    ]),
  ).toBe(0);
});

it('pays nothing more after a withdrawal (409 tranche stopped), and refuses a case without a plan (422)', async () => {
  const c = await plannedCase();
  expect((await pay(c.caseId, 'foundation', ref())).status).toBe(201);
  const withdrawn = await call('POST', `${svc.url}/cases/${c.caseId}/withdraw`, {
    token: c.token,
    body: { reason: '外出务工，放弃搬迁' },
  });
  expect(withdrawn.status).toBe(201);
  const roof = await pay(c.caseId, 'roof', ref());
  expect(roof.status).toBe(409);
  expect(roof.body.error?.code).toBe('relocation.tranche_stopped');
  const unplanned = await openCase(svc, 2);
  expect((await pay(unplanned.caseId, 'foundation', ref())).body.error?.code).toBe('relocation.milestone_not_in_plan');
});

it('pays monetary resettlement as one lump sum', async () => {
  const { caseId } = await plannedCase({ mode: 'monetary' });
  const r = await pay(caseId, 'lump_sum', ref());
  expect(r.status).toBe(201);
  expect(r.body.amountFen).toBe(9_000_000);
});
