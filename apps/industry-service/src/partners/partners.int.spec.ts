// Partners (经营主体) on a real PostgreSQL: the credit code checked by its GB 32100 check character, a code
// registered once, the county's officer only, nothing written on a refusal.
import { randomUUID } from 'node:crypto';
import { call, testToken, withSuperuser } from '@fupin/testing';
import {
  COUNTY,
  type IndustryTestService,
  OTHER_COUNTY,
  creditCode,
  industryOfficer,
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
  partners?: { creditCode: string }[];
  error?: { code: string; field?: string; message: { 'zh-CN': string; en: string } };
}

const register = async (body: Record<string, unknown>, token?: string, key = randomUUID()) =>
  call<Body>('POST', `${svc.url}/partners`, {
    token: token ?? (await industryOfficer()),
    headers: { 'Idempotency-Key': key },
    body: {
      name: '湘西黄牛养殖专业合作社',
      kind: 'cooperative',
      countyCode: COUNTY,
      bankAccountRef: 'ACC-0001',
      ...body,
    },
  });

it('registers a partner with a valid credit code once; the same request replays, another with the code is 409', async () => {
  const code = creditCode();
  const key = randomUUID();
  const first = await register({ creditCode: code }, undefined, key);
  expect(first.status).toBe(201);
  const again = await register({ creditCode: code }, undefined, key);
  expect([again.status, again.body.id]).toEqual([200, first.body.id]);
  const other = await register({ creditCode: code, name: '另一家' });
  expect([other.status, other.body.error?.code]).toEqual([409, 'industry.credit_code_taken']);
  const got = await call<{ creditCode: string; kind: string }>('GET', `${svc.url}/partners/${first.body.id}`, {
    token: await testToken('village_cadre', `${COUNTY}101201`),
  });
  expect(got.body).toMatchObject({ creditCode: code, kind: 'cooperative' });
  const list = await call<Body>('GET', `${svc.url}/partners?county=${COUNTY}`, { token: await industryOfficer() });
  expect(list.body.partners?.map((p) => p.creditCode)).toContain(code);
});

it('accepts a code typed in lower case (stored upper case)', async () => {
  const code = creditCode();
  const r = await register({ creditCode: code.toLowerCase() });
  expect(r.status).toBe(201);
});

it('refuses a wrong check character, a wrong length and a letter not in the alphabet — writing nothing', async () => {
  const good = creditCode();
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const wrong = good.slice(0, 17) + alphabet[(alphabet.indexOf(good[17]) + 1) % 31];
  const bad = await register({ creditCode: wrong });
  expect([bad.status, bad.body.error?.code, bad.body.error?.field]).toEqual([
    422,
    'industry.credit_code_check',
    'creditCode',
  ]);
  expect(bad.body.error?.message['zh-CN']).toBeTruthy();
  expect((await register({ creditCode: good.slice(0, 17) })).body.error?.code).toBe('industry.credit_code_length');
  expect((await register({ creditCode: `${good.slice(0, 10)}I${good.slice(11)}` })).body.error?.code).toBe(
    'industry.credit_code_charset',
  );
  const rows = await withSuperuser(svc.db.url, (c) =>
    c.query<{ n: number }>('SELECT count(*)::int AS n FROM partner WHERE credit_code = ANY($1)', [
      [wrong, good.slice(0, 17)],
    ]),
  );
  expect(rows.rows[0].n).toBe(0);
});

it("refuses another county's officer and a village cadre", async () => {
  const other = await register({ creditCode: creditCode() }, await industryOfficer(OTHER_COUNTY));
  expect(other.status).toBe(403);
  const cadre = await register({ creditCode: creditCode() }, await testToken('village_cadre', `${COUNTY}101201`));
  expect(cadre.status).toBe(403);
});
