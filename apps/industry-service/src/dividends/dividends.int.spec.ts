// 入股分红 in industry-service (real PostgreSQL, the stack's Temporal for the schedules): a contract recorded with its
// items and its schedule dividend:<id> (09:00 Asia/Shanghai on each due date), refusals naming field and rule, the
// partner's payment recorded exactly once — two at once record once —, and the schedule's activities raising an
// item due and marking it missed (escalated, the contract in arrears) once however often they run.
import { randomUUID } from 'node:crypto';
import { dividendScheduleId } from '@fupin/industry-workflows';
import { call, withSuperuser } from '@fupin/testing';
import {
  COUNTY,
  OTHER_COUNTY,
  type IndustryTestService,
  creditCode,
  freshVillage,
  industryOfficer,
  registerHousehold,
  startIndustry,
} from '../test-support';
import { DividendScheduleSweeper } from './dividend-schedule.sweeper';
import { dividendActivities } from './dividend.activities';
import { shanghaiDay } from './dividend.clock';
import { deleteDividendSchedule } from './dividend.schedule';

jest.setTimeout(120_000);

let svc: IndustryTestService;
const created: string[] = [];
beforeAll(async () => {
  svc = await startIndustry();
});
afterAll(async () => {
  if (svc) for (const id of created) await deleteDividendSchedule(svc.service.runtime.temporal, dividendScheduleId(id));
  await svc?.stop();
});

interface Item {
  dueOn: string;
  kind: string;
  amountFen: number;
  status: string;
  paidOn: string | null;
  paidLate: boolean;
  incomeId: string | null;
}
interface Contract {
  id: string;
  items: Item[];
  arrearsFen: number;
  inArrears: boolean;
  schedule: string;
  scheduleId: string;
  error?: { code: string; field?: string };
}

const Y = Number(shanghaiDay().slice(0, 4));
/** Started two years ago: its first yearly dividend (the 5th of January last year) is long missed. */
const terms = (householdId: string, partnerId: string) => ({
  householdId,
  partnerId,
  principalFen: 3_000_000,
  fundSource: 'household_loan',
  fundRef: 'loan-2024-001',
  dividend: { kind: 'fixed', amountFen: 400_000 },
  paymentDates: { kind: 'yearly', monthDay: '01-05' },
  startOn: `${Y - 2}-01-10`,
  termYears: 4,
});

async function partner(county = COUNTY): Promise<string> {
  const code = creditCode(county);
  const r = await call<{ id: string }>('POST', `${svc.url}/partners`, {
    token: await industryOfficer(county),
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      creditCode: code,
      name: '光伏合作社',
      kind: 'cooperative',
      countyCode: county,
      bankAccountRef: `ACC-${code}`,
    },
  });
  expect(r.status).toBe(201);
  return r.body.id;
}

const post = async <T = Contract>(path: string, body: unknown, key = randomUUID()) =>
  call<T & { error?: { code: string; field?: string } }>('POST', `${svc.url}${path}`, {
    token: await industryOfficer(),
    headers: { 'Idempotency-Key': key },
    body,
  });
const get = async (id: string) =>
  (await call<Contract>('GET', `${svc.url}/dividend-contracts/${id}`, { token: await industryOfficer() })).body;

async function contract(): Promise<{ id: string; householdId: string }> {
  const householdId = await registerHousehold(svc, freshVillage());
  const r = await post<{ id: string; scheduleId: string; items: number }>(
    '/dividend-contracts',
    terms(householdId, await partner()),
  );
  expect(r.status).toBe(201);
  created.push(r.body.id);
  return { id: r.body.id, householdId };
}

const outbox = (id: string) =>
  withSuperuser(svc.db.url, (c) =>
    c.query<{ type: string; payload: Record<string, unknown> }>(
      `SELECT type, envelope->'payload' AS payload FROM outbox_event WHERE aggregate_id = $1 ORDER BY seq`,
      [id],
    ),
  ).then((r) => r.rows);
const audits = (id: string) =>
  withSuperuser(svc.db.url, (c) =>
    c.query<{ action: string; reason: string }>(
      `SELECT action, reason FROM audit_record WHERE subject_id = $1 ORDER BY id`,
      [id],
    ),
  ).then((r) => r.rows);

