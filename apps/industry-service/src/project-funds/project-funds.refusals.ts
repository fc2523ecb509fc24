import { DomainError } from '@fupin/service-kit';

/** The refusals of the project funds feature, each naming its field and rule (zh-CN + en). */
export const fundsRefusals = {
  noPartner: (projectId: string) =>
    new DomainError(
      422,
      'industry.partner_required',
      {
        'zh-CN': `项目 ${projectId} 未登记经营主体，资金无处拨付`,
        en: `Project ${projectId} has no partner: there is no account to pay`,
      },
      'partnerId',
    ),
  noBeneficiaries: (projectId: string) =>
    new DomainError(
      422,
      'industry.beneficiaries_required',
      { 'zh-CN': `项目 ${projectId} 没有受益户，无法公示`, en: `Project ${projectId} has no beneficiary to notice` },
      'beneficiaries',
    ),
  disbursed: (projectId: string, paymentRef: string | null) =>
    new DomainError(
      409,
      'industry.already_disbursed',
      {
        'zh-CN': `项目 ${projectId} 的资金已拨付（${paymentRef ?? ''}），流程已结束`,
        en: `The funds of project ${projectId} were disbursed (${paymentRef ?? ''}): the procedure is over`,
      },
      'id',
      { paymentRef },
    ),
  notOpened: (projectId: string) =>
    new DomainError(
      404,
      'industry.funds_not_opened',
      {
        'zh-CN': `项目 ${projectId} 的资金流程尚未启动`,
        en: `The funds procedure of project ${projectId} is not open`,
      },
      'id',
    ),
};
