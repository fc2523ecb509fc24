import { randomBytes, randomUUID } from 'node:crypto';
import { appendAudit } from '@fupin/audit';
import { coversDivision, isRole, parseJurisdiction } from '@fupin/auth';
import { buildEvent, contracts } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import {
  type RateLimit,
  type RateVerdict,
  localDateTime,
  rateLimitVerdict,
  receiptCodeFromBytes,
} from '@fupin/notice-rules';
import {
  IdempotencyConflict,
  type SqlExecutor,
  type TransactionalClient,
  onceForKey,
  requestHash,
} from '@fupin/persistence';
import { DomainError } from '@fupin/service-kit';
import type { NoticeKind } from '@fupin/workflows';
import { KIND_LABELS, loadNotice, statusOf } from './notice.repository';
import type { AnswerObjection, ObjectionBody } from './notice.schema';
import { NoticeRefusal } from './refusal';

const iso = (d: Date | string) => new Date(d).toISOString();

// Advisory lock namespace for per-client rate limiting (two-int form; distinct from the one-bigint locks of audit and outbox).
const RATE_LOCK_NAMESPACE = 7_241_010;

/**
 * Count one objection attempt of a client against the sliding-window limit. Attempts of one client are
 * serialised (advisory lock on its key), so concurrent requests cannot both slip under the limit; a
 * refused attempt is not recorded. Expired rows of this client, and a few of others, are pruned.
 */
