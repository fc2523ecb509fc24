/**
 * 扶贫小额信贷 (poverty-alleviation microcredit, SPEC §3.4): ≤ 50,000 yuan, ≤ 3 years, borrower aged 18–65
 * and a registered poor household (建档立卡户). Limits are configuration; these are the national defaults.
 * The borrower's exact age from a birth date or resident ID number: `checkMicrocreditOn` (see `borrower.ts`).
 */

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';
import { borrowerAge, type BorrowerIdentity } from './borrower';

export type { LocalizedMessage, RuleViolation };

export interface MicrocreditLimits {
  /** 贷款额度上限, fen. */
  maxAmountFen: number;
  /** 贷款期限上限, months. */
  maxTermMonths: number;
  /** 借款人最低年龄 */
  minBorrowerAge: number;
  /** 借款人最高年龄 */
  maxBorrowerAge: number;
}

export const DEFAULT_MICROCREDIT_LIMITS: Readonly<MicrocreditLimits> = {
  maxAmountFen: 5_000_000, // 50,000 yuan
  maxTermMonths: 36, // 3 years
  minBorrowerAge: 18,
  maxBorrowerAge: 65,
};

export interface MicrocreditApplication {
  /** 贷款金额, fen */
  amountFen: number;
  /** 贷款期限, months */
  termMonths: number;
  /** 借款人年龄 (whole years at application) */
  borrowerAge: number;
  /** Is the borrower's household in the register (建档立卡)? */
  registered: boolean;
}

const yuan = (fen: number): string => (fen / 100).toLocaleString('en-US', { maximumFractionDigits: 2 });

const violation = (field: keyof MicrocreditApplication, rule: string, zh: string, en: string): RuleViolation => ({
  field,
  rule,
  message: { 'zh-CN': zh, en },
});

function amountViolations(amountFen: number, l: MicrocreditLimits): RuleViolation[] {
  if (!Number.isSafeInteger(amountFen) || amountFen <= 0)
    return [
      violation(
        'amountFen',
        'positive_integer_fen',
        '贷款金额须为正整数（单位：分）',
        'loan amount must be a positive whole number of fen',
      ),
    ];
  if (amountFen <= l.maxAmountFen) return [];
  return [
    violation(
      'amountFen',
      'max_amount',
      `贷款金额不得超过${yuan(l.maxAmountFen)}元`,
      `loan amount must not exceed ${yuan(l.maxAmountFen)} yuan`,
    ),
  ];
}

function termViolations(termMonths: number, l: MicrocreditLimits): RuleViolation[] {
  if (!Number.isSafeInteger(termMonths) || termMonths <= 0)
    return [
      violation(
        'termMonths',
        'positive_integer',
        '贷款期限须为正整数（单位：月）',
        'loan term must be a positive whole number of months',
      ),
    ];
  if (termMonths <= l.maxTermMonths) return [];
  return [
    violation(
      'termMonths',
      'max_term',
      `贷款期限不得超过${l.maxTermMonths}个月`,
      `loan term must not exceed ${l.maxTermMonths} months`,
    ),
  ];
}

function ageViolations(borrowerAge: number, l: MicrocreditLimits): RuleViolation[] {
  if (!Number.isSafeInteger(borrowerAge) || borrowerAge < 0)
    return [violation('borrowerAge', 'integer_age', '借款人年龄须为整数', 'borrower age must be a whole number')];
  if (borrowerAge < l.minBorrowerAge)
    return [
      violation(
        'borrowerAge',
        'min_age',
        `借款人须年满${l.minBorrowerAge}周岁`,
        `borrower must be at least ${l.minBorrowerAge}`,
      ),
    ];
  if (borrowerAge <= l.maxBorrowerAge) return [];
  return [
    violation(
      'borrowerAge',
      'max_age',
      `借款人年龄不得超过${l.maxBorrowerAge}周岁`,
      `borrower must be at most ${l.maxBorrowerAge}`,
    ),
  ];
}

