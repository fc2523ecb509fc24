import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';
import { localizedMessage, povertyIncidence, ratio } from '../incidence/incidence.schema';

export const assessmentCreateBody = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    year: z.number().int().min(2014).max(2100),
    insideSize: z.number().int().min(0).max(100_000).optional(),
    outsideSize: z.number().int().min(0).max(100_000).optional(),
    /** Published seed (e.g. chosen in public by the assessors); a random one is recorded when omitted. */
    seed: z.string().trim().min(1).max(200).optional(),
  })
  .strict();

export const findingsBody = z
  .object({
    findings: z
      .array(
        z
          .object({
            householdId: z.uuid(bilingual('须为户编号（UUID）', 'must be a household id (uuid)')),
            /** Inside, exited households only: should it not have exited (错退)? */
            wronglyExited: z.boolean().optional(),
            /** Outside households only: should it have been registered (漏评)? */
            missedIdentification: z.boolean().optional(),
            /** Is the household satisfied with the work (认可)? */
            satisfied: z.boolean(),
            note: z.string().trim().max(2000).optional(),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

/** The body is optional: an absent one is `{}`. */
export const conclusionBody = z
  .object({ note: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .default({});

const group = z.enum(['inside', 'outside']).meta({ description: 'inside the register (建档立卡户) or outside it' });
const sizes = z.object({ insideSize: z.number().int(), outsideSize: z.number().int() });

/** 第三方评估抽样: the sample drawn (or the first answer, replayed). */
export const assessmentDrawn = z
  .object({
    id: z.uuid(),
    countyCode: z.string(),
    year: z.number().int(),
    seed: z.string().meta({ description: 'the published seed, or the random one recorded' }),
    algorithm: z.string(),
    requested: sizes,
    clamped: z
      .object({ inside: z.boolean(), outside: z.boolean() })
      .meta({ description: 'a group smaller than its requested size was sampled whole' }),
    frame: z.object({ inside: z.number().int(), outside: z.number().int(), sha256: z.string() }),
    sampled: z.object({ inside: z.number().int(), outside: z.number().int() }),
  })
  .meta({ id: 'AssessmentDrawn' });

const rate = z.object({
  ratio: ratio.nullable().meta({ description: 'exact; null when nothing was judged' }),
  bp: z.number().int().nullable(),
  count: z.number().int(),
  of: z.number().int(),
});

const check = z.object({
  rate: z.enum(['wrong_exit', 'missed_identification', 'satisfaction']),
  ok: z.boolean(),
  limitBp: z.number().int(),
  bound: z.enum(['below', 'above']).meta({
    description:
      'below: the rate must be strictly below the limit; above: strictly above it (exactly at the limit fails). Conclusions stored with the old inclusive names read max as below and min as above',
  }),
  valueBp: z.number().int().nullable(),
  count: z.number().int(),
  of: z.number().int(),
  message: localizedMessage,
});

const reason = z.object({
  rate: z
    .string()
    .meta({ description: 'wrong_exit, missed_identification, satisfaction, incidence or findings_missing' }),
  message: localizedMessage,
});

const countyIncidence = z.object({
  incidence: povertyIncidence.nullable(),
  thresholdBp: z.number().int(),
  western: z.boolean(),
  belowLine: z.boolean(),
  message: localizedMessage,
  missingRuralPopulation: z.array(z.string()),
});

/** The county's standing: progress, the three rates against their thresholds, incidence, whether it may exit. */
export const assessmentEvaluation = z
  .object({
    progress: z.object({ recorded: z.number().int(), size: z.number().int(), complete: z.boolean() }),
    rates: z.object({ wrongExit: rate, missedIdentification: rate, satisfaction: rate }),
    thresholds: z.object({
      wrongExitBelowBp: z.number().int().meta({ description: '错退率 must be strictly below this' }),
      missedBelowBp: z.number().int().meta({ description: '漏评率 must be strictly below this' }),
      satisfactionAboveBp: z.number().int().meta({ description: '群众认可度 must be strictly above this' }),
    }),
    checks: z.array(check),
    incidence: countyIncidence,
    mayExit: z.boolean(),
    reasons: z.array(reason).meta({ description: 'every reason against exit, named' }),
  })
  .meta({ id: 'AssessmentEvaluation' });

const finding = z.object({
  satisfied: z.boolean(),
  wronglyExited: z.boolean().optional().meta({ description: '错退: exited households inside only' }),
  missedIdentification: z.boolean().optional().meta({ description: '漏评: households outside only' }),
  note: z.string().nullable(),
  recordedBy: z.string().nullable(),
  recordedAt: z.iso.datetime().nullable(),
});

const conclusion = z.object({
  conclusion: z.enum(['exit_allowed', 'exit_blocked']),
  reasons: z.array(reason),
  note: z.string().nullable(),
  rates: z.array(check).meta({ description: 'the checks as they stood when concluded' }),
  incidence: countyIncidence,
  concludedBy: z.string().nullable(),
  concludedAt: z.iso.datetime().nullable(),
});

/** The assessment with its sample, findings, evaluation and conclusion. */
export const assessmentView = z
  .object({
    id: z.uuid(),
    countyCode: z.string(),
    year: z.number().int(),
    seed: z.string(),
    algorithm: z.string(),
    requested: sizes,
    frameSha256: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
    sample: z.array(
      z.object({
        householdId: z.uuid(),
        group,
        position: z.number().int(),
        registerStatus: z.string().meta({ description: "the household's status when the sample was drawn" }),
        villageCode: z.string(),
        finding: finding.nullable(),
      }),
    ),
    ...assessmentEvaluation.shape,
    conclusion: conclusion.nullable(),
  })
  .meta({ id: 'CountyAssessment', description: '第三方评估 of a county before it exits (贫困县摘帽)' });

/** What re-draws the sample. */
export const assessmentFrame = z
  .object({
    id: z.uuid(),
    seed: z.string(),
    algorithm: z.string(),
    insideSize: z.number().int(),
    outsideSize: z.number().int(),
    frameSha256: z.string(),
    frame: z.object({
      inside: z.array(z.uuid()).meta({ description: 'household ids inside the register, sorted' }),
      outside: z.array(z.uuid()).meta({ description: 'household ids outside the register, sorted' }),
    }),
  })
  .meta({ id: 'AssessmentFrame' });

export const findingsRecorded = z
  .object({
    recorded: z.number().int(),
    replaced: z.number().int().meta({ description: 'of them, findings recorded before and now replaced' }),
  })
  .meta({ id: 'AssessmentFindingsRecorded' });

/** 评估结论 recorded. */
export const assessmentConcluded = z
  .object({
    id: z.uuid(),
    countyCode: z.string(),
    year: z.number().int(),
    conclusion: z.enum(['exit_allowed', 'exit_blocked']),
    reasons: z.array(reason),
    note: z.string().nullable(),
    concludedBy: z.string(),
    concludedAt: z.iso.datetime(),
    evaluation: assessmentEvaluation,
  })
  .meta({ id: 'AssessmentConcluded' });
