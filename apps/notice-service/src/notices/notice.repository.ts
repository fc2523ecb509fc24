import { appendAudit } from '@fupin/audit';
import { buildEvent, contracts } from '@fupin/contracts';
import { addToOutbox } from '@fupin/messaging';
import {
  type NoticeStatus,
  localDateTime,
  maskPhone,
  maskResidentId,
  noticeClosesAt,
  noticeScopeProblems,
  noticeStatusAt,
  villageCodeRange,
} from '@fupin/notice-rules';
import { Injectable } from '@nestjs/common';
import { requestHash } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import type { NoticeKind } from '@fupin/workflows';
import type { NoticeDb, NoticeTx } from '../db';
import type { Notice, Prisma } from '../generated/prisma/client';
import type { OpenNotice } from './notice.schema';
import { NoticeRefusal } from './refusal';

/**
 * Notices and their households: the only place their SQL lives (with the functions below, which objection.repository
 * shares). Opening and closing are the procedures' workflows' acts (activities.ts); reading is public, masked. Model
 * calls for the plain reads and writes; SQL where a notice is read with the database clock (its status is judged at
 * the database's time) or locked, for ON CONFLICT and for the bulk insert of the households.
 */
@Injectable()
export class NoticeRepository {
  constructor(@InjectDb() private readonly db: NoticeDb) {}

  open(input: OpenNotice) {
    return openNotice(this.db, input);
  }

  close(noticeId: string) {
    return closeNotice(this.db, noticeId);
  }

  load(noticeId: string) {
    return loadNotice(this.db, noticeId);
  }

  list(q: { division?: string; status?: 'open' | 'closed'; page: number; pageSize: number }, timeZone: string) {
    return listNotices(this.db, q, timeZone);
  }

  publicNotice(noticeId: string, page: { page: number; pageSize: number }, timeZone: string) {
    return publicNotice(this.db, noticeId, page, timeZone);
  }

  /** Whether the notice lists a household in the village code range (a division's villages). */
  async listsVillageIn(noticeId: string, [lo, hi]: [string, string]): Promise<boolean> {
    const entry = await this.db.noticeEntry.findFirst({
      where: { noticeId, villageCode: { gte: lo, lte: hi } },
      select: { entryId: true },
    });
    return entry !== null;
  }
}

/** A notice as read, and the database's clock when it was read (`dbNow`, computed: now()). */
export type NoticeRow = Pick<
  Notice,
  | 'id'
  | 'kind'
  | 'procedure'
  | 'divisionCode'
  | 'titleZh'
  | 'titleEn'
  | 'durationSeconds'
  | 'ownerWorkflowId'
  | 'inputHash'
  | 'entryCount'
  | 'opensAt'
  | 'closesAt'
  | 'closedAt'
> & { dbNow: Date };

const NOTICE_COLUMNS = `n.id::text AS id, n.kind::text AS kind, n.procedure::text AS procedure, n.division_code AS "divisionCode",
  n.title_zh AS "titleZh", n.title_en AS "titleEn", n.duration_seconds AS "durationSeconds",
  n.owner_workflow_id AS "ownerWorkflowId", n.input_hash AS "inputHash", n.entry_count AS "entryCount",
  n.opens_at AS "opensAt", n.closes_at AS "closesAt", n.closed_at AS "closedAt", now() AS "dbNow"`;

const iso = (d: Date | string) => new Date(d).toISOString();

/** The system actor of the procedure that owns a notice (opening and closing are the workflow's acts). */
const workflowActor = (ownerWorkflowId: string) => `workflow:${ownerWorkflowId}`;

export const KIND_LABELS: Record<NoticeKind, { 'zh-CN': string; en: string }> = {
  village_notice: { 'zh-CN': '村级公示', en: 'Village notice' },
  township_notice: { 'zh-CN': '乡镇公示', en: 'Township notice' },
  county_announcement: { 'zh-CN': '县级公告', en: 'County announcement' },
};

