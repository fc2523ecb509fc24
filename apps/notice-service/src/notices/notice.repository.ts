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
import { type SqlExecutor, type TransactionalClient, requestHash } from '@fupin/persistence';
import type { NoticeKind, NoticeProcedure } from '@fupin/workflows';
import type { OpenNotice } from './notice.schema';
import { NoticeRefusal } from './refusal';

export interface NoticeRow {
  id: string;
  kind: NoticeKind;
  procedure: NoticeProcedure;
  division_code: string;
  title_zh: string;
  title_en: string;
  duration_seconds: number;
  owner_workflow_id: string;
  input_hash: string;
  entry_count: number;
  opens_at: Date;
  closes_at: Date;
  closed_at: Date | null;
  db_now: Date;
}

const NOTICE_COLUMNS = `n.id::text AS id, n.kind::text AS kind, n.procedure::text AS procedure, n.division_code, n.title_zh, n.title_en,
  n.duration_seconds, n.owner_workflow_id, n.input_hash, n.entry_count, n.opens_at, n.closes_at, n.closed_at, now() AS db_now`;

const iso = (d: Date | string) => new Date(d).toISOString();

/** The system actor of the procedure that owns a notice (opening and closing are the workflow's acts). */
const workflowActor = (ownerWorkflowId: string) => `workflow:${ownerWorkflowId}`;

export const KIND_LABELS: Record<NoticeKind, { 'zh-CN': string; en: string }> = {
  village_notice: { 'zh-CN': '村级公示', en: 'Village notice' },
  township_notice: { 'zh-CN': '乡镇公示', en: 'Township notice' },
  county_announcement: { 'zh-CN': '县级公告', en: 'County announcement' },
};

export async function loadNotice(
  db: SqlExecutor,
  id: string,
  lock: '' | 'FOR SHARE' | 'FOR UPDATE' = '',
): Promise<NoticeRow | null> {
  const rows = await db.$queryRawUnsafe<NoticeRow[]>(
    `SELECT ${NOTICE_COLUMNS} FROM notice n WHERE n.id = $1::uuid ${lock}`,
    id,
  );
  return rows[0] ?? null;
}

export function statusOf(row: Pick<NoticeRow, 'opens_at' | 'closes_at' | 'closed_at'>, at: Date): NoticeStatus {
  return noticeStatusAt({ opensAt: row.opens_at, closesAt: row.closes_at, closedAt: row.closed_at }, at);
}

/**
 * Open a notice: notice + entries + audit + notice.opened, in one transaction. Idempotent by id: the same
 * input again returns the first opening's times; the same id with other content is refused.
 */
