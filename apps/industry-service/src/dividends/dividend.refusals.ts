import type { DividendRefusal } from '@fupin/industry-rules';
import { DomainError } from '@fupin/service-kit';

/** HTTP status of the rules library's payment refusals: twice is a conflict, the rest is bad input. */
const PAYMENT_STATUS: Record<string, number> = { dividend_already_recorded: 409 };

/** The refusals of the dividends feature, each naming its field and rule (zh-CN + en). */
export const dividendRefusals = {
  notFound: (id: string) =>
    new DomainError(
      404,
      'industry.dividend_contract_not_found',
      { 'zh-CN': `未找到入股分红合同 ${id}`, en: `Dividend contract ${id} not found` },
      'id',
    ),
  householdNotRegistered: (householdId: string) =>
    new DomainError(
      422,
      'industry.household_not_registered',
      { 'zh-CN': `农户 ${householdId} 不是在册贫困户`, en: `Household ${householdId} is not a registered household` },
      'householdId',
    ),
  /** recordDividendPayment's refusal (`dividend_already_recorded` carries the first record). */
  payment: (r: DividendRefusal) =>
    new DomainError(
      PAYMENT_STATUS[r.rule] ?? 422,
      `industry.${r.rule}`,
      r.message,
      r.field,
      r.recorded ? { recorded: r.recorded } : undefined,
    ),
};
