import { z } from 'zod';
import { MONITORING_CATEGORIES, type MonitoringCategory } from '@fupin/exit-rules';
import { MEASURE_KINDS, type MeasureKind } from '@fupin/identification-workflows';
import { bilingual } from '@fupin/service-kit';
import { escalatedTo, escalationRung } from '../exits/deadline.schema';

// ── requests ───────────────────────────────────────────────────────────────────────────────────────────────────

export const entryBody = z
  .object({
    householdId: z.uuid(),
    categories: z
      .array(z.enum(MONITORING_CATEGORIES as unknown as [MonitoringCategory, ...MonitoringCategory[]]))
      .max(3)
      .optional(),
  })
  .strict();
export type EntryInput = z.output<typeof entryBody>;

export const measureBody = z
  .object({
    kind: z.enum(MEASURE_KINDS as unknown as [MeasureKind, ...MeasureKind[]]),
    description: z.string().trim().min(1, bilingual('须描述帮扶措施', 'describe the measure')).max(2000),
    department: z.string().trim().min(1).max(100).optional(),
  })
  .strict();
export type MeasureInput = z.output<typeof measureBody>;

export const eventBody = z
  .object({
    kind: z.enum(['disaster', 'survey']),
    detail: z.string().trim().min(1, bilingual('须说明发生了什么', 'say what happened')).max(2000),
  })
  .strict();
export type EventInput = z.output<typeof eventBody>;

