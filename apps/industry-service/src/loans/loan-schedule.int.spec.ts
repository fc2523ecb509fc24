// The loan schedule preview over HTTP on the real service: the example to the fen, the quarterly kind on
// the 20ths, refusals naming the field, and no role outside the officials.
import { call, testToken } from '@fupin/testing';
import { COUNTY, type IndustryTestService, startIndustry } from '../test-support';

// starting the service on a busy machine takes longer than jest's default 5 s
jest.setTimeout(60_000);
let svc: IndustryTestService;
beforeAll(async () => {
  svc = await startIndustry();
});
afterAll(async () => {
  await svc?.stop();
});

interface Schedule {
  instalments: { dueOn: string; principalFen: number; interestFen: number }[];
  totalInterestFen: number;
  error?: { code: string; field?: string };
}

const preview = async (body: Record<string, unknown>, token?: string) =>
  call<Schedule>('POST', `${svc.url}/loans/schedule/preview`, {
    token: token ?? (await testToken('village_cadre', `${COUNTY}101201`)),
    body: {
      principalFen: 5_000_000,
      annualRateBp: 435,
      termMonths: 36,
      repayment: 'equal_instalment',
      disbursedOn: '2026-01-31',
      ...body,
    },
  });

it('equal instalments: the issue’s example to the fen, due on the clamped month ends, principal repaid exactly', async () => {
  const r = await preview({});
  expect(r.status).toBe(200);
  expect(r.body.instalments).toHaveLength(36);
  expect(r.body.instalments[0]).toEqual({ dueOn: '2026-02-28', principalFen: 130_275, interestFen: 18_125 });
  expect(r.body.instalments[1].dueOn).toBe('2026-03-31');
  expect(r.body.totalInterestFen).toBe(342_390);
  expect(r.body.instalments.reduce((s, i) => s + i.principalFen, 0)).toBe(5_000_000);
});

it('quarterly interest on the 20ths and at maturity, the principal at maturity', async () => {
  const r = await preview({ repayment: 'interest_quarterly', termMonths: 12, disbursedOn: '2026-01-31' });
  expect(r.status).toBe(200);
  expect(r.body.instalments.map((i) => i.dueOn)).toEqual([
    '2026-03-20',
    '2026-06-20',
    '2026-09-20',
    '2026-12-20',
    '2027-01-31',
  ]);
  // 2026-01-31 → 2026-03-20: 48 days, half_up(5,000,000 × 0.0435 × 48 / 360) = 29,000
  expect(r.body.instalments[0]).toEqual({ dueOn: '2026-03-20', principalFen: 0, interestFen: 29_000 });
  expect(r.body.instalments.at(-1)?.principalFen).toBe(5_000_000);
});

it('refuses bad terms naming the field, and a caller without an official role', async () => {
  const fraction = await preview({ principalFen: 100.5 });
  expect([fraction.status, fraction.body.error?.field]).toEqual([400, 'principalFen']);
  const long = await preview({ termMonths: 361 });
  expect([long.status, long.body.error?.field]).toEqual([400, 'termMonths']);
  const day = await preview({ disbursedOn: '2026-02-30' });
  expect([400, 422]).toContain(day.status); // the date's shape (400) or the rule's calendar (422)
  expect(day.body.error?.field).toBe('disbursedOn');
  const ops = await preview({}, await testToken('ops', COUNTY));
  expect(ops.status).toBe(403);
});
