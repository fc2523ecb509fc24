import { DomainError } from '@fupin/service-kit';

/** The refusals of the sites feature, each naming its field and rule (zh-CN + en). */
export const siteRefusals = {
  codeTaken: (code: string) =>
    new DomainError(
      409,
      'relocation.site_code_taken',
      { 'zh-CN': `安置点编码 ${code} 已被使用`, en: `Site code ${code} is already registered` },
      'code',
    ),
  notFound: (code: string) =>
    new DomainError(
      404,
      'relocation.site_not_found',
      { 'zh-CN': `未找到安置点 ${code}`, en: `Site ${code} not found` },
      'code',
    ),
};
