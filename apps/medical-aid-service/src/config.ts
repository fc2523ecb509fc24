import { z } from 'zod';
import { baseServiceConfigSchema, envDurationMs, loadConfig } from '@fupin/config';

const DAY = 86_400_000;

export function loadMedicalAidConfig(env: Record<string, string | undefined> = process.env) {
  const base = loadConfig('medical-aid-service', baseServiceConfigSchema('MEDICAL_AID'), env);
  const own = loadConfig(
    'medical-aid-service',
    z.object({
      ENROLLMENT_DECISION_TIMEOUT: envDurationMs(7 * DAY),
      /** Claims whose funds' share is above this many fen go to manual review (default 50,000 yuan). */
      CLAIM_REVIEW_ABOVE_FEN: z.coerce.number().int().min(0).default(5_000_000),
      /** Share of the other claims sampled for review, in basis points (default 500 = 5 %), reproducible from the claim id. */
      CLAIM_REVIEW_SAMPLE_BP: z.coerce.number().int().min(0).max(10_000).default(500),
      /** Time a medical officer has for a review before it escalates. */
      CLAIM_REVIEW_TIMEOUT: envDurationMs(3 * DAY),
    }),
    env,
  );
  return {
    ...base,
    enrollmentDecisionTimeoutMs: own.ENROLLMENT_DECISION_TIMEOUT,
    claimReview: {
      aboveFen: own.CLAIM_REVIEW_ABOVE_FEN,
      sampleBp: own.CLAIM_REVIEW_SAMPLE_BP,
      timeoutMs: own.CLAIM_REVIEW_TIMEOUT,
    },
  };
}

export type MedicalAidConfig = ReturnType<typeof loadMedicalAidConfig>;
