import { z } from 'zod';
import { loadConfig } from '@fupin/config';
import { MAX_SURVIVAL_MONTHS } from '@fupin/industry-rules';

/** 财政扶持产业 settings, validated at boot with the rest of industry-service's configuration. */
export function loadFiscalSupportConfig(env: Record<string, string | undefined>) {
  const c = loadConfig(
    'industry-service',
    z.object({
      /** Months after the delivery before the survival check (成活核查), for catalogue items that do not set their own. */
      INDUSTRY_FISCAL_SURVIVAL_MONTHS: z.coerce.number().int().min(0).max(MAX_SURVIVAL_MONTHS).default(6),
    }),
    env,
  );
  return { survivalMonths: c.INDUSTRY_FISCAL_SURVIVAL_MONTHS };
}
export type FiscalSupportConfig = ReturnType<typeof loadFiscalSupportConfig>;
