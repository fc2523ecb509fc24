// 产业扶贫 end to end on the real stack: a household registered through its identification round becomes known to
// industry-service (household.registered over Kafka). The village cadre records its signed choice on the village
// menu (a loan and a dividend contract). The loan is applied for, checked by the village, approved and disbursed by
// the bank; one instalment is paid, the next missed → arrears from the day after the grace period, escalated to the
// township (loan.in-arrears on Kafka), the quarter's subsidy suspended. The dividend contract's schedule (intervals
// shortened) raises a payment, the partner pays it, the next is missed → dividend.missed. A project passes its four
// signed checkpoints with its funds notice on notice-service; the orchestrator is killed (SIGKILL) between the
// acceptance and the disbursement, and the project is paid exactly once.
// A loan's business day lasts a quarter of a second here (INDUSTRY_LOAN_DAY_SECONDS, test mode only).
import { randomUUID } from 'node:crypto';
import { Kafka, type Consumer } from 'kafkajs';
import { Client } from 'pg';
import { eventually, requireEnv } from '@fupin/testing';
import { randomVillage } from './support/people';
import { call, startPlatform, token, type RunningPlatform } from './support/platform';
import { applyHousehold, officialsOf, registerThroughRound } from './support/procedure';

jest.setTimeout(300_000);

const village = randomVillage();
const county = village.slice(0, 6);
const township = village.slice(0, 9);
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let platform: RunningPlatform;
let householdId: string;
let industryOffice: string;
let cadre: string;
let bank: string;
let finance: string;
let db: Client;
let consumer: Consumer;
const seen: { type: string; aggregateId: string; payload: Record<string, unknown> }[] = [];

const industry = (path: string) => `${platform.url('industry-service')}${path}`;
interface Reply<T> {
  status: number;
  body: T & { error?: { code: string; field?: string } };
}
const post = <T = Record<string, unknown>>(path: string, who: string, body: unknown, key = true) =>
  call<T>('POST', industry(path), {
    token: who,
    body,
    ...(key ? { headers: { 'Idempotency-Key': randomUUID() } } : {}),
  }) as Promise<Reply<T>>;
const get = <T = Record<string, unknown>>(path: string, who: string) =>
  call<T>('GET', industry(path), { token: who }) as Promise<Reply<T>>;
const ok = <T>(what: string, reply: Reply<T>, status = 200): T => {
  if (reply.status !== status) throw new Error(`${what}: ${reply.status} ${JSON.stringify(reply.body)}`);
  return reply.body;
};

