import { DomainError } from '@fupin/service-kit';

/** The refusals of the projects feature, each naming its field and rule (zh-CN + en). */
export const projectRefusals = {
  notFound: (id: string) =>
    new DomainError(
      404,
      'industry.project_not_found',
      { 'zh-CN': `未找到产业项目 ${id}`, en: `Project ${id} not found` },
      'id',
    ),
  partnerUnknown: (id: string) =>
    new DomainError(
      422,
      'industry.partner_unknown',
      { 'zh-CN': `经营主体 ${id} 未登记`, en: `Partner ${id} is not registered` },
      'partnerId',
    ),
  partnerOfAnotherCounty: (id: string, county: string) =>
    new DomainError(
      422,
      'industry.partner_other_county',
      { 'zh-CN': `经营主体 ${id} 不属于本县（${county}）`, en: `Partner ${id} is not of county ${county}` },
      'partnerId',
    ),
  beneficiaryRepeated: (householdId: string) =>
    new DomainError(
      400,
      'industry.beneficiary_repeated',
      { 'zh-CN': `受益户 ${householdId} 重复列出`, en: `Household ${householdId} is listed twice` },
      'beneficiaries',
    ),
  beneficiariesNotEligible: (householdIds: string[], divisionCode: string) =>
    new DomainError(
      422,
      'industry.beneficiary_not_registered',
      {
        'zh-CN': `以下农户不是本${divisionCode.length === 12 ? '村' : '乡镇'}在册贫困户：${householdIds.join('、')}`,
        en: `not registered poor households of ${divisionCode}: ${householdIds.join(', ')}`,
      },
      'beneficiaries',
      householdIds,
    ),
};
