// Project funds (项目资金) inside industry-service on a private Temporal server (real PostgreSQL, real Temporal, the
// service's real activities on industry's queue; notice-service's activities stand in-process): the four signed
// checkpoints through HTTP with the funds notice between acceptance and payment, the payment made once to the
// partner's account however often it is asked for — three disbursement activities at once pay once — and refusals
// in the user's terms (a committee of 2, the implementer signing, a payment above the allocation, too early).
/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { NoticeActivities } from '@fupin/workflows';
import { TaskQueues } from '@fupin/workflows';
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  startPrivateTemporal,
  type PrivateTemporal,
} from '../../../../libs/identification-workflows/src/testing/private-temporal';
import {
  COUNTY,
  type IndustryTestService,
  creditCode,
  freshVillage,
  industryOfficer,
  registerHousehold,
  startIndustry,
} from '../test-support';
import { projectFundsActivities } from './project-funds.activities';

jest.setTimeout(180_000);

const opened: string[] = [];
const notices: NoticeActivities = {
  async openNotice(input) {
    opened.push(input.noticeId);
    const now = Date.now();
    return {
      noticeId: input.noticeId,
      openedAt: new Date(now).toISOString(),
      closesAt: new Date(now + input.durationSeconds * 1000).toISOString(),
    };
  },
  async closeNotice() {
    return { closedAt: new Date().toISOString(), objections: 0, filed: [] };
  },
  async answerObjection() {},
};

let temporal: PrivateTemporal;
let svc: IndustryTestService;

beforeAll(async () => {
  const workflows = path.join(__dirname, '..', '..', '..', '..', 'libs', 'industry-workflows', 'src', 'index.ts');
  temporal = await startPrivateTemporal(workflows, { [TaskQueues.notice]: notices }, TaskQueues.orchestration);
  svc = await startIndustry({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    RUN_WORKER: 'true',
    PROCEDURE_TEST_MODE: 'true',
    INDUSTRY_FUNDS_NOTICE_SECONDS: '1',
  });
});
afterAll(async () => {
  await svc?.stop();
  await temporal?.stop();
});

interface Funds {
  step: string;
  allocation: { amountFen: number } | null;
  notices: { noticeId: string; closedAt: string | null }[];
  disbursement: { amountFen: number; paymentRef: string; toAccountRef: string } | null;
  pending: { kind: string };
  error?: { code: string; field?: string };
}

const finance = () => testToken('department_officer', `dept:finance@${COUNTY}`, { subject: 'finance-zhao' });
const committee = [
  { subject: 'inspector-1', name: '张验收' },
  { subject: 'inspector-2', name: '李验收' },
  { subject: 'inspector-3', name: '王验收' },
];

/** A village project with a cooperative (its account ACC-<code>) and two beneficiary households. */
async function project(): Promise<{ id: string; village: string; account: string }> {
  const village = freshVillage();
  const households = [await registerHousehold(svc, village), await registerHousehold(svc, village)];
  const code = creditCode();
  const account = `ACC-${code}`;
  const office = await industryOfficer();
  const partner = await call<{ id: string }>('POST', `${svc.url}/partners`, {
    token: office,
    headers: { 'Idempotency-Key': randomUUID() },
    body: { creditCode: code, name: '黄牛合作社', kind: 'cooperative', countyCode: COUNTY, bankAccountRef: account },
  });
  const created = await call<{ id: string }>('POST', `${svc.url}/projects`, {
    token: office,
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      name: '黄牛养殖',
      kind: 'breeding',
      divisionCode: village,
      year: 2026,
      budgetFen: 30_000_000,
      fundSource: 'special_fund',
      partnerId: partner.body.id,
      expectedIncomeFenPerHousehold: 300_000,
      beneficiaries: households,
    },
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, village, account };
}

const post = (url: string, token: string, body: unknown = {}) =>
  call<Funds>('POST', `${svc.url}${url}`, { token, body });

async function until(id: string, done: (f: Funds) => boolean): Promise<Funds> {
  for (let i = 0; i < 100; i++) {
    const f = (await call<Funds>('GET', `${svc.url}/projects/${id}/funds`, { token: await industryOfficer() })).body;
    if (done(f)) return f;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`project ${id}: timed out`);
}

