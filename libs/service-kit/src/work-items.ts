import { z } from 'zod';
import { bilingual } from './messages';

/**
 * 待办 (ADR 0019): the one shape in which every service answers `GET /work-items` — the steps of its procedures that
 * wait for the signed-in official (their role inside their jurisdiction, or escalated to them), one item per
 * procedure run and step with its households counted — so the console merges them into one inbox by deadline.
 */
export const WORK_ITEM_SORTS = ['due', 'village', 'since'] as const;

export const workItemsQuery = z.object({
  procedure: z.string().max(40).optional().meta({ description: 'only this procedure (see WorkItem.procedure)' }),
  village: z
    .string()
    .regex(
      /^(\d{6}|\d{9}|\d{12})$/,
      bilingual('须为6、9或12位行政区划代码', 'must be a 6, 9 or 12-digit division code'),
    )
    .optional()
    .meta({ description: 'only villages inside this division (county, township or village code)' }),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true'))
    .meta({ description: 'true: only items with a household past its deadline; false: only items with none' }),
  dueBefore: z.iso.datetime({ offset: true }).optional().meta({ description: 'only items due before this instant' }),
  sort: z
    .enum(WORK_ITEM_SORTS)
    .default('due')
    .meta({ description: 'due (earliest deadline first, none last), village, since (longest waiting first)' }),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type WorkItemsQuery = z.output<typeof workItemsQuery>;

const label = z.object({ 'zh-CN': z.string(), en: z.string() });

export const workItem = z
  .object({
    service: z.string().meta({ description: 'the service whose procedure this is, e.g. identification-service' }),
    procedure: z.string().meta({ description: 'identification_round, household_exit, …' }),
    procedureLabel: label,
    procedureId: z.string().meta({ description: 'the id of the procedure run (round, exit round, case)' }),
    workflowId: z.string().meta({ description: 'the Temporal workflow of the run' }),
    path: z.string().meta({ description: "the run's resource in the service's API, e.g. /rounds/<id>" }),
    villageCode: z.string(),
    step: z.string(),
    stepLabel: label,
    role: z.string().meta({ description: 'the role that signs this step' }),
    households: z.number().int().meta({ description: 'households of the run waiting at this step' }),
    overdueHouseholds: z.number().int().meta({ description: 'of those, past their deadline (逾期)' }),
    escalatedHouseholds: z.number().int().meta({ description: 'of those, with a deadline miss escalated (督办)' }),
    escalatedToMe: z
      .boolean()
      .meta({ description: 'in the inbox because it was escalated to the reader, not because the reader signs it' }),
    since: z.iso.datetime().meta({ description: 'when the first of them reached the step (UTC)' }),
    dueAt: z.iso.datetime().nullable().meta({ description: 'the earliest deadline among them (UTC); null: none' }),
  })
  .meta({ id: 'WorkItem', description: 'A step of a procedure run waiting for the reader (待办)' });
export type WorkItem = z.output<typeof workItem>;

export const workItemList = z
  .object({
    items: z.array(workItem),
    total: z.number().int().meta({ description: 'items matching, over all pages' }),
    householdSteps: z.number().int().meta({ description: 'household-steps in the matching items' }),
  })
  .meta({ id: 'WorkItemList' });
export type WorkItemList = z.output<typeof workItemList>;
