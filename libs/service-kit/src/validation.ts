import type { z } from 'zod';
import { DomainError, type LocalizedMessage } from './errors';

/** Validate a request body; the first problem is reported with its field path, in both languages. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.join('.') || '(body)';
  throw new DomainError(400, 'request.invalid_field', { 'zh-CN': `字段 ${field} 无效：${issue.message}`, en: `Field ${field} is invalid: ${issue.message}` }, field, result.error.issues.map((i) => ({ field: i.path.join('.'), rule: i.code, message: i.message })));
}

export function requireIdempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
    throw new DomainError(400, 'idempotency.key_required', {
      'zh-CN': '创建类请求必须带 Idempotency-Key 请求头（8–128 位字母、数字或 ._:-）',
      en: 'Create requests need an Idempotency-Key header (8–128 letters, digits or ._:-)',
    }, 'Idempotency-Key');
  }
  return key;
}

/** A broken domain rule as the rule libraries report it: the field, the rule's name, the message in both languages. */
export interface RuleViolationLike {
  field: string;
  rule: string;
  message: LocalizedMessage;
}

/** Broken domain rules → one 400 naming the first field and rule, every violation in the details. */
export function violationsError(violations: readonly RuleViolationLike[], fieldPrefix = ''): DomainError {
  const first = violations[0];
  const field = `${fieldPrefix}${first.field}`;
  return new DomainError(400, `rule.${first.rule}`, { 'zh-CN': `字段 ${field}：${first.message['zh-CN']}`, en: `Field ${field}: ${first.message.en}` }, field,
    violations.map((v) => ({ field: `${fieldPrefix}${v.field}`, rule: v.rule, message: v.message })));
}