export const clearingActionBody = z
  .object({
    action: z.enum(['answer_objection', 'approve', 'reject']),
    objectionId: z.uuid().optional(),
    outcome: z.enum(['upheld', 'dismissed']).optional(),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();
export type ClearingActionInput = z.output<typeof clearingActionBody>;

// ── responses ──────────────────────────────────────────────────────────────────────────────────────────────────

const localizedText = z.object({ 'zh-CN': z.string(), en: z.string() });
const fen = (description: string) => z.number().meta({ description: `${description}, fen` });
const instant = z.iso.datetime({ offset: true });

export const monitoringEntered = z
  .object({
    monitoringId: z.uuid(),
    workflowId: z.string().meta({ description: 'relapse-monitoring:<householdId>' }),
    householdId: z.uuid(),
    villageCode: z.string(),
    categories: z
      .array(z.enum(MONITORING_CATEGORIES))
      .meta({ description: 'unstable_exited 脱贫不稳定户, edge 边缘易致贫户, sudden_hardship 突发严重困难户' }),
    triggers: z.array(z.string()).meta({ description: 'what put it under monitoring (e.g. income below the line)' }),
    reasons: z.array(localizedText),
    belowPovertyLine: z
      .boolean()
      .meta({ description: 'the entry survey is below the poverty line: re-checked at once' }),
    enteredAt: z.iso.datetime(),
  })
  .meta({ id: 'MonitoringEntered', description: 'The household is under relapse monitoring (纳入监测)' });
export type MonitoringEntered = z.output<typeof monitoringEntered>;

export const monitoredList = z
  .object({
    division: z.string(),
    households: z.array(
      z.object({
        monitoringId: z.uuid(),
        householdId: z.uuid(),
        villageCode: z.string(),
        categories: z.array(z.string()),
        status: z.string().meta({ description: 'monitoring, clearing, cleared, relapsed' }),
        enteredAt: z.iso.datetime(),
        measures: z.number().int().meta({ description: 'support measures assigned (帮扶措施)' }),
        lastCheckAt: z.iso.datetime().nullable(),
        lastOutcome: z.string().nullable().meta({ description: 'stable, at_risk, relapsed, no_survey' }),
      }),
    ),
  })
  .meta({ id: 'MonitoredHouseholdList', description: 'Monitored households, newest first (at most 500)' });

/** 帮扶措施 as assigned. */
export const supportMeasure = z
  .object({
    measureId: z.uuid(),
    kind: z.enum(MEASURE_KINDS),
    description: z.string(),
    department: z.string().nullable(),
    assignedBy: z.string(),
    assignedAt: instant,
  })
  .meta({ id: 'SupportMeasure', description: 'A support measure (帮扶措施) assigned to a monitored household' });

const checkView = z.object({
  checkId: z.uuid(),
  checkedAt: instant,
  reason: z.string().meta({ description: 'entry, schedule, medical_claim, disaster, survey' }),
  incomeYear: z.number().int().nullable(),
  perCapitaFen: fen('人均纯收入').nullable(),
  monitoringLineFen: fen('monitoring line (监测线)').nullable(),
  povertyLineFen: fen('poverty line').nullable(),
  outcome: z.enum(['stable', 'at_risk', 'relapsed', 'no_survey']),
});

const measureDeadline = z
  .object({
    due: instant,
    met: z.boolean(),
    metLate: z.boolean(),
    overdue: z.boolean(),
    escalationLevel: z.enum(['village', 'township', 'county']).nullable(),
  })
  .meta({ description: 'when the first support measure is due, whether it is overdue and who is reminded (督办)' });

const clearingView = z
  .object({
    stage: z.enum(['notice', 'objections', 'approval']),
    proposedBy: z.string(),
    proposedAt: instant,
    noticeId: z.string().nullable(),
    noticeClosesAt: instant.nullable(),
    openObjections: z.array(z.object({ objectionId: z.string(), text: z.string().optional() })),
    stageSince: instant.optional().meta({ description: 'when the current stage began' }),
    escalation: z
      .object({ times: z.number().int(), at: instant, to: escalationRung })
      .nullable()
      .optional()
      .meta({ description: 'deadline misses at the current signed stage (see clearingDeadline)' }),
  })
  .meta({ description: 'the risk clearing (风险消除) under way: village notice, objections, county approval' });

const clearingDeadline = z
  .object({
    stage: z.enum(['objections', 'approval']),
    since: instant.meta({ description: 'when the stage began' }),
    dueAt: instant.meta({ description: "the stage's deadline (办理时限), counted again from each miss" }),
    escalatedTo,
  })
  .nullable()
  .meta({
    description:
      "the clearing's signed stage awaited (the township's answers, the county's approval), its deadline and escalation (逾期督办); null otherwise",
  });

/** The household's monitoring workflow (Temporal): answered by its updates. */
export const monitoringState = z
  .object({
    monitoringId: z.uuid(),
    householdId: z.uuid(),
    villageCode: z.string(),
    categories: z.array(z.enum(MONITORING_CATEGORIES)),
    enteredAt: instant,
    status: z.enum(['monitoring', 'clearing', 'cleared', 'relapsed']),
    measures: z.array(supportMeasure),
    measureDeadline,
    lastCheck: checkView.nullable(),
    checks: z.number().int().meta({ description: 're-checks so far' }),
    nextRecheckAt: instant,
    clearing: clearingView.nullable(),
    clearingDeadline: clearingDeadline.optional(),
    runs: z.number().int().meta({ description: 'continue-as-new generations so far' }),
  })
  .meta({ id: 'MonitoringState', description: "The household's monitoring as its workflow holds it" });

export const monitoringView = z
  .object({
    monitoringId: z.uuid(),
    householdId: z.uuid(),
    villageCode: z.string(),
    categories: z.array(z.string()),
    triggers: z.array(z.string()),
    entryFigures: z
      .object({
        incomeYear: z.number().int(),
        perCapitaFen: z.number(),
        netIncomeFen: z.number(),
        rigidSpendingFen: z.number().meta({ description: '刚性支出: illness and schooling' }),
        povertyLineFen: z.number(),
        monitoringLineFen: z.number(),
      })
      .meta({ description: 'the figures of the entry survey (fen)' }),
    status: z.string().meta({ description: 'monitoring, clearing, cleared, relapsed' }),
    enteredAt: z.iso.datetime(),
    enteredBy: z.string(),
    workflowId: z.string(),
    clearedAt: z.iso.datetime().nullable(),
    relapsedAt: z.iso.datetime().nullable(),
    measures: z.array(supportMeasure),
    checks: z.array(checkView.extend({ detail: z.string().nullable() })),
    measureDeadline: measureDeadline.nullable().meta({ description: 'null when the workflow does not answer' }),
    nextRecheckAt: instant.nullable(),
    clearing: clearingView.nullable(),
    clearingDeadline: clearingDeadline.meta({
      description: 'null when none is awaited or the workflow does not answer',
    }),
    workflowRuns: z.number().int().nullable(),
  })
  .meta({
    id: 'MonitoredHousehold',
    description: "A household's monitoring period: the register's records and, while it runs, its workflow's deadlines",
  });

export const riskEventAccepted = z
  .object({
    householdId: z.uuid(),
    monitoringId: z.uuid(),
    accepted: z.enum(['disaster', 'survey']).meta({ description: 'the kind of event reported' }),
  })
  .meta({
    id: 'RiskEventAccepted',
    description: 'The risk event is passed to the monitoring workflow: re-checked soon',
  });
