// 贫困村退出 records on the real database, through the repository: a proposal once per village and year, read back
// (one and in a list), locked and updated as the activities do, and proposed again after a refusal as a new attempt.
import { randomUUID } from 'node:crypto';
import { DomainError } from '@fupin/service-kit';
import { startTestService, type TestService } from '@fupin/testing';
import { identificationDb } from '../db';
import { startService } from '../service';
import { VillageExitRepository, lockVillageExit, updateVillageExit, villageExitBody } from './village-exit.repository';

jest.setTimeout(60_000);

const township = `4305231${String(Math.floor(Math.random() * 90) + 10)}`;
const villageIn = () => `${township}${Math.floor(Math.random() * 900) + 100}`; // rarely the same across runs
const village = villageIn();
const actor = { subject: 'township-wu', role: 'township_reviewer', jurisdiction: township };
let svc: TestService<Awaited<ReturnType<typeof startService>>>;
let exits: VillageExitRepository;

beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
  exits = new VillageExitRepository(identificationDb(svc.service.runtime));
});
afterAll(() => svc?.stop());

const check = {
  ok: false,
  poorNotExited: 40,
  ruralPopulation: 1000,
  ratio: { numerator: 40, denominator: 1000 },
  incidenceBp: 400,
  thresholdBp: 300,
  western: true,
  checkedAt: '2026-11-30T02:00:00.000Z',
  message: { 'zh-CN': '贫困发生率 4.00% 高于 3%', en: 'incidence 4.00 % above 3 %' },
};

it('records a proposal once per village and year, reads it back, and takes a new attempt after a refusal', async () => {
  const proposed = await exits.propose({ villageCode: village, year: 2020 }, actor, randomUUID());
  expect(proposed.body).toMatchObject({ villageCode: village, year: 2020, attempt: 1, status: 'proposed' });
  const id = proposed.body.id;
  const again = await exits.propose({ villageCode: village, year: 2020 }, actor, randomUUID()).catch((e) => e);
  expect(again).toBeInstanceOf(DomainError);
  expect(again).toMatchObject({ status: 409, code: 'village_exit.exists', details: { exitId: id } });

  const row = await exits.load(id);
  expect(row).toMatchObject({
    id,
    village_code: village,
    year: 2020,
    workflow_id: proposed.body.workflowId,
    status: 'proposed',
    attempt: 1,
    notice_id: null,
    proposal_check: null,
    proposed_by: actor.subject,
    proposed_role: actor.role,
    decided_at: null,
  });
  expect(row!.created_at).toBeInstanceOf(Date);
  expect(await exits.load('not-a-uuid')).toBeNull();
  expect(await exits.load(randomUUID())).toBeNull();

  // as the activities record the check at the proposal, then the county's refusal
  const db = svc.service.runtime.db;
  await db.$transaction(async (tx) => {
    expect(await lockVillageExit(tx, id)).toEqual({
      village_code: village,
      year: 2020,
      status: 'proposed',
      attempt: 1,
    });
    await updateVillageExit(
      tx,
      { exitId: id, status: 'in_notice', check, checkKind: 'proposal', at: check.checkedAt },
      null,
    );
  });
  const noticeId = randomUUID();
  const decidedAt = '2026-12-01T03:00:00.000Z';
  await db.$transaction((tx) =>
    updateVillageExit(
      tx,
      { exitId: id, status: 'refused', noticeId, reason: '发生率高于标准', at: decidedAt },
      { subject: 'county-approver-qian' },
    ),
  );
  const refused = villageExitBody((await exits.load(id))!);
  expect(refused).toMatchObject({
    status: 'refused',
    noticeId,
    figures: { poorNotExited: 40, ruralPopulation: 1000, incidenceBp: 400, thresholdBp: 300 },
    proposalCheck: check,
    decisionCheck: null,
    reason: '发生率高于标准',
    decidedBy: 'county-approver-qian',
    decidedAt,
  });

  const second = await exits.propose({ villageCode: village, year: 2020 }, actor, randomUUID());
  expect(second.body).toMatchObject({ id, attempt: 2, status: 'proposed' });
  expect(villageExitBody((await exits.load(id))!)).toMatchObject({
    attempt: 2,
    status: 'proposed',
    noticeId: null,
    figures: null,
    proposalCheck: null,
    reason: null,
    decidedBy: null,
    decidedAt: null,
  });
});

it('lists the exits under a division, the most recently changed first', async () => {
  let other = villageIn();
  while (other === village) other = villageIn();
  const first = await exits.propose({ villageCode: other, year: 2021 }, actor, randomUUID());
  const latest = await exits.propose({ villageCode: other, year: 2022 }, actor, randomUUID());
  const listed = await exits.list(township);
  const ids = listed.map((r) => r.id);
  expect(ids.indexOf(latest.body.id)).toBeLessThan(ids.indexOf(first.body.id));
  expect(listed.every((r) => r.village_code.startsWith(township))).toBe(true);
  expect((await exits.list(other)).map((r) => [r.year, r.status])).toEqual([
    [2022, 'proposed'],
    [2021, 'proposed'],
  ]);
});
