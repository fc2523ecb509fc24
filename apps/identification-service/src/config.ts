import { z } from 'zod';
import { ConfigError, baseServiceConfigSchema, envBool, loadConfig } from '@fupin/config';
import {
  type PovertyPolicyOverride,
  type ProcedureConfig,
  resolveProcedureConfig,
  validatePolicy,
} from '@fupin/identification-rules';
import { loadExitConfig } from './exits/exit-config';
import { loadReviewConfig } from './reviews/review-config';
import { loadMonitoringConfig } from './monitoring/monitoring-config';
import { loadExitAreaConfig } from './exit-area-config';
import { loadVillageExitConfig } from './village-exits/village-exit-config';

const SERVICE = 'identification-service';

const procedureEnv = z.object({
  /** Length of each public notice (公示期); default 7 days. Seconds are accepted only with PROCEDURE_TEST_MODE. */
  PROCEDURE_NOTICE_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Time allowed for every human step before it escalates; default per step (7–15 days). */
  PROCEDURE_STEP_DEADLINE_SECONDS: z.coerce.number().int().min(1).optional(),
  /** Tests and benchmarks: notices of any length. Never in production. */
  PROCEDURE_TEST_MODE: envBool(false),
  /** Province poverty policies, JSON: [{"province":"43","year":2019,"povertyLineFen":353500}, …]. */
  POVERTY_POLICY_OVERRIDES: z.string().default('[]'),
});

export function loadIdentificationConfig(env: Record<string, string | undefined> = process.env) {
  const base = loadConfig(SERVICE, baseServiceConfigSchema('IDENTIFICATION'), env);
  const own = loadConfig(SERVICE, procedureEnv, env);
  const problems: string[] = [];
  const all = <K extends string>(keys: readonly K[], seconds: number | undefined) =>
    seconds === undefined ? undefined : (Object.fromEntries(keys.map((k) => [k, seconds])) as Record<K, number>);
  const procedure = resolveProcedureConfig({
    testMode: own.PROCEDURE_TEST_MODE,
    noticeSeconds: all(
      ['village_notice', 'township_notice', 'county_announcement'] as const,
      own.PROCEDURE_NOTICE_SECONDS,
    ),
    stepDeadlineSeconds: all(
      [
        'application',
        'household_survey',
        'village_group_assessment',
        'village_committee_assessment',
        'township_review',
        'county_cross_check',
        'county_approval',
        'township_reexamination',
        'county_reexamination',
      ] as const,
      own.PROCEDURE_STEP_DEADLINE_SECONDS,
    ),
  });
  if (!procedure.ok)
    problems.push(
      ...procedure.violations.map((v) => `PROCEDURE_*: ${v.field}: ${v.message.en} (${v.message['zh-CN']})`),
    );
  let overrides: PovertyPolicyOverride[] = [];
  try {
    const parsed: unknown = JSON.parse(own.POVERTY_POLICY_OVERRIDES);
    if (!Array.isArray(parsed)) throw new Error('must be a JSON array');
    overrides = parsed as PovertyPolicyOverride[];
    overrides.forEach((o, i) => {
      problems.push(...validatePolicy(o).map((v) => `POVERTY_POLICY_OVERRIDES[${i}].${v.field}: ${v.message.en}`));
    });
  } catch (e) {
    problems.push(`POVERTY_POLICY_OVERRIDES: ${(e as Error).message}`);
  }
  // 防止返贫监测: MONITORING_* (re-check period, measure deadline and escalation, clearing notice, stable months, large claim)
  const monitoring = loadMonitoringConfig(SERVICE, env, own.PROCEDURE_TEST_MODE, problems);
  // 贫困村退出 / 第三方评估: INCIDENCE_*, WESTERN_PROVINCES, VILLAGE_EXIT_NOTICE_SECONDS, ASSESSMENT_*
  const exitArea = loadExitAreaConfig(SERVICE, env, procedure.ok ? procedure.value : null);
  problems.push(...exitArea.problems);
  const villageExit = loadVillageExitConfig(SERVICE, env, own.PROCEDURE_TEST_MODE, problems); // step deadlines
  // 贫困户退出: EXIT_* (notice and announcement length, transition months, income stability)
  const exit = loadExitConfig(SERVICE, env, own.PROCEDURE_TEST_MODE, problems);
  // 一年一评: REVIEW_* (check period, survey period, deadline, village batch)
  const review = loadReviewConfig(SERVICE, env, problems);
  if (problems.length || !procedure.ok) throw new ConfigError(SERVICE, problems);
  return {
    ...base,
    procedure: procedure.value as ProcedureConfig,
    policyOverrides: overrides,
    exit,
    review,
    monitoring,
    exitArea: exitArea.config,
    villageExit,
  };
}

export type IdentificationConfig = ReturnType<typeof loadIdentificationConfig>;
