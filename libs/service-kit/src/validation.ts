import type { z } from 'zod';
import { DomainError } from './errors';

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
