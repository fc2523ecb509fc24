import { PLATFORM_MESSAGE, type ServiceRuntime, issueMessage } from '@fupin/service-kit';
import { type NoticeActivities, refusalFailure } from '@fupin/workflows';
import type { z } from 'zod';
import type { NoticeConfig } from '../config';
import { noticeDb } from '../db';
import { NoticeRepository } from './notice.repository';
import { answerObjectionInput, noticeIdParam, openNoticeInput } from './notice.schema';
import { ObjectionRepository } from './objection.repository';
import { NoticeRefusal, type RefusedCall, noticeRefusal } from './refusal';

/**
 * Validate an activity input; a bad one is a refusal (retrying the same input cannot help), naming the field:
 * 400 NoticeInputInvalid, every problem (field, rule, message in both languages) in its data.
 */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input, { reportInput: true, error: () => PLATFORM_MESSAGE });
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({
    field: i.path.join('.') || '(input)',
    rule: i.code,
    message: issueMessage(i),
  }));
  const { field, message } = issues[0];
  throw refusalFailure({
    code: 'NoticeInputInvalid',
    status: 400,
    field,
    message: { 'zh-CN': `字段 ${field} 无效：${message['zh-CN']}`, en: `${field}: ${message.en}` },
    data: issues,
  });
}

/**
 * Refusals become typed non-retryable failures of their type (`refusalFailure`, read by `readRefusal`); anything
 * else (database down …) is retried by Temporal.
 */
async function refusalsAsFailures<T>(about: RefusedCall, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NoticeRefusal) throw refusalFailure(noticeRefusal(e, about));
    throw e;
  }
}

/**
 * Activities served on the notice task queue (only this service writes its tables). Each is idempotent by its
 * business key, so Temporal's retries and a worker restart mid-call are harmless; they need no activity context
 * and can be called directly (tests, tools).
 */
export function noticeActivities(runtime: ServiceRuntime<NoticeConfig>): NoticeActivities {
  const db = noticeDb(runtime);
  const notices = new NoticeRepository(db);
  const objections = new ObjectionRepository(db);
  return {
    openNotice: (input) =>
      refusalsAsFailures({ noticeId: input?.noticeId }, () => notices.open(parse(openNoticeInput, input))),
    closeNotice: (input) =>
      refusalsAsFailures({ noticeId: input?.noticeId }, () => notices.close(parse(noticeIdParam, input?.noticeId))),
    answerObjection: (input) =>
      refusalsAsFailures({ objectionId: input?.objectionId, answeredBy: input?.answeredBy }, () =>
        objections.answer(parse(answerObjectionInput, input)),
      ),
  };
}
