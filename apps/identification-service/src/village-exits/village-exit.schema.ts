import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';
import { escalatedTo } from '../exits/deadline.schema';

// ── requests ───────────────────────────────────────────────────────────────────────────────────────────────────

export const proposeVillageExitBody = z
  .object({
    villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
    year: z.number().int().min(2014).max(2100),
  })
  .strict();
export type ProposeVillageExitInput = z.output<typeof proposeVillageExitBody>;

export const villageExitDecisionBody = z
  .object({
    action: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();
export type VillageExitDecisionInput = z.output<typeof villageExitDecisionBody>;

export const villageExitAnswerBody = z
  .object({
    outcome: z.enum(['upheld', 'dismissed']),
    reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(1000),
  })
  .strict();
export type VillageExitAnswerInput = z.output<typeof villageExitAnswerBody>;

/** `:objectionId` of the answer. */
export const objectionIdParam = z.uuid(bilingual('须为异议编号（UUID）', 'must be an objection id (uuid)'));

// ── responses ──────────────────────────────────────────────────────────────────────────────────────────────────

const instant = z.iso.datetime({ offset: true });
const status = z.enum(['proposed', 'in_notice', 'exited', 'refused']);

/** 贫困发生率 against the line, as the activity saw it (at the proposal or at the county's decision). */
const incidenceCheck = z
  .object({
    ok: z.boolean().meta({ description: 'strictly below the line: the village may exit' }),
    poorNotExited: z.number().int().nullable(),
    ruralPopulation: z.number().int().nullable(),
    ratio: z.object({ numerator: z.number().int(), denominator: z.number().int() }).nullable(),
    incidenceBp: z.number().int().nullable().meta({ description: 'incidence in basis points' }),
    thresholdBp: z.number().int().meta({ description: 'the line: 2 %, 3 % in the western provinces (basis points)' }),
    western: z.boolean(),
    checkedAt: instant,
    message: z.object({ 'zh-CN': z.string(), en: z.string() }),
  })
  .meta({ description: 'The incidence check (贫困发生率)' });

export const villageExitProposed = z
  .object({
    id: z.uuid(),
    workflowId: z.string().meta({ description: 'village-exit:<villageCode>:<year>' }),
    villageCode: z.string(),
    year: z.number().int(),
    attempt: z.number().int().meta({ description: 'a refused exit may be proposed again: attempt 2, 3, …' }),
    status: z.literal('proposed'),
  })
  .meta({ id: 'VillageExitProposed', description: 'The exit is proposed: the incidence check and the notice follow' });
export type VillageExitProposed = z.output<typeof villageExitProposed>;

const villageExitRecord = z.object({
  id: z.uuid(),
  villageCode: z.string(),
  year: z.number().int(),
  attempt: z.number().int(),
  status,
  workflowId: z.string(),
  noticeId: z.string().nullable().meta({ description: 'the township notice (乡镇公示) in notice-service' }),
  figures: z
    .object({
      poorNotExited: z.number().int(),
      ruralPopulation: z.number().int().nullable(),
      incidenceBp: z.number().int().nullable(),
      thresholdBp: z.number().int().nullable(),
    })
    .nullable()
    .meta({ description: 'the latest figures recorded; null before the first check' }),
  proposalCheck: incidenceCheck.nullable(),
  decisionCheck: incidenceCheck.nullable(),
  reason: z.string().nullable(),
  proposedBy: z.object({ subject: z.string(), role: z.string() }),
  decidedBy: z.string().nullable(),
  decidedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const villageExitList = z
  .object({
    division: z.string(),
    exits: z.array(villageExitRecord.meta({ description: 'A village exit as recorded' })),
  })
  .meta({ id: 'VillageExitList', description: 'Village exits, latest first (at most 500)' });

const notice = z
  .object({ noticeId: z.string(), openedAt: instant, closesAt: instant, closedAt: instant.nullable() })
  .meta({ description: 'the township notice (乡镇公示)' });

const objection = z.object({
  objectionId: z.string(),
  householdId: z.string().optional(),
  text: z.string().optional(),
  answer: z
    .object({ outcome: z.enum(['upheld', 'dismissed']), reason: z.string(), by: z.string(), at: instant })
    .nullable()
    .meta({ description: "the county's answer (复核结果); null while waiting" }),
});

const decision = z
  .object({
    action: z.enum(['approve', 'reject', 'objection_upheld', 'incidence']),
    reason: z.string(),
    by: z.string(),
    at: instant,
  })
  .meta({ description: 'how it was decided: by the county, by an upheld objection or by the figures' });

const deadline = z
  .object({
    step: z.enum(['objection_answers', 'county_decision']),
    since: instant.meta({ description: 'when the step began' }),
    dueAt: instant.meta({ description: "the step's deadline (办理时限), counted again from each miss" }),
    escalatedTo,
  })
  .nullable()
  .meta({
    description:
      'the county step awaited, its deadline and escalation (逾期督办); null otherwise (or a run started before step deadlines)',
  });

const waitingFor = z
  .enum(['incidence_check', 'notice', 'objection_answers', 'county_decision'])
  .nullable()
  .meta({ description: 'what is awaited; null when finished' });

export const villageExitDetail = villageExitRecord
  .extend({
    waitingFor,
    notice: notice.nullable(),
    objections: z.array(objection),
    deadline,
    decision: decision.nullable(),
  })
  .meta({
    id: 'VillageExit',
    description: 'A village exit (贫困村退出): the record and, while its workflow answers, what it waits for',
  });

/** The workflow's view, answered by the county's decision and answers. */
export const villageExitState = z
  .object({
    exitId: z.uuid(),
    villageCode: z.string(),
    year: z.number().int(),
    attempt: z.number().int(),
    status,
    waitingFor,
    proposalCheck: incidenceCheck.nullable(),
    decisionCheck: incidenceCheck.nullable(),
    notice: notice.nullable(),
    objections: z.array(objection),
    deadline: deadline.optional(),
    decision: decision.nullable(),
  })
  .meta({ id: 'VillageExitState', description: 'The village exit as its workflow holds it' });
