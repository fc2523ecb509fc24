import { z } from 'zod';
import { ConfigError, loadConfig } from '@fupin/config';
import { DAY_SECONDS, DEFAULT_MICROCREDIT_LIMITS } from '@fupin/industry-rules';

const SERVICE = 'industry-service';

/** 扶贫小额信贷 settings, validated at boot with the rest of industry-service's configuration. */
export function loadLoanConfig(env: Record<string, string | undefined>, testMode: boolean) {
  const c = loadConfig(
    SERVICE,
    z.object({
      /** The benchmark rate (基准利率) loans are made at, basis points: 4.35 % by default. */
      INDUSTRY_LOAN_RATE_BP: z.coerce.number().int().min(0).max(2_000).default(435),
      /** 宽限期: days after a due date before an unpaid instalment puts the loan in arrears. */
      INDUSTRY_LOAN_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
      /** The largest loan, fen (50,000 yuan). */
      INDUSTRY_LOAN_MAX_FEN: z.coerce.number().int().min(1).default(DEFAULT_MICROCREDIT_LIMITS.maxAmountFen),
      /** Seconds a loan's business day lasts: 86400; fewer only with PROCEDURE_TEST_MODE (years of schedule in minutes). */
      INDUSTRY_LOAN_DAY_SECONDS: z.coerce.number().positive().max(DAY_SECONDS).default(DAY_SECONDS),
    }),
    env,
  );
  if (!testMode && c.INDUSTRY_LOAN_DAY_SECONDS < DAY_SECONDS)
    throw new ConfigError(SERVICE, [
      `INDUSTRY_LOAN_DAY_SECONDS: ${DAY_SECONDS} unless PROCEDURE_TEST_MODE, got ${c.INDUSTRY_LOAN_DAY_SECONDS}`,
    ]);
  return {
    rateBp: c.INDUSTRY_LOAN_RATE_BP,
    graceDays: c.INDUSTRY_LOAN_GRACE_DAYS,
    maxAmountFen: c.INDUSTRY_LOAN_MAX_FEN,
    daySeconds: c.INDUSTRY_LOAN_DAY_SECONDS,
    /** Tests: the subsidy run may be made for a quarter not yet ended (loans' days are scaled). */
    testMode,
  };
}
export type LoanConfig = ReturnType<typeof loadLoanConfig>;
