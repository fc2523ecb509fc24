import { z } from 'zod';
import { loadConfig } from '@fupin/config';
import {
  DEFAULT_ESCALATION_STEP_SECONDS,
  DEFAULT_MEASURE_DEADLINE_SECONDS,
  DEFAULT_MIN_STABLE_MONTHS,
  days,
  resolveStepDeadlines,
} from '@fupin/exit-rules';
import type { ClearingHumanStage, MonitoringWorkflowConfig } from '@fupin/identification-workflows';

const DAY = 86_400;

/** Default time for each signed stage of a risk clearing before it escalates (办理时限), in seconds. */
export const DEFAULT_CLEARING_DEADLINES: Readonly<Record<ClearingHumanStage, number>> = Object.freeze({
  objections: days(10), // 乡镇答复异议
  approval: days(15), // 县级审批
});

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
  /**
   * Time for each signed stage of a risk clearing after its notice (the township's answers to objections, the county's
   * approval) before it escalates (township → county → county and the workflow operator); default 10 and 15 days. At
   * least a day unless PROCEDURE_TEST_MODE.
   */
  MONITORING_CLEARING_DEADLINE_SECONDS: z.coerce.number().int().min(1).optional(),
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
  const all = own.MONITORING_CLEARING_DEADLINE_SECONDS;
  const clearing = resolveStepDeadlines(DEFAULT_CLEARING_DEADLINES, { objections: all, approval: all }, testMode);
  if (!clearing.ok) problems.push(...clearing.problems.map((p) => `MONITORING_CLEARING_DEADLINE_SECONDS: ${p}`));
  return {
    workflow: {
      recheckSeconds: own.MONITORING_RECHECK_SECONDS,
      measureDeadlineSeconds: own.MONITORING_MEASURE_DEADLINE_SECONDS,
      escalationStepSeconds: own.MONITORING_ESCALATION_STEP_SECONDS,
      noticeSeconds: own.MONITORING_NOTICE_SECONDS,
      minStableMonths: own.MONITORING_MIN_STABLE_MONTHS,
      clearingDeadlineSeconds: { ...(clearing.ok ? clearing.value : DEFAULT_CLEARING_DEADLINES) },
      ...(own.MONITORING_MAX_ITERATIONS ? { maxIterations: own.MONITORING_MAX_ITERATIONS } : {}),
    },
    monthSeconds: own.MONITORING_MONTH_SECONDS ?? null,
    largeClaimFen: own.MONITORING_LARGE_CLAIM_FEN,
  };
}
