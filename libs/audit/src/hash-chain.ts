import { createHash } from 'node:crypto';

/** 谁签字谁负责: who acted, in which role and jurisdiction, on what, and why. */
export interface AuditEntry {
  actorSubject: string;
  actorRole: string;
  jurisdiction: string;
  action: string;
  subjectType: string;
  subjectId: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export interface ChainedRecord {
  seq: bigint;
  id: string;
  actorSubject: string;
  actorRole: string;
  jurisdiction: string;
  action: string;
  subjectType: string;
  subjectId: string;
  beforeDigest: string | null;
  afterDigest: string | null;
  reason: string | null;
  occurredAt: string; // ISO UTC, millisecond precision (matches timestamptz(3))
  prevHash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** Stable JSON: object keys sorted, so the same state always digests the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(typeof v === 'bigint' ? v.toString() : v)}`).join(',')}}`;
}

export function digest(value: unknown): string | null {
  return value === undefined ? null : createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** The hash of a record covers every field but the hash itself, and the previous record's hash. */
export function recordHash(r: Omit<ChainedRecord, 'hash'>): string {
  const body = canonicalJson({
    seq: r.seq.toString(),
    id: r.id,
    actorSubject: r.actorSubject,
    actorRole: r.actorRole,
    jurisdiction: r.jurisdiction,
    action: r.action,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    beforeDigest: r.beforeDigest,
    afterDigest: r.afterDigest,
    reason: r.reason,
    occurredAt: r.occurredAt,
  });
  return createHash('sha256').update(r.prevHash).update('\n').update(body).digest('hex');
}

export type ChainProblem =
  | { seq: string; problem: 'hash_mismatch' }
  | { seq: string; problem: 'broken_link'; expectedPrev: string }
  | { seq: string; problem: 'gap'; expectedSeq: string };

/** Walk records in seq order: any edited field, deleted record or reordering shows up as a problem. */
export function verifyChain(
  records: Iterable<ChainedRecord>,
  start: { seq: bigint; hash: string } = { seq: 0n, hash: GENESIS_HASH },
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expectedSeq = start.seq + 1n;
  let prevHash = start.hash;
  for (const r of records) {
    if (r.seq !== expectedSeq)
      problems.push({ seq: r.seq.toString(), problem: 'gap', expectedSeq: expectedSeq.toString() });
    if (r.prevHash !== prevHash)
      problems.push({ seq: r.seq.toString(), problem: 'broken_link', expectedPrev: prevHash });
    const { hash: _stored, ...rest } = r;
    if (recordHash(rest) !== r.hash) problems.push({ seq: r.seq.toString(), problem: 'hash_mismatch' });
    prevHash = r.hash;
    expectedSeq = r.seq + 1n;
  }
  return problems;
}
