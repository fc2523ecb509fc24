// 一户一档 on medical-aid-service against the real database: a household's history read from medical aid's audit
// chain — its enrollment decision (the status it left proven by the record's digest) and the claims of its members as
// the activities wrote them, with who signed and when — inside the reader's jurisdiction only: a township reviewer of
// another township is refused (403), and a claim of another household's member is not part of it.
import { randomInt, randomUUID } from 'node:crypto';
import type { HouseholdRegisteredV1 } from '@fupin/contracts';
import { call, startTestService, testToken, withSuperuser, type TestService } from '@fupin/testing';
import { claimActivities } from '../claims/claim.activities';
import { medicalAidDb } from '../db';
import { EnrollmentRepository } from '../enrollment/enrollment.repository';
import { startService } from '../service';

jest.setTimeout(60_000);

const county = '430523';
const township = `${county}1${randomInt(10, 99)}`;
const village = `${township}201`;
const officer = {
  subject: 'medical-officer-liu',
  role: 'department_officer',
  jurisdiction: `dept:medical_aid@${county}`,
};
let svc: TestService<Awaited<ReturnType<typeof startService>>>;

beforeAll(async () => {
  svc = await startTestService('medical-aid-service', startService, { RUN_WORKER: 'false' });
});
afterAll(() => svc?.stop());

const idNumber = () => `${county}19${randomInt(100_000_000, 999_999_999)}X`;

/** A household as household.registered makes it known, with its pending enrollment (as the handler leaves them). */
async function registered(names: string[]): Promise<HouseholdRegisteredV1> {
  const householdId = randomUUID();
  const payload: HouseholdRegisteredV1 = {
    householdId,
    villageCode: village,
    headName: names[0],
    headIdNumber: idNumber(),
    memberCount: names.length,
    registeredAt: '2026-01-10T02:00:00.000Z',
    members: names.map((name, i) => ({ idNumber: idNumber(), name, relation: i === 0 ? '户主' : '子女' })),
  };
  const enrollments = new EnrollmentRepository(medicalAidDb(svc.service.runtime));
  await svc.service.runtime.db.$transaction(async (tx) => {
    await enrollments.insureMembers(tx, payload);
    await enrollments.open(tx, {
      householdId,
      villageCode: village,
      countyCode: county,
      workflowId: `e-${householdId}`,
    });
  });
  return payload;
}

/** A claim entered at discharge for the person (as claims.int.spec enters them). */
async function claimOf(person: string): Promise<string> {
  const id = randomUUID();
  await withSuperuser(svc.db.url, (c) =>
    c.query(
      `INSERT INTO claim (id, id_number, county_code, hospital, admitted_on, discharged_on, total_cost, in_policy_cost, level, in_county, status, workflow_id, entered_by)
       VALUES ($1, $2, $3, '县人民医院', '2026-03-01', '2026-03-10', 500000, 400000, 'county', true, 'entered', $4, 'test')`,
      [id, person, county, `medical-claim:${id}`],
    ),
  );
  return id;
}

interface History {
  service: string;
  entries: {
    procedure: string;
    action: string;
    actionLabel: { 'zh-CN': string; en: string };
    from: { code: string } | null;
    to: { code: string } | null;
    signedBy: { subject: string; role: string; jurisdiction: string };
    reason: string | null;
    subject: { type: string; id: string };
  }[];
  error?: { code: string };
}
const history = async (householdId: string, token: string) =>
  call<History>('GET', `${svc.url}/households/${householdId}/history`, { token });

it("reads a household's enrollment decision and its members' claims, oldest first; 403 for another township", async () => {
  const household = await registered(['赵桂兰', '赵小军']);
  const neighbour = await registered(['钱多多']);
  const enrollments = new EnrollmentRepository(medicalAidDb(svc.service.runtime));
  await enrollments.recordDecision(
    { householdId: household.householdId, outcome: 'approved', reason: '符合参保资助条件', signer: officer },
    randomUUID(),
  );
  const activities = claimActivities(svc.service.runtime);
  const claim = await claimOf(household.members[1].idNumber);
  await activities.rejectClaim({ claimId: claim, reason: '非医保目录内费用', signer: officer });
  await activities.rejectClaim({
    claimId: await claimOf(neighbour.members[0].idNumber),
    reason: '重复报销',
    signer: null,
  });

  const read = await history(household.householdId, await testToken('township_reviewer', township));
  expect(read.status).toBe(200);
  expect(read.body.service).toBe('medical-aid-service');
  expect(read.body.entries.map((e) => [e.action, e.from?.code ?? null, e.to?.code ?? null, e.reason])).toEqual([
    ['enrollment.approved', 'pending', 'approved', '符合参保资助条件'],
    ['claim.reject', null, null, '非医保目录内费用'],
  ]);
  const [decided, rejected] = read.body.entries;
  expect(decided).toMatchObject({
    procedure: 'medical_enrollment',
    signedBy: officer,
    subject: { type: 'enrollment', id: household.householdId },
  });
  expect(rejected).toMatchObject({
    procedure: 'medical_claim',
    actionLabel: { 'zh-CN': '不予报销（赵小军）', en: 'claim rejected (赵小军)' },
    subject: { type: 'claim', id: claim },
  });

  const other = `${county}1${township.slice(7) === '99' ? '98' : '99'}`;
  const foreign = await history(household.householdId, await testToken('township_reviewer', other));
  expect([foreign.status, foreign.body.error?.code]).toEqual([403, 'auth.out_of_jurisdiction']);
  const unknown = await history(randomUUID(), await testToken('department_officer', `dept:medical_aid@${county}`));
  expect([unknown.status, unknown.body.error?.code]).toEqual([404, 'household.not_found']);
});
