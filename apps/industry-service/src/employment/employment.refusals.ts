import { DomainError } from '@fupin/service-kit';

/** The refusals of the employment feature not the pure rules' own, each naming its field and rule (zh-CN + en). */
export const employmentRefusals = {
  jobNotFound: (id: string) =>
    new DomainError(404, 'industry.job_not_found', { 'zh-CN': `未找到岗位 ${id}`, en: `Job ${id} not found` }, 'jobId'),
  placementNotFound: (id: string) =>
    new DomainError(
      404,
      'industry.placement_not_found',
      { 'zh-CN': `未找到就业安置记录 ${id}`, en: `Placement ${id} not found` },
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
  notRegisteredMember: (idNumber: string) =>
    new DomainError(
      422,
      'industry.not_registered_member',
      {
        'zh-CN': `身份证号 ${idNumber} 不是在册贫困户的家庭成员`,
        en: `${idNumber} is not a member of a registered poor household`,
      },
      'idNumber',
    ),
  alreadyPlaced: (idNumber: string, jobId: string) =>
    new DomainError(
      409,
      'industry.already_placed',
      { 'zh-CN': `${idNumber} 已安置在岗位 ${jobId}`, en: `${idNumber} is already placed in job ${jobId}` },
      'idNumber',
    ),
  jobFull: (jobId: string, positions: number) =>
    new DomainError(
      409,
      'industry.job_full',
      {
        'zh-CN': `岗位 ${jobId} 的 ${positions} 个名额已满`,
        en: `job ${jobId} has all its ${positions} positions filled`,
      },
      'jobId',
    ),
  wageRecorded: (placementId: string, month: string) =>
    new DomainError(
      409,
      'industry.wage_already_recorded',
      {
        'zh-CN': `${month} 的工资已登记（安置 ${placementId}）`,
        en: `the wage for ${month} is already recorded for placement ${placementId}`,
      },
      'month',
    ),
};
