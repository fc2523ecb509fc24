import { appendAudit, appendAuditMany, auditRecordsForSubjects, verifyAuditTrail } from './index';
import type { TransactionalClient } from '@fupin/persistence';
import { createTestDatabase, pgTransactionalClient, withSuperuser, type TestDatabase } from '@fupin/testing';

describe('audit trail on real PostgreSQL', () => {
  let db: TestDatabase;
  let client: TransactionalClient;

  beforeAll(async () => {
    db = await createTestDatabase('notice-service');
    client = pgTransactionalClient(db.url);
  });
  afterAll(async () => {
    await client.$disconnect();
    await db.drop();
  });

  const entry = (i: number) => ({
    actorSubject: `officer-${i}`,
    actorRole: 'county_approver',
    jurisdiction: '430523',
    action: 'notice.approve',
    subjectType: 'notice',
    subjectId: `n-${i}`,
    before: { status: 'open' },
    after: { status: 'closed' },
    reason: `第${i}批公示期满无异议`,
  });

  it('chains concurrent appends and verifies clean, past seq 9 (numeric, not text, order) and across pages', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => client.$transaction((tx) => appendAudit(tx, entry(i + 1)))));
    const report = await verifyAuditTrail(client, 7);
    expect(report).toMatchObject({ ok: true, records: 25, problems: [], head: { seq: '25' } });
  });

  it('appends a batch in order with one statement, continuing the chain', async () => {
    const batch = await client.$transaction((tx) =>
      appendAuditMany(
        tx,
        Array.from({ length: 30 }, (_, i) => ({
          entry: entry(100 + i),
          at: new Date(Date.UTC(2026, 10, 23, 8, 0, i)),
        })),
      ),
    );
    expect(batch.map((r) => Number(r.seq))).toEqual(Array.from({ length: 30 }, (_, i) => 26 + i));
    const report = await verifyAuditTrail(client);
    expect(report).toMatchObject({ ok: true, records: 55, problems: [] });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the normal path', async () => {
    await expect(client.$executeRawUnsafe(`UPDATE audit_record SET reason = 'x' WHERE seq = 2`)).rejects.toThrow(
      /append-only/,
    );
    await expect(client.$executeRawUnsafe(`DELETE FROM audit_record WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(client.$executeRawUnsafe(`TRUNCATE audit_record`)).rejects.toThrow(/append-only/);
  });

  it('detects a row tampered with behind the triggers, and a deleted row', async () => {
    await withSuperuser(db.url, async (su) => {
      await su.query(`SET session_replication_role = replica`); // disables triggers: what an attacker with DB access could do
      await su.query(`UPDATE audit_record SET reason = '优亲厚友' WHERE seq = 3`);
    });
    let report = await verifyAuditTrail(client);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ seq: '3', problem: 'hash_mismatch' }]);

    await withSuperuser(db.url, async (su) => {
      await su.query(`SET session_replication_role = replica`);
      await su.query(`DELETE FROM audit_record WHERE seq = 5`);
    });
    report = await verifyAuditTrail(client);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        { seq: '6', problem: 'gap', expectedSeq: '5' },
        expect.objectContaining({ seq: '6', problem: 'broken_link' }),
      ]),
    );
  });

  it('rolls the record back with the business transaction', async () => {
    const before = (await verifyAuditTrail(client)).records;
    await expect(
      client.$transaction(async (tx) => {
        await appendAudit(tx, entry(99));
        throw new Error('business rule failed');
      }),
    ).rejects.toThrow('business rule failed');
    expect((await verifyAuditTrail(client)).records).toBe(before);
  });
});

describe("a household's records (一户一档) on real PostgreSQL", () => {
  let db: TestDatabase;
  let client: TransactionalClient;

  beforeAll(async () => {
    db = await createTestDatabase('notice-service');
    client = pgTransactionalClient(db.url);
  });
  afterAll(async () => {
    await client.$disconnect();
    await db.drop();
  });

  const about = (subjectType: string, subjectId: string, action: string) => ({
    actorSubject: 'cadre-li',
    actorRole: 'village_cadre',
    jurisdiction: '430523101201',
    action,
    subjectType,
    subjectId,
  });

  it('reads the records of the subjects given, by time recorded (not by chain order), the newest when limited', async () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 2, 1, 2, minute));
    await client.$transaction((tx) =>
      appendAuditMany(tx, [
        { entry: about('household', 'h1', 'household.apply'), at: at(0) },
        { entry: about('household', 'h2', 'household.apply'), at: at(1) }, // another household
        { entry: about('relocation_case', 'c1', 'relocation.consent'), at: at(5) },
        // appended later, happened earlier (a workflow's entry carries its own time)
        { entry: about('household', 'h1', 'identification.application.approve'), at: at(3) },
        { entry: about('claim', 'h1', 'claim.enter'), at: at(4) }, // same id, other type: not the household's
      ]),
    );
    const subjects = [
      { type: 'household', ids: ['h1', 'h1'] },
      { type: 'relocation_case', ids: ['c1'] },
      { type: 'claim', ids: [] },
    ];
    const all = await auditRecordsForSubjects(client, subjects);
    expect(all.truncated).toBe(false);
    expect(all.records.map((r) => [r.action, r.occurredAt])).toEqual([
      ['household.apply', at(0).toISOString()],
      ['identification.application.approve', at(3).toISOString()],
      ['relocation.consent', at(5).toISOString()],
    ]);
    const newest = await auditRecordsForSubjects(client, subjects, 2);
    expect(newest.truncated).toBe(true);
    expect(newest.records.map((r) => r.action)).toEqual(['identification.application.approve', 'relocation.consent']);
    expect(await auditRecordsForSubjects(client, [{ type: 'household', ids: [] }])).toEqual({
      records: [],
      truncated: false,
    });
  });
});
