import { DomainError } from '@fupin/service-kit';

/** The refusals of the menu feature not the pure rules' own, each naming its field and rule (zh-CN + en). */
export const menuRefusals = {
  menuNotFound: (villageCode: string, year: number) =>
    new DomainError(
      404,
      'industry.menu_not_found',
      { 'zh-CN': `村 ${villageCode} 尚无${year}年度扶贫菜单`, en: `Village ${villageCode} has no menu for ${year}` },
      'year',
    ),
  menuMissing: (villageCode: string, year: number) =>
    new DomainError(
      422,
      'industry.menu_missing',
      {
        'zh-CN': `本户所在村 ${villageCode} 尚无${year}年度扶贫菜单，无法点菜`,
        en: `the household's village ${villageCode} has no menu for ${year} to choose from`,
      },
      'year',
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
  labourAboveMembers: (labour: number, members: number) =>
    new DomainError(
      422,
      'industry.labour_members',
      {
        'zh-CN': `劳动力人数 ${labour} 超过家庭人口 ${members}`,
        en: `labourMembers ${labour} is more than the household's ${members} members`,
      },
      'labourMembers',
    ),
  signedInFuture: (signedOn: string, today: string) =>
    new DomainError(
      422,
      'industry.date_in_future',
      {
        'zh-CN': `签字日期 ${signedOn} 不得晚于今天 ${today}`,
        en: `signedOn ${signedOn} may not be after today ${today}`,
      },
      'signature.signedOn',
    ),
  alreadyChosen: (itemIds: string[], year: number) =>
    new DomainError(
      409,
      'industry.item_already_chosen',
      {
        'zh-CN': `本户${year}年度已选择：${itemIds.join('、')}`,
        en: `the household already chose ${itemIds.join(', ')} for ${year}`,
      },
      'itemIds',
      itemIds,
    ),
};
