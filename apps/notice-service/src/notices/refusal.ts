import type { NoticeRefusal as RefusalType, NoticeSigner, WorkflowRefusal } from '@fupin/workflows';

/**
 * A refusal of an activity call: retrying cannot help. The activity layer turns it into a typed, non-retryable
 * ApplicationFailure (`refusalFailure(noticeRefusal(…))`) whose type is this `type` (listed in NOTICE_REFUSALS).
 */
export class NoticeRefusal extends Error {
  constructor(
    readonly type: RefusalType,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'NoticeRefusal';
  }
}

/** What the refused activity call was about, for the message in the user's terms. */
export interface RefusedCall {
  noticeId?: string;
  objectionId?: string;
  answeredBy?: NoticeSigner;
}

/**
 * A notice refusal as the typed refusal the workflows' callers read (`readRefusal`): the code stays the refusal's
 * type (NOTICE_REFUSALS, matched by workflows and tests), the status is chosen here, the message given in Chinese
 * too (the repositories write English only), the details kept as the refusal's data.
 */
export function noticeRefusal(e: NoticeRefusal, about: RefusedCall = {}): WorkflowRefusal {
  const en = e.message;
  const refusal = (status: WorkflowRefusal['status'], zh: string, field?: string): WorkflowRefusal => ({
    code: e.type,
    status,
    message: { 'zh-CN': zh, en },
    ...(field !== undefined ? { field } : {}),
    ...(e.details !== undefined ? { data: e.details } : {}),
  });
  const notice = about.noticeId ?? '';
  const objection = about.objectionId ?? '';
  switch (e.type) {
    case 'NoticeInputInvalid': {
      const field = firstField(e.details);
      return refusal(400, inputProblem(field), field);
    }
    case 'NoticeConflict':
      return refusal(409, `公示 ${notice} 已存在，且内容与本次不同`, 'noticeId');
    case 'NoticeNotFound':
      return refusal(409, `公示 ${notice} 不存在`);
    case 'ObjectionNotFound':
      return refusal(400, `异议 ${objection} 不存在`, 'objectionId');
    case 'ObjectionAlreadyAnswered':
      return refusal(409, `异议 ${objection} 已经答复过，不能改为另一答复`);
    case 'SignerNotAllowed': {
      const by = about.answeredBy ? `${about.answeredBy.role}（${about.answeredBy.jurisdiction}）` : '签字人';
      return refusal(403, `${by}无权答复该异议：须由异议所在区划的乡镇审核人员或县级审批人员答复`);
    }
  }
}

/** The field of the first problem (details `[{ field, message }]`), when there is one. */
function firstField(details: unknown): string | undefined {
  const first = Array.isArray(details) ? (details[0] as { field?: unknown } | undefined) : undefined;
  return typeof first?.field === 'string' ? first.field : undefined;
}

/** A notice's scope problem (`noticeScopeProblems`) or another bad field, in Chinese. */
function inputProblem(field: string | undefined): string {
  if (field === 'divisionCode')
    return '公示的区划代码与公示类型不符：村级公示须为 12 位村代码，乡镇公示与县级公告须为 6、9 或 12 位区划代码';
  const entry = field ? /^entries\.(\d+)\.villageCode$/.exec(field) : null;
  if (entry) return `公示所列第 ${Number(entry[1]) + 1} 户不在公示的区划内`;
  return field ? `公示的字段 ${field} 无效` : '公示的输入无效';
}
