import type { RuleViolation } from '@fupin/localized';
import { DomainError } from '@fupin/service-kit';

/** A broken industry rule: 422 `industry.<rule>` naming the field, with every violation in the details. */
export const ruleRefusal = (v: RuleViolation, details?: unknown): DomainError =>
  new DomainError(422, `industry.${v.rule}`, v.message, v.field, details ?? [v]);

/** The refusals of the partners feature, each naming its field and rule (zh-CN + en). */
export const partnerRefusals = {
  creditCodeTaken: (code: string) =>
    new DomainError(
      409,
      'industry.credit_code_taken',
      { 'zh-CN': `统一社会信用代码 ${code} 已登记`, en: `Credit code ${code} is already registered` },
      'creditCode',
    ),
  notFound: (id: string) =>
    new DomainError(
      404,
      'industry.partner_not_found',
      { 'zh-CN': `未找到经营主体 ${id}`, en: `Partner ${id} not found` },
      'id',
    ),
};
