import { z } from 'zod';
import { loadConfig } from '@fupin/config';
import { days, resolveStepDeadlines } from '@fupin/exit-rules';
import type { VillageExitHumanStep } from '@fupin/identification-workflows';

/** Default time for the county's steps of a village exit before they escalate (办理时限), in seconds. */
export const DEFAULT_VILLAGE_EXIT_STEP_DEADLINES: Readonly<Record<VillageExitHumanStep, number>> = Object.freeze({
  objection_answers: days(10), // 县级答复异议
  county_decision: days(15), // 县级审定
});

const villageExitEnv = z.object({
  /**
   * Time for each county step after the township notice (answering objections, the decision) before it escalates to
   * the county and the workflow operator; default 10 and 15 days. At least a day unless PROCEDURE_TEST_MODE.
   */
  VILLAGE_EXIT_STEP_DEADLINE_SECONDS: z.coerce.number().int().min(1).optional(),
});

export interface VillageExitConfig {
  stepDeadlineSeconds: Record<VillageExitHumanStep, number>;
}

/** VILLAGE_EXIT_STEP_DEADLINE_SECONDS, validated at boot; problems are added to `problems`. */
export function loadVillageExitConfig(
  service: string,
  env: Record<string, string | undefined>,
  testMode: boolean,
  problems: string[],
): VillageExitConfig {
  const all = loadConfig(service, villageExitEnv, env).VILLAGE_EXIT_STEP_DEADLINE_SECONDS;
  const overrides = { objection_answers: all, county_decision: all };
  const deadlines = resolveStepDeadlines(DEFAULT_VILLAGE_EXIT_STEP_DEADLINES, overrides, testMode);
  if (!deadlines.ok) problems.push(...deadlines.problems.map((p) => `VILLAGE_EXIT_STEP_DEADLINE_SECONDS: ${p}`));
  return { stepDeadlineSeconds: { ...(deadlines.ok ? deadlines.value : DEFAULT_VILLAGE_EXIT_STEP_DEADLINES) } };
}
