// 一户一档 on identification-service against the real database: the register searched by member name (any part of
// it), ID number (exact) and division inside the reader's jurisdiction only, ID numbers masked for readers who are not
// the procedure's officials; a household's history read from the audit chain as the exit procedure's activity wrote
// it, with each step's signer and the step moved to where the record proves it; another township refused (403).
import { randomInt, randomUUID } from 'node:crypto';
import { applyExitEvent, startExit, type ExitEvent, type ExitState } from '@fupin/exit-rules';
import { call, startTestService, testToken, type TestService } from '@fupin/testing';
import { recordExitProgress } from '../exits/exit.activities';
import { insertExitRound } from '../exits/exit.repository';
import { startService } from '../service';
import { householdInput } from '../testing/people';

jest.setTimeout(90_000);

const county = '430523';
const township = `${county}1${randomInt(10, 50)}`;
const otherTownship = `${county}1${randomInt(50, 99)}`;
const [v1, v2, elsewhere] = [`${township}201`, `${township}202`, `${otherTownship}201`];

let svc: TestService<Awaited<ReturnType<typeof startService>>>;
beforeAll(async () => {
  svc = await startTestService('identification-service', startService, { RUN_WORKER: 'false' });
});
afterAll(() => svc?.stop());

interface Member {
  idNumber: string;
  name: string;
  relation: string;
}
interface Row {
  householdId: string;
  villageCode: string;
  status: string;
  headName: string | null;
  headIdNumber: string | null;
  memberCount: number;
  matchedMember: Member | null;
  idNumbersMasked: boolean;
}
interface Found {
  households: Row[];
  nextCursor: string | null;
  error?: { code: string; field?: string };
}

/** A household applied through the API, its members named as given (head first). */
async function apply(villageCode: string, names: string[]): Promise<{ id: string; members: Member[] }> {
  const input = householdInput(villageCode, names.length);
  const members = input.members.map((m, i) => ({ ...m, name: names[i] }));
  const created = await call<{ id: string }>('POST', `${svc.url}/households`, {
    token: await testToken('village_cadre', villageCode, { subject: `cadre-${villageCode}` }),
    body: { villageCode, members },
    headers: { 'Idempotency-Key': randomUUID() },
  });
  expect(created.status).toBe(201);
  return { id: created.body.id, members };
}

const search = async (token: string, query: Record<string, string>) =>
  call<Found>('GET', `${svc.url}/households?${new URLSearchParams(query)}`, { token });

