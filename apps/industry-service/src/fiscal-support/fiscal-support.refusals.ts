import { DomainError } from '@fupin/service-kit';

/** The refusals of the fiscal support feature not the pure rules' own, each naming its field and rule (zh-CN + en). */
export const fiscalRefusals = {
  notFound: (id: string) =>
    new DomainError(
      404,
      'industry.fiscal_support_not_found',
      { 'zh-CN': `未找到财政扶持记录 ${id}`, en: `Fiscal support ${id} not found` },
      'id',
    ),
  catalogueNotFound: (county: string, year: number) =>
    new DomainError(
      404,
      'industry.fiscal_catalogue_not_found',
      { 'zh-CN': `${county} 尚未制定${year}年度扶持目录`, en: `County ${county} has no catalogue for ${year}` },
      'year',
    ),
  catalogueMissing: (county: string, year: number) =>
    new DomainError(
      422,
      'industry.catalogue_missing',
      {
        'zh-CN': `${county} 尚未制定${year}年度扶持目录，无法定价`,
        en: `County ${county} has no catalogue for ${year} to price from`,
      },
      'catalogueYear',
    ),
  householdNotFound: (id: string) =>
    new DomainError(
      404,
      'industry.household_not_found',
      { 'zh-CN': `未找到在册贫困户 ${id}`, en: `registered household ${id} not found` },
      'householdId',
    ),
  householdNotRegistered: (id: string) =>
    new DomainError(
      422,
      'industry.registered_household',
      { 'zh-CN': `农户 ${id} 不是在册贫困户`, en: `household ${id} is not a registered poor household` },
      'householdId',
    ),
  dateInFuture: (field: string, value: string, today: string) =>
    new DomainError(
      422,
      'industry.date_in_future',
      { 'zh-CN': `${field} ${value} 不得晚于今天 ${today}`, en: `${field} ${value} may not be after today ${today}` },
      field,
    ),
  signedBeforeDecision: (signedOn: string, decidedOn: string) =>
    new DomainError(
      422,
      'industry.delivery_before_decision',
      {
        'zh-CN': `签收日 ${signedOn} 不得早于扶持决定日 ${decidedOn}`,
        en: `signedOn ${signedOn} may not be before the support was decided (${decidedOn})`,
      },
      'signedOn',
    ),
  alreadyDelivered: (id: string, signedOn: string, documentRef: string) =>
    new DomainError(
      409,
      'industry.fiscal_already_delivered',
      {
        'zh-CN': `财政扶持 ${id} 已于 ${signedOn} 签收（${documentRef}），不能再次签收`,
        en: `fiscal support ${id} was delivered on ${signedOn} (${documentRef}); it is delivered once`,
      },
      'id',
      { signedOn, documentRef },
    ),
  notDelivered: (id: string) =>
    new DomainError(
      409,
      'industry.fiscal_not_delivered',
      {
        'zh-CN': `财政扶持 ${id} 尚未交付签收，不能核查成活`,
        en: `fiscal support ${id} is not delivered yet: nothing to check for survival`,
      },
      'id',
    ),
  alreadyChecked: (id: string, checkedOn: string) =>
    new DomainError(
      409,
      'industry.survival_already_checked',
      {
        'zh-CN': `财政扶持 ${id} 已于 ${checkedOn} 完成成活核查`,
        en: `fiscal support ${id} was checked for survival on ${checkedOn}; it is checked once`,
      },
      'id',
      { checkedOn },
    ),
};