beforeAll(async () => {
  platform = await startPlatform({
    PROCEDURE_TEST_MODE: 'true',
    PROCEDURE_NOTICE_SECONDS: '2',
    INDUSTRY_FUNDS_NOTICE_SECONDS: '2',
    INDUSTRY_LOAN_DAY_SECONDS: '0.25',
    INDUSTRY_LOAN_GRACE_DAYS: '3',
    INDUSTRY_DIVIDEND_TEST_INTERVAL_SECONDS: '4',
    INDUSTRY_DIVIDEND_TEST_MISSED_SECONDS: '6',
  });
  industryOffice = await token('department_officer', `dept:industry@${county}`, { subject: 'industry-office-sun' });
  cadre = await token('village_cadre', village, { subject: 'cadre-zhang' });
  bank = await token('bank', county, { subject: 'bank-officer-li' });
  finance = await token('department_officer', `dept:finance@${county}`, { subject: 'finance-zhao' });

  const kafka = new Kafka({ clientId: 'e2e-industry', brokers: requireEnv('KAFKA_BROKERS').split(','), logLevel: 0 });
  consumer = kafka.consumer({ groupId: `e2e-industry-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: ['industry.loan', 'industry.dividend'], fromBeginning: true });
  await consumer.run({ eachMessage: async ({ message }) => void seen.push(JSON.parse(String(message.value))) });
  db = new Client({ connectionString: requireEnv('INDUSTRY_DATABASE_URL') });
  await db.connect();

  // 建档立卡: a household of five registered through the whole identification round, then known to industry-service
  const o = await officialsOf(village);
  householdId = await applyHousehold(o.cadre, village, { size: 5 });
  await registerThroughRound(village, [householdId]);
  await eventually(
    async () => {
      const r = await db.query('SELECT 1 FROM registered_household WHERE household_id = $1', [householdId]);
      return r.rowCount === 1 ? true : undefined;
    },
    60_000,
    250,
  );
});

afterAll(async () => {
  await consumer?.disconnect();
  await db?.end();
  await platform?.stop();
});

const eventsOf = (aggregateId: string, type: string) =>
  seen.filter((e) => e.aggregateId === aggregateId && e.type === type);

/** A member aged 18–65 today (the borrower): ID numbers carry the birth date. */
async function borrower(): Promise<string> {
  const rows = await db.query<{ id_number: string }>(
    'SELECT id_number FROM registered_person WHERE household_id = $1',
    [householdId],
  );
  const today = shanghaiToday();
  const adult = rows.rows.find(({ id_number: id }) => {
    const born = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
    const age = Number(today.slice(0, 4)) - Number(born.slice(0, 4)) - (today.slice(5) < born.slice(5) ? 1 : 0);
    return age >= 18 && age <= 65;
  });
  if (!adult) throw new Error('no member aged 18–65 in the household: its head is always of working age');
  return adult.id_number;
}

async function partner(name: string): Promise<string> {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const body = `93${county}MA${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
  const check = 31 - ([...body].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0) % 31);
  const creditCode = body + alphabet[check === 31 ? 0 : check];
  const created = await post<{ id: string }>('/partners', industryOffice, {
    creditCode,
    name,
    kind: 'cooperative',
    countyCode: county,
    bankAccountRef: `ACC-${creditCode}`,
  });
  return ok('register partner', created, 201).id;
}

interface Loan {
  id: string;
  step: string;
  status: { status: string; arrearsFrom: string | null; outstandingFen: number } | null;
  schedule: { instalments: { dueOn: string; principalFen: number; interestFen: number }[] } | null;
  subsidies: { quarter: string; suspended: boolean }[];
}

it('the household chooses a loan and a dividend contract from its village menu, signed; without labour it is pointed to 低保', async () => {
  const year = Number(shanghaiToday().slice(0, 4));
  const menu = await call('PUT', industry(`/menus/${village}/${year}`), {
    token: industryOffice,
    body: {
      items: [
        { itemId: 'loan', kind: 'loan', requiresLabour: true, terms: '5万元以内，3年以内，财政全额贴息' },
        { itemId: 'dividend', kind: 'dividend', requiresLabour: false, terms: '入股合作社，年分红不低于3000元' },
      ],
    },
  });
  expect(menu.status).toBe(200);
  const signature = { signedBy: '王建国', signedOn: shanghaiToday(), documentRef: `DC-${randomUUID().slice(0, 8)}` };
  const noLabour = await post(`/households/${householdId}/menu-choices`, cadre, {
    year,
    itemIds: ['loan'],
    labourMembers: 0,
    signature,
  });
  expect([noLabour.status, noLabour.body.error?.code]).toEqual([422, 'industry.no_labour']);
  const chosen = await post<{ items: { itemId: string }[] }>(`/households/${householdId}/menu-choices`, cadre, {
    year,
    itemIds: ['loan', 'dividend'],
    labourMembers: 2,
    signature,
  });
  expect(
    ok('choose', chosen, 201)
      .items.map((i) => i.itemId)
      .sort(),
  ).toEqual(['dividend', 'loan']);
  const refusals = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM outbox_event WHERE type = 'industry.no-labour' AND envelope->'payload'->>'householdId' = $1`,
    [householdId],
  );
  expect(refusals.rows[0].n).toBe(1);
});

it('a loan: disbursed, one instalment paid, the next missed → arrears escalated, subsidy suspended', async () => {
  const applied = await post<Loan>('/loans', cadre, {
    householdId,
    borrowerIdNumber: await borrower(),
    principalFen: 3_000_000,
    termMonths: 12,
    repayment: 'equal_instalment',
    purpose: 'breeding',
    purposeDetail: '养殖黄牛3头',
  });
  const loanId = ok('apply', applied, 201).id;
  ok('village check', await post(`/loans/${loanId}/village-check`, cadre, { approved: true }, false));
  ok('bank decision', await post(`/loans/${loanId}/bank-decision`, bank, { approved: true }, false));
  const disbursed = ok(
    'disburse',
    await post<Loan>(
      `/loans/${loanId}/disbursement`,
      bank,
      { disbursedOn: shanghaiToday(), paymentRef: 'FK-1' },
      false,
    ),
  );
  expect(disbursed.step).toBe('servicing');
  const [first, second] = disbursed.schedule!.instalments;
  ok(
    'repay the first instalment',
    await post(
      `/loans/${loanId}/repayments`,
      bank,
      { amountFen: first.principalFen + first.interestFen, bankRef: 'HK-1' },
      false,
    ),
  );
  const inArrears = await eventually(
    async () => {
      const l = (await get<Loan>(`/loans/${loanId}`, industryOffice)).body;
      return l.status?.status === 'arrears' ? l : undefined;
    },
    60_000,
    500,
  );
  const day = (iso: string, n: number) =>
    new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  expect(inArrears.status!.arrearsFrom).toBe(day(second.dueOn, 4)); // grace 3 days: arrears from the 4th day after
  const escalated = await eventually(async () => eventsOf(loanId, 'loan.in-arrears')[0], 30_000, 250);
  expect(escalated.payload).toMatchObject({ escalatedTo: township, arrearsFrom: inArrears.status!.arrearsFrom });
  expect(eventsOf(loanId, 'loan.reminder').length).toBeGreaterThanOrEqual(4);

  const arrearsFrom = inArrears.status!.arrearsFrom!;
  const quarter = `${arrearsFrom.slice(0, 4)}-Q${Math.floor((Number(arrearsFrom.slice(5, 7)) - 1) / 3) + 1}`;
  ok('subsidy run', await post('/loans/subsidy-runs', finance, { quarter }, false));
  const subsidised = (await get<Loan>(`/loans/${loanId}`, industryOffice)).body;
  expect(subsidised.subsidies).toEqual([expect.objectContaining({ quarter, suspended: true })]);
});

interface Contract {
  id: string;
  items: { dueOn: string; kind: string; amountFen: number; status: string }[];
  inArrears: boolean;
}

it('a dividend contract: the schedule raises a payment, the partner pays it, the next is missed → alert', async () => {
  const partnerId = await partner('黄牛养殖专业合作社');
  const start = shanghaiToday();
  const created = await post<{ id: string }>('/dividend-contracts', industryOffice, {
    householdId,
    partnerId,
    principalFen: 3_000_000,
    fundSource: 'fiscal',
    fundRef: 'CZ-2026-001',
    dividend: { kind: 'fixed', amountFen: 300_000 },
    paymentDates: { kind: 'yearly', monthDay: '12-20' },
    startOn: start,
    termYears: 3,
  });
  const contractId = ok('dividend contract', created, 201).id;
  const raised = await eventually(
    async () => {
      const c = (await get<Contract>(`/dividend-contracts/${contractId}`, industryOffice)).body;
      return c.items.find((i) => i.status === 'due');
    },
    60_000,
    250,
  );
  ok(
    'record the partner’s payment',
    await post(`/dividend-contracts/${contractId}/payments`, industryOffice, {
      dueOn: raised.dueOn,
      kind: raised.kind,
      amountFen: raised.amountFen,
      paymentRef: 'ZZ-1',
      paidOn: shanghaiToday(),
    }),
    201,
  );
  const missed = await eventually(async () => eventsOf(contractId, 'dividend.missed')[0], 90_000, 500);
  expect(missed.payload.dueOn).not.toBe(raised.dueOn);
  const contract = (await get<Contract>(`/dividend-contracts/${contractId}`, industryOffice)).body;
  expect(contract.inArrears).toBe(true);
  expect(contract.items.find((i) => i.dueOn === raised.dueOn)?.status).toBe('paid');
  expect(eventsOf(contractId, 'dividend.paid')).toHaveLength(1);
});

it('a project passes its four checkpoints and pays exactly once although the orchestrator was killed before the payment', async () => {
  const partnerId = await partner('茶叶种植专业合作社');
  const project = await post<{ id: string }>('/projects', industryOffice, {
    name: '高山茶园',
    kind: 'planting',
    divisionCode: village,
    year: 2026,
    budgetFen: 20_000_000,
    fundSource: 'special_fund',
    partnerId,
    expectedIncomeFenPerHousehold: 200_000,
    beneficiaries: [householdId],
  });
  const projectId = ok('project', project, 201).id;
  const funds = `/projects/${projectId}/funds`;
  ok('open funds', await post(funds, industryOffice, { implementer: { kind: 'partner' } }, false));
  ok('allocate', await post(`${funds}/allocation`, finance, { amountFen: 18_000_000 }, false));
  const reviewer = await token('township_reviewer', township, { subject: 'reviewer-wang' });
  ok('implementation', await post(`${funds}/implementation`, reviewer, { startedOn: shanghaiToday() }, false));
  const committee = [
    { subject: 'expert-1', name: '张验收' },
    { subject: 'expert-2', name: '李验收' },
    { subject: 'villager-1', name: '王村民' },
  ];
  ok('acceptance', await post(`${funds}/acceptance`, industryOffice, { committee, evidenceRef: 'YS-2026-01' }, false));
  await eventually(
    async () => ((await get<{ step: string }>(funds, industryOffice)).body.step === 'disbursement' ? true : undefined),
    60_000,
    250,
  );
  await platform.restart('orchestrator'); // SIGKILL between the acceptance (and its notice) and the disbursement
  const paid = ok(
    'disburse',
    await post<{ step: string }>(`${funds}/disbursement`, finance, { amountFen: 18_000_000 }, false),
  );
  expect(paid.step).toBe('disbursed');
  const again = await post(`${funds}/disbursement`, finance, { amountFen: 18_000_000 }, false);
  expect([again.status, again.body.error?.code]).toEqual([409, 'industry.already_disbursed']);
  const rows = await db.query<{ payment_ref: string; disbursed_fen: string }>(
    'SELECT payment_ref, disbursed_fen::text FROM project_funds WHERE project_id = $1',
    [projectId],
  );
  expect(rows.rows).toEqual([{ payment_ref: `PF-${projectId}`, disbursed_fen: '18000000' }]);
  const paidAudits = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_record WHERE subject_id = $1 AND action = 'industry.funds.paid'`,
    [projectId],
  );
  expect(paidAudits.rows[0].n).toBe(1);
});
