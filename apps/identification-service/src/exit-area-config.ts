import { z } from 'zod';
import { loadConfig } from '@fupin/config';
import {
  DEFAULT_ASSESSMENT_THRESHOLDS,
  DEFAULT_INCIDENCE_LINES,
  type AssessmentThresholds,
  type IncidenceLines,
} from '@fupin/exit-rules';
import type { ProcedureConfig } from '@fupin/identification-rules';

/**
 * Village and county exit (贫困村退出, 贫困县摘帽 with the 第三方评估): the incidence lines, the western provinces, the
 * township notice of a village exit, and the assessment's sample size and thresholds (strict bounds: wrong-exit and
 * missed below, satisfaction above). All in basis points (10000 = 100 %), validated at boot.
 */
const bp = z.coerce.number().int().min(0).max(10_000);
const exitAreaEnv = z.object({
  /** Incidence line outside the western provinces (default 200 = 2 %). */
  INCIDENCE_LINE_BP: bp.default(DEFAULT_INCIDENCE_LINES.thresholdBp),
  /** Incidence line in the western provinces (default 300 = 3 %). */
  INCIDENCE_WESTERN_LINE_BP: bp.default(DEFAULT_INCIDENCE_LINES.westernThresholdBp),
  /** 2-digit province codes with the western line, comma-separated (default: the 12 western provinces). */
  WESTERN_PROVINCES: z
    .string()
    .default(DEFAULT_INCIDENCE_LINES.westernProvinces.join(','))
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^\d{2}$/, 'must be 2-digit province codes, comma-separated'))),
  /** The village exit's township notice (乡镇公示); default: the identification procedure's township notice (7 days). */
  VILLAGE_EXIT_NOTICE_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Households sampled by a county assessment when the request gives no sizes: half inside, half outside. */
  ASSESSMENT_SAMPLE_SIZE: z.coerce.number().int().min(2).max(100_000).default(200),
  /** The wrong-exit rate (错退率) must be strictly below this (default 200 = 2 %). */
  ASSESSMENT_WRONG_EXIT_BELOW_BP: bp.default(DEFAULT_ASSESSMENT_THRESHOLDS.wrongExitBelowBp),
  /** The missed-identification rate (漏评率) must be strictly below this (default 200 = 2 %). */
  ASSESSMENT_MISSED_BELOW_BP: bp.default(DEFAULT_ASSESSMENT_THRESHOLDS.missedBelowBp),
  /** Satisfaction (群众认可度) must be strictly above this (default 9000 = 90 %). */
  ASSESSMENT_SATISFACTION_ABOVE_BP: bp.default(DEFAULT_ASSESSMENT_THRESHOLDS.satisfactionAboveBp),
});

/** Names the thresholds had while they were inclusive (≤ / ≥): still set, they refuse boot naming the new one. */
const RENAMED: Readonly<Record<string, string>> = {
  ASSESSMENT_WRONG_EXIT_MAX_BP: 'ASSESSMENT_WRONG_EXIT_BELOW_BP',
  ASSESSMENT_MISSED_MAX_BP: 'ASSESSMENT_MISSED_BELOW_BP',
  ASSESSMENT_SATISFACTION_MIN_BP: 'ASSESSMENT_SATISFACTION_ABOVE_BP',
};

function renamedProblems(env: Record<string, string | undefined>): string[] {
  return Object.entries(RENAMED)
    .filter(([old]) => env[old] !== undefined)
    .map(
      ([old, now]) =>
        `${old}: renamed ${now} (the bound is strict: at the limit fails); set ${now} instead and remove ${old}`,
    );
}

export interface ExitAreaConfig {
  incidence: IncidenceLines;
  villageExitNoticeSeconds: number;
  assessment: { sampleSize: number; thresholds: AssessmentThresholds };
}

/** Problems are returned (not thrown) so the service's loader reports them with its own. */
export function loadExitAreaConfig(
  service: string,
  env: Record<string, string | undefined>,
  procedure: ProcedureConfig | null,
): { config: ExitAreaConfig; problems: string[] } {
  const own = loadConfig(service, exitAreaEnv, env);
  const problems: string[] = renamedProblems(env);
  const fallback = procedure?.noticeSeconds.township_notice ?? 7 * 24 * 3600;
  const notice = own.VILLAGE_EXIT_NOTICE_SECONDS ?? fallback;
  if (procedure && !procedure.testMode && notice < procedure.minimumNoticeSeconds) {
    problems.push(
      `VILLAGE_EXIT_NOTICE_SECONDS: ${notice} s is shorter than the minimum notice ${procedure.minimumNoticeSeconds} s (allowed only with PROCEDURE_TEST_MODE)`,
    );
  }
  return {
    problems,
    config: {
      incidence: {
        thresholdBp: own.INCIDENCE_LINE_BP,
        westernThresholdBp: own.INCIDENCE_WESTERN_LINE_BP,
        westernProvinces: Object.freeze([...new Set(own.WESTERN_PROVINCES)]),
      },
      villageExitNoticeSeconds: notice,
      assessment: {
        sampleSize: own.ASSESSMENT_SAMPLE_SIZE,
        thresholds: {
          wrongExitBelowBp: own.ASSESSMENT_WRONG_EXIT_BELOW_BP,
          missedBelowBp: own.ASSESSMENT_MISSED_BELOW_BP,
          satisfactionAboveBp: own.ASSESSMENT_SATISFACTION_ABOVE_BP,
        },
      },
    },
  };
}
