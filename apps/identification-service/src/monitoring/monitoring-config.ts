import { z } from 'zod';
import { loadConfig } from '@fupin/config';
import {
  DEFAULT_ESCALATION_STEP_SECONDS,
  DEFAULT_MEASURE_DEADLINE_SECONDS,
  DEFAULT_MIN_STABLE_MONTHS,
} from '@fupin/exit-rules';
import type { MonitoringWorkflowConfig } from '@fupin/identification-workflows';

const DAY = 86_400;

/** 防止返贫监测 settings (identification-service). Shorter than the policy minimums only with PROCEDURE_TEST_MODE. */
const monitoringEnv = z.object({
  /** Scheduled re-check period (定期核查); default 30 days. */
  MONITORING_RECHECK_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(30 * DAY),
  /** First support measure (帮扶措施) due this long after entry; default 15 days. */
  MONITORING_MEASURE_DEADLINE_SECONDS: z.coerce.number().int().min(1).default(DEFAULT_MEASURE_DEADLINE_SECONDS),
  /** Time on each escalation rung (village → township → county); default 7 days. */
  MONITORING_ESCALATION_STEP_SECONDS: z.coerce.number().int().min(1).default(DEFAULT_ESCALATION_STEP_SECONDS),
  /** Village notice of a risk clearing; default 7 days. */
  MONITORING_NOTICE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(7 * DAY),
  /** Months of income stably above the monitoring line before a clearing may be proposed; default 6. */
  MONITORING_MIN_STABLE_MONTHS: z.coerce.number().int().min(1).max(120).default(DEFAULT_MIN_STABLE_MONTHS),
  /** Tests only: the length of a "month" when counting stable months (calendar months otherwise). */
  MONITORING_MONTH_SECONDS: z.coerce.number().int().min(1).optional(),
  /** A settled medical claim whose patient share (自付) is at least this many fen triggers a re-check; default 10,000 yuan. */
  MONITORING_LARGE_CLAIM_FEN: z.coerce.number().int().min(1).default(1_000_000),
  /** Workflow loop passes before continue-as-new (default 500; Temporal may suggest it earlier). Small in tests. */
  MONITORING_MAX_ITERATIONS: z.coerce.number().int().min(1).max(10_000).optional(),
});

export interface MonitoringConfig {
  workflow: MonitoringWorkflowConfig;
  /** null: calendar months. */
  monthSeconds: number | null;
  largeClaimFen: number;
}

export function loadMonitoringConfig(
  service: string,
  env: Record<string, string | undefined>,
  testMode: boolean,
  problems: string[],
): MonitoringConfig {
  const own = loadConfig(service, monitoringEnv, env);
  if (!testMode) {
    if (own.MONITORING_NOTICE_SECONDS < 7 * DAY)
      problems.push(
        'MONITORING_NOTICE_SECONDS: a notice lasts at least 7 days (shorter only with PROCEDURE_TEST_MODE)',
      );
    if (own.MONITORING_MIN_STABLE_MONTHS < DEFAULT_MIN_STABLE_MONTHS)
      problems.push(
        `MONITORING_MIN_STABLE_MONTHS: at least ${DEFAULT_MIN_STABLE_MONTHS} months (fewer only with PROCEDURE_TEST_MODE)`,
      );
    if (own.MONITORING_MONTH_SECONDS !== undefined)
      problems.push('MONITORING_MONTH_SECONDS: only with PROCEDURE_TEST_MODE');
    if (own.MONITORING_RECHECK_SECONDS < DAY)
      problems.push('MONITORING_RECHECK_SECONDS: at least one day (shorter only with PROCEDURE_TEST_MODE)');
  }
  return {
    workflow: {
      recheckSeconds: own.MONITORING_RECHECK_SECONDS,
      measureDeadlineSeconds: own.MONITORING_MEASURE_DEADLINE_SECONDS,
      escalationStepSeconds: own.MONITORING_ESCALATION_STEP_SECONDS,
      noticeSeconds: own.MONITORING_NOTICE_SECONDS,
      minStableMonths: own.MONITORING_MIN_STABLE_MONTHS,
      ...(own.MONITORING_MAX_ITERATIONS ? { maxIterations: own.MONITORING_MAX_ITERATIONS } : {}),
    },
    monthSeconds: own.MONITORING_MONTH_SECONDS ?? null,
    largeClaimFen: own.MONITORING_LARGE_CLAIM_FEN,
  };
}
