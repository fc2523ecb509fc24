import { z } from 'zod';
import { PROCEDURE_STEPS, type ProcedureStep } from '@fupin/identification-rules';
import { bilingual } from '@fupin/service-kit';

// ── requests ───────────────────────────────────────────────────────────────────────────────────────────────────

export const openRoundBody = z
  .object({
    villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
    incomeYear: z.number().int().min(2014).max(2100),
    householdIds: z.array(z.uuid()).min(1).max(5000).optional(),
  })
  .strict();
export type OpenRoundInput = z.output<typeof openRoundBody>;

export const roundActionBody = z
  .object({
    step: z.enum(PROCEDURE_STEPS as unknown as [ProcedureStep, ...ProcedureStep[]]),
    householdIds: z.array(z.uuid()).min(1).max(5000),
    action: z.enum(['approve', 'reject', 'send_back', 'withdraw']),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();
export type RoundActionInput = z.output<typeof roundActionBody>;

// ── pieces shared by the procedures' views (identification and exit rounds) ─────────────────────────────────────

/** An instant as the workflows record it (ISO 8601; UTC from the workflow clock). */
export const instant = z.iso.datetime({ offset: true });

/** A message in both languages (the platform's bilingual text). */
export const localizedText = z.object({ 'zh-CN': z.string(), en: z.string() });

/** Who signed (谁签字谁负责): from the verified token; `jurisdiction` is a division code. */
export const signerRecord = z.object({
  subject: z.string(),
  name: z.string().optional(),
  role: z.string(),
  jurisdiction: z.string().meta({ description: 'division code of the signer (or a jurisdiction label)' }),
});

/** A notice of a round: one per stage for every household that reached it (batched 公示). */
export const roundNotice = z.object({
  noticeId: z.string().meta({ description: 'the notice in notice-service' }),
  step: z.string().meta({ description: 'village_notice, township_notice or county_announcement' }),
  householdIds: z.array(z.uuid()),
  openedAt: instant,
  closesAt: instant,
  closedAt: instant.nullable(),
});

// ── responses ──────────────────────────────────────────────────────────────────────────────────────────────────

export const roundOpened = z
  .object({
    roundId: z.uuid(),
    workflowId: z.string().meta({ description: 'identification-round:<villageCode>:<incomeYear>' }),
    villageCode: z.string(),
    incomeYear: z.number().int(),
    households: z.number().int().meta({ description: 'how many households entered the round' }),
  })
  .meta({ id: 'RoundOpened', description: 'The round is opened (识别批次) and its procedure started' });
export type RoundOpened = z.output<typeof roundOpened>;

export const roundList = z
  .object({
    division: z.string(),
    rounds: z.array(
      z
        .object({
          id: z.uuid(),
          village_code: z.string(),
          income_year: z.number().int(),
          workflow_id: z.string(),
          status: z.string().meta({ description: 'running, finished' }),
          created_by: z.string(),
          created_at: z.iso.datetime(),
          households: z.number().int(),
          registered: z.number().int().meta({ description: 'households registered (建档立卡) by the round' }),
        })
        .meta({ description: 'A round as the register records it (snake_case keys: the rows as stored)' }),
    ),
  })
  .meta({ id: 'RoundList', description: 'Rounds inside a division, newest first (at most 200)' });

const eligibilityCheck = z
  .object({
    eligible: z.boolean(),
    basis: z.enum(['below_line', 'guarantee_unmet']).nullable(),
    perCapitaFen: z.number().nullable().meta({ description: '人均纯收入, fen' }),
    lineFen: z.number().nullable().meta({ description: 'poverty line of the income year, fen' }),
    problems: z.array(localizedText),
  })
  .meta({ description: 'Eligibility at the survey (收入与两不愁三保障)' });

const exclusionCheck = z
  .object({
    excluded: z.boolean(),
    flaggedForTownshipReview: z.boolean(),
    hits: z.array(
      z.object({
        source: z.string(),
        idNumber: z.string(),
        memberName: z.string(),
        detail: z.unknown(),
        loadedAt: z.string(),
      }),
    ),
  })
  .meta({ description: '四不列 cross-check against the departments’ data' });

/** Who is alerted when a step's deadline passes (督办). */
const escalation = z.object({
  level: z.enum(['township', 'county']),
  role: z.string(),
  alertWorkflowOperator: z.boolean(),
});

/** A step of a household's history (kept loose: the procedure rules own the detail). */
export const historyEntry = z.object({
  step: z.string().meta({ description: 'the step the entry is about' }),
  action: z.string().meta({ description: 'approve, reject, send_back, withdraw, notice_closed, objection, …' }),
  to: z.string().meta({ description: 'the step after the entry' }),
  by: z.union([z.literal('system'), signerRecord]),
  at: instant,
  reason: z.string().nullable(),
  objectionId: z.string().optional(),
  outcome: z.enum(['upheld', 'dismissed']).optional(),
  escalation: escalation
    .extend({ times: z.number().int() })
    .optional()
    .meta({ description: 'the escalation (督办), when a deadline passed' }),
});

const householdProgress = z.object({
  householdId: z.uuid(),
  headName: z.string(),
  step: z.string().meta({ description: 'the procedure step (识别程序) the household is at' }),
  pending: z
    .object({
      step: z.string(),
      kind: z.enum(['human', 'notice', 'terminal']),
      actor: z
        .object({ role: z.string(), level: z.string(), divisionCode: z.string() })
        .nullable()
        .meta({ description: 'who must act now; null for notices and terminal steps' }),
      dueAt: instant.nullable().meta({ description: "the step's deadline, or when its notice closes" }),
      escalatedTo: escalation
        .extend({ times: z.number().int(), divisionCode: z.string() })
        .nullable()
        .meta({ description: 'the last escalation (督办) at this step, with the division alerted' }),
    })
    .meta({ description: 'what the household waits for' }),
  checks: z.object({ eligibility: eligibilityCheck.optional(), exclusions: exclusionCheck.optional() }),
  history: z.array(historyEntry).meta({ description: 'the last 3 entries; all of them with ?householdId=' }),
});

export const roundState = z
  .object({
    roundId: z.uuid(),
    villageCode: z.string(),
    incomeYear: z.number().int(),
    counts: z.record(z.string(), z.number().int()).meta({ description: 'households per step' }),
    notices: z.array(roundNotice),
    households: z.array(householdProgress),
    finished: z.boolean(),
    workflowId: z.string(),
    createdBy: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'RoundState', description: "The round's live state, from its workflow (Temporal query)" });

export const roundHouseholds = z
  .object({
    roundId: z.uuid(),
    villageCode: z.string(),
    incomeYear: z.number().int(),
    households: z.array(
      z.object({
        householdId: z.uuid(),
        step: z.string(),
        outcome: z.string().nullable().meta({ description: 'registered, refused or withdrawn once decided' }),
        reason: z.string().nullable(),
        flaggedForReview: z.boolean().meta({ description: '四不列 hits that the township must look at' }),
        updatedAt: z.iso.datetime(),
      }),
    ),
  })
  .meta({ id: 'RoundHouseholds', description: "Each household's step as the register recorded it" });

export const roundActionResult = z
  .object({
    applied: z.array(z.object({ householdId: z.uuid(), step: z.string().meta({ description: 'the step now' }) })),
  })
  .meta({ id: 'RoundActionResult', description: 'The households the signed action moved, with their new step' });
