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
import { IdempotencyConflict, onceForKey, requestHash } from '@fupin/persistence';
import { Injectable } from '@nestjs/common';
import { DomainError, InjectDb } from '@fupin/service-kit';
import type { NoticeDb } from '../db';
import type { Notice, NoticeEntry, Objection } from '../generated/prisma/client';
import { KIND_LABELS, loadNotice, statusOf } from './notice.repository';
import type { AnswerObjection, FiledObjection, ObjectionBody } from './notice.schema';
import { NoticeRefusal } from './refusal';

/**
 * Objections and the per-client attempts that rate-limit them: the only place their SQL lives. Filing and lookup are
 * public (HTTP); answering is the re-examination's act, through the procedure's workflow (activities.ts). Model calls
 * for the plain reads and writes; SQL for the locks (advisory, FOR UPDATE, SKIP LOCKED), the database clock, ON
 * CONFLICT and the joins with the notice and its households (one query, where the models would make two).
 */
@Injectable()
export class ObjectionRepository {
  constructor(@InjectDb() private readonly db: NoticeDb) {}

  takeAttempt(clientKey: string, rule: RateLimit) {
    return takeObjectionAttempt(this.db, clientKey, rule);
  }

  replayed(clientKey: string, key: string, request: unknown) {
    return replayedObjection(this.db, clientKey, key, request);
  }

  file(noticeId: string, body: ObjectionBody, clientKey: string, idempotencyKey: string | undefined) {
    return fileObjection(this.db, noticeId, body, clientKey, idempotencyKey);
  }

  answer(input: AnswerObjection) {
    return answerObjection(this.db, input);
  }

  byReceipt(receiptCode: string, timeZone: string) {
    return objectionByReceipt(this.db, receiptCode, timeZone);
  }

  forOfficials(noticeId: string, villageRange: [string, string] | null) {
    return objectionsForOfficials(this.db, noticeId, villageRange);
  }
}

const iso = (d: Date | string) => new Date(d).toISOString();

/** The household's columns when a LEFT JOIN finds none are null. */
type Nullable<T> = { [K in keyof T]: T[K] | null };

/** An objection being answered (locked), its notice, its household's village, and the database clock (computed). */
type AnsweringRow = Pick<Objection, 'noticeId' | 'entryId' | 'status' | 'answerReason'> &
  Pick<Notice, 'divisionCode' | 'kind' | 'ownerWorkflowId'> &
  Nullable<Pick<NoticeEntry, 'villageCode'>> & { now: Date };

/** An objection looked up by its receipt code, with its notice's title and kind. */
type ReceiptRow = Pick<
  Objection,
  'id' | 'noticeId' | 'entryId' | 'status' | 'answerReason' | 'answeredAt' | 'filedAt'
> &
  Pick<Notice, 'titleZh' | 'titleEn' | 'kind'>;

/** An objection as officials read it, with the household it names (if any). */
type OfficialRow = Pick<
  Objection,
  | 'id'
  | 'entryId'
  | 'text'
  | 'status'
  | 'filedAt'
  | 'answerReason'
  | 'answeredBySubject'
  | 'answeredByRole'
  | 'answeredByJurisdiction'
  | 'answeredAt'
> &
  Nullable<Pick<NoticeEntry, 'headName' | 'villageCode'>>;

// Advisory lock namespace for per-client rate limiting (two-int form; distinct from the one-bigint locks of audit and outbox).
const RATE_LOCK_NAMESPACE = 7_241_010;

/**
 * Count one objection attempt of a client against the sliding-window limit. Attempts of one client are
 * serialised (advisory lock on its key), so concurrent requests cannot both slip under the limit; a
 * refused attempt is not recorded. Expired rows of this client, and a few of others, are pruned.
 */
