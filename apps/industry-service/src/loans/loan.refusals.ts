import type { LoanStep } from '@fupin/industry-rules';
import { DomainError } from '@fupin/service-kit';

/** The refusals of the loans feature that are not the procedure's own, each naming its field and rule. */
export const loanRefusals = {
  notFound: (id: string) =>
    new DomainError(404, 'industry.loan_not_found', { 'zh-CN': `未找到贷款 ${id}`, en: `Loan ${id} not found` }, 'id'),
  householdNotRegistered: (id: string) =>
    new DomainError(
      422,
      'industry.registered_household',
      { 'zh-CN': `农户 ${id} 不是在册贫困户`, en: `household ${id} is not a registered poor household` },
      'householdId',
    ),
  borrowerNotMember: (householdId: string) =>
    new DomainError(
      422,
      'industry.borrower_member',
      {
        'zh-CN': `借款人须为农户 ${householdId} 的家庭成员`,
        en: `the borrower must be a member of household ${householdId}`,
      },
      'borrowerIdNumber',
    ),
  secondActiveLoan: (loanId: string) =>
    new DomainError(
      409,
      'industry.active_loan',
      {
        'zh-CN': `该户已有未结清的扶贫小额信贷（${loanId}），不能再申请`,
        en: `the household already has an active microcredit loan (${loanId})`,
      },
      'householdId',
      { loanId },
    ),
  closed: (id: string, step: LoanStep) =>
    new DomainError(
      409,
      'industry.loan_closed',
      { 'zh-CN': `贷款 ${id} 已办结（${step}）`, en: `loan ${id} is closed (${step})` },
      'id',
    ),
  notServicing: (id: string) =>
    new DomainError(
      409,
      'industry.loan_not_disbursed',
      {
        'zh-CN': `贷款 ${id} 尚未放款或已结清，不能记录还款`,
        en: `loan ${id} is not being repaid (not disbursed, or repaid)`,
      },
      'id',
    ),
  repaymentRefTaken: (bankRef: string) =>
    new DomainError(
      409,
      'industry.repayment_ref_taken',
      {
        'zh-CN': `还款凭证 ${bankRef} 已记录为另一笔还款`,
        en: `repayment reference ${bankRef} was recorded for a different repayment`,
      },
      'bankRef',
    ),
  paidOnOutOfRange: (paidOn: string, from: string, to: string) =>
    new DomainError(
      422,
      'industry.repayment_date',
      { 'zh-CN': `还款日${paidOn}须在${from}至${to}之间`, en: `paidOn ${paidOn} must be between ${from} and ${to}` },
      'paidOn',
    ),
  appliedInFuture: (appliedOn: string, today: string) =>
    new DomainError(
      422,
      'industry.date_in_future',
      {
        'zh-CN': `申请日${appliedOn}不得晚于今天${today}`,
        en: `appliedOn ${appliedOn} may not be after today ${today}`,
      },
      'appliedOn',
    ),
  quarterNotEnded: (quarter: string) =>
    new DomainError(
      422,
      'industry.quarter_not_ended',
      {
        'zh-CN': `${quarter}尚未结束，不能计算贴息`,
        en: `${quarter} has not ended: its subsidy cannot be computed yet`,
      },
      'quarter',
    ),
};
