import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@fupin/persistence';
import {
  type AuditEntry,
  type ChainedRecord,
  type ChainProblem,
  GENESIS_HASH,
  digest,
  recordHash,
  verifyChain,
} from './hash-chain';

// One lock key for the chain of this database: appends are serialised so each sees its predecessor.
const CHAIN_LOCK = 7_241_001;

interface Row {
  seq: string;
  id: string;
  actor_subject: string;
  actor_role: string;
  jurisdiction: string;
  action: string;
  subject_type: string;
  subject_id: string;
  before_digest: string | null;
  after_digest: string | null;
  reason: string | null;
  occurred_at: Date | string;
  prev_hash: string;
  hash: string;
}

function toRecord(row: Row): ChainedRecord {
  return {
    seq: BigInt(row.seq),
    id: row.id,
    actorSubject: row.actor_subject,
    actorRole: row.actor_role,
    jurisdiction: row.jurisdiction,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    beforeDigest: row.before_digest,
    afterDigest: row.after_digest,
    reason: row.reason,
    occurredAt: new Date(row.occurred_at).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

const columns = `seq::text AS seq, id::text AS id, actor_subject, actor_role, jurisdiction, action, subject_type, subject_id, before_digest, after_digest, reason, occurred_at, prev_hash, hash`;

/**
 * Append one record inside the caller's transaction (so it commits or rolls back with the data it
 * describes). Must be called on a transaction client: the advisory lock is transaction-scoped.
 */
export async function appendAudit(tx: SqlExecutor, entry: AuditEntry, now: Date = new Date()): Promise<ChainedRecord> {
  const [record] = await appendAuditMany(tx, [{ entry, at: now }]);
  return record;
}

/**
 * Append several records in order with one lock, one read of the chain's head and one INSERT — for
 * activities that record a batch of signatures (a round's progress). Same guarantees as appendAudit.
 */
export async function appendAuditMany(
  tx: SqlExecutor,
  entries: readonly { entry: AuditEntry; at?: Date }[],
): Promise<ChainedRecord[]> {
  if (entries.length === 0) return [];
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${CHAIN_LOCK})`);
  const last = await tx.$queryRawUnsafe<{ seq: string; hash: string }[]>(
    `SELECT seq::text AS seq, hash FROM audit_record ORDER BY audit_record.seq DESC LIMIT 1`,
  );
  let prev = last[0] ? { seq: BigInt(last[0].seq), hash: last[0].hash } : { seq: 0n, hash: GENESIS_HASH };
  const records: ChainedRecord[] = [];
  for (const { entry, at } of entries) {
    const unhashed: Omit<ChainedRecord, 'hash'> = {
      seq: prev.seq + 1n,
      id: randomUUID(),
      actorSubject: entry.actorSubject,
      actorRole: entry.actorRole,
      jurisdiction: entry.jurisdiction,
      action: entry.action,
      subjectType: entry.subjectType,
      subjectId: entry.subjectId,
      beforeDigest: digest(entry.before),
      afterDigest: digest(entry.after),
      reason: entry.reason ?? null,
      occurredAt: new Date(Math.floor((at ?? new Date()).getTime())).toISOString(),
      prevHash: prev.hash,
    };
    const record: ChainedRecord = { ...unhashed, hash: recordHash(unhashed) };
    records.push(record);
    prev = { seq: record.seq, hash: record.hash };
  }
  // one statement for the batch: the rows travel as one JSON parameter
  await tx.$executeRawUnsafe(
    `INSERT INTO audit_record (seq, id, actor_subject, actor_role, jurisdiction, action, subject_type, subject_id, before_digest, after_digest, reason, occurred_at, prev_hash, hash)
     SELECT r.seq::bigint, r.id::uuid, r.actor_subject, r.actor_role, r.jurisdiction, r.action, r.subject_type, r.subject_id, r.before_digest, r.after_digest, r.reason, r.occurred_at::timestamptz, r.prev_hash, r.hash
       FROM json_to_recordset($1::json) AS r(seq text, id text, actor_subject text, actor_role text, jurisdiction text, action text, subject_type text, subject_id text,
                                             before_digest text, after_digest text, reason text, occurred_at text, prev_hash text, hash text)
      ORDER BY r.seq::bigint`,
    JSON.stringify(
      records.map((r) => ({
        seq: r.seq.toString(),
        id: r.id,
        actor_subject: r.actorSubject,
        actor_role: r.actorRole,
        jurisdiction: r.jurisdiction,
        action: r.action,
        subject_type: r.subjectType,
        subject_id: r.subjectId,
        before_digest: r.beforeDigest,
        after_digest: r.afterDigest,
        reason: r.reason,
        occurred_at: r.occurredAt,
        prev_hash: r.prevHash,
        hash: r.hash,
      })),
    ),
  );
  return records;
}

export interface VerificationReport {
  records: number;
  head: { seq: string; hash: string } | null;
  ok: boolean;
  problems: ChainProblem[];
}

/** Re-hash the whole chain in pages; reports every edited, deleted or re-linked record. */
export async function verifyAuditTrail(db: SqlExecutor, pageSize = 5000): Promise<VerificationReport> {
  const problems: ChainProblem[] = [];
  let cursor = { seq: 0n, hash: GENESIS_HASH };
  let count = 0;
  for (;;) {
    const rows = await db.$queryRawUnsafe<Row[]>(
      `SELECT ${columns} FROM audit_record WHERE seq > $1::bigint ORDER BY audit_record.seq LIMIT ${pageSize}`,
      cursor.seq.toString(),
    );
    if (rows.length === 0) break;
    const records = rows.map(toRecord);
    problems.push(...verifyChain(records, cursor));
    const last = records[records.length - 1];
    cursor = { seq: last.seq, hash: last.hash };
    count += records.length;
  }
  return {
    records: count,
    head: count ? { seq: cursor.seq.toString(), hash: cursor.hash } : null,
    ok: problems.length === 0,
    problems,
  };
}

export async function auditRecordsFor(
  db: SqlExecutor,
  subjectType: string,
  subjectId: string,
): Promise<ChainedRecord[]> {
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT ${columns} FROM audit_record WHERE subject_type = $1 AND subject_id = $2 ORDER BY audit_record.seq`,
    subjectType,
    subjectId,
  );
  return rows.map(toRecord);
}

