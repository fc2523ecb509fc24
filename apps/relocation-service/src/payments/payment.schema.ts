import { z } from 'zod';
import { RELOCATION_TRANCHE_MILESTONES } from '@fupin/contracts';
import { bilingual } from '@fupin/service-kit';

export const milestoneParam = z.enum(RELOCATION_TRANCHE_MILESTONES);
export type TrancheMilestone = z.output<typeof milestoneParam>;

/** `POST /cases/:id/tranches/:milestone/pay`: the county office pays a tranche under its payment reference. */
export const payBody = z
  .object({
    paymentRef: z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9._:-]{4,64}$/,
        bilingual('须为4–64位字母、数字或 ._:-', 'must be 4–64 letters, digits or ._:-'),
      )
      .meta({ description: 'the treasury payment reference (支付凭证号): pays one tranche, once' }),
  })
  .strict();

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
