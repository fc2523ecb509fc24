import { z } from 'zod';
import { loadConfig } from '@fupin/config';
import type { ReviewConfig } from '@fupin/identification-workflows';

const DAY = 86_400;

const reviewEnv = z.object({
  /** How often the campaign re-reads surveys and round progress; default 1 hour. */
  REVIEW_CHECK_SECONDS: z.coerce.number().int().min(1).default(3600),
  /** Survey collection period from the campaign's start; default 30 days. */
  REVIEW_SURVEY_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .default(30 * DAY),
  /** Villages not done by then are overdue; default 90 days. */
  REVIEW_DEADLINE_SECONDS: z.coerce
    .number()
    .int()
    .min(1)
    .default(90 * DAY),
  /** Villages per activity when opening rounds; default 20. */
  REVIEW_VILLAGE_BATCH: z.coerce.number().int().min(1).max(500).default(20),
});

/** REVIEW_* settings of the annual review campaign (一年一评), validated at boot. */
export function loadReviewConfig(
  service: string,
  env: Record<string, string | undefined>,
  problems: string[],
): ReviewConfig {
  const own = loadConfig(service, reviewEnv, env);
  if (own.REVIEW_DEADLINE_SECONDS < own.REVIEW_SURVEY_SECONDS)
    problems.push(
      'REVIEW_DEADLINE_SECONDS: the campaign deadline cannot come before the end of survey collection (REVIEW_SURVEY_SECONDS)',
    );
  return {
    checkSeconds: own.REVIEW_CHECK_SECONDS,
    surveySeconds: own.REVIEW_SURVEY_SECONDS,
    deadlineSeconds: own.REVIEW_DEADLINE_SECONDS,
    villageBatch: own.REVIEW_VILLAGE_BATCH,
  };
}