describe('search (一户一档)', () => {
  let a: { id: string; members: Member[] };
  let b: { id: string; members: Member[] };
  let c: { id: string; members: Member[] };
  let reviewer: string;
  beforeAll(async () => {
    a = await apply(v1, ['欧阳秀英', '欧阳小明']);
    b = await apply(v2, ['李秀兰', '张三', '李四']);
    c = await apply(elsewhere, ['欧阳秀英']);
    reviewer = await testToken('township_reviewer', township);
  });

  it('finds households by any part of a member name inside the jurisdiction, ordered by village, in full', async () => {
    const found = await search(reviewer, { q: '秀' });
    expect(found.status).toBe(200);
    expect(found.body.households).toEqual([
      {
        householdId: a.id,
        villageCode: v1,
        status: 'applicant',
        headName: '欧阳秀英',
        headIdNumber: a.members[0].idNumber,
        memberCount: 2,
        matchedMember: null,
        idNumbersMasked: false,
      },
      expect.objectContaining({ householdId: b.id, headName: '李秀兰', memberCount: 3 }),
    ]); // c is of another township: not found, though its head has the same name
    expect(found.body.nextCursor).toBeNull();

    const byMember = await search(reviewer, { q: '小明' });
    expect(byMember.body.households.map((h) => [h.householdId, h.headName, h.matchedMember])).toEqual([
      [a.id, '欧阳秀英', { name: '欧阳小明', relation: '配偶', idNumber: a.members[1].idNumber }],
    ]);
    // % and _ are letters of a name, not patterns
    expect((await search(reviewer, { q: '%' })).body.households).toEqual([]);
    expect((await search(reviewer, { q: '欧阳_英' })).body.households).toEqual([]);
  });

  it('finds a household by a member ID number (exact), masked for an auditor, and never outside the jurisdiction', async () => {
    const id = a.members[1].idNumber;
    const cadre = await search(await testToken('village_cadre', v1), { q: id.toLowerCase() });
    expect(cadre.body.households.map((h) => [h.householdId, h.matchedMember?.idNumber])).toEqual([[a.id, id]]);

    const auditor = await search(await testToken('auditor', county), { q: id });
    const [row] = auditor.body.households;
    expect(row).toMatchObject({ householdId: a.id, idNumbersMasked: true });
    expect(row.matchedMember?.idNumber).toBe(`${id.slice(0, 4)}**********${id.slice(-4)}`);
    expect(row.headIdNumber).toMatch(/^\d{4}\*{10}[\dX]{4}$/);

    expect((await search(reviewer, { q: c.members[0].idNumber })).body.households).toEqual([]);
    expect((await search(reviewer, { q: id.slice(0, 17) })).body.households).toEqual([]); // not an ID: a name
  });

  it('lists a division given as q or village, in pages; a division outside the jurisdiction is refused (403)', async () => {
    expect((await search(reviewer, { q: v2 })).body.households.map((h) => h.householdId)).toEqual([b.id]);
    expect((await search(reviewer, { q: '秀', village: v1 })).body.households.map((h) => h.householdId)).toEqual([
      a.id,
    ]);
    const first = await search(reviewer, { village: township, limit: '1' });
    expect(first.body.households.map((h) => h.householdId)).toEqual([a.id]);
    expect(first.body.nextCursor).toBe(`${v1}.${a.id}`);
    const second = await search(reviewer, { village: township, limit: '1', cursor: first.body.nextCursor ?? '' });
    expect([second.body.households.map((h) => h.householdId), second.body.nextCursor]).toEqual([[b.id], null]);

    const outside: Record<string, string>[] = [{ village: elsewhere }, { q: otherTownship }, { village: county }];
    for (const query of outside) {
      const refused = await search(reviewer, query);
      expect([refused.status, refused.body.error?.code]).toEqual([403, 'auth.out_of_jurisdiction']);
    }
    const bad = await search(reviewer, { cursor: 'x' });
    expect(bad.status).toBe(400);
    expect((await search(await testToken('department_officer', `dept:relocation@${county}`), {})).status).toBe(403);
  });

  it('shows the household file with causes and category in words, masking ID numbers for the auditor', async () => {
    const cadre = await testToken('village_cadre', v1);
    const causes = await call('PUT', `${svc.url}/households/${a.id}/causes`, {
      token: cadre,
      body: { mainCause: 'illness', otherCauses: ['lack_of_skills'], assistanceCategory: 'production' },
    });
    expect(causes.status).toBe(200);
    for (const incomeYear of [2019, 2020]) {
      const six = ['farming', 'livestock', 'wage', 'property', 'transfer', 'businessNet'].map((k) => [`${k}Income`, 0]);
      const costs = ['productionCosts', 'livingExpenses', 'illnessSpending', 'studentCosts'].map((k) => [k, 0]);
      const surveyed = await call('POST', `${svc.url}/households/${a.id}/surveys`, {
        token: cadre,
        headers: { 'Idempotency-Key': randomUUID() },
        body: { incomeYear, ...Object.fromEntries([...six, ...costs]), wageIncome: 300_000 },
      });
      expect(surveyed.status).toBe(201);
    }
    const own = await call<Record<string, unknown>>('GET', `${svc.url}/households/${a.id}`, { token: cadre });
    expect(own.body).toMatchObject({
      idNumbersMasked: false,
      members: [{ idNumber: a.members[0].idNumber }, { idNumber: a.members[1].idNumber }],
      causes: {
        main: { code: 'illness', label: { 'zh-CN': '因病', en: 'illness' } },
        others: [{ code: 'lack_of_skills', label: { 'zh-CN': '缺技术', en: 'lack of skills' } }],
        assistanceCategory: { code: 'production', label: { 'zh-CN': '发展生产脱贫一批', en: 'develop production' } },
      },
      povertyLines: [
        { incomeYear: 2020, povertyLineFen: 400_000, monitoringLineFen: 600_000 }, // the national line, × 1.5
        { incomeYear: 2019, povertyLineFen: 321_800, monitoringLineFen: 482_700 },
      ],
    });
    const audited = await call<{ members: Member[]; idNumbersMasked: boolean }>(
      'GET',
      `${svc.url}/households/${a.id}`,
      {
        token: await testToken('auditor', county),
      },
    );
    expect(audited.body.idNumbersMasked).toBe(true);
    expect(audited.body.members.map((m) => m.idNumber)).toEqual(
      a.members.map((m) => `${m.idNumber.slice(0, 4)}**********${m.idNumber.slice(-4)}`),
    );
  });
});

