import type { z } from 'zod';
import type { LocalizedMessage } from './errors';

/**
 * Validation messages whole in both languages. zod writes English only (and its zh-CN locale leaves type
 * and origin names in English), so the platform writes its own message for each kind of issue, and a
 * schema that needs a message of its own gives both texts with `bilingual()`.
 */

const MARK = '{"zh-CN":';

/** A schema's own message in both languages, e.g. `.regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code'))`. */
export function bilingual(zh: string, en: string): string {
  return JSON.stringify({ 'zh-CN': zh, en });
}

function decodeBilingual(message: string): LocalizedMessage | null {
  if (!message.startsWith(MARK)) return null;
  try {
    const m = JSON.parse(message) as LocalizedMessage;
    return typeof m['zh-CN'] === 'string' && typeof m.en === 'string' ? m : null;
  } catch {
    return null;
  }
}

const TYPE_NAMES: Record<string, LocalizedMessage> = {
  string: { 'zh-CN': '文本', en: 'a string' },
  number: { 'zh-CN': '数字', en: 'a number' },
  int: { 'zh-CN': '整数', en: 'an integer' },
  bigint: { 'zh-CN': '整数', en: 'an integer' },
  boolean: { 'zh-CN': '是/否（true 或 false）', en: 'true or false' },
  array: { 'zh-CN': '列表（数组）', en: 'a list (array)' },
  object: { 'zh-CN': '对象', en: 'an object' },
  date: { 'zh-CN': '日期', en: 'a date' },
  null: { 'zh-CN': '空值', en: 'null' },
};

function typeName(t: unknown): LocalizedMessage {
  return TYPE_NAMES[String(t)] ?? { 'zh-CN': String(t), en: String(t) };
}

function received(input: unknown): LocalizedMessage {
  if (input === null) return TYPE_NAMES['null'];
  if (Array.isArray(input)) return TYPE_NAMES['array'];
  if (typeof input === 'number' && !Number.isFinite(input)) return { 'zh-CN': '非有限数', en: 'a non-finite number' };
  return typeName(typeof input);
}

/** The bound of a size issue in the user's words: characters, items, or the value itself. */
function bound(issue: { origin?: string; inclusive?: boolean }, value: unknown, bigger: boolean): LocalizedMessage {
  const n = String(value);
  const inclusive = issue.inclusive !== false;
  const zhCompare = bigger ? (inclusive ? '不能超过' : '须小于') : inclusive ? '不能少于' : '须大于';
  const enCompare = bigger ? (inclusive ? 'at most' : 'less than') : inclusive ? 'at least' : 'more than';
  switch (issue.origin) {
    case 'string':
      return { 'zh-CN': `长度${zhCompare} ${n} 个字符`, en: `must have ${enCompare} ${n} characters` };
    case 'array':
    case 'set':
      return { 'zh-CN': `项数${zhCompare} ${n} 项`, en: `must have ${enCompare} ${n} items` };
    case 'file':
      return { 'zh-CN': `大小${zhCompare} ${n} 字节`, en: `must be ${enCompare} ${n} bytes` };
    default: {
      const zh = bigger ? (inclusive ? `不能大于 ${n}` : `须小于 ${n}`) : inclusive ? `不能小于 ${n}` : `须大于 ${n}`;
      return { 'zh-CN': `数值${zh}`, en: `must be ${enCompare} ${n}` };
    }
  }
}

type Issue = z.core.$ZodIssue & { input?: unknown };

/** The platform's own message for an issue zod reported without a schema-given message. */
export function describeIssue(issue: Issue): LocalizedMessage {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return { 'zh-CN': '为必填项', en: 'is required' };
      return {
        'zh-CN': `应为${typeName(issue.expected)['zh-CN']}，收到的是${received(issue.input)['zh-CN']}`,
        en: `must be ${typeName(issue.expected).en}, not ${received(issue.input).en}`,
      };
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v)).join(' | ');
      return { 'zh-CN': `须为以下之一：${values}`, en: `must be one of ${values}` };
    }
    case 'too_big':
      return bound(issue, issue.maximum, true);
    case 'too_small':
      return bound(issue, issue.minimum, false);
    case 'invalid_format':
      return issue.format === 'regex'
        ? { 'zh-CN': '格式不正确', en: 'has the wrong format' }
        : { 'zh-CN': `格式不正确（应为 ${issue.format}）`, en: `must be a valid ${issue.format}` };
    case 'not_multiple_of':
      return { 'zh-CN': `须为 ${String(issue.divisor)} 的倍数`, en: `must be a multiple of ${String(issue.divisor)}` };
    case 'unrecognized_keys':
      return {
        'zh-CN': `含有不认识的字段：${issue.keys.join('、')}`,
        en: `has unknown fields: ${issue.keys.join(', ')}`,
      };
    case 'invalid_union':
      return { 'zh-CN': '不符合任何一种允许的形式', en: 'matches none of the allowed shapes' };
    case 'invalid_key':
      return { 'zh-CN': '含有无效的键', en: 'has an invalid key' };
    case 'invalid_element':
      return { 'zh-CN': '含有无效的值', en: 'has an invalid value' };
    default:
      return { 'zh-CN': '无效', en: 'is invalid' };
  }
}

/** Marks messages zod would have written itself, so a schema's own English-only message can be told apart. */
export const PLATFORM_MESSAGE = '\u0000platform-message';

/**
 * An issue's message in both languages: a `bilingual()` message as given; zod's own (marked by
 * PLATFORM_MESSAGE at parse time) in the platform's words; a schema's English-only message with the
 * platform's Chinese for that kind of issue.
 */
export function issueMessage(issue: Issue): LocalizedMessage {
  const given = decodeBilingual(issue.message);
  if (given) return given;
  const own = describeIssue(issue);
  if (issue.message === PLATFORM_MESSAGE) return own;
  return { 'zh-CN': own['zh-CN'], en: issue.message };
}
