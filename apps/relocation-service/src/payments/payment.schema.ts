import { z } from 'zod';
import { RELOCATION_TRANCHE_MILESTONES } from '@fupin/contracts';

export const milestoneParam = z.enum(RELOCATION_TRANCHE_MILESTONES);
export type TrancheMilestone = z.output<typeof milestoneParam>;

export const paymentView = z
  .object({
    caseId: z.uuid(),
    milestone: milestoneParam,
    amountFen: z.number().int().meta({ description: 'in fen (分)' }),
    paymentRef: z.string(),
    paidAt: z.iso.datetime(),
    paidBy: z.string().meta({ description: 'subject of the officer who paid it' }),
  })
  .meta({ id: 'RelocationPayment', description: 'A subsidy tranche paid (补助资金拨付), exactly once' });
export type PaymentView = z.output<typeof paymentView>;