describe('history (一户一档)', () => {
  const cadre = { subject: 'cadre-wang', name: '王村长', role: 'village_cadre', jurisdiction: v1 };
  const reviewerSigner = { subject: 'township-zhou', role: 'township_reviewer', jurisdiction: township };

  /** The exit procedure's own entries for one household, as the workflow hands them to its activity. */
  function exitEntries() {
    let clock = Date.now() + 60_000;
    const at = () => new Date((clock += 1000)).toISOString();
    const events: ExitEvent[] = [
      { type: 'approved', step: 'village_assessment', at: at(), by: cadre },
      { type: 'approved', step: 'task_force_check', at: at(), by: cadre },
      {
        type: 'approved',
        step: 'household_agreement',
        at: at(),
        by: cadre,
        signature: { signedBy: '欧阳秀英', signedOn: '2026-11-02' },
      },
      { type: 'objectionFiled', step: 'village_notice', at: at(), objectionId: randomUUID(), reason: '收入不实' },
      {
        type: 'reexamined',
        step: 'township_reexamination',
        at: at(),
        by: reviewerSigner,
        outcome: 'dismissed',
        reason: '复核属实，异议不成立',
      },
    ];
    let state: ExitState = startExit(v1);
    for (const e of events) {
      const r = applyExitEvent(state, e);
      if (!r.ok) throw new Error(`${r.rule}: ${r.message.en}`);
      state = r.state;
    }
    return state.history;
  }

  interface Entry {
    action: string;
    procedure: string;
    actionLabel: { 'zh-CN': string; en: string };
    from: { code: string } | null;
    to: { code: string } | null;
    signedBy: { subject: string; role: string; jurisdiction: string; system: boolean };
    reason: string | null;
    at: string;
    subject: { type: string };
  }

  it("reads the household's entries oldest first: application, exit steps with signer and proven step, 403 elsewhere", async () => {
    const { id } = await apply(v1, ['周桂英', '周强']);
    const db = svc.service.runtime.db;
    const { roundId } = await db.$transaction((tx) =>
      insertExitRound(
        tx,
        { villageCode: v1, incomeYear: 2026, perCapitaFen: new Map([[id, 600_000]]) },
        { subject: 'cadre-wang', role: 'village_cadre', jurisdiction: v1 },
        '2026年度退出评议',
      ),
    );
    const entries = exitEntries().map((entry) => ({ householdId: id, entry }));
    await recordExitProgress(db, { roundId, entries }, `test/${randomUUID()}`);

    const read = await call<{ householdId: string; service: string; entries: Entry[]; truncated: boolean }>(
      'GET',
      `${svc.url}/households/${id}/history`,
      { token: await testToken('township_reviewer', township) },
    );
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ householdId: id, service: 'identification-service', truncated: false });
    const steps = read.body.entries.map((e) => [e.action, e.from?.code ?? null, e.to?.code ?? null]);
    expect(steps).toEqual([
      ['household.apply', null, null],
      ['exit.round.open', null, null],
      ['exit.village_assessment.approve', 'village_assessment', 'task_force_check'],
      ['exit.task_force_check.approve', 'task_force_check', 'household_agreement'],
      ['exit.household_agreement.approve', 'household_agreement', null], // the household's signature: not provable
      ['exit.village_notice.objection', 'village_notice', null], // the objection's id: not provable
      ['exit.township_reexamination.reexamination', 'township_reexamination', 'village_notice'],
    ]);
    const [applied, opened, first, , , objection, reexamined] = read.body.entries;
    expect(applied).toMatchObject({
      procedure: 'application',
      actionLabel: { 'zh-CN': '录入农户申请', en: 'application recorded' },
      signedBy: { subject: `cadre-${v1}`, role: 'village_cadre', jurisdiction: v1, system: false },
    });
    expect(opened).toMatchObject({ procedure: 'exit', subject: { type: 'exit_round' }, reason: '2026年度退出评议' });
    expect(first).toMatchObject({
      procedure: 'exit',
      actionLabel: { 'zh-CN': '村级民主评议 · 通过', en: 'village democratic assessment: approved' },
      signedBy: { subject: 'cadre-wang', role: 'village_cadre', jurisdiction: v1, system: false },
      reason: '村级民主评议 → 村两委和驻村工作队核实',
      at: entries[0].entry.at,
    });
    expect(objection).toMatchObject({ signedBy: { role: 'system', system: true }, reason: '收入不实' });
    expect(reexamined).toMatchObject({
      signedBy: { subject: 'township-zhou', role: 'township_reviewer', jurisdiction: township },
      reason: '复核属实，异议不成立',
    });

    const limited = await call<{ entries: Entry[]; truncated: boolean }>(
      'GET',
      `${svc.url}/households/${id}/history?limit=2`,
      { token: await testToken('auditor', county) },
    );
    expect(limited.body.truncated).toBe(true);
    expect(limited.body.entries.map((e) => e.action)).toEqual(steps.slice(-2).map(([action]) => action));

    const foreign = await call<{ error: { code: string } }>('GET', `${svc.url}/households/${id}/history`, {
      token: await testToken('township_reviewer', otherTownship),
    });
    expect([foreign.status, foreign.body.error.code]).toEqual([403, 'auth.out_of_jurisdiction']);
    const unknown = await call<{ error: { code: string } }>('GET', `${svc.url}/households/${randomUUID()}/history`, {
      token: await testToken('county_approver', county),
    });
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'household.not_found']);
  });
});