export async function takeObjectionAttempt(
  db: TransactionalClient,
  clientKey: string,
  rule: RateLimit,
): Promise<RateVerdict> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${RATE_LOCK_NAMESPACE}, hashtext($1))`, clientKey);
    const [{ now }] = await tx.$queryRawUnsafe<{ now: Date }[]>(
      `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`,
    );
    const since = new Date(now.getTime() - rule.windowMs).toISOString();
    const hits = await tx.$queryRawUnsafe<{ at: Date }[]>(
      `SELECT at FROM objection_attempt WHERE client_key = $1 AND at > $2::timestamptz ORDER BY at`,
      clientKey,
      since,
    );
    const verdict = rateLimitVerdict(
      hits.map((h) => new Date(h.at).getTime()),
      now.getTime(),
      rule,
    );
    if (verdict.allowed)
      await tx.$executeRawUnsafe(
        `INSERT INTO objection_attempt (client_key, at) VALUES ($1, $2::timestamptz)`,
        clientKey,
        iso(now),
      );
    await tx.$executeRawUnsafe(
      `DELETE FROM objection_attempt WHERE client_key = $1 AND at <= $2::timestamptz`,
      clientKey,
      since,
    );
    await tx.$executeRawUnsafe(
      `DELETE FROM objection_attempt WHERE id IN (SELECT id FROM objection_attempt WHERE at <= $1::timestamptz LIMIT 100 FOR UPDATE SKIP LOCKED)`,
      since,
    );
    return verdict;
  });
}

export interface FiledObjection {
  objectionId: string;
  receiptCode: string;
  noticeId: string;
  filedAt: string;
}

const idempotencyScope = (clientKey: string) => `objection.file:${clientKey}`;

/**
 * The stored answer of an earlier request with the same Idempotency-Key from the same client, if any.
 * Lets a retry get its receipt again without counting against the rate limit.
 */
export async function replayedObjection(
  db: SqlExecutor,
  clientKey: string,
  key: string,
  request: unknown,
): Promise<FiledObjection | null> {
  const rows = await db.$queryRawUnsafe<{ request_hash: string; status: number; response: FiledObjection }[]>(
    `SELECT request_hash, status, response FROM idempotency_key WHERE scope = $1 AND key = $2`,
    idempotencyScope(clientKey),
    key,
  );
  const row = rows[0];
  if (!row || row.status === 0) return null;
  if (row.request_hash !== requestHash(request)) throw new IdempotencyConflict(key);
  return row.response;
}

const notFound = (id: string) =>
  new DomainError(404, 'notice.not_found', { 'zh-CN': `未找到公示 ${id}`, en: `Notice ${id} not found` }, 'id');

/**
 * Store an objection before acknowledging it: objection + objection.filed in one transaction, only while
 * the notice is open (the notice row is share-locked, so a concurrent closing waits or wins). Idempotent
 * per client and Idempotency-Key when one is given.
 */
export async function fileObjection(
  db: TransactionalClient,
  noticeId: string,
  body: ObjectionBody,
  clientKey: string,
  idempotencyKey: string | undefined,
): Promise<{ body: FiledObjection; replayed: boolean }> {
  return db.$transaction(async (tx) => {
    const work = async () => {
      const notice = await loadNotice(tx, noticeId, 'FOR SHARE');
      if (!notice) throw notFound(noticeId);
      const now = new Date(notice.db_now);
      const status = statusOf(notice, now);
      if (status === 'closed') {
        throw new DomainError(
          409,
          'notice.closed',
          {
            'zh-CN': `公示已于 ${iso(notice.closed_at && notice.closed_at < notice.closes_at ? notice.closed_at : notice.closes_at)} 结束，不再受理异议`,
            en: 'This notice has closed; objections are no longer accepted',
          },
          'noticeId',
        );
      }
      if (status === 'scheduled') {
        throw new DomainError(
          409,
          'notice.not_open',
          { 'zh-CN': '公示尚未开始，暂不受理异议', en: 'This notice is not open yet; objections are not accepted' },
          'noticeId',
        );
      }
      if (body.entryId) {
        const entry = await tx.$queryRawUnsafe<unknown[]>(
          `SELECT 1 FROM notice_entry WHERE notice_id = $1::uuid AND entry_id = $2::uuid`,
          noticeId,
          body.entryId,
        );
        if (!entry.length) {
          throw new DomainError(
            400,
            'objection.unknown_entry',
            {
              'zh-CN': '字段 entryId 无效：该户不在本公示名单中',
              en: 'Field entryId is invalid: no such household on this notice',
            },
            'entryId',
          );
        }
      }
      const objectionId = randomUUID();
      const filedAt = iso(new Date(Math.floor(now.getTime())));
      let receiptCode = '';
      for (let attempt = 0; attempt < 5 && !receiptCode; attempt++) {
        const candidate = receiptCodeFromBytes(randomBytes(12));
        const inserted = await tx.$executeRawUnsafe(
          `INSERT INTO objection (id, notice_id, entry_id, text, contact, receipt_code, client_key, filed_at)
           VALUES ($1::uuid, $2::uuid, $3::uuid, $4, $5, $6, $7, $8::timestamptz) ON CONFLICT (receipt_code) DO NOTHING`,
          objectionId,
          noticeId,
          body.entryId ?? null,
          body.text,
          body.contact ?? null,
          candidate,
          clientKey,
          filedAt,
        );
        if (inserted === 1) receiptCode = candidate;
      }
      if (!receiptCode) throw new Error('could not draw a unique receipt code in 5 attempts');
      const event = buildEvent(contracts.objectionFiled, {
        aggregateId: noticeId,
        actor: { system: 'public-objection' },
        occurredAt: filedAt,
        payload: {
          objectionId,
          noticeId,
          ...(body.entryId ? { householdId: body.entryId } : {}),
          reason: body.text,
          ownerWorkflowId: notice.owner_workflow_id,
          noticeKind: notice.kind,
        },
      });
      await addToOutbox(tx, contracts.objectionFiled.topic, event);
      return { status: 202, body: { objectionId, receiptCode, noticeId, filedAt } };
    };
    if (!idempotencyKey) return { body: (await work()).body, replayed: false };
    const stored = await onceForKey(tx, idempotencyScope(clientKey), idempotencyKey, { noticeId, body }, work);
    return { body: stored.body, replayed: stored.replayed };
  });
}

const ANSWER_ROLES = new Set(['township_reviewer', 'county_approver']);

/**
 * Record the re-examination's answer (复核结果): objection + audit + objection.resolved in one transaction.
 * The signer must be a township reviewer or county approver whose jurisdiction covers the household's village
 * (or the notice's division when no household was named). The same answer again is a no-op.
 */
export async function answerObjection(db: TransactionalClient, input: AnswerObjection): Promise<void> {
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<
      {
        notice_id: string;
        entry_id: string | null;
        status: string;
        answer_reason: string | null;
        division_code: string;
        kind: NoticeKind;
        owner_workflow_id: string;
        village_code: string | null;
        now: Date;
      }[]
    >(
      `SELECT o.notice_id::text AS notice_id, o.entry_id::text AS entry_id, o.status::text AS status, o.answer_reason,
              n.division_code, n.kind::text AS kind, n.owner_workflow_id, e.village_code, date_trunc('milliseconds', now()) AS now
         FROM objection o JOIN notice n ON n.id = o.notice_id
         LEFT JOIN notice_entry e ON e.notice_id = o.notice_id AND e.entry_id = o.entry_id
        WHERE o.id = $1::uuid FOR UPDATE OF o`,
      input.objectionId,
    );
    const o = rows[0];
    if (!o) throw new NoticeRefusal('ObjectionNotFound', `objection ${input.objectionId} does not exist`);
    const signer = input.answeredBy;
    const jurisdiction = parseJurisdiction(signer.jurisdiction);
    const division = o.village_code ?? o.division_code;
    if (
      !ANSWER_ROLES.has(signer.role) ||
      !isRole(signer.role) ||
      !jurisdiction ||
      !coversDivision({ subject: signer.subject, role: signer.role, jurisdiction }, division)
    ) {
      throw new NoticeRefusal(
        'SignerNotAllowed',
        `${signer.role} of ${signer.jurisdiction} may not answer an objection about ${division} (a township reviewer or county approver of that division must)`,
      );
    }
    if (o.status !== 'pending') {
      if (o.status === input.outcome && o.answer_reason === input.reason) return;
      throw new NoticeRefusal(
        'ObjectionAlreadyAnswered',
        `objection ${input.objectionId} was already answered: ${o.status}`,
      );
    }
    const answeredAt = iso(o.now);
    await tx.$executeRawUnsafe(
      `UPDATE objection SET status = $2::"ObjectionStatus", answer_reason = $3, answered_by_subject = $4, answered_by_role = $5,
              answered_by_jurisdiction = $6, answered_at = $7::timestamptz WHERE id = $1::uuid`,
      input.objectionId,
      input.outcome,
      input.reason,
      signer.subject,
      signer.role,
      signer.jurisdiction,
      answeredAt,
    );
    await appendAudit(tx, {
      actorSubject: signer.subject,
      actorRole: signer.role,
      jurisdiction: signer.jurisdiction,
      action: `objection.${input.outcome === 'upheld' ? 'uphold' : 'dismiss'}`,
      subjectType: 'objection',
      subjectId: input.objectionId,
      before: { status: 'pending', noticeId: o.notice_id, entryId: o.entry_id },
      after: { status: input.outcome, answeredAt },
      reason: input.reason,
    });
    const event = buildEvent(contracts.objectionResolved, {
      aggregateId: o.notice_id,
      actor: { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction },
      occurredAt: answeredAt,
      payload: {
        objectionId: input.objectionId,
        noticeId: o.notice_id,
        ...(o.entry_id ? { householdId: o.entry_id } : {}),
        outcome: input.outcome,
        reason: input.reason,
        ownerWorkflowId: o.owner_workflow_id,
        noticeKind: o.kind,
        answeredBy: signer.subject,
        answeredAt,
      },
    });
    await addToOutbox(tx, contracts.objectionResolved.topic, event);
  });
}

/** What the objector sees with the receipt code: the status and the answer; never the contact or who filed it. */
export async function objectionByReceipt(db: SqlExecutor, receiptCode: string, timeZone: string) {
  const rows = await db.$queryRawUnsafe<
    {
      id: string;
      notice_id: string;
      entry_id: string | null;
      status: 'pending' | 'upheld' | 'dismissed';
      answer_reason: string | null;
      answered_at: Date | null;
      filed_at: Date;
      title_zh: string;
      title_en: string;
      kind: NoticeKind;
    }[]
  >(
    `SELECT o.id::text AS id, o.notice_id::text AS notice_id, o.entry_id::text AS entry_id, o.status::text AS status, o.answer_reason,
            o.answered_at, o.filed_at, n.title_zh, n.title_en, n.kind::text AS kind
       FROM objection o JOIN notice n ON n.id = o.notice_id WHERE o.receipt_code = $1`,
    receiptCode,
  );
  const o = rows[0];
  if (!o) return null;
  return {
    receiptCode,
    objectionId: o.id,
    notice: {
      id: o.notice_id,
      kind: o.kind,
      kindLabel: KIND_LABELS[o.kind],
      title: { 'zh-CN': o.title_zh, en: o.title_en },
    },
    entryId: o.entry_id,
    status: o.status,
    filedAt: iso(o.filed_at),
    answer: o.answered_at
      ? {
          outcome: o.status,
          reason: o.answer_reason,
          answeredAt: iso(o.answered_at),
          display: { timeZone, answeredAt: localDateTime(o.answered_at, timeZone) },
        }
      : null,
    display: { timeZone, filedAt: localDateTime(o.filed_at, timeZone) },
  };
}

export interface OfficialObjection {
  objectionId: string;
  entryId: string | null;
  household: { name: string; villageCode: string } | null;
  text: string;
  status: string;
  filedAt: string;
  answer: {
    outcome: string;
    reason: string | null;
    answeredBy: { subject: string | null; role: string | null; jurisdiction: string | null };
    answeredAt: string;
  } | null;
}

/**
 * Objections to a notice for officials: full text, never the contact or the receipt code. `villageRange`
 * limits them to households in a division (a township reviewer looking at a county announcement).
 */
export async function objectionsForOfficials(
  db: SqlExecutor,
  noticeId: string,
  villageRange: [string, string] | null,
): Promise<OfficialObjection[]> {
  const rows = await db.$queryRawUnsafe<
    {
      id: string;
      entry_id: string | null;
      head_name: string | null;
      village_code: string | null;
      text: string;
      status: string;
      filed_at: Date;
      answer_reason: string | null;
      answered_by_subject: string | null;
      answered_by_role: string | null;
      answered_by_jurisdiction: string | null;
      answered_at: Date | null;
    }[]
  >(
    `SELECT o.id::text AS id, o.entry_id::text AS entry_id, e.head_name, e.village_code, o.text, o.status::text AS status, o.filed_at,
            o.answer_reason, o.answered_by_subject, o.answered_by_role, o.answered_by_jurisdiction, o.answered_at
       FROM objection o LEFT JOIN notice_entry e ON e.notice_id = o.notice_id AND e.entry_id = o.entry_id
      WHERE o.notice_id = $1::uuid ${villageRange ? 'AND e.village_code BETWEEN $2 AND $3' : ''}
      ORDER BY o.filed_at, o.id`,
    noticeId,
    ...(villageRange ?? []),
  );
  return rows.map((r) => ({
    objectionId: r.id,
    entryId: r.entry_id,
    household: r.head_name && r.village_code ? { name: r.head_name, villageCode: r.village_code } : null,
    text: r.text,
    status: r.status,
    filedAt: iso(r.filed_at),
    answer: r.answered_at
      ? {
          outcome: r.status,
          reason: r.answer_reason,
          answeredBy: {
            subject: r.answered_by_subject,
            role: r.answered_by_role,
            jurisdiction: r.answered_by_jurisdiction,
          },
          answeredAt: iso(r.answered_at),
        }
      : null,
  }));
}
