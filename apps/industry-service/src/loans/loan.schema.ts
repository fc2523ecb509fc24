import { z } from 'zod';
import { LOAN_STEPS, NON_PRODUCTION_PURPOSES, PRODUCTION_PURPOSES, isQuarter } from '@fupin/industry-rules';
import { bilingual } from '@fupin/service-kit';
import { REPAYMENT_KINDS, scheduleView } from './loan-schedule.schema';

const day = (description: string) =>
  z.iso.date(bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date')).meta({ description });
const note = (description: string) => z.string().trim().max(2000).meta({ description });
const reference = (description: string) =>
  z.string().trim().min(1, bilingual('须填写凭证编号', 'a reference is required')).max(64).meta({ description });

/** `POST /loans`: a registered household's application (申请), recorded by its village cadre or the county office. */
export const applyLoanBody = z
  .object({
    householdId: z.uuid(),
    borrowerIdNumber: z
      .string()
      .trim()
      .regex(/^\d{17}[\dXx]$/, bilingual('身份证号码须为18位', 'must be an 18-character resident ID number'))
      .meta({
        description: 'the borrower (借款人), a member of the household: the age (18–65) is told from the number',
      }),
    principalFen: z
      .number()
      .int(bilingual('须为整数（分）', 'must be whole fen'))
      .min(1)
      .max(100_000_000)
      .meta({ description: 'the amount, fen: at most 5,000,000 (50,000 yuan)' }),
    termMonths: z.number().int().min(1).max(120).meta({ description: 'the term, months: at most 36' }),
    repayment: z
      .enum(REPAYMENT_KINDS)
      .meta({ description: 'equal_instalment 等额本息 or interest_quarterly 按季结息、到期还本' }),
    purpose: z.enum([...PRODUCTION_PURPOSES, ...NON_PRODUCTION_PURPOSES]).meta({
      description: `the use (用途): production only — ${PRODUCTION_PURPOSES.join(', ')}; ${NON_PRODUCTION_PURPOSES.join(', ')} are refused (422 production_use_only)`,
    }),
    purposeDetail: z.string().trim().min(1).max(500).meta({ description: 'what the money is for, e.g. 养殖肉牛5头' }),
    appliedOn: day(
      'the application date (default today, China Standard Time); the borrower’s age is on this day',
    ).optional(),
  })
  .strict();
export type ApplyLoanInput = z.output<typeof applyLoanBody>;

/** 村级审核 / 银行审批 */
export const decisionBody = z
  .object({ approved: z.boolean(), note: note('the reason, required when refused').optional() })
  .strict();
/** 放款 */
export const disbursementBody = z
  .object({
    disbursedOn: day('the value date (放款日): not before the application, not after today'),
    paymentRef: reference('the bank’s disbursement reference (放款凭证号)'),
  })
  .strict();
/** 撤回 */
export const withdrawalBody = z.object({ reason: z.string().trim().min(1).max(2000) }).strict();
/** 挪用认定 */
export const misuseBody = z
  .object({ misuseOn: day('the day misuse was found (认定日)'), note: z.string().trim().min(1).max(2000) })
  .strict();
/** 展期 */
export const extensionBody = z.object({ months: z.number().int().meta({ description: '1–12 months, once' }) }).strict();
/** 还款 (the bank) */
export const repaymentBody = z
  .object({
    amountFen: z.number().int(bilingual('须为整数（分）', 'must be whole fen')).min(1).max(100_000_000),
    bankRef: reference('the bank’s repayment reference: a repayment is recorded once by it'),
    paidOn: day(
      'the day paid (default the loan’s business day): not before the disbursement, not after today',
    ).optional(),
  })
  .strict();
export type RepaymentInput = z.output<typeof repaymentBody>;
/** 贴息: the quarter's subsidy run for the county */
export const subsidyRunBody = z
  .object({
    quarter: z
      .string()
      .refine(isQuarter, bilingual('季度须为 YYYY-Qn（如 2026-Q1）', 'quarter must be YYYY-Qn, e.g. 2026-Q1'))
      .meta({ description: 'the quarter, e.g. 2026-Q1: it must have ended' }),
  })
  .strict();

const entry = z.object({
  event: z.string(),
  from: z.enum(LOAN_STEPS).nullable(),
  to: z.enum(LOAN_STEPS),
  by: z.union([
    z.literal('system'),
    z.object({ subject: z.string(), name: z.string().optional(), role: z.string(), jurisdiction: z.string() }),
  ]),
  at: z.iso.datetime(),
  note: z.string().optional(),
});

export const loanView = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  villageCode: z.string(),
  borrowerName: z.string(),
  principalFen: z.number().int(),
  termMonths: z.number().int(),
  extensionMonths: z.number().int(),
  annualRateBp: z.number().int(),
  repayment: z.enum(REPAYMENT_KINDS),
  purpose: z.string(),
  purposeDetail: z.string(),
  appliedOn: z.iso.date(),
  step: z
    .enum(LOAN_STEPS)
    .meta({ description: 'village_check → bank_approval → disbursement → servicing → repaid; or refused / withdrawn' }),
  disbursedOn: z.iso.date().nullable(),
  paymentRef: z.string().nullable(),
  misuseOn: z.iso.date().nullable(),
  repaidOn: z.iso.date().nullable(),
  businessDay: z.iso.date().meta({ description: "the loan's day (China Standard Time) the status is told on" }),
  status: z
    .object({
      status: z.enum(['current', 'arrears']),
      arrearsFrom: z.iso.date().nullable(),
      overdueFen: z.number().int(),
      outstandingPrincipalFen: z.number().int(),
      outstandingFen: z.number().int(),
    })
    .nullable()
    .meta({ description: 'after disbursement: current or in arrears (逾期) and what is owed' }),
  schedule: scheduleView.nullable(),
  repayments: z.array(z.object({ bankRef: z.string(), paidOn: z.iso.date(), amountFen: z.number().int() })),
  subsidies: z.array(
    z.object({
      quarter: z.string(),
      subsidyFen: z.number().int(),
      suspended: z.boolean(),
      cancelled: z.boolean(),
      clawbackFen: z.number().int(),
      paymentRef: z.string(),
    }),
  ),
  history: z.array(entry).meta({ description: 'every step with its signer (谁签字谁负责)' }),
});
export type LoanView = z.output<typeof loanView>;

export const loanList = z.object({ loans: z.array(loanView.omit({ schedule: true, history: true })) });

export const subsidyRunView = z.object({
  quarter: z.string(),
  countyCode: z.string(),
  loans: z.number().int().meta({ description: 'loans disbursed before the quarter ended' }),
  paid: z
    .number()
    .int()
    .meta({ description: 'subsidies paid by this run (a loan already paid for the quarter is skipped)' }),
  alreadyPaid: z.number().int(),
  subsidyFen: z.number().int().meta({ description: 'the sum paid by this run, fen' }),
  suspended: z.number().int().meta({ description: 'loans whose subsidy arrears suspended' }),
  cancelled: z.number().int().meta({ description: 'loans whose subsidy misuse cancelled' }),
});