function registeredViolations(registered: boolean): RuleViolation[] {
  if (registered === true) return [];
  return [
    violation(
      'registered',
      'registered_household',
      '借款人须为建档立卡贫困户',
      'borrower must belong to a registered poor household',
    ),
  ];
}

/**
 * Every rule the application breaks (empty = eligible on these checks). `limits` overrides the defaults
 * field by field (a province's configuration).
 */
export function checkMicrocredit(
  application: MicrocreditApplication,
  limits: Partial<MicrocreditLimits> = {},
): RuleViolation[] {
  const l: MicrocreditLimits = { ...DEFAULT_MICROCREDIT_LIMITS, ...limits };
  return [
    ...amountViolations(application.amountFen, l),
    ...termViolations(application.termMonths, l),
    ...ageViolations(application.borrowerAge, l),
    ...registeredViolations(application.registered),
  ];
}

/** An application with the borrower's birth date and/or resident ID number instead of a stated age. */
export interface MicrocreditApplicant extends Omit<MicrocreditApplication, 'borrowerAge'>, BorrowerIdentity {}

/**
 * `checkMicrocredit` with the borrower's exact age (周岁) on `applicationDate` (`YYYY-MM-DD`), told from the birth
 * date or the resident ID number by `borrowerAge`: born exactly 18 years before the application date is 18 (allowed
 * by default), the 66th birthday on the application date is 66 (refused); a 29 February birthday counts on 1 March
 * in a common year. Age violations keep the field `borrowerAge`; a birth date that cannot be told is reported on
 * `birthDate`, `residentId` or `applicationDate` instead.
 */
export function checkMicrocreditOn(
  applicant: MicrocreditApplicant,
  applicationDate: string,
  limits: Partial<MicrocreditLimits> = {},
): RuleViolation[] {
  const l: MicrocreditLimits = { ...DEFAULT_MICROCREDIT_LIMITS, ...limits };
  const age = borrowerAge(applicant, applicationDate);
  return [
    ...amountViolations(applicant.amountFen, l),
    ...termViolations(applicant.termMonths, l),
    ...(age.ok ? ageViolations(age.age, l) : age.violations),
    ...registeredViolations(applicant.registered),
  ];
}

/** 生产经营用途: what a 扶贫小额信贷 loan may be used for. */
export const PRODUCTION_PURPOSES = [
  'planting', // 种植
  'breeding', // 养殖
  'processing', // 加工
  'rural_tourism', // 乡村旅游
  'handicraft', // 手工
  'services', // 服务业
  'trade', // 商贸流通
] as const;
/** Uses a loan may not go to (非生产性用途): named so the refusal can say so. */
export const NON_PRODUCTION_PURPOSES = [
  'housing', // 建房、购房
  'consumption', // 日常消费
  'wedding_funeral', // 婚丧嫁娶
  'medical', // 看病
  'education', // 上学
  'debt_repayment', // 还债
] as const;
export type LoanPurpose = (typeof PRODUCTION_PURPOSES)[number] | (typeof NON_PRODUCTION_PURPOSES)[number];

/** Refused unless the loan goes to production (`production_use_only`, 422) or the purpose is unknown (`purpose`). */
export function checkLoanPurpose(purpose: unknown): RuleViolation[] {
  if ((PRODUCTION_PURPOSES as readonly unknown[]).includes(purpose)) return [];
  if ((NON_PRODUCTION_PURPOSES as readonly unknown[]).includes(purpose))
    return [
      {
        field: 'purpose',
        rule: 'production_use_only',
        message: {
          'zh-CN': `扶贫小额信贷只能用于生产经营，不能用于${String(purpose)}`,
          en: `a poverty-alleviation microcredit loan is for production only, not ${String(purpose)}`,
        },
      },
    ];
  return [
    {
      field: 'purpose',
      rule: 'purpose',
      message: {
        'zh-CN': `贷款用途须为：${PRODUCTION_PURPOSES.join('、')}`,
        en: `purpose must be one of ${PRODUCTION_PURPOSES.join(', ')}`,
      },
    },
  ];
}
