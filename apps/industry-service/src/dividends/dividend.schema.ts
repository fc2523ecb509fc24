import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

/** Where the household's share comes from: its microcredit loan (贷资入股) or fiscal money quantified to it (折股量化). */
export const DIVIDEND_FUND_SOURCES = ['household_loan', 'fiscal'] as const;
const KINDS = ['dividend', 'principal'] as const;
const STATUSES = ['upcoming', 'due', 'paid', 'missed'] as const;

const day = (description: string) =>
  z.iso.date(bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date')).meta({ description });
/** Whole numbers only: the amounts' and term's rules (≥ 1 fen, 1–30 years …) are the rules library's, refused 422. */
const whole = (description: string) =>
  z.number().int(bilingual('须为整数', 'must be a whole number')).meta({ description });

/** `POST /dividend-contracts`: a household's fund put into a partner (入股), its yearly dividend and payment dates. */
export const contractBody = z
  .object({
    householdId: z.uuid().meta({ description: 'a registered household (在册贫困户) of the officer’s county' }),
    partnerId: z.uuid().meta({ description: 'the enterprise or cooperative (经营主体) of the same county' }),
    principalFen: whole('入股本金, fen'),
    fundSource: z
      .enum(DIVIDEND_FUND_SOURCES)
      .meta({ description: '贷资入股 household_loan | 财政资金折股量化 fiscal' }),
    fundRef: z
      .string()
      .trim()
      .min(1, bilingual('须填写资金凭证', 'the fund reference is required'))
      .max(200)
      .meta({ description: 'the loan id or the fiscal fund document the money came from' }),
    dividend: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('fixed'), amountFen: whole('the yearly dividend, fen') }).strict(),
        z.object({ kind: z.literal('rate'), rateBp: whole('the yearly rate of the principal, basis points') }).strict(),
      ])
      .meta({ description: '年分红: a fixed sum a year, or a rate of the principal (rounded half up to the fen)' }),
    paymentDates: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('yearly'), monthDay: z.string().max(5).meta({ description: 'MM-DD' }) }).strict(),
        z.object({ kind: z.literal('dates'), dates: z.array(z.string().max(10)).max(400) }).strict(),
      ])
      .meta({ description: 'a day each contract year, or a list of dates (each year covered; its dividend split)' }),
    startOn: day('the day the share is paid in (入股日)'),
    termYears: whole('合同期限, years (1–30); the principal is returned at the term'),
  })
  .strict();
export type ContractInput = z.output<typeof contractBody>;

export const contractCreated = z
  .object({
    id: z.uuid(),
    scheduleId: z.string().meta({ description: 'the Temporal schedule raising the payments: dividend:<id>' }),
    items: z.number().int(),
  })
  .meta({ id: 'DividendContractCreated' });
export type ContractCreated = z.output<typeof contractCreated>;

/** `POST /dividend-contracts/:id/payments`: the partner's payment of one item, recorded by the industry office. */
export const paymentBody = z
  .object({
    dueOn: day('the due date of the item paid'),
    kind: z.enum(KINDS).meta({ description: 'dividend 分红 | principal 到期还本' }),
    amountFen: whole('the amount paid: exactly the scheduled amount, fen'),
    paymentRef: z
      .string()
      .trim()
      .min(1, bilingual('须填写支付凭证编号', 'the payment reference is required'))
      .max(64)
      .meta({ description: 'the partner’s transfer reference (转账凭证)' }),
    paidOn: day('the day the partner paid (not after today)'),
  })
  .strict();
export type PaymentInput = z.output<typeof paymentBody>;

export const paymentRecorded = z
  .object({
    contractId: z.uuid(),
    dueOn: z.string(),
    kind: z.enum(KINDS),
    amountFen: z.number().int(),
    paymentRef: z.string(),
    paidOn: z.string(),
    incomeId: z.uuid().nullable().meta({ description: 'income.recorded’s id (dividends; the principal is no income)' }),
  })
  .meta({ id: 'DividendPaymentRecorded' });
export type PaymentRecorded = z.output<typeof paymentRecorded>;

export const contractQuery = z.object({ householdId: z.uuid() });

const item = z.object({
  dueOn: z.string(),
  kind: z.enum(KINDS),
  contractYear: z.number().int(),
  amountFen: z.number().int(),
  status: z.enum(STATUSES).meta({
    description:
      'upcoming; due from its due date (or raised by the schedule); missed after the period unpaid (欠付); paid',
  }),
  graceEndsOn: z.string().meta({ description: 'the last day it is still due by the calendar' }),
  raisedAt: z.string().nullable().meta({ description: 'when the schedule raised it (dividend.due)' }),
  missedAt: z.string().nullable(),
  paidOn: z.string().nullable(),
  paidLate: z.boolean(),
  paymentRef: z.string().nullable(),
  incomeId: z.string().nullable(),
});

export const contractView = z
  .object({
    id: z.uuid(),
    householdId: z.uuid(),
    villageCode: z.string(),
    partnerId: z.uuid(),
    partnerName: z.string(),
    principalFen: z.number().int(),
    fundSource: z.enum(DIVIDEND_FUND_SOURCES),
    fundRef: z.string(),
    dividend: contractBody.shape.dividend,
    paymentDates: contractBody.shape.paymentDates,
    yearlyDividendFen: z.number().int(),
    startOn: z.string(),
    termYears: z.number().int(),
    termEndOn: z.string().meta({ description: '到期日: the principal is due' }),
    scheduleId: z.string(),
    schedule: z.enum(['pending', 'active', 'closed']).meta({
      description: 'pending: not yet created (POST …/schedule creates it); closed: every item paid or missed',
    }),
    items: z.array(item),
    arrearsFen: z.number().int().meta({ description: '欠付: the missed amounts' }),
    dueFen: z.number().int(),
    paidFen: z.number().int(),
    inArrears: z.boolean(),
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'DividendContract', description: 'A dividend contract (入股分红) with each payment’s status' });
export type ContractView = z.output<typeof contractView>;

export const contractList = z.object({ householdId: z.uuid(), contracts: z.array(contractView) });
