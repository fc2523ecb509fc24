// 扶贫小额信贷 inside industry-service on a private Temporal server (real PostgreSQL, real Temporal, the service's
// real activities on industry's queue), a loan's business day lasting a quarter of a second: the application with its
// refusals in the user's terms, the village check, the bank's approval and disbursement, reminders 15 and 3 days
// before each due date, one instalment paid and the next missed → arrears from the day after the grace period,
// escalated to the township and the quarter's subsidy suspended; misuse clawing the subsidy back; repaid in full →
// the loan closes. Repayments are recorded once by the bank's reference, even three at once.
/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { EventEnvelope } from '@fupin/contracts';
import { addDays, shanghaiDay } from '@fupin/industry-rules';
import { TaskQueues } from '@fupin/workflows';
import { call, eventually, pgTransactionalClient, testToken, withSuperuser } from '@fupin/testing';
import {
  startPrivateTemporal,
  type PrivateTemporal,
} from '../../../../libs/identification-workflows/src/testing/private-temporal';
import { householdRegisteredHandler } from '../households/household-registered.handler';
import { COUNTY, type IndustryTestService, freshVillage, industryOfficer, startIndustry } from '../test-support';

jest.setTimeout(180_000);

const DAY_SECONDS = 0.25;
let temporal: PrivateTemporal;
let svc: IndustryTestService;

beforeAll(async () => {
  const workflows = path.join(__dirname, '..', '..', '..', '..', 'libs', 'industry-workflows', 'src', 'index.ts');
  temporal = await startPrivateTemporal(workflows, {}, TaskQueues.orchestration);
  svc = await startIndustry({
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: 'default',
    RUN_WORKER: 'true',
    PROCEDURE_TEST_MODE: 'true',
    INDUSTRY_LOAN_DAY_SECONDS: String(DAY_SECONDS),
    INDUSTRY_LOAN_GRACE_DAYS: '5',
  });
});
afterAll(async () => {
  await svc?.stop();
  await temporal?.stop();
});

interface Loan {
  id: string;
  step: string;
  disbursedOn: string | null;
  repaidOn: string | null;
  businessDay: string;
  status: { status: string; arrearsFrom: string | null; outstandingFen: number } | null;
  schedule: { instalments: { dueOn: string; principalFen: number; interestFen: number }[] } | null;
  repayments: { bankRef: string; amountFen: number }[];
  subsidies: { quarter: string; subsidyFen: number; clawbackFen: number; suspended: boolean }[];
  history: { event: string; by: { subject: string } | 'system' }[];
  error?: { code: string; field?: string };
}

const today = () => shanghaiDay(Date.now());
/** An ID number (not check-digit valid: the loan reads only the birth date) of someone born on `birthDate`. */
const idBornOn = (birthDate: string) =>
  `${COUNTY}${birthDate.replaceAll('-', '')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}X`;
const yearsAgo = (years: number, days = 0) => {
  const t = today();
  return addDays(`${Number(t.slice(0, 4)) - years}${t.slice(4)}`, days);
};

/** A registered household whose members were born on the given days. */
async function household(village: string, births: string[]): Promise<{ id: string; members: string[] }> {
  const id = randomUUID();
  const members = births.map(idBornOn);
  const db = pgTransactionalClient(svc.db.url);
  const payload = {
    householdId: id,
    villageCode: village,
    headName: '王大牛',
    memberCount: members.length,
    registeredAt: '2026-01-10T02:00:00.000Z',
    members: members.map((idNumber, i) => ({ idNumber, name: `成员${i + 1}`, relation: i ? '子女' : '户主' })),
  };
  try {
    await db.$transaction((tx) => householdRegisteredHandler()({ payload } as EventEnvelope<unknown>, tx));
  } finally {
    await db.$disconnect();
  }
  return { id, members };
}

const cadre = (village: string) => testToken('village_cadre', village, { subject: `cadre-${village}` });
const bank = () => testToken('bank', COUNTY, { subject: 'bank-li' });
const post = async (url: string, token: string, body: unknown = {}, key?: string) =>
  call<Loan>('POST', `${svc.url}${url}`, { token, body, ...(key ? { headers: { 'Idempotency-Key': key } } : {}) });
const get = async (id: string) => (await call<Loan>('GET', `${svc.url}/loans/${id}`, { token: await bank() })).body;

async function until(id: string, done: (l: Loan) => boolean, what: string): Promise<Loan> {
  for (let i = 0; i < 300; i++) {
    const l = await get(id);
    if (done(l)) return l;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`loan ${id}: timed out waiting for ${what}`);
}

const application = (householdId: string, borrowerIdNumber: string, over: Record<string, unknown> = {}) => ({
  householdId,
  borrowerIdNumber,
  principalFen: 1_200_000,
  termMonths: 3,
  repayment: 'equal_instalment',
  purpose: 'breeding',
  purposeDetail: '养殖肉牛2头',
  ...over,
});