/**
 * Records signed by actors inside a division (their jurisdiction is the division, one below it, or a
 * department posted there), newest first, `limit` per page, `beforeSeq` to page backwards.
 */
export async function auditRecordsInDivision(
  db: SqlExecutor,
  divisionCode: string,
  limit = 100,
  beforeSeq?: bigint,
): Promise<ChainedRecord[]> {
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT ${columns} FROM audit_record
      WHERE (jurisdiction LIKE $1 || '%' OR jurisdiction LIKE 'dept:%@' || $1 || '%') AND seq < $2::bigint
      ORDER BY audit_record.seq DESC LIMIT ${Math.max(1, Math.min(1000, Math.trunc(limit)))}`,
    divisionCode,
    (beforeSeq ?? 2n ** 62n).toString(),
  );
  return rows.map(toRecord);
}

/** Subjects of one type in a service's chain: e.g. a household, or the cases, claims and loans that belong to it. */
export interface AuditSubjects {
  type: string;
  ids: readonly string[];
}

export interface SubjectRecords {
  /** Oldest first: by the time recorded, then the chain's order. */
  records: ChainedRecord[];
  /** Older records exist: only the newest `limit` are in `records`. */
  truncated: boolean;
}

/**
 * The records about any of `subjects` (one statement on the (subject_type, subject_id) index), the newest `limit` of
 * them, returned oldest first: what one household's file shows of a service's chain (一户一档).
 */
export async function auditRecordsForSubjects(
  db: SqlExecutor,
  subjects: readonly AuditSubjects[],
  limit = 500,
): Promise<SubjectRecords> {
  const pairs = subjects.flatMap((s) => [...new Set(s.ids)].map((id) => ({ t: s.type, i: id })));
  if (pairs.length === 0) return { records: [], truncated: false };
  const n = Math.max(1, Math.min(5000, Math.trunc(limit)));
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT ${columns} FROM audit_record
      WHERE (subject_type, subject_id) IN (SELECT s.t, s.i FROM json_to_recordset($1::json) AS s(t text, i text))
      ORDER BY occurred_at DESC, audit_record.seq DESC LIMIT ${n + 1}`,
    JSON.stringify(pairs),
  );
  return { records: rows.slice(0, n).reverse().map(toRecord), truncated: rows.length > n };
}
