import { z } from 'zod';
import { ConfigError, baseServiceConfigSchema, envBool, loadConfig } from '@fupin/config';
import {
  DEFAULT_PER_PERSON_LIMIT_M2,
  ILLUSTRATIVE_RELOCATION_POLICY,
  type RelocationConfig as CaseDeadlines,
  type RelocationPolicy,
  days as seconds,
  resolveRelocationConfig,
  validatePolicy,
} from '@fupin/relocation-rules';

const SERVICE = 'relocation-service';

const days = () => z.coerce.number().int().min(1).max(3650);

/**
 * The subsidy policy table (补助标准), versioned by province and year: a JSON array of policies, each checked by the
 * rules library at boot. Unset: the illustrative table of @fupin/relocation-rules (tests, the e2e, the benchmark).
 */
const parsePolicies = (text: string | undefined, ctx: z.RefinementCtx): RelocationPolicy[] => {
  if (text === undefined) return [ILLUSTRATIVE_RELOCATION_POLICY];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'must be a JSON array of relocation policies' });
    return z.NEVER;
  }
  const list: unknown[] = Array.isArray(parsed) ? parsed : [parsed];
  list.forEach((policy, i) => {
    for (const v of validatePolicy(policy))
      ctx.addIssue({ code: 'custom', path: [i, v.field], message: `${v.rule}: ${v.message.en}` });
  });
  // validatePolicy found no problem: each entry is a RelocationPolicy
  return list as RelocationPolicy[];
};

const parseDeadlines = (text: string | undefined, ctx: z.RefinementCtx): Record<string, number> => {
  if (text === undefined) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed))
      return parsed as Record<string, number>;
  } catch {
    // reported below
  }
  ctx.addIssue({ code: 'custom', message: 'must be a JSON object of seconds per action, e.g. {"reclamation": 86400}' });
  return z.NEVER;
};

/** relocation-service's configuration, validated at boot: the platform's, plus the relocation rules' figures. */
export function loadRelocationConfig(env: Record<string, string | undefined> = process.env) {
  const base = loadConfig(SERVICE, baseServiceConfigSchema('RELOCATION'), env);
  const own = loadConfig(
    SERVICE,
    z.object({
      /** Housing area red line per person in m² (人均住房面积红线); a province may set it lower, never above 25. */
      RELOCATION_MAX_M2_PER_PERSON: z.coerce
        .number()
        .positive()
        .max(DEFAULT_PER_PERSON_LIMIT_M2)
        .default(DEFAULT_PER_PERSON_LIMIT_M2),
      /** Days after move-in by which a follow-up measure (后续扶持) must be recorded. */
      RELOCATION_FOLLOWUP_DAYS: days().default(90),
      /** Days after move-in by which the old house is demolished and the land reclaimed (拆旧复垦). */
      RELOCATION_RECLAIM_DAYS: days().default(365),
      RELOCATION_POLICIES: z.string().optional().transform(parsePolicies),
      /**
       * Deadlines of the case's human steps in seconds by action (plan, township_review, county_approval, milestone,
       * tranche_approval, move_in, reclamation, follow_up), over the defaults and the two day counts above. At least
       * a day each unless PROCEDURE_TEST_MODE.
       */
      RELOCATION_DEADLINE_SECONDS: z.string().optional().transform(parseDeadlines),
      /** Tests only: deadlines in seconds. */
      PROCEDURE_TEST_MODE: envBool(false),
    }),
    env,
  );
  const deadlines = resolveRelocationConfig(
    {
      reclamation: seconds(own.RELOCATION_RECLAIM_DAYS),
      follow_up: seconds(own.RELOCATION_FOLLOWUP_DAYS),
      ...own.RELOCATION_DEADLINE_SECONDS,
    },
    own.PROCEDURE_TEST_MODE,
  );
  if (!deadlines.ok)
    throw new ConfigError(
      SERVICE,
      deadlines.problems.map((p) => `RELOCATION_DEADLINE_SECONDS: ${p}`),
    );
  return {
    ...base,
    relocation: {
      maxM2PerPerson: own.RELOCATION_MAX_M2_PER_PERSON,
      followUpDays: own.RELOCATION_FOLLOWUP_DAYS,
      reclaimDays: own.RELOCATION_RECLAIM_DAYS,
      policies: own.RELOCATION_POLICIES,
      /** The case workflow's deadlines (逾期督办 village → township → county). */
      caseDeadlines: deadlines.config satisfies CaseDeadlines,
    },
  };
}

export type RelocationConfig = ReturnType<typeof loadRelocationConfig>;
