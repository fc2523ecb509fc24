import type { ServiceRuntime } from '@fupin/service-kit';
import { businessRefusal } from '@fupin/workflow-runtime';
import type { NoticeActivities } from '@fupin/workflows';
import type { z } from 'zod';
import type { NoticeConfig } from '../config';
import { noticeDb } from '../db';
import { NoticeRepository } from './notice.repository';
import { answerObjectionInput, noticeIdParam, openNoticeInput } from './notice.schema';
import { ObjectionRepository } from './objection.repository';
import { NoticeRefusal } from './refusal';

/** Validate an activity input; a bad one is a refusal (retrying the same input cannot help), naming the field. */
function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((i) => ({ field: i.path.join('.') || '(input)', message: i.message }));
  throw new NoticeRefusal('NoticeInputInvalid', `${issues[0].field}: ${issues[0].message}`, issues);
}

/** Refusals become non-retryable failures of their type; anything else (database down …) is retried by Temporal. */
async function refusalsAsFailures<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NoticeRefusal) throw businessRefusal(e.type, e.message, e.details);
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
    openNotice: (input) => refusalsAsFailures(() => notices.open(parse(openNoticeInput, input))),
    closeNotice: (input) => refusalsAsFailures(() => notices.close(parse(noticeIdParam, input?.noticeId))),
    answerObjection: (input) => refusalsAsFailures(() => objections.answer(parse(answerObjectionInput, input))),
  };
}