export async function loadNotice(
  db: NoticeTx,
  id: string,
  lock: '' | 'FOR SHARE' | 'FOR UPDATE' = '',
): Promise<NoticeRow | null> {
  const rows = await db.$queryRawUnsafe<NoticeRow[]>(
    `SELECT ${NOTICE_COLUMNS} FROM notice n WHERE n.id = $1::uuid ${lock}`,
    id,
  );
  return rows[0] ?? null;
}

export function statusOf(row: Pick<NoticeRow, 'opensAt' | 'closesAt' | 'closedAt'>, at: Date): NoticeStatus {
  return noticeStatusAt({ opensAt: row.opensAt, closesAt: row.closesAt, closedAt: row.closedAt }, at);
}

/**
 * Open a notice: notice + entries + audit + notice.opened, in one transaction. Idempotent by id: the same
 * input again returns the first opening's times; the same id with other content is refused.
 */
async function openNotice(
  db: NoticeDb,
  input: OpenNotice,
): Promise<{ noticeId: string; openedAt: string; closesAt: string }> {
  const scope = noticeScopeProblems(
    input.kind,
    input.divisionCode,
    input.entries.map((e) => e.villageCode),
  );
  if (scope.length) throw new NoticeRefusal('NoticeInputInvalid', `${scope[0].field}: ${scope[0].message}`, scope);
  const hash = requestHash(input);
  const existing = (row: NoticeRow) => {
    if (row.inputHash !== hash)
      throw new NoticeRefusal('NoticeConflict', `notice ${input.noticeId} already exists with different content`);
    return { noticeId: row.id, openedAt: iso(row.opensAt), closesAt: iso(row.closesAt) };
  };
  return db.$transaction(async (tx) => {
    const found = await loadNotice(tx, input.noticeId);
    if (found) return existing(found);
    // the database clock, to the millisecond (computed)
    const [{ now }] = await tx.$queryRawUnsafe<{ now: Date }[]>(`SELECT date_trunc('milliseconds', now()) AS now`);
    const openedAt = iso(now);
    const closesAt = noticeClosesAt(openedAt, input.durationSeconds);
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO notice (id, kind, procedure, division_code, title_zh, title_en, duration_seconds, owner_workflow_id, input_hash, entry_count, opens_at, closes_at)
       VALUES ($1::uuid, $2::"NoticeKind", $3::"NoticeProcedure", $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, $12::timestamptz)
       ON CONFLICT (id) DO NOTHING`,
      input.noticeId,
      input.kind,
      input.procedure,
      input.divisionCode,
      input.title['zh-CN'],
      input.title.en,
      input.durationSeconds,
      input.ownerWorkflowId,
      hash,
      input.entries.length,
      openedAt,
      closesAt,
    );
    if (inserted === 0) {
      // a concurrent attempt with the same id committed first
      const winner = await loadNotice(tx, input.noticeId);
      if (!winner) throw new Error(`notice ${input.noticeId} vanished while opening`);
      return existing(winner);
    }
    const e = input.entries;
    await tx.$executeRawUnsafe(
      `INSERT INTO notice_entry (notice_id, entry_id, position, head_name, head_id_number, phone, village_code, member_count, decision, reason)
       SELECT $1::uuid, t.entry_id, t.position, t.head_name, t.head_id_number, t.phone, t.village_code, t.member_count, t.decision, t.reason
         FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[])
           AS t(entry_id, position, head_name, head_id_number, phone, village_code, member_count, decision, reason)`,
      input.noticeId,
      e.map((x) => x.entryId),
      e.map((_, i) => i + 1),
      e.map((x) => x.headName),
      e.map((x) => x.headIdNumber),
      e.map((x) => x.phone ?? null),
      e.map((x) => x.villageCode),
      e.map((x) => x.memberCount),
      e.map((x) => x.decision),
      e.map((x) => x.reason),
    );
    await appendAudit(tx, {
      actorSubject: workflowActor(input.ownerWorkflowId),
      actorRole: 'system',
      jurisdiction: input.divisionCode,
      action: 'notice.open',
      subjectType: 'notice',
      subjectId: input.noticeId,
      after: {
        kind: input.kind,
        procedure: input.procedure,
        divisionCode: input.divisionCode,
        entries: e.map((x) => x.entryId),
        openedAt,
        closesAt,
        inputHash: hash,
      },
      reason: `${KIND_LABELS[input.kind]['zh-CN']}：${input.title['zh-CN']}（${e.length} 户，${input.durationSeconds} 秒）`,
    });
    const event = buildEvent(contracts.noticeOpened, {
      aggregateId: input.noticeId,
      actor: { system: workflowActor(input.ownerWorkflowId) },
      occurredAt: openedAt,
      payload: {
        noticeId: input.noticeId,
        kind: input.kind,
        procedure: input.procedure,
        divisionCode: input.divisionCode,
        ownerWorkflowId: input.ownerWorkflowId,
        householdIds: e.map((x) => x.entryId),
        openedAt,
        closesAt,
      },
    });
    await addToOutbox(tx, contracts.noticeOpened.topic, event);
    return { noticeId: input.noticeId, openedAt, closesAt };
  });
}

function objectionCount(tx: NoticeTx, noticeId: string): Promise<number> {
  return tx.objection.count({ where: { noticeId } });
}

/** Every objection filed while the notice was open (the closing is authoritative; events may still be on their way). */
async function objectionsFiled(
  tx: NoticeTx,
  noticeId: string,
): Promise<{ objectionId: string; entryId: string | null; text: string }[]> {
  const rows = await tx.objection.findMany({
    where: { noticeId },
    orderBy: [{ filedAt: 'asc' }, { id: 'asc' }],
    select: { id: true, entryId: true, text: true },
  });
  return rows.map((o) => ({ objectionId: o.id, entryId: o.entryId, text: o.text }));
}

/**
 * Close a notice: from now on objections are refused. The recorded closing time is the end of the notice
 * period when the procedure closes it late (it stopped accepting objections then), or now when it is closed
 * early. Idempotent: closing again returns the first closing.
 */
async function closeNotice(
  db: NoticeDb,
  noticeId: string,
): Promise<{
  closedAt: string;
  objections: number;
  filed: { objectionId: string; entryId: string | null; text: string }[];
}> {
  return db.$transaction(async (tx) => {
    const row = await loadNotice(tx, noticeId, 'FOR UPDATE');
    if (!row) throw new NoticeRefusal('NoticeNotFound', `notice ${noticeId} does not exist`);
    if (row.closedAt) {
      const filed = await objectionsFiled(tx, noticeId);
      return { closedAt: iso(row.closedAt), objections: filed.length, filed };
    }
    const now = new Date(Math.floor(new Date(row.dbNow).getTime()));
    const closedAt = iso(now < row.closesAt ? now : row.closesAt);
    await tx.notice.update({ where: { id: noticeId }, data: { closedAt }, select: { id: true } });
    const objections = await objectionCount(tx, noticeId);
    await appendAudit(tx, {
      actorSubject: workflowActor(row.ownerWorkflowId),
      actorRole: 'system',
      jurisdiction: row.divisionCode,
      action: 'notice.close',
      subjectType: 'notice',
      subjectId: noticeId,
      before: { status: statusOf(row, now), closesAt: iso(row.closesAt) },
      after: { status: 'closed', closedAt, objections },
      reason:
        objections === 0
          ? '公示期满，无异议 (notice period ended without objections)'
          : `公示期满，收到异议 ${objections} 件 (notice period ended with ${objections} objection(s))`,
    });
    const event = buildEvent(contracts.noticeClosed, {
      aggregateId: noticeId,
      actor: { system: workflowActor(row.ownerWorkflowId) },
      payload: {
        noticeId,
        kind: row.kind,
        procedure: row.procedure,
        divisionCode: row.divisionCode,
        ownerWorkflowId: row.ownerWorkflowId,
        closedAt,
        objections,
      },
    });
    await addToOutbox(tx, contracts.noticeClosed.topic, event);
    return { closedAt, objections, filed: await objectionsFiled(tx, noticeId) };
  });
}

// ---------------------------------------------------------------- public reads (masked)

export interface DisplayTimes {
  timeZone: string;
  opensAt: string;
  closesAt: string;
  closedAt: string | null;
}

function summary(row: NoticeRow, timeZone: string) {
  const closedAt = row.closedAt ? iso(row.closedAt) : null;
  const status = statusOf(row, new Date(row.dbNow));
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: KIND_LABELS[row.kind],
    procedure: row.procedure,
    divisionCode: row.divisionCode,
    title: { 'zh-CN': row.titleZh, en: row.titleEn },
    status,
    acceptsObjections: status === 'open',
    opensAt: iso(row.opensAt),
    closesAt: iso(row.closesAt),
    closedAt,
    display: {
      timeZone,
      opensAt: localDateTime(row.opensAt, timeZone),
      closesAt: localDateTime(row.closesAt, timeZone),
      closedAt: closedAt ? localDateTime(closedAt, timeZone) : null,
    } satisfies DisplayTimes,
    entryCount: row.entryCount,
  };
}
export type NoticeSummary = ReturnType<typeof summary>;

const STATUS_SQL: Record<'open' | 'closed', string> = {
  open: `n.closed_at IS NULL AND n.opens_at <= now() AND n.closes_at > now()`,
  closed: `(n.closed_at IS NOT NULL OR n.closes_at <= now())`,
};

/**
 * Notices listing a household inside `division` (a village sees its village notices and the township
 * and county notices that name its households), newest first. SQL: the status is judged at the database's clock.
 */
async function listNotices(
  db: NoticeDb,
  q: { division?: string; status?: 'open' | 'closed'; page: number; pageSize: number },
  timeZone: string,
): Promise<{ items: NoticeSummary[]; page: number; pageSize: number; total: number; totalPages: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (q.division) {
    const [lo, hi] = villageCodeRange(q.division);
    params.push(lo, hi);
    where.push(`n.id IN (SELECT e.notice_id FROM notice_entry e WHERE e.village_code BETWEEN $1 AND $2)`);
  }
  if (q.status) where.push(STATUS_SQL[q.status]);
  const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
  // computed: the count
  const [{ total }] = await db.$queryRawUnsafe<{ total: number }[]>(
    `SELECT count(*)::int AS total FROM notice n ${clause}`,
    ...params,
  );
  const rows = await db.$queryRawUnsafe<NoticeRow[]>(
    `SELECT ${NOTICE_COLUMNS} FROM notice n ${clause} ORDER BY n.opens_at DESC, n.id DESC LIMIT ${q.pageSize} OFFSET ${(q.page - 1) * q.pageSize}`,
    ...params,
  );
  return {
    items: rows.map((r) => summary(r, timeZone)),
    page: q.page,
    pageSize: q.pageSize,
    total,
    totalPages: Math.ceil(total / q.pageSize),
  };
}

const entryColumns = {
  entryId: true,
  headName: true,
  headIdNumber: true,
  phone: true,
  villageCode: true,
  memberCount: true,
  decision: true,
  reason: true,
} satisfies Prisma.NoticeEntrySelect;

/** One notice with a page of its households: name, village, decision and reason; ID number and phone masked. */
async function publicNotice(db: NoticeDb, id: string, page: { page: number; pageSize: number }, timeZone: string) {
  const row = await loadNotice(db, id);
  if (!row) return null;
  const entries = await db.noticeEntry.findMany({
    where: { noticeId: id },
    orderBy: { position: 'asc' },
    skip: (page.page - 1) * page.pageSize,
    take: page.pageSize,
    select: entryColumns,
  });
  return {
    ...summary(row, timeZone),
    entries: entries.map((e) => ({
      entryId: e.entryId,
      name: e.headName,
      villageCode: e.villageCode,
      memberCount: e.memberCount,
      idNumber: maskResidentId(e.headIdNumber),
      phone: e.phone ? maskPhone(e.phone) : null,
      decision: e.decision,
      reason: e.reason,
    })),
    entriesPage: {
      page: page.page,
      pageSize: page.pageSize,
      total: row.entryCount,
      totalPages: Math.ceil(row.entryCount / page.pageSize),
    },
  };
}
