// Industry projects (一村一品) on a real PostgreSQL: beneficiaries registered in the project's division, each once;
// the partner of the same county; the budget in whole fen; nothing half-written on a refusal.
import { randomUUID } from 'node:crypto';
import { call, withSuperuser } from '@fupin/testing';
import {
  COUNTY,
  type IndustryTestService,
  OTHER_COUNTY,
  creditCode,
  freshVillage,
  industryOfficer,
  registerHousehold,
  startIndustry,
} from '../test-support';

// starting the service on a busy machine takes longer than jest's default 5 s
jest.setTimeout(60_000);
let svc: IndustryTestService;
beforeAll(async () => {
  svc = await startIndustry();
});
afterAll(async () => {
  await svc?.stop();
});

interface Body {
  id?: string;
  households?: number;
  budgetFen?: number;
  beneficiaries?: { householdId: string; headName: string }[];
  projects?: { id: string }[];
  error?: { code: string; field?: string; details?: unknown };
}

async function partner(county = COUNTY): Promise<string> {
  const r = await call<Body>('POST', `${svc.url}/partners`, {
    token: await industryOfficer(county),
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      creditCode: creditCode(county),
      name: '合作社',
      kind: 'cooperative',
      countyCode: county,
      bankAccountRef: 'A-1',
    },
  });
  expect(r.status).toBe(201);
  return r.body.id!;
}

const create = async (body: Record<string, unknown>) =>
  call<Body>('POST', `${svc.url}/projects`, {
    token: await industryOfficer(),
    headers: { 'Idempotency-Key': randomUUID() },
    body: {
      name: '黄牛养殖',
      kind: 'breeding',
      year: 2026,
      budgetFen: 50_000_000,
      fundSource: 'special_fund',
      expectedIncomeFenPerHousehold: 300_000,
      ...body,
    },
  });

it('records a village project with its partner and beneficiaries, read back with them', async () => {
  const village = freshVillage();
  const households = [await registerHousehold(svc, village), await registerHousehold(svc, village)];
  const r = await create({ divisionCode: village, partnerId: await partner(), beneficiaries: households });
  expect(r.status).toBe(201);
  const got = await call<Body>('GET', `${svc.url}/projects/${r.body.id}`, { token: await industryOfficer() });
  expect(got.body).toMatchObject({ households: 2, budgetFen: 50_000_000 });
  expect(got.body.beneficiaries?.map((b) => b.householdId).sort()).toEqual([...households].sort());
  const township = village.slice(0, 9);
  const list = await call<Body>('GET', `${svc.url}/projects?division=${township}&year=2026`, {
    token: await industryOfficer(),
  });
  expect(list.body.projects?.map((p) => p.id)).toContain(r.body.id);
});

it('refuses beneficiaries not registered in the division, listed twice, and a partner of another county', async () => {
  const village = freshVillage();
  const own = await registerHousehold(svc, village);
  const elsewhere = await registerHousehold(svc, freshVillage());
  const stranger = await create({ divisionCode: village, beneficiaries: [own, elsewhere] });
  expect([stranger.status, stranger.body.error?.code, stranger.body.error?.details]).toEqual([
    422,
    'industry.beneficiary_not_registered',
    [elsewhere],
  ]);
  const twice = await create({ divisionCode: village, beneficiaries: [own, own] });
  expect([twice.status, twice.body.error?.code]).toEqual([400, 'industry.beneficiary_repeated']);
  const far = await create({ divisionCode: village, beneficiaries: [own], partnerId: await partner(OTHER_COUNTY) });
  expect([far.status, far.body.error?.code]).toEqual([422, 'industry.partner_other_county']);
  const fraction = await create({ divisionCode: village, beneficiaries: [own], budgetFen: 100.5 });
  expect([fraction.status, fraction.body.error?.field]).toEqual([400, 'budgetFen']);
  const rows = await withSuperuser(svc.db.url, (c) =>
    c.query<{ n: number }>('SELECT count(*)::int AS n FROM project_beneficiary WHERE household_id = $1::uuid', [own]),
  );
  expect(rows.rows[0].n).toBe(0);
});