async function outbox(loanId: string, type: string): Promise<Record<string, unknown>[]> {
  const rows = await withSuperuser(svc.db.url, (c) =>
    c.query<{ envelope: { payload: Record<string, unknown> } }>(
      `SELECT envelope FROM outbox_event WHERE type = $1 AND aggregate_id = $2 ORDER BY id`,
      [type, loanId],
    ),
  );
  return rows.rows.map((r) => r.envelope.payload);
}

async function disbursedLoan(village: string, hh: { id: string; members: string[] }): Promise<Loan> {
  const applied = await post('/loans', await cadre(village), application(hh.id, hh.members[0]), randomUUID());
  expect(applied.body.error ?? applied.status).toBe(201);
  const id = applied.body.id;
  expect((await post(`/loans/${id}/village-check`, await cadre(village), { approved: true })).body.step).toBe(
    'bank_approval',
  );
  expect((await post(`/loans/${id}/bank-decision`, await bank(), { approved: true })).body.step).toBe('disbursement');
  const paid = await post(`/loans/${id}/disbursement`, await bank(), { disbursedOn: today(), paymentRef: `FK-${id}` });
  expect(paid.body.error ?? paid.body.step).toBe('servicing');
  return paid.body;
}

it('refuses a bad application naming the field and rule, and writes nothing', async () => {
  const village = freshVillage();
  const hh = await household(village, [yearsAgo(40), yearsAgo(18), yearsAgo(18, 1), yearsAgo(66)]);
  const token = await cadre(village);
  const refused = async (body: unknown) => {
    const r = await post('/loans', token, body, randomUUID());
    return [r.status, r.body.error?.code, r.body.error?.field];
  };
  const [adult, eighteen, seventeen, sixtySix] = hh.members;
  expect(await refused(application(hh.id, adult, { principalFen: 5_000_001 }))).toEqual([
    422,
    'industry.max_amount',
    'principalFen',
  ]);
  expect(await refused(application(hh.id, adult, { termMonths: 37 }))).toEqual([
    422,
    'industry.max_term',
    'termMonths',
  ]);
  expect(await refused(application(hh.id, seventeen))).toEqual([422, 'industry.min_age', 'borrowerAge']);
  expect(await refused(application(hh.id, sixtySix))).toEqual([422, 'industry.max_age', 'borrowerAge']);
  expect(await refused(application(hh.id, adult, { purpose: 'housing' }))).toEqual([
    422,
    'industry.production_use_only',
    'purpose',
  ]);
  expect(await refused(application(randomUUID(), adult))).toEqual([
    422,
    'industry.registered_household',
    'householdId',
  ]);
  expect(await refused(application(hh.id, idBornOn('1980-01-01')))).toEqual([
    422,
    'industry.borrower_member',
    'borrowerIdNumber',
  ]);
  const other = await post('/loans', await cadre(freshVillage()), application(hh.id, adult), randomUUID());
  expect(other.status).toBe(403);
  const rows = await withSuperuser(svc.db.url, (c) =>
    c.query('SELECT 1 FROM microcredit_loan WHERE household_id = $1::uuid', [hh.id]),
  );
  expect(rows.rowCount).toBe(0);
  // born exactly 18 years ago today: allowed; the same request again answers the same loan; a second one: 409
  const key = randomUUID();
  const first = await post('/loans', token, application(hh.id, eighteen), key);
  expect(first.body.error ?? first.status).toBe(201);
  const again = await post('/loans', token, application(hh.id, eighteen), key);
  expect([again.status, again.body.id]).toEqual([200, first.body.id]);
  expect(await refused(application(hh.id, adult))).toEqual([409, 'industry.active_loan', 'householdId']);
  // the village's step is the village cadre's; the bank cannot approve before it
  const early = await post(`/loans/${first.body.id}/bank-decision`, await bank(), { approved: true });
  expect([early.status, early.body.error?.code]).toEqual([409, 'industry.wrong_step']);
  const withdrawn = await post(`/loans/${first.body.id}/withdrawal`, token, { reason: '改为外出务工' });
  expect(withdrawn.body.step).toBe('withdrawn');
  const closed = await post(`/loans/${first.body.id}/village-check`, token, { approved: true });
  expect([closed.status, closed.body.error?.code]).toEqual([409, 'industry.loan_closed']);
});

