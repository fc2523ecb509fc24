import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

export const REPAYMENT_KINDS = ['equal_instalment', 'interest_quarterly'] as const;

/** `POST /loans/schedule/preview`: the schedule of a microcredit loan (扶贫小额信贷), computed, nothing stored. */
export const schedulePreviewBody = z
  .object({
    principalFen: z
      .number()
      .int(bilingual('须为整数（分）', 'must be whole fen'))
      .min(1)
      .max(100_000_000)
      .meta({ description: 'the principal in fen (5,000,000 = 50,000 yuan)' }),
    annualRateBp: z
      .number()
      .int(bilingual('须为整数基点', 'must be whole basis points'))
      .min(0)
      .max(10_000)
      .meta({ description: 'the yearly rate in basis points (435 = 4.35 %, the benchmark rate)' }),
    termMonths: z.number().int().min(1).max(360),
    repayment: z.enum(REPAYMENT_KINDS).meta({
      description:
        'equal_instalment 等额本息 (monthly, on the disbursement day of month, clamped) or interest_quarterly 按季结息、到期还本 (interest on the 20th of Mar/Jun/Sep/Dec and at maturity, ACT/360)',
    }),
    disbursedOn: z.iso.date(bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date')),
  })
  .strict();
export type SchedulePreviewInput = z.output<typeof schedulePreviewBody>;

export const scheduleView = z
  .object({
    instalments: z.array(
      z.object({
        dueOn: z.iso.date(),
        principalFen: z.number().int(),
        interestFen: z.number().int(),
      }),
    ),
    totalInterestFen: z.number().int(),
  })
  .meta({
    id: 'LoanSchedule',
    description: 'The instalments, half-up to the fen; principals sum to the principal exactly',
  });
