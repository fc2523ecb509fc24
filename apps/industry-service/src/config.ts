import { z } from 'zod';
import { ConfigError, baseServiceConfigSchema, envBool, loadConfig } from '@fupin/config';
import { loadDividendConfig } from './dividends/dividend.config';
import { loadLoanConfig } from './loans/loan.config';
import { loadFiscalSupportConfig } from './fiscal-support/fiscal-support.config';

const SERVICE = 'industry-service';
const WEEK = 7 * 86_400;

/** industry-service's configuration, validated at boot: the platform's, plus the industry procedures' figures. */
export function loadIndustryConfig(env: Record<string, string | undefined> = process.env) {
  const base = loadConfig(SERVICE, baseServiceConfigSchema('INDUSTRY'), env);
  const own = loadConfig(
    SERVICE,
    z.object({
      /** The funds notice's objection period (资金公告公示期) in seconds: 7 days by default, at least a day in production. */
      INDUSTRY_FUNDS_NOTICE_SECONDS: z.coerce
        .number()
        .int()
        .min(1)
        .max(90 * 86_400)
        .default(WEEK),
      /** Tests only: periods in seconds. */
      PROCEDURE_TEST_MODE: envBool(false),
    }),
    env,
  );
  if (!own.PROCEDURE_TEST_MODE && own.INDUSTRY_FUNDS_NOTICE_SECONDS < 86_400)
    throw new ConfigError(SERVICE, [
      `INDUSTRY_FUNDS_NOTICE_SECONDS: at least one day (86400) unless PROCEDURE_TEST_MODE, got ${own.INDUSTRY_FUNDS_NOTICE_SECONDS}`,
    ]);
  return {
    ...base,
    industry: { fundsNoticeSeconds: own.INDUSTRY_FUNDS_NOTICE_SECONDS },
    loans: loadLoanConfig(env, own.PROCEDURE_TEST_MODE),
    fiscal: loadFiscalSupportConfig(env),
    dividends: loadDividendConfig(env, own.PROCEDURE_TEST_MODE),
  };
}

export type IndustryConfig = ReturnType<typeof loadIndustryConfig>;
