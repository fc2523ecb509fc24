import { z } from 'zod';
import { ConfigError, loadConfig } from '@fupin/config';
import { DEFAULT_MISSED_AFTER_DAYS } from '@fupin/industry-rules';

const SERVICE = 'industry-service';

/**
 * 入股分红 settings, validated at boot with the rest of industry-service's configuration. In production each
 * contract's schedule fires at 09:00 (Asia/Shanghai) on its due dates and a payment not recorded within
 * `missedAfterDays` is missed. Tests shorten both (only with PROCEDURE_TEST_MODE): the schedule fires every
 * `testIntervalSeconds`, each fire raising the next item, missed `testMissedSeconds` after it was raised.
 */
export function loadDividendConfig(env: Record<string, string | undefined>, testMode: boolean) {
  const c = loadConfig(
    SERVICE,
    z.object({
      /** Days after its due date an unpaid item is still due; it is missed the day after. */
      INDUSTRY_DIVIDEND_MISSED_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(DEFAULT_MISSED_AFTER_DAYS),
      /** Tests only: the schedule fires every N seconds instead of on the due dates. */
      INDUSTRY_DIVIDEND_TEST_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
      /** Tests only: seconds after an item is raised before it is missed (default: the interval × 2). */
      INDUSTRY_DIVIDEND_TEST_MISSED_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
    }),
    env,
  );
  const shortened = c.INDUSTRY_DIVIDEND_TEST_INTERVAL_SECONDS ?? c.INDUSTRY_DIVIDEND_TEST_MISSED_SECONDS;
  if (!testMode && shortened !== undefined)
    throw new ConfigError(SERVICE, [
      'INDUSTRY_DIVIDEND_TEST_INTERVAL_SECONDS / INDUSTRY_DIVIDEND_TEST_MISSED_SECONDS: only with PROCEDURE_TEST_MODE',
    ]);
  const interval = c.INDUSTRY_DIVIDEND_TEST_INTERVAL_SECONDS;
  return {
    missedAfterDays: c.INDUSTRY_DIVIDEND_MISSED_AFTER_DAYS,
    /** null in production: the schedule follows the due dates. */
    test:
      interval === undefined
        ? null
        : { intervalSeconds: interval, missedSeconds: c.INDUSTRY_DIVIDEND_TEST_MISSED_SECONDS ?? interval * 2 },
  };
}
export type DividendConfig = ReturnType<typeof loadDividendConfig>;