async function takeObjectionAttempt(db: NoticeDb, clientKey: string, rule: RateLimit): Promise<RateVerdict> {
  return db.$transaction(async (tx) => {
    await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${RATE_LOCK_NAMESPACE}, hashtext($1))`, clientKey);
    // the database clock, to the millisecond (computed)
    const [{ now }] = await tx.$queryRawUnsafe<{ now: Date }[]>(
      `SELECT date_trunc('milliseconds', clock_timestamp()) AS now`,
    );
    const since = new Date(now.getTime() - rule.windowMs);
    const hits = await tx.objectionAttempt.findMany({
      where: { clientKey, at: { gt: since } },
      orderBy: { at: 'asc' },
      select: { at: true },
    });
    const verdict = rateLimitVerdict(
      hits.map((h) => h.at.getTime()),
      now.getTime(),
      rule,
    );
    if (verdict.allowed) await tx.objectionAttempt.create({ data: { clientKey, at: now }, select: { id: true } });
    await tx.objectionAttempt.deleteMany({ where: { clientKey, at: { lte: since } } });
    // others' expired rows, a few at a time, skipping those another request holds
    await tx.$executeRawUnsafe(
      `DELETE FROM objection_attempt WHERE id IN (SELECT id FROM objection_attempt WHERE at <= $1::timestamptz LIMIT 100 FOR UPDATE SKIP LOCKED)`,
      since,
    );
    return verdict;
  });
}

const idempotencyScope = (clientKey: string) => `objection.file:${clientKey}`;

/**
 * The stored answer of an earlier request with the same Idempotency-Key from the same client, if any.
 * Lets a retry get its receipt again without counting against the rate limit.
 */
async function replayedObjection(
  db: NoticeDb,
  clientKey: string,
  key: string,
  request: unknown,
): Promise<FiledObjection | null> {
  const row = await db.idempotencyKey.findUnique({
    where: { scope_key: { scope: idempotencyScope(clientKey), key } },
    select: { requestHash: true, status: true, response: true },
  });
  if (!row || row.status === 0) return null;
  if (row.requestHash !== requestHash(request)) throw new IdempotencyConflict(key);
  // the stored answer is the FiledObjection fileObjection returned (onceForKey stored it)
  return row.response as unknown as FiledObjection;
}

const notFound = (id: string) =>
  new DomainError(404, 'notice.not_found', { 'zh-CN': `未找到公示 ${id}`, en: `Notice ${id} not found` }, 'id');

/**
 * Store an objection before acknowledging it: objection + objection.filed in one transaction, only while
 * the notice is open (the notice row is share-locked, so a concurrent closing waits or wins). Idempotent
 * per client and Idempotency-Key when one is given.
 */
async function fileObjection(
  db: NoticeDb,
  noticeId: string,
  body: ObjectionBody,
  clientKey: string,
  idempotencyKey: string | undefined,
): Promise<{ body: FiledObjection; replayed: boolean }> {
  return db.$transaction(async (tx) => {
    const work = async () => {
      const notice = await loadNotice(tx, noticeId, 'FOR SHARE');
      if (!notice) throw notFound(noticeId);
      const now = new Date(notice.dbNow);
      const status = statusOf(notice, now);
      if (status === 'closed') {
        throw new DomainError(
          409,
          'notice.closed',
          {
            'zh-CN': `公示已于 ${iso(notice.closedAt && notice.closedAt < notice.closesAt ? notice.closedAt : notice.closesAt)} 结束，不再受理异议`,
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
        const entry = await tx.noticeEntry.findUnique({
          where: { noticeId_entryId: { noticeId, entryId: body.entryId } },
          select: { entryId: true },
        });
        if (!entry) {
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
          ownerWorkflowId: notice.ownerWorkflowId,
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
async function answerObjection(db: NoticeDb, input: AnswerObjection): Promise<void> {
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<AnsweringRow[]>(
      `SELECT o.notice_id::text AS "noticeId", o.entry_id::text AS "entryId", o.status::text AS status, o.answer_reason AS "answerReason",
              n.division_code AS "divisionCode", n.kind::text AS kind, n.owner_workflow_id AS "ownerWorkflowId",
              e.village_code AS "villageCode", date_trunc('milliseconds', now()) AS now
         FROM objection o JOIN notice n ON n.id = o.notice_id
         LEFT JOIN notice_entry e ON e.notice_id = o.notice_id AND e.entry_id = o.entry_id
        WHERE o.id = $1::uuid FOR UPDATE OF o`,
      input.objectionId,
    );
    const o = rows[0];
    if (!o) throw new NoticeRefusal('ObjectionNotFound', `objection ${input.objectionId} does not exist`);
    const signer = input.answeredBy;
    const jurisdiction = parseJurisdiction(signer.jurisdiction);
    const division = o.villageCode ?? o.divisionCode;
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
      if (o.status === input.outcome && o.answerReason === input.reason) return;
      throw new NoticeRefusal(
        'ObjectionAlreadyAnswered',
        `objection ${input.objectionId} was already answered: ${o.status}`,
      );
    }
    const answeredAt = iso(o.now);
    await tx.objection.update({
      where: { id: input.objectionId },
      data: {
        status: input.outcome,
        answerReason: input.reason,
        answeredBySubject: signer.subject,
        answeredByRole: signer.role,
        answeredByJurisdiction: signer.jurisdiction,
        answeredAt,
      },
      select: { id: true },
    });
    await appendAudit(tx, {
      actorSubject: signer.subject,
      actorRole: signer.role,
      jurisdiction: signer.jurisdiction,
      action: `objection.${input.outcome === 'upheld' ? 'uphold' : 'dismiss'}`,
      subjectType: 'objection',
      subjectId: input.objectionId,
      before: { status: 'pending', noticeId: o.noticeId, entryId: o.entryId },
      after: { status: input.outcome, answeredAt },
      reason: input.reason,
    });
    const event = buildEvent(contracts.objectionResolved, {
      aggregateId: o.noticeId,
      actor: { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction },
      occurredAt: answeredAt,
      payload: {
        objectionId: input.objectionId,
        noticeId: o.noticeId,
        ...(o.entryId ? { householdId: o.entryId } : {}),
        outcome: input.outcome,
        reason: input.reason,
        ownerWorkflowId: o.ownerWorkflowId,
        noticeKind: o.kind,
        answeredBy: signer.subject,
        answeredAt,
      },
    });
    await addToOutbox(tx, contracts.objectionResolved.topic, event);
  });
}

/** What the objector sees with the receipt code: the status and the answer; never the contact or who filed it. */
async function objectionByReceipt(db: NoticeDb, receiptCode: string, timeZone: string) {
  const rows = await db.$queryRawUnsafe<ReceiptRow[]>(
    `SELECT o.id::text AS id, o.notice_id::text AS "noticeId", o.entry_id::text AS "entryId", o.status::text AS status,
            o.answer_reason AS "answerReason", o.answered_at AS "answeredAt", o.filed_at AS "filedAt",
            n.title_zh AS "titleZh", n.title_en AS "titleEn", n.kind::text AS kind
       FROM objection o JOIN notice n ON n.id = o.notice_id WHERE o.receipt_code = $1`,
    receiptCode,
  );
  const o = rows[0];
  if (!o) return null;
  return {
    receiptCode,
    objectionId: o.id,
    notice: {
      id: o.noticeId,
      kind: o.kind,
      kindLabel: KIND_LABELS[o.kind],
      title: { 'zh-CN': o.titleZh, en: o.titleEn },
    },
    entryId: o.entryId,
    status: o.status,
    filedAt: iso(o.filedAt),
    answer: o.answeredAt
      ? {
          outcome: o.status,
          reason: o.answerReason,
          answeredAt: iso(o.answeredAt),
          display: { timeZone, answeredAt: localDateTime(o.answeredAt, timeZone) },
        }
      : null,
    display: { timeZone, filedAt: localDateTime(o.filedAt, timeZone) },
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
async function objectionsForOfficials(
  db: NoticeDb,
  noticeId: string,
  villageRange: [string, string] | null,
): Promise<OfficialObjection[]> {
  const rows = await db.$queryRawUnsafe<OfficialRow[]>(
    `SELECT o.id::text AS id, o.entry_id::text AS "entryId", e.head_name AS "headName", e.village_code AS "villageCode",
            o.text, o.status::text AS status, o.filed_at AS "filedAt", o.answer_reason AS "answerReason",
            o.answered_by_subject AS "answeredBySubject", o.answered_by_role AS "answeredByRole",
            o.answered_by_jurisdiction AS "answeredByJurisdiction", o.answered_at AS "answeredAt"
       FROM objection o LEFT JOIN notice_entry e ON e.notice_id = o.notice_id AND e.entry_id = o.entry_id
      WHERE o.notice_id = $1::uuid ${villageRange ? 'AND e.village_code BETWEEN $2 AND $3' : ''}
      ORDER BY o.filed_at, o.id`,
    noticeId,
    ...(villageRange ?? []),
  );
  return rows.map((r) => ({
    objectionId: r.id,
    entryId: r.entryId,
    household: r.headName && r.villageCode ? { name: r.headName, villageCode: r.villageCode } : null,
    text: r.text,
    status: r.status,
    filedAt: iso(r.filedAt),
    answer: r.answeredAt
      ? {
          outcome: r.status,
          reason: r.answerReason,
          answeredBy: {
            subject: r.answeredBySubject,
            role: r.answeredByRole,
            jurisdiction: r.answeredByJurisdiction,
          },
          answeredAt: iso(r.answeredAt),
        }
      : null,
  }));
}
