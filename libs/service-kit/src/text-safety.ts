import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { DomainError } from './errors';

/**
 * Text that PostgreSQL can store and people can read: no NUL and no other control character except tab and
 * line breaks. Checked once for every JSON body, query string and path parameter of every service (a global
 * pipe), so no handler can forget it and the database never answers 22021 to a user.
 */
export const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** The path of the first string (or object key) holding a control character, else null. */
export function findControlCharacter(value: unknown, path: string[] = [], depth = 0): string[] | null {
  if (typeof value === 'string') return CONTROL_CHARACTER.test(value) ? path : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [String(i), v])
    : Object.entries(value);
  for (const [key, child] of entries) {
    if (CONTROL_CHARACTER.test(key)) return [...path, key.replace(CONTROL_CHARACTER, '?')];
    const found = findControlCharacter(child, [...path, key], depth + 1);
    if (found) return found;
  }
  return null;
}

export function controlCharacterError(field: string): DomainError {
  return new DomainError(
    400,
    'request.control_character',
    {
      'zh-CN': `字段 ${field} 含有控制字符（如 NUL \\u0000），请删除后重试`,
      en: `Field ${field} contains a control character (such as NUL \\u0000); remove it and try again`,
    },
    field,
  );
}

const CHECKED = new Set(['body', 'query', 'param']);

/** Global pipe: refuses a body, query or path parameter that holds a control character (400 naming the field). */
@Injectable()
export class ControlCharacterPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (!CHECKED.has(metadata.type) || Buffer.isBuffer(value)) return value;
    const found = findControlCharacter(value, metadata.data ? [metadata.data] : []);
    if (found) throw controlCharacterError(found.join('.') || (metadata.type === 'body' ? '(body)' : metadata.type));
    return value;
  }
}
