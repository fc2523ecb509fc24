import type { RuleViolation } from '@fupin/localized';
import { DomainError } from '@fupin/service-kit';

/** A broken relocation rule: 422 `relocation.<rule>` naming the field, with the figures in the details. */
export const ruleRefusal = (v: RuleViolation, details?: unknown): DomainError =>
  new DomainError(422, `relocation.${v.rule}`, v.message, v.field, details ?? [v]);

/** The refusals of a relocation case, each naming its field and rule (zh-CN + en). */
export const caseRefusals = {
  notFound: (id: string) =>
    new DomainError(
      404,
      'relocation.case_not_found',
      { 'zh-CN': `未找到搬迁档案 ${id}`, en: `Case ${id} not found` },
      'id',
    ),
  householdNotRegistered: (id: string) =>
    new DomainError(
      422,
      'relocation.household_not_registered',
      {
        'zh-CN': `户 ${id} 不是已登记的建档立卡贫困户，不能纳入搬迁`,
        en: `Household ${id} is not a registered poor household: it cannot enter a relocation plan`,
      },
      'householdId',
    ),
  householdExited: (id: string) =>
    new DomainError(
      422,
      'relocation.household_exited',
      {
        'zh-CN': `户 ${id} 已脱贫退出，不能新纳入搬迁`,
        en: `Household ${id} has exited the register: it cannot enter a relocation plan`,
      },
      'householdId',
    ),
  villageNotDesignated: (villageCode: string) =>
    new DomainError(
      422,
      'relocation.village_not_designated',
      {
        'zh-CN': `村 ${villageCode} 不在搬迁区域内（一方水土养不好一方人）`,
        en: `Village ${villageCode} is not a designated relocation area`,
      },
      'householdId',
    ),
  alreadyOpen: (householdId: string, openCaseId: string | null) =>
    new DomainError(
      409,
      'relocation.case_already_open',
      {
        'zh-CN': `户 ${householdId} 已有未结束的搬迁档案 ${openCaseId ?? ''}（一户一案）`,
        en: `Household ${householdId} already has an open case ${openCaseId ?? ''}`,
      },
      'householdId',
      { openCaseId },
    ),
  consentWithdrawn: (id: string) =>
    new DomainError(
      422,
      'relocation.consent_withdrawn',
      {
        'zh-CN': `搬迁档案 ${id} 已退出，无搬迁意愿不能制定计划`,
        en: `Case ${id} was withdrawn: without consent there is no plan`,
      },
      'id',
    ),
  planClosed: (id: string, status: string) =>
    new DomainError(
      409,
      'relocation.plan_closed',
      {
        'zh-CN': `搬迁档案 ${id} 已进入 ${status} 阶段，计划不能再修改`,
        en: `Case ${id} is at ${status}: its plan can no longer change`,
      },
      'id',
    ),
  personsOverMembers: (persons: number, members: number) =>
    new DomainError(
      422,
      'relocation.persons_over_members',
      {
        'zh-CN': `搬迁人口 ${persons} 人多于登记的家庭成员 ${members} 人`,
        en: `${persons} persons is more than the ${members} registered members`,
      },
      'persons',
      { persons, members },
    ),
  siteUnknown: (code: string) =>
    new DomainError(
      422,
      'relocation.site_unknown',
      { 'zh-CN': `安置点 ${code} 未登记`, en: `Site ${code} is not registered` },
      'siteCode',
    ),
  siteFull: (code: string, figures: { capacity: number; allocated: number }, message: RuleViolation['message']) =>
    new DomainError(409, 'relocation.site_full', message, 'siteCode', {
      siteCode: code,
      capacityHomes: figures.capacity,
      homesAllocated: figures.allocated,
    }),
  alreadyWithdrawn: (id: string) =>
    new DomainError(
      409,
      'relocation.already_withdrawn',
      { 'zh-CN': `搬迁档案 ${id} 已退出`, en: `Case ${id} is already withdrawn` },
      'id',
    ),
  withdrawAfterMoveIn: (id: string) =>
    new DomainError(
      422,
      'relocation.withdraw_after_move_in',
      {
        'zh-CN': `搬迁档案 ${id} 已搬迁入住，不能再退出`,
        en: `Case ${id} has moved in: withdrawal is possible only until move-in`,
      },
      'id',
    ),
};
