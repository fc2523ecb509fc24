import type { z } from 'zod';
import type { RuleViolation } from '@fupin/localized';
import { DomainError } from './errors';
import { PLATFORM_MESSAGE, issueMessage } from './messages';

/**
 * Validate a request body, query or parameter; the first problem is reported with its field path (under
 * `field`, the name of the query or path parameter, when given) and a message whole in each language
 * (`issueMessage`), every problem in the details.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown, field?: string): z.infer<S> {
  const result = schema.safeParse(body, { reportInput: true, error: () => PLATFORM_MESSAGE });
  if (result.success) return result.data;
  const fieldOf = (path: PropertyKey[]) =>
    [...(field === undefined ? [] : [field]), ...path.map(String)].join('.') || '(body)';
  const problems = result.error.issues.map((issue) => ({
    field: fieldOf(issue.path),
    rule: issue.code,
    message: issueMessage(issue),
  }));
  const first = problems[0];
  const text = {
    'zh-CN': `字段 ${first.field} 无效：${first.message['zh-CN']}`,
    en: `Field ${first.field} is invalid: ${first.message.en}`,
  };
  throw new DomainError(400, 'request.invalid_field', text, first.field, problems);
}

export function requireIdempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !/^[A-Za-z0-9._:-]{8,128}$/.test(key)) {
    throw new DomainError(
      400,
      'idempotency.key_required',
      {
        'zh-CN': '创建类请求必须带 Idempotency-Key 请求头（8–128 位字母、数字或 ._:-）',
        en: 'Create requests need an Idempotency-Key header (8–128 letters, digits or ._:-)',
      },
      'Idempotency-Key',
    );
  }
  return key;
}

/** Broken domain rules → one 400 naming the first field and rule, every violation in the details. */
export function violationsError(violations: readonly RuleViolation[], fieldPrefix = ''): DomainError {
  const first = violations[0];
  const field = `${fieldPrefix}${first.field}`;
  return new DomainError(
    400,
    `rule.${first.rule}`,
    { 'zh-CN': `字段 ${field}：${first.message['zh-CN']}`, en: `Field ${field}: ${first.message.en}` },
    field,
    violations.map((v) => ({ field: `${fieldPrefix}${v.field}`, rule: v.rule, message: v.message })),
  );
}
