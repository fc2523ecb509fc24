import { z } from 'zod';
import { EXIT_CRITERIA, EXIT_STEPS, type ExitStep } from '@fupin/exit-rules';
import { bilingual } from '@fupin/service-kit';
import { instant, localizedText, roundNotice, signerRecord } from '../rounds/round.schema';
import { escalationRung, stepDeadline } from './deadline.schema';

// ── requests ───────────────────────────────────────────────────────────────────────────────────────────────────

export const openExitBody = z
  .object({
    villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
    incomeYear: z.number().int().min(2014).max(2100),
    householdIds: z.array(z.uuid()).min(1).max(5000),
  })
  .strict();
export type OpenExitInput = z.output<typeof openExitBody>;

const signatureBody = z
  .object({
    signedBy: z.string().trim().min(1, bilingual('须写明签字人', 'name who signed')).max(100),
    signedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('须为 YYYY-MM-DD 格式的日期', 'must be YYYY-MM-DD')),
    documentRef: z.string().trim().max(200).optional(),
  })
  .strict();

export const exitActionBody = z
  .object({
    step: z.enum(EXIT_STEPS as unknown as [ExitStep, ...ExitStep[]]),
    householdIds: z.array(z.uuid()).min(1).max(5000),
    action: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(2000).optional(),
    signatures: z.record(z.uuid(), signatureBody).optional(),
  })
  .strict();
export type ExitActionInput = z.output<typeof exitActionBody>;

/** `GET /exits/criteria/:householdId` query string. */
export const exitCriteriaQuery = z
  .object({
    incomeYear: z.coerce
      .number()
      .int()
      .min(2014)
      .max(2100)
      .optional()
      .describe(
        "the income year the exit would be of: the latest observation must be of it (default: the newest survey's year)",
      ),
  })
  .strict();

// ── responses ──────────────────────────────────────────────────────────────────────────────────────────────────

export const exitCriteria = z
  .object({
    householdId: z.uuid(),
    villageCode: z.string(),
    status: z.string().meta({ description: "the household's status in the register (registered, exited, …)" }),
    perCapitaFen: z
      .number()
      .nullable()
      .meta({ description: '人均纯收入 of the newest survey, fen (null without one)' }),
    ok: z.boolean().meta({ description: 'every exit criterion (退出标准) is met and nothing in `problems`' }),
    failed: z.array(
      z.object({
        criterion: z.enum(EXIT_CRITERIA),
        label: localizedText,
        message: localizedText,
        detail: z.record(z.string(), z.unknown()).meta({
          description:
            'the figures: income_stable {required, available, surveys}, food_secure {foodSecure} (不愁吃), clothing_secure {clothingSecure} (不愁穿), compulsory_education {outOfSchool}, medical_insurance {uninsuredMemberIndexes}, housing_safe {housingGrade}, drinking_water {drinkingWaterSafe}',
        }),
      }),
    ),
    problems: z.array(localizedText).meta({
      description:
        'what keeps the household from exiting besides the criteria: no observation or no poverty line of a year (criteria not judged), or no observation of the income year (入户观察须为本年度)',
    }),
  })
  .meta({ id: 'HouseholdExitCriteria', description: "A household's exit criteria (退出标准) as they stand now" });

export const exitRoundOpened = z
  .object({
    roundId: z.uuid(),
    workflowId: z.string().meta({ description: 'household-exit:<villageCode>:<incomeYear>' }),
    villageCode: z.string(),
    incomeYear: z.number().int(),
    households: z.number().int().meta({ description: 'households proposed for exit (拟退出)' }),
  })
  .meta({ id: 'ExitRoundOpened', description: 'The exit round is opened and its procedure started' });
export type ExitRoundOpened = z.output<typeof exitRoundOpened>;

export const exitRoundList = z
  .object({
    division: z.string(),
    rounds: z.array(
      z
        .object({
          id: z.uuid(),
          village_code: z.string(),
          income_year: z.number().int(),
          workflow_id: z.string(),
          created_by: z.string(),
          created_at: z.iso.datetime(),
          households: z.number().int(),
          exited: z.number().int().meta({ description: 'households exited (销号) by the round' }),
        })
        .meta({ description: 'An exit round as the register records it (snake_case keys: the rows as stored)' }),
    ),
  })
  .meta({ id: 'ExitRoundList', description: 'Exit rounds inside a division, newest first (at most 200)' });

const exitSignature = z
  .object({ signedBy: z.string(), signedOn: z.iso.date(), documentRef: z.string().optional() })
  .meta({ description: "the household's own signature (贫困户签字认可)" });

const exitHistoryEntry = z.object({
  step: z.string(),
  action: z.string().meta({ description: 'approve, reject, notice_closed, objection, reexamination, deadline_missed' }),
  to: z.string(),
  by: z.union([z.literal('system'), signerRecord]),
  at: instant,
  reason: z.string().nullable(),
  signature: exitSignature.optional(),
  objectionId: z.string().optional(),
  outcome: z.enum(['upheld', 'dismissed']).optional(),
  escalation: escalationRung
    .extend({ times: z.number().int() })
    .optional()
    .meta({ description: 'deadline_missed: who was alerted (督办), and the how-many-th miss at the step' }),
});

const exitHousehold = z.object({
  householdId: z.uuid(),
  headName: z.string(),
  step: z.string().meta({ description: 'the exit step (退出程序) the household is at' }),
  pending: z
    .object({
      kind: z.enum(['human', 'notice', 'none']),
      step: z.string().optional(),
      actor: z.object({ role: z.string(), level: z.string() }).optional(),
      ...stepDeadline,
    })
    .meta({ description: 'who must act next, until when (办理时限), and whom a missed deadline escalated to' }),
  signature: exitSignature.nullable(),
  outcome: z
    .object({ result: z.string(), step: z.string(), reason: z.string().nullable(), at: instant })
    .nullable()
    .meta({ description: 'exited or stays_registered, and the step where it ended' }),
  history: z.array(exitHistoryEntry).meta({ description: 'the last 3 entries; all of them with ?householdId=' }),
});

export const exitRoundState = z
  .object({
    roundId: z.uuid(),
    villageCode: z.string(),
    incomeYear: z.number().int(),
    counts: z.record(z.string(), z.number().int()).meta({ description: 'households per step' }),
    notices: z.array(roundNotice),
    households: z.array(exitHousehold),
    generalObjections: z
      .array(
        z.object({
          objectionId: z.string(),
          noticeId: z.string(),
          householdId: z.string().optional(),
          text: z.string().optional(),
        }),
      )
      .meta({ description: 'objections to a notice as a whole (no household named), waiting for an answer' }),
    finished: z.boolean(),
    workflowId: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'ExitRoundState', description: "The exit round's live state, from its workflow (Temporal query)" });

export const exitRoundHouseholds = z
  .object({
    roundId: z.uuid(),
    villageCode: z.string(),
    incomeYear: z.number().int(),
    households: z.array(
      z.object({
        householdId: z.uuid(),
        step: z.string(),
        outcome: z.string().nullable().meta({ description: 'exited or stays_registered once decided' }),
        reason: z.string().nullable(),
        signature: exitSignature.nullable(),
        updatedAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'ExitRoundHouseholds', description: "Each household's exit step as the register recorded it" });

export const exitActionResult = z
  .object({
    applied: z.array(z.object({ householdId: z.uuid(), step: z.string().meta({ description: 'the step now' }) })),
  })
  .meta({ id: 'ExitActionResult', description: 'The households the signed action moved, with their new step' });
