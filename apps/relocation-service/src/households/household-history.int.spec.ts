// 一户一档 on relocation-service against the real database: a household's history read from relocation's audit chain —
// each of its cases' consent and withdrawal as the API wrote them, with who signed and when, oldest first — inside
// the reader's jurisdiction only: a township reviewer of another township is refused (403).
import { randomUUID } from 'node:crypto';
import { call, testToken } from '@fupin/testing';
import { type RelocationTestService, consent, openCase, startRelocation } from '../test-support';

jest.setTimeout(60_000);

let svc: RelocationTestService;
beforeAll(async () => {
  svc = await startRelocation();
});
afterAll(() => svc?.stop());

interface History {
  householdId: string;
  service: string;
  truncated: boolean;
  entries: {
    procedure: string;
    action: string;
    actionLabel: { 'zh-CN': string; en: string };
    signedBy: { subject: string; role: string; jurisdiction: string; system: boolean };
    reason: string | null;
    subject: { type: string; id: string };
    at: string;
  }[];
  error?: { code: string };
}

const history = async (householdId: string, token: string) =>
  call<History>('GET', `${svc.url}/households/${householdId}/history`, { token });

it("reads a household's cases from the audit chain, oldest first, with the signer; 403 for another township", async () => {
  const c = await openCase(svc, 2);
  const withdrawn = await call('POST', `${svc.url}/cases/${c.caseId}/withdraw`, {
    token: c.token,
    body: { reason: '家中老人不愿离开' },
  });
  expect(withdrawn.status).toBe(201);
  const again = await consent(svc, c.token, c.householdId);
  expect(again.status).toBe(201);

  const township = c.village.slice(0, 9);
  const read = await history(c.householdId, await testToken('township_reviewer', township));
  expect(read.status).toBe(200);
  expect(read.body).toMatchObject({ householdId: c.householdId, service: 'relocation-service', truncated: false });
  expect(read.body.entries.map((e) => [e.action, e.subject.id, e.reason])).toEqual([
    ['relocation.consent', c.caseId, 'signed consent (自愿搬迁协议)'],
    ['relocation.withdraw', c.caseId, '家中老人不愿离开'],
    ['relocation.consent', again.body.id, 'signed consent (自愿搬迁协议)'],
  ]);
  const [signed, left] = read.body.entries;
  expect(signed).toMatchObject({
    procedure: 'relocation',
    actionLabel: { 'zh-CN': '签订搬迁意愿书', en: 'consent signed' },
    signedBy: { subject: `cadre-${c.village}`, role: 'village_cadre', jurisdiction: c.village, system: false },
  });
  expect(left.actionLabel).toEqual({ 'zh-CN': '农户退出', en: 'withdrawn by the household' });
  expect(Date.parse(signed.at)).toBeLessThanOrEqual(Date.parse(left.at));

  const otherTownship = `${township.slice(0, 6)}${township.slice(6) === '999' ? '998' : '999'}`;
  const foreign = await history(c.householdId, await testToken('township_reviewer', otherTownship));
  expect([foreign.status, foreign.body.error?.code]).toEqual([403, 'auth.out_of_jurisdiction']);
  const unknown = await history(randomUUID(), await testToken('county_approver', township.slice(0, 6)));
  expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'household.not_found']);
});