it('records a contract with its items and its schedule on the due dates; refuses bad terms naming field and rule', async () => {
  const householdId = await registerHousehold(svc, freshVillage());
  const partnerId = await partner();
  const good = terms(householdId, partnerId);
  const refused = async (body: unknown) => {
    const r = await post('/dividend-contracts', body);
    return [r.status, r.body.error?.code, r.body.error?.field];
  };
  expect(await refused({ ...good, termYears: 0 })).toEqual([422, 'industry.term_years', 'termYears']);
  expect(await refused({ ...good, paymentDates: { kind: 'yearly', monthDay: '02-29' } })).toEqual([
    422,
    'industry.payment_date',
    'paymentDates.monthDay',
  ]);
  expect(await refused({ ...good, dividend: { kind: 'rate', rateBp: 0 } })).toEqual([
    422,
    'industry.rate_bp',
    'dividend.rateBp',
  ]);
  expect(await refused({ ...good, partnerId: await partner(OTHER_COUNTY) })).toEqual([
    422,
    'industry.partner_other_county',
    'partnerId',
  ]);
  expect(await refused({ ...good, householdId: randomUUID() })).toEqual([
    422,
    'industry.household_not_registered',
    'householdId',
  ]);

  const key = randomUUID();
  const first = await post<{ id: string; scheduleId: string; items: number }>('/dividend-contracts', good, key);
  expect(first.status).toBe(201);
  created.push(first.body.id);
  const again = await post<{ id: string }>('/dividend-contracts', good, key);
  expect([again.status, again.body.id]).toEqual([200, first.body.id]); // replayed: one contract, one schedule
  expect(first.body).toEqual({ id: first.body.id, scheduleId: `dividend:${first.body.id}`, items: 5 });

  const c = await get(first.body.id);
  expect(c.items.map((i) => [i.dueOn, i.kind, i.amountFen])).toEqual([
    [`${Y - 1}-01-05`, 'dividend', 400_000],
    [`${Y}-01-05`, 'dividend', 400_000],
    [`${Y + 1}-01-05`, 'dividend', 400_000],
    [`${Y + 2}-01-05`, 'dividend', 400_000],
    [`${Y + 2}-01-10`, 'principal', 3_000_000],
  ]);
  expect(c.items[0].status).toBe('missed'); // by the calendar: more than 30 days unpaid
  expect(c.items[3].status).toBe('upcoming');
  expect(c.arrearsFen).toBeGreaterThanOrEqual(400_000);
  expect(c.schedule).toBe('active');

  const described = await svc.service.runtime.temporal.schedule.getHandle(c.scheduleId).describe();
  expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'dividendDueWorkflow' });
  expect(described.action.args).toEqual([{ contractId: c.id }]);
  expect(described.spec.timezone).toBe('Asia/Shanghai');
  expect(described.spec.calendars).toContainEqual(
    expect.objectContaining({ year: [{ start: Y + 2, end: Y + 2, step: 1 }], hour: [{ start: 9, end: 9, step: 1 }] }),
  );
  expect(described.state.remainingActions).toBe(5);

  const list = await call<{ contracts: Contract[] }>(
    'GET',
    `${svc.url}/dividend-contracts?householdId=${householdId}`,
    {
      token: await industryOfficer(),
    },
  );
  expect(list.body.contracts.map((x) => x.id)).toEqual([c.id]);
  expect((await audits(c.id)).map((a) => a.action)).toEqual(['industry.dividend.contract']);
  const recreated = await post<Contract>(`/dividend-contracts/${c.id}/schedule`, {});
  expect([recreated.status, recreated.body.schedule]).toEqual([200, 'active']); // exists: left as it is
});

it('creates the schedule of a contract left without one (the process died between the commit and Temporal)', async () => {
  const { id } = await contract();
  const scheduleId = dividendScheduleId(id);
  await deleteDividendSchedule(svc.service.runtime.temporal, scheduleId);
  await withSuperuser(svc.db.url, (x) =>
    x.query(
      `UPDATE dividend_contract SET schedule_created_at = NULL, created_at = now() - interval '5 minutes' WHERE id = $1`,
      [id],
    ),
  );
  const sweeper = svc.service.app.get(DividendScheduleSweeper);
  expect(await sweeper.sweep()).toBeGreaterThanOrEqual(1);
  const described = await svc.service.runtime.temporal.schedule.getHandle(scheduleId).describe();
  expect(described.action).toMatchObject({ workflowType: 'dividendDueWorkflow' });
  expect((await get(id)).schedule).toBe('active');
  expect(await sweeper.sweep()).toBe(0); // nothing left to create
});

