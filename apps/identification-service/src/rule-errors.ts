import type { RuleViolation } from '@fupin/identification-rules';
import { DomainError } from '@fupin/service-kit';

/** Broken domain rules → one 400 naming the first field and rule, every violation in the details. */
export function violationsError(violations: readonly RuleViolation[], fieldPrefix = ''): DomainError {
  const first = violations[0];
  const field = `${fieldPrefix}${first.field}`;
  return new DomainError(400, `rule.${first.rule}`, { 'zh-CN': `字段 ${field}：${first.message['zh-CN']}`, en: `Field ${field}: ${first.message.en}` }, field,
    violations.map((v) => ({ field: `${fieldPrefix}${v.field}`, rule: v.rule, message: v.message })));
}

export function householdNotFound(id: string): DomainError {
  return new DomainError(404, 'household.not_found', { 'zh-CN': `未找到户 ${id}`, en: `Household ${id} not found` }, 'id');
}
