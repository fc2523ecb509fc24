import type { RuleViolation } from '@fupin/medical-aid-rules';
import { refusalFailure } from '@fupin/workflows';

/**
 * The claim activities' refusals (报销单), typed (`refusalFailure`): final, bilingual, their status chosen here.
 * The claim workflow does not catch them (it fails, and the claim's state says why); the `details[0]` is what a
 * caller reads with `readRefusal`.
 */

/** The statuses of a claim (报销单), in Chinese. */
const STATUS_ZH: Readonly<Record<string, string>> = {
  entered: '已录入',
  checked: '已核验',
  settled: '已结算',
  rejected: '已驳回',
  paid: '已支付',
};

const statusZh = (status: string) => STATUS_ZH[status] ?? status;

export const claimRefusals = {
  /** The claim's row is gone: its workflow runs for a claim the database does not hold. */
  notFound: (claimId: string) =>
    refusalFailure({
      code: 'claim.not_found',
      status: 409,
      message: { 'zh-CN': `报销单 ${claimId} 不存在`, en: `claim ${claimId} does not exist` },
      data: { claimId },
    }),

  /** No medical policy published for the county and the year of discharge. */
  noPolicy: (claimId: string, countyCode: string, year: number) =>
    refusalFailure({
      code: 'claim.no_policy',
      status: 422,
      message: {
        'zh-CN': `报销单 ${claimId} 无法结算：县 ${countyCode} 没有 ${year} 年度的医保与救助政策`,
        en: `claim ${claimId} cannot be settled: county ${countyCode} has no medical policy for ${year}`,
      },
      data: { claimId, countyCode, year },
    }),

  /** The settlement rules refuse the claim's figures: the first violation named, all of them in the data. */
  notSettleable: (claimId: string, violations: readonly RuleViolation[]) =>
    refusalFailure({
      code: 'claim.not_settleable',
      status: 422,
      field: violations[0].field,
      message: {
        'zh-CN': `报销单 ${claimId} 无法结算：${violations[0].message['zh-CN']}`,
        en: `claim ${claimId} cannot be settled: ${violations[0].message.en}`,
      },
      data: violations,
    }),

  /** A paid claim is never rejected: the hospital has its money. */
  alreadyPaid: (claimId: string) =>
    refusalFailure({
      code: 'claim.already_paid',
      status: 409,
      message: { 'zh-CN': `报销单 ${claimId} 已支付，不能驳回`, en: `claim ${claimId} is already paid` },
      data: { claimId },
    }),

  /** Only a settled claim is paid. */
  notSettled: (claimId: string, status: string) =>
    refusalFailure({
      code: 'claim.not_settled',
      status: 409,
      message: {
        'zh-CN': `报销单 ${claimId} ${statusZh(status)}，尚未结算，不能支付`,
        en: `claim ${claimId} is ${status}, not settled`,
      },
      data: { claimId, status },
    }),
};
