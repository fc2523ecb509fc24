/**
 * Public notices (公示/公告), served by notice-service on TaskQueues.notice. A procedure's workflow
 * (identification, exit, monitoring) posts a batch of households as one notice, sleeps for the notice
 * period, then closes it; objections filed meanwhile reach the owner workflow as `objection.filed`
 * events (with `ownerWorkflowId`), and the re-examination's outcome is recorded with answerObjection.
 *
 * Types only (plus pure id helpers): workflows import them with `import type` and proxyActivities.
 *
 *   const notices = proxyActivities<NoticeActivities>({
 *     taskQueue: TaskQueues.notice, startToCloseTimeout: '1m',
 *     retry: { nonRetryableErrorTypes: [...NOTICE_REFUSALS] },
 *   });
 *   const noticeId = uuid4();                       // deterministic in the workflow (replay-safe)
 *   const { closesAt } = await notices.openNotice({ noticeId, ..., durationSeconds, ownerWorkflowId: workflowInfo().workflowId });
 *   await sleep(durationSeconds * 1000);            // the notice period (configuration; seconds in tests)
 *   const { objections } = await notices.closeNotice({ noticeId });
 */

/** 村级公示 / 乡镇公示 / 县级公告 */
export type NoticeKind = 'village_notice' | 'township_notice' | 'county_announcement';

export type NoticeProcedure = 'identification' | 'exit' | 'monitoring' | 'industry';

/**
 * One household listed on a notice. ID number and phone are kept in full inside notice-service and
 * masked (`4305**********123X`, `138****5678`) on every public read.
 */
export interface NoticeEntryInput {
  /** The household id (uuid); objections name it as `entryId`/`householdId`. */
  entryId: string;
  headName: string;
  /** 18-character resident ID number of the head of household. */
  headIdNumber: string;
  phone?: string;
  /** 12-digit village code; inside the notice's division. */
  villageCode: string;
  memberCount: number;
  /** What is announced for the household, e.g. 拟纳入贫困户 / 拟退出 (shown to the public). */
  decision: string;
  /** Why (shown to the public). */
  reason: string;
}

export interface OpenNoticeInput {
  /** uuid chosen by the caller, deterministic in the workflow (uuid4() from @temporalio/workflow). */
  noticeId: string;
  kind: NoticeKind;
  procedure: NoticeProcedure;
  /**
   * Where the notice is posted: a village notice needs a 12-digit village code; township notices and county
   * announcements a county (6), township (9) or village (12) code. Every entry's village lies inside it.
   */
  divisionCode: string;
  title: { 'zh-CN': string; en: string };
  /** 1 to 5,000 households. */
  entries: NoticeEntryInput[];
  /** The notice period in whole seconds (configuration: 7 days = 604800; tests use seconds). */
  durationSeconds: number;
  /** The workflow that owns the notice; objection events carry it so the right procedure is woken. */
  ownerWorkflowId: string;
}

/** Who signed an answer (谁签字谁负责): a township reviewer or county approver whose jurisdiction covers the notice. */
export interface NoticeSigner {
  subject: string;
  role: string;
  jurisdiction: string;
}

/** An objection as the closing reports it: the owner handles any it has not heard of yet (events can lag). */
export interface FiledObjection {
  objectionId: string;
  /** The household objected to, or null for the notice as a whole. */
  entryId: string | null;
  text: string;
}

export interface NoticeActivities {
  /**
   * Store and open the notice (audit + notice.opened). Idempotent by noticeId: a retry returns the same
   * times; the same noticeId with different content is refused (NoticeConflict).
   */
  openNotice(input: OpenNoticeInput): Promise<{ noticeId: string; openedAt: string; closesAt: string }>;
  /**
   * Close the notice (audit + notice.closed); objections are refused from then on. Idempotent: a retry
   * returns the first closing. `objections` counts those filed while it was open.
   */
  closeNotice(input: { noticeId: string }): Promise<{ closedAt: string; objections: number; filed?: FiledObjection[] }>;
  /**
   * Record the re-examination's answer to an objection (audit + objection.resolved); the objector reads it
   * by receipt code. Idempotent: the same answer again is a no-op; a different answer to an answered
   * objection is refused (ObjectionAlreadyAnswered).
   */
  answerObjection(input: {
    objectionId: string;
    outcome: 'upheld' | 'dismissed';
    reason: string;
    answeredBy: NoticeSigner;
  }): Promise<void>;
}

/**
 * Error types the notice activities throw as non-retryable (ApplicationFailure.type): retrying cannot
 * help, so workflows list them in `nonRetryableErrorTypes` and handle them.
 */
export const NOTICE_REFUSALS = [
  'NoticeInputInvalid',
  'NoticeConflict',
  'NoticeNotFound',
  'ObjectionNotFound',
  'ObjectionAlreadyAnswered',
  'SignerNotAllowed',
] as const;
export type NoticeRefusal = (typeof NOTICE_REFUSALS)[number];

/** Workflow id for a workflow that runs one notice on its own (e.g. as a child of a procedure). */
export function noticeWorkflowId(noticeId: string): string {
  return `notice:${noticeId}`;
}
