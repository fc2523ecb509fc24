import { z } from 'zod';
import { loadConfig } from '@fupin/config';
import {
  DEFAULT_EXIT_STEP_DEADLINES,
  EXIT_NOTICE_MIN_DAYS,
  resolveStepDeadlines,
  type ExitHumanStep,
  type ExitStability,
} from '@fupin/exit-rules';
import type { ExitRoundConfig } from '@fupin/identification-workflows';

const DAY = 86_400;

const exitEnv = z.object({
  /** 村内退出公示 length; default and minimum 7 days (shorter only with PROCEDURE_TEST_MODE). */
  EXIT_NOTICE_SECONDS: z.coerce.number().int().min(1).optional(),
  /** 县级退出公告 length; default 7 days (shorter only with PROCEDURE_TEST_MODE). */
  EXIT_ANNOUNCEMENT_SECONDS: z.coerce.number().int().min(1).optional(),
  /**
   * Time for every human step of the exit (assessment, check, agreement, county approval, re-examinations) before
   * it escalates village → township → county; default per step (10–15 days). At least a day unless PROCEDURE_TEST_MODE.
   */
  EXIT_STEP_DEADLINE_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Months an exited household keeps its policies (过渡期, 摘帽不摘政策); default 60. */
  EXIT_TRANSITION_MONTHS: z.coerce.number().int().min(0).max(240).default(60),
  /** "Stably above the line": the newest N surveys strictly above it … */
  EXIT_STABLE_YEARS_ABOVE: z.coerce.number().int().min(1).max(10).default(1),
  /** … and the M before them not below it. */
  EXIT_STABLE_YEARS_NOT_BELOW: z.coerce.number().int().min(0).max(10).default(1),
});

export interface ExitConfig {
  round: ExitRoundConfig;
  stability: Required<ExitStability>;
}

/** EXIT_* settings of the household exit procedure, validated at boot; problems are added to `problems`. */
export function loadExitConfig(
  service: string,
  env: Record<string, string | undefined>,
  testMode: boolean,
  problems: string[],
): ExitConfig {
  const own = loadConfig(service, exitEnv, env);
  const notice = own.EXIT_NOTICE_SECONDS ?? EXIT_NOTICE_MIN_DAYS * DAY;
  const announcement = own.EXIT_ANNOUNCEMENT_SECONDS ?? EXIT_NOTICE_MIN_DAYS * DAY;
  if (!testMode && notice < EXIT_NOTICE_MIN_DAYS * DAY)
    problems.push(
      `EXIT_NOTICE_SECONDS: the village exit notice lasts at least ${EXIT_NOTICE_MIN_DAYS} days (村内公示不少于7天); shorter only with PROCEDURE_TEST_MODE`,
    );
  if (!testMode && announcement < EXIT_NOTICE_MIN_DAYS * DAY)
    problems.push(`EXIT_ANNOUNCEMENT_SECONDS: at least ${EXIT_NOTICE_MIN_DAYS} days unless PROCEDURE_TEST_MODE`);
  const all = own.EXIT_STEP_DEADLINE_SECONDS;
  const overrides = Object.fromEntries(Object.keys(DEFAULT_EXIT_STEP_DEADLINES).map((step) => [step, all]));
  const deadlines = resolveStepDeadlines<ExitHumanStep>(DEFAULT_EXIT_STEP_DEADLINES, overrides, testMode);
  if (!deadlines.ok) problems.push(...deadlines.problems.map((p) => `EXIT_STEP_DEADLINE_SECONDS: ${p}`));
  return {
    round: {
      noticeSeconds: { village_notice: notice, county_announcement: announcement },
      transitionMonths: own.EXIT_TRANSITION_MONTHS,
      stepDeadlineSeconds: deadlines.ok ? { ...deadlines.value } : { ...DEFAULT_EXIT_STEP_DEADLINES },
    },
    stability: { yearsAbove: own.EXIT_STABLE_YEARS_ABOVE, yearsNotBelow: own.EXIT_STABLE_YEARS_NOT_BELOW },
  };
}