it('services a loan: reminders, one instalment paid, the next missed → arrears escalated, subsidy suspended, repaid', async () => {
  const village = freshVillage();
  const hh = await household(village, [yearsAgo(35)]);
  const loan = await disbursedLoan(village, hh);
  const [first, second] = loan.schedule!.instalments;
  const early = await post(`/loans/${loan.id}/repayments`, await bank(), {
    amountFen: first.principalFen + first.interestFen,
    bankRef: 'HK-1',
  });
  expect(early.body.error ?? early.body.repayments).toHaveLength(1);
  const arrears = await until(loan.id, (l) => l.status?.status === 'arrears', 'arrears');
  const arrearsFrom = addDays(second.dueOn, 6);
  expect(arrears.status!.arrearsFrom).toBe(arrearsFrom);
  // the status is told from the day; the workflow's activity records the event a moment later (after the reminders)
  const inArrears = await eventually(async () => {
    const events = await outbox(loan.id, 'loan.in-arrears');
    return events.length > 0 && events;
  });
  expect(inArrears).toEqual([expect.objectContaining({ arrearsFrom, escalatedTo: village.slice(0, 9) })]);
  const reminders = await outbox(loan.id, 'loan.reminder');
  const keys = reminders.map((r) => `${r.dueOn}/${String(r.daysBefore).padStart(2, '0')}`);
  expect(keys.sort((a, b) => a.slice(0, 10).localeCompare(b.slice(0, 10)) || b.localeCompare(a)).slice(0, 4)).toEqual([
    `${first.dueOn}/15`,
    `${first.dueOn}/03`,
    `${second.dueOn}/15`,
    `${second.dueOn}/03`,
  ]);
  expect(await outbox(loan.id, 'loan.disbursed')).toHaveLength(1);

  // the quarter of the arrears: its subsidy is suspended from that day; run twice, paid once
  const quarter = `${arrearsFrom.slice(0, 4)}-Q${Math.floor((Number(arrearsFrom.slice(5, 7)) - 1) / 3) + 1}`;
  const office = await industryOfficer();
  const run = await call<{ paid: number; suspended: number }>('POST', `${svc.url}/loans/subsidy-runs`, {
    token: office,
    body: { quarter },
  });
  expect(run.status).toBe(200);
  expect(run.body.paid).toBeGreaterThanOrEqual(1);
  const rerun = await call<{ paid: number }>('POST', `${svc.url}/loans/subsidy-runs`, {
    token: office,
    body: { quarter },
  });
  expect(rerun.body.paid).toBe(0);
  const subsidised = await get(loan.id);
  expect(subsidised.subsidies).toEqual([expect.objectContaining({ quarter, suspended: true, clawbackFen: 0 })]);

  // misuse in that quarter claws its subsidy back
  const misuse = await post(`/loans/${loan.id}/misuse`, await cadre(village), {
    misuseOn: subsidised.businessDay,
    note: '贷款用于购买小汽车',
  });
  expect(misuse.body.error ?? misuse.status).toBe(200);
  const clawback = await outbox(loan.id, 'loan.misused');
  expect(clawback).toHaveLength(1);

  // over the balance: refused; the rest paid: the loan closes
  const owed = subsidised.status!.outstandingFen;
  const over = await post(`/loans/${loan.id}/repayments`, await bank(), { amountFen: owed + 1, bankRef: 'HK-X' });
  expect([over.status, over.body.error?.code]).toEqual([422, 'industry.repayment_over_balance']);
  const rest = await post(`/loans/${loan.id}/repayments`, await bank(), { amountFen: owed, bankRef: 'HK-2' });
  expect(rest.body.error ?? rest.status).toBe(200);
  const repaid = await until(loan.id, (l) => l.step === 'repaid', 'repaid');
  expect(repaid.history.map((h) => h.event)).toEqual([
    'applied',
    'villageChecked',
    'bankDecided',
    'disbursed',
    'misused',
    'repaid',
  ]);
  expect(await outbox(loan.id, 'loan.repaid')).toHaveLength(1);
  const escalations = await withSuperuser(svc.db.url, (c) =>
    c.query(`SELECT 1 FROM audit_record WHERE subject_id = $1 AND action = 'industry.loan.arrears'`, [loan.id]),
  );
  expect(escalations.rowCount).toBe(1);
});

it('records a repayment once by its reference, even three at once', async () => {
  const village = freshVillage();
  const hh = await household(village, [yearsAgo(30)]);
  const loan = await disbursedLoan(village, hh);
  const token = await bank();
  const body = { amountFen: 10_000, bankRef: `HK-${randomUUID().slice(0, 8)}` };
  const replies = await Promise.all([1, 2, 3].map(() => post(`/loans/${loan.id}/repayments`, token, body)));
  expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
  const other = await post(`/loans/${loan.id}/repayments`, token, { ...body, amountFen: 20_000 });
  expect([other.status, other.body.error?.code]).toEqual([409, 'industry.repayment_ref_taken']);
  expect((await get(loan.id)).repayments).toEqual([
    expect.objectContaining({ bankRef: body.bankRef, amountFen: 10_000 }),
  ]);
});
