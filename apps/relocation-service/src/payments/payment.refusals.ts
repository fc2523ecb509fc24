import { DomainError } from '@fupin/service-kit';

/** The refusals of a tranche payment, each naming its field and rule (zh-CN + en). */
export const paymentRefusals = {
  caseNotFound: (id: string) =>
    new DomainError(
      404,
      'relocation.case_not_found',
      { 'zh-CN': `未找到搬迁档案 ${id}`, en: `Case ${id} not found` },
      'id',
    ),
  notInPlan: (milestone: string) =>
    new DomainError(
      422,
      'relocation.milestone_not_in_plan',
      {
        'zh-CN': `搬迁计划中没有 ${milestone} 这一期补助（尚无计划，或安置方式不同）`,
        en: `The plan has no ${milestone} tranche (no plan yet, or another mode)`,
      },
      'milestone',
    ),
  stopped: (milestone: string) =>
    new DomainError(
      409,
      'relocation.tranche_stopped',
      {
        'zh-CN': `${milestone} 期补助已因退出搬迁而停止拨付`,
        en: `The ${milestone} tranche was stopped: the household withdrew`,
      },
      'milestone',
    ),
  outOfOrder: (milestone: string, unpaid: number) =>
    new DomainError(
      422,
      'relocation.milestone_out_of_order',
      {
        'zh-CN': `${milestone} 期之前还有 ${unpaid} 期补助未拨付，须按节点顺序拨付`,
        en: `${unpaid} earlier tranche(s) are not paid yet: tranches are paid in milestone order`,
      },
      'milestone',
      { unpaidBefore: unpaid },
    ),
  referenceUsed: (paymentRef: string) =>
    new DomainError(
      409,
      'relocation.payment_ref_used',
      {
        'zh-CN': `支付凭证号 ${paymentRef} 已用于另一笔拨付`,
        en: `Payment reference ${paymentRef} already paid another tranche`,
      },
      'paymentRef',
    ),
};

/** A unique violation (SQLSTATE 23505) behind a pg or Prisma error: the payment reference was taken meanwhile. */
export function isUniqueViolation(e: unknown): boolean {
  for (let x = e, depth = 0; x && typeof x === 'object' && depth < 5; x = (x as { cause?: unknown }).cause, depth++) {
    const { code, message, meta } = x as {
      code?: unknown;
      message?: unknown;
      meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
    };
    if (code === '23505' || code === 'P2002' || meta?.driverAdapterError?.cause?.originalCode === '23505') return true;
    if (code === 'P2010' && typeof message === 'string' && message.includes('23505')) return true;
  }
  return false;
}
