import { DomainError } from '@fupin/service-kit';

/** Refusals of the case workflow's HTTP side (the workflow's own refusals come back typed from its validators). */
export const caseWorkflowRefusals = {
  noPlan: (id: string) =>
    new DomainError(
      422,
      'relocation.plan_required',
      { 'zh-CN': `搬迁档案 ${id} 尚无搬迁计划，不能报审`, en: `Case ${id} has no plan to submit` },
      'id',
    ),
  notSubmitted: (id: string, status: string) =>
    new DomainError(
      409,
      'relocation.not_submitted',
      {
        'zh-CN': `搬迁档案 ${id} 处于 ${status} 状态，计划尚未报审`,
        en: `Case ${id} is ${status}: its plan has not been submitted`,
      },
      'id',
    ),
  closed: (id: string, status: string) =>
    new DomainError(
      409,
      'relocation.case_closed',
      { 'zh-CN': `搬迁档案 ${id} 已结束（${status}）`, en: `Case ${id} is closed (${status})` },
      'id',
    ),
};