it('passes the four checkpoints with its notice and pays once to the partner account', async () => {
  const p = await project();
  const base = `/projects/${p.id}/funds`;
  const office = await industryOfficer();
  const open = await post(base, office, { implementer: { kind: 'partner', contactSubject: 'coop-head' } });
  expect([open.status, open.body.step]).toEqual([200, 'allocation']);
  expect((await post(base, office, { implementer: { kind: 'partner' } })).status).toBe(200); // again: the same
  const early = await post(`${base}/disbursement`, await finance(), { amountFen: 1 });
  expect([early.status, early.body.error?.code]).toEqual([409, 'industry.checkpoint_order']);
  const over = await post(`${base}/allocation`, await finance(), { amountFen: 30_000_001 });
  expect(over.status).toBe(422);
  expect((await post(`${base}/allocation`, await finance(), { amountFen: 25_000_000 })).body.step).toBe(
    'implementation',
  );
  const township = await testToken('township_reviewer', p.village.slice(0, 9));
  expect(
    (
      await post(`${base}/implementation`, township, {
        startedOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10), // today in China Standard Time
      })
    ).status,
  ).toBe(200);
  const two = await post(`${base}/acceptance`, office, { committee: committee.slice(0, 2), evidenceRef: 'YS-1' });
  expect([two.status, two.body.error?.code]).toEqual([422, 'industry.committee_too_small']);
  const implementer = [...committee.slice(0, 2), { subject: 'coop-head', name: '社长' }];
  const own = await post(`${base}/acceptance`, office, { committee: implementer, evidenceRef: 'YS-1' });
  expect([own.status, own.body.error?.code]).toEqual([422, 'industry.signer_is_implementer']);
  expect((await post(`${base}/acceptance`, office, { committee, evidenceRef: 'YS-1' })).status).toBe(200);
  await until(p.id, (f) => f.step === 'disbursement');
  expect(opened.length).toBeGreaterThanOrEqual(1);
  const above = await post(`${base}/disbursement`, await finance(), { amountFen: 25_000_001 });
  expect([above.status, above.body.error?.code]).toEqual([422, 'industry.over_allocation']);
  const paid = await post(`${base}/disbursement`, await finance(), { amountFen: 25_000_000 });
  expect(paid.body.error ?? paid.status).toBe(200);
  expect(paid.body.disbursement).toMatchObject({ amountFen: 25_000_000, toAccountRef: p.account });
  // a later disbursement is refused from the row (the workflow has ended): the one payment named
  const again = await post(`${base}/disbursement`, await finance(), { amountFen: 25_000_000 });
  expect([again.status, again.body.error?.code]).toEqual([409, 'industry.already_disbursed']);
  const rows = await withSuperuser(svc.db.url, (c) =>
    c.query<{ payment_ref: string; disbursed_fen: string; step: string }>(
      'SELECT payment_ref, disbursed_fen::text, step FROM project_funds WHERE project_id = $1::uuid',
      [p.id],
    ),
  );
  expect(rows.rows).toEqual([{ payment_ref: `PF-${p.id}`, disbursed_fen: '25000000', step: 'disbursed' }]);
  const audits = await withSuperuser(svc.db.url, (c) =>
    c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE subject_id = $1 AND action = 'industry.funds.paid'`,
      [p.id],
    ),
  );
  expect(audits.rows[0].n).toBe(1);
});

it('three disbursement activities at once pay once (the row lock and the payment columns set once)', async () => {
  const p = await project();
  const base = `/projects/${p.id}/funds`;
  await post(base, await industryOfficer(), { implementer: { kind: 'partner' } });
  await post(`${base}/allocation`, await finance(), { amountFen: 10_000_000 });
  await until(p.id, (f) => f.allocation !== null);
  const acts = projectFundsActivities(svc.service.runtime);
  const pay = () => acts.payDisbursement({ projectId: p.id, amountFen: 10_000_000, toAccountRef: p.account });
  const results = await Promise.all([pay(), pay(), pay()]);
  expect(results.filter((r) => r.paid)).toHaveLength(1);
  expect(new Set(results.map((r) => r.paymentRef))).toEqual(new Set([`PF-${p.id}`]));
  const audits = await withSuperuser(svc.db.url, (c) =>
    c.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_record WHERE subject_id = $1 AND action = 'industry.funds.paid'`,
      [p.id],
    ),
  );
  expect(audits.rows[0].n).toBe(1);
});