it('records a payment exactly once: two at once record once, a second 409, a wrong amount 422', async () => {
  const { id, householdId } = await contract();
  const dueOn = `${Y + 1}-01-05`;
  const today = shanghaiDay();
  const payment = { dueOn, kind: 'dividend', amountFen: 400_000, paymentRef: 'TR-0001', paidOn: today };
  const wrong = await post(`/dividend-contracts/${id}/payments`, { ...payment, amountFen: 399_999 });
  expect([wrong.status, wrong.body.error?.code, wrong.body.error?.field]).toEqual([
    422,
    'industry.dividend_amount_mismatch',
    'amountFen',
  ]);
  const future = await post(`/dividend-contracts/${id}/payments`, { ...payment, paidOn: `${Y + 3}-01-01` });
  expect([future.status, future.body.error?.code]).toEqual([422, 'industry.paid_on']);

  // two different requests for the same item at once, and one of them retried with its key
  const key = randomUUID();
  const results = await Promise.all([
    post(`/dividend-contracts/${id}/payments`, payment, key),
    post(`/dividend-contracts/${id}/payments`, { ...payment, paymentRef: 'TR-0002' }),
    post(`/dividend-contracts/${id}/payments`, payment, key),
  ]);
  const statuses = results.map((r) => r.status).sort();
  expect(statuses.filter((s) => s === 201)).toHaveLength(1);
  const refused = results.filter((r) => r.status === 409);
  for (const r of refused) expect(r.body.error?.code).toBe('industry.dividend_already_recorded');
  expect(statuses.every((s) => [200, 201, 409].includes(s))).toBe(true);

  const c = await get(id);
  const paid = c.items.filter((i) => i.status === 'paid');
  expect(paid).toHaveLength(1);
  expect(paid[0]).toMatchObject({ dueOn, paidOn: today, paidLate: false });
  const events = await outbox(id);
  expect(events.filter((e) => e.type === 'dividend.paid')).toHaveLength(1);
  const income = events.filter((e) => e.type === 'income.recorded');
  expect(income).toHaveLength(1);
  expect(income[0].payload).toMatchObject({
    householdId,
    source: 'dividend',
    amountFen: 400_000,
    earnedOn: today,
    incomeId: paid[0].incomeId,
  });
  expect((await audits(id)).filter((a) => a.action === 'industry.dividend.paid')).toHaveLength(1);

  // the principal returned is recorded too, but it is no income
  const principal = await post(`/dividend-contracts/${id}/payments`, {
    dueOn: `${Y + 2}-01-10`,
    kind: 'principal',
    amountFen: 3_000_000,
    paymentRef: 'TR-0003',
    paidOn: today,
  });
  expect([principal.status, (principal.body as { incomeId?: unknown }).incomeId]).toEqual([201, null]);
  expect((await outbox(id)).filter((e) => e.type === 'income.recorded')).toHaveLength(1);
});

it('the schedule’s activities raise what fell due and mark it missed once, escalated: the contract in arrears', async () => {
  const { id } = await contract();
  const acts = dividendActivities(svc.service.runtime);
  const fire = `dividend-due:${id}-2026-01-05T01:00:00Z`;
  const [first, retried] = [
    await acts.raiseDividendDue({ contractId: id, firedBy: fire }),
    await acts.raiseDividendDue({ contractId: id, firedBy: fire }),
  ];
  expect(retried).toEqual(first); // a retried activity raises nothing more
  const lastYear = `${Y - 1}-01-05`;
  expect(first.raised.map((r) => r.dueOn)).toContain(lastYear);
  expect(first.raised.every((r) => r.dueOn <= shanghaiDay())).toBe(true);
  // missed from the day after the 30 days' grace, Asia/Shanghai
  expect(first.raised.find((r) => r.dueOn === lastYear)?.missedCheckAt).toBe(`${Y - 1}-02-04T16:00:00.000Z`);

  const key = { dueOn: lastYear, kind: 'dividend' as const };
  const [checked, checkedAgain] = await Promise.all([
    acts.checkDividendsMissed({ contractId: id, items: [key] }),
    acts.checkDividendsMissed({ contractId: id, items: [key] }),
  ]);
  expect([...checked.missed, ...checkedAgain.missed]).toEqual([key]); // once
  expect(checked.settled || checkedAgain.settled).toBe(false);

  const events = await outbox(id);
  expect(events.filter((e) => e.type === 'dividend.due')).toHaveLength(first.raised.length);
  const missed = events.filter((e) => e.type === 'dividend.missed');
  expect(missed.map((e) => e.payload)).toEqual([
    expect.objectContaining({ contractId: id, dueOn: lastYear, kind: 'dividend', amountFen: 400_000 }),
  ]);
  const escalation = (await audits(id)).filter((a) => a.action === 'industry.dividend.missed');
  expect(escalation).toHaveLength(1);
  expect(escalation[0].reason).toContain(`dept:industry@${COUNTY}`);
  const c = await get(id);
  expect(c.items[0].status).toBe('missed');
  expect(c.inArrears).toBe(true);

  // paid late: out of arrears, flagged late
  const late = await post(`/dividend-contracts/${id}/payments`, {
    ...key,
    amountFen: 400_000,
    paymentRef: 'TR-LATE',
    paidOn: shanghaiDay(),
  });
  expect(late.status).toBe(201);
  expect((await get(id)).items[0]).toMatchObject({ status: 'paid', paidLate: true });
});
