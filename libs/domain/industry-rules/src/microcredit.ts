/**
 * 扶贫小额信贷 (poverty-alleviation microcredit, SPEC §3.4): ≤ 50,000 yuan, ≤ 3 years, borrower aged 18–65
 * and a registered poor household (建档立卡户). Limits are configuration; these are the national defaults.
 */

import type { LocalizedMessage, RuleViolation } from '@fupin/localized';

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

/**
 * Every rule the application breaks (empty = eligible on these checks). `limits` overrides the defaults
 * field by field (a province's configuration).
 */
export function checkMicrocredit(
  application: MicrocreditApplication,
  limits: Partial<MicrocreditLimits> = {},
): RuleViolation[] {
  const l: MicrocreditLimits = { ...DEFAULT_MICROCREDIT_LIMITS, ...limits };
  const { amountFen, termMonths, borrowerAge, registered } = application;
  const violations: RuleViolation[] = [];
  const add = (field: keyof MicrocreditApplication, rule: string, zh: string, en: string) =>
    violations.push({ field, rule, message: { 'zh-CN': zh, en } });

  if (!Number.isSafeInteger(amountFen) || amountFen <= 0) {
    add(
      'amountFen',
      'positive_integer_fen',
      '贷款金额须为正整数（单位：分）',
      'loan amount must be a positive whole number of fen',
    );
  } else if (amountFen > l.maxAmountFen) {
    add(
      'amountFen',
      'max_amount',
      `贷款金额不得超过${yuan(l.maxAmountFen)}元`,
      `loan amount must not exceed ${yuan(l.maxAmountFen)} yuan`,
    );
  }

  if (!Number.isSafeInteger(termMonths) || termMonths <= 0) {
    add(
      'termMonths',
      'positive_integer',
      '贷款期限须为正整数（单位：月）',
      'loan term must be a positive whole number of months',
    );
  } else if (termMonths > l.maxTermMonths) {
    add(
      'termMonths',
      'max_term',
      `贷款期限不得超过${l.maxTermMonths}个月`,
      `loan term must not exceed ${l.maxTermMonths} months`,
    );
  }

  if (!Number.isSafeInteger(borrowerAge) || borrowerAge < 0) {
    add('borrowerAge', 'integer_age', '借款人年龄须为整数', 'borrower age must be a whole number');
  } else if (borrowerAge < l.minBorrowerAge) {
    add(
      'borrowerAge',
      'min_age',
      `借款人须年满${l.minBorrowerAge}周岁`,
      `borrower must be at least ${l.minBorrowerAge}`,
    );
  } else if (borrowerAge > l.maxBorrowerAge) {
    add(
      'borrowerAge',
      'max_age',
      `借款人年龄不得超过${l.maxBorrowerAge}周岁`,
      `borrower must be at most ${l.maxBorrowerAge}`,
    );
  }

  if (registered !== true) {
    add(
      'registered',
      'registered_household',
      '借款人须为建档立卡贫困户',
      'borrower must belong to a registered poor household',
    );
  }
  return violations;
}