export async function openNotice(
  db: TransactionalClient,
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
    if (row.input_hash !== hash)
      throw new NoticeRefusal('NoticeConflict', `notice ${input.noticeId} already exists with different content`);
    return { noticeId: row.id, openedAt: iso(row.opens_at), closesAt: iso(row.closes_at) };
  };
  return db.$transaction(async (tx) => {
    const found = await loadNotice(tx, input.noticeId);
    if (found) return existing(found);
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

async function objectionCount(tx: SqlExecutor, noticeId: string): Promise<number> {
  const [{ n }] = await tx.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM objection WHERE notice_id = $1::uuid`,
    noticeId,
  );
  return n;
}

/** Every objection filed while the notice was open (the closing is authoritative; events may still be on their way). */
async function objectionsFiled(
  tx: SqlExecutor,
  noticeId: string,
): Promise<{ objectionId: string; entryId: string | null; text: string }[]> {
  return tx.$queryRawUnsafe(
    `SELECT id::text AS "objectionId", entry_id::text AS "entryId", text FROM objection WHERE notice_id = $1::uuid ORDER BY filed_at, id`,
    noticeId,
  );
}

/**
 * Close a notice: from now on objections are refused. The recorded closing time is the end of the notice
 * period when the procedure closes it late (it stopped accepting objections then), or now when it is closed
 * early. Idempotent: closing again returns the first closing.
 */
export async function closeNotice(
  db: TransactionalClient,
  noticeId: string,
): Promise<{
  closedAt: string;
  objections: number;
  filed: { objectionId: string; entryId: string | null; text: string }[];
}> {
  return db.$transaction(async (tx) => {
    const row = await loadNotice(tx, noticeId, 'FOR UPDATE');
    if (!row) throw new NoticeRefusal('NoticeNotFound', `notice ${noticeId} does not exist`);
    if (row.closed_at) {
      const filed = await objectionsFiled(tx, noticeId);
      return { closedAt: iso(row.closed_at), objections: filed.length, filed };
    }
    const now = new Date(Math.floor(new Date(row.db_now).getTime()));
    const closedAt = iso(now < row.closes_at ? now : row.closes_at);
    await tx.$executeRawUnsafe(`UPDATE notice SET closed_at = $2::timestamptz WHERE id = $1::uuid`, noticeId, closedAt);
    const objections = await objectionCount(tx, noticeId);
    await appendAudit(tx, {
      actorSubject: workflowActor(row.owner_workflow_id),
      actorRole: 'system',
      jurisdiction: row.division_code,
      action: 'notice.close',
      subjectType: 'notice',
      subjectId: noticeId,
      before: { status: statusOf(row, now), closesAt: iso(row.closes_at) },
      after: { status: 'closed', closedAt, objections },
      reason:
        objections === 0
          ? '公示期满，无异议 (notice period ended without objections)'
          : `公示期满，收到异议 ${objections} 件 (notice period ended with ${objections} objection(s))`,
    });
    const event = buildEvent(contracts.noticeClosed, {
      aggregateId: noticeId,
      actor: { system: workflowActor(row.owner_workflow_id) },
      payload: {
        noticeId,
        kind: row.kind,
        procedure: row.procedure,
        divisionCode: row.division_code,
        ownerWorkflowId: row.owner_workflow_id,
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
  const closedAt = row.closed_at ? iso(row.closed_at) : null;
  const status = statusOf(row, new Date(row.db_now));
  return {
    id: row.id,
    kind: row.kind,
    kindLabel: KIND_LABELS[row.kind],
    procedure: row.procedure,
    divisionCode: row.division_code,
    title: { 'zh-CN': row.title_zh, en: row.title_en },
    status,
    acceptsObjections: status === 'open',
    opensAt: iso(row.opens_at),
    closesAt: iso(row.closes_at),
    closedAt,
    display: {
      timeZone,
      opensAt: localDateTime(row.opens_at, timeZone),
      closesAt: localDateTime(row.closes_at, timeZone),
      closedAt: closedAt ? localDateTime(closedAt, timeZone) : null,
    } satisfies DisplayTimes,
    entryCount: row.entry_count,
  };
}
export type NoticeSummary = ReturnType<typeof summary>;

const STATUS_SQL: Record<'open' | 'closed', string> = {
  open: `n.closed_at IS NULL AND n.opens_at <= now() AND n.closes_at > now()`,
  closed: `(n.closed_at IS NOT NULL OR n.closes_at <= now())`,
};

/**
 * Notices listing a household inside `division` (a village sees its village notices and the township
 * and county notices that name its households), newest first.
 */
export async function listNotices(
  db: SqlExecutor,
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

interface EntryRow {
  entry_id: string;
  head_name: string;
  head_id_number: string;
  phone: string | null;
  village_code: string;
  member_count: number;
  decision: string;
  reason: string;
}

/** One notice with a page of its households: name, village, decision and reason; ID number and phone masked. */
export async function publicNotice(
  db: SqlExecutor,
  id: string,
  page: { page: number; pageSize: number },
  timeZone: string,
) {
  const row = await loadNotice(db, id);
  if (!row) return null;
  const entries = await db.$queryRawUnsafe<EntryRow[]>(
    `SELECT entry_id::text AS entry_id, head_name, head_id_number, phone, village_code, member_count, decision, reason
       FROM notice_entry WHERE notice_id = $1::uuid ORDER BY position LIMIT ${page.pageSize} OFFSET ${(page.page - 1) * page.pageSize}`,
    id,
  );
  return {
    ...summary(row, timeZone),
    entries: entries.map((e) => ({
      entryId: e.entry_id,
      name: e.head_name,
      villageCode: e.village_code,
      memberCount: e.member_count,
      idNumber: maskResidentId(e.head_id_number),
      phone: e.phone ? maskPhone(e.phone) : null,
      decision: e.decision,
      reason: e.reason,
    })),
    entriesPage: {
      page: page.page,
      pageSize: page.pageSize,
      total: row.entry_count,
      totalPages: Math.ceil(row.entry_count / page.pageSize),
    },
  };
}
