import { z } from 'zod';
import { RELOCATION_MODES } from '@fupin/relocation-rules';
import { bilingual } from '@fupin/service-kit';
import { villageCodeParam } from '../areas/area.schema';
import { siteCode } from '../sites/site.schema';

const day = z.iso.date({ error: bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date') });

/**
 * A case's status. The HTTP side records consented → planned → submitted (and a withdrawal before submission); the
 * case workflow moves it on (approved for a lump sum, or construction → accepted → moved_in → reclaimed → completed),
 * or ends it: refused at review, withdrawn. Closed: completed, withdrawn, refused.
 */
/** 易地扶贫搬迁 or 危房改造: one table, one workflow, one open case per household whichever its kind. */
export const CASE_KINDS = ['relocation', 'renovation'] as const;

export const CASE_STATUSES = [
  'consented',
  'planned',
  'submitted',
  'approved',
  'construction',
  'accepted',
  'moved_in',
  'reclaimed',
  'completed',
  'withdrawn',
  'refused',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];
/** A plan may be (re)submitted only before the township reviewed it. */
export const PLANNABLE: readonly string[] = ['consented', 'planned'];
/** Withdrawal ends at move-in (搬迁入住后不可退出). */
export const MOVED_IN: readonly string[] = ['moved_in', 'reclaimed', 'completed'];

/** `POST /cases`: the household head's signed consent (自愿搬迁协议) starts the case. */
export const caseBody = z
  .object({
    householdId: z.uuid(),
    consent: z
      .object({
        signedBy: z.string().trim().min(1).max(100).meta({ description: 'the household head who signed' }),
        signedOn: day,
        documentRef: z.string().trim().min(1).max(200).meta({ description: 'agreement number or scan id (协议编号)' }),
      })
      .strict(),
  })
  .strict();
export type CaseInput = z.output<typeof caseBody>;

/** `PUT /cases/:id/plan`: mode, site and home area; monetary resettlement has neither site nor area. */
export const planBody = z
  .object({
    mode: z.enum(RELOCATION_MODES),
    siteCode: siteCode.optional().meta({ description: 'required for every mode but monetary' }),
    areaM2: z
      .number()
      .positive()
      .max(10_000)
      .optional()
      .meta({ description: 'home area in m² (required but for monetary); red line: persons × the per-person limit' }),
    persons: z
      .number()
      .int()
      .min(1)
      .max(100)
      .optional()
      .meta({ description: 'people who move (default: every registered member)' }),
  })
  .strict()
  .superRefine((plan, ctx) => {
    const monetary = plan.mode === 'monetary';
    if (monetary && plan.areaM2 !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['areaM2'],
        message: bilingual('货币化安置不建房，不填面积', 'monetary resettlement has no house: no area'),
      });
    if (!monetary && plan.areaM2 === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['areaM2'],
        message: bilingual('须填写住房面积', 'the home area is required'),
      });
  });
export type PlanInput = z.output<typeof planBody>;

/** `POST /cases/:id/withdraw`: the household withdraws before move-in, with its reason. */
export const withdrawBody = z
  .object({ reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(1000) })
  .strict();

/** `GET /cases?village=&status=`. */
export const caseQuery = z.object({ village: villageCodeParam, status: z.enum(CASE_STATUSES).optional() });

const fen = (description: string) =>
  z
    .number()
    .int()
    .meta({ description: `${description}, in fen (分)` });

export const trancheView = z
  .object({
    milestone: z.string().meta({ description: 'foundation, roof, acceptance (or lump_sum)' }),
    amountFen: fen('the tranche'),
    status: z.enum(['pending', 'paid', 'stopped']),
    paymentRef: z.string().nullable(),
    paidAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'RelocationTranche' });

export const caseView = z
  .object({
    id: z.uuid(),
    householdId: z.uuid(),
    villageCode: z.string(),
    countyCode: z.string(),
    kind: z.enum(CASE_KINDS).meta({ description: 'relocation (易地扶贫搬迁) or renovation (危房改造)' }),
    status: z.enum(CASE_STATUSES),
    consent: z
      .object({ signedBy: z.string(), signedOn: z.iso.date(), documentRef: z.string() })
      .meta({ description: "the household head's signed consent (relocation) or application (renovation)" }),
    renovation: z
      .object({
        plannedYear: z.number().int(),
        houseGrade: z.enum(['C', 'D']).meta({ description: 'the grade the renovation starts from' }),
        newGrade: z.enum(['A', 'B']).nullable().meta({ description: 'graded at the acceptance inspection' }),
        subsidyFen: fen('the renovation subsidy by grade'),
      })
      .nullable()
      .meta({ description: '危房改造 cases only' }),
    plan: z
      .object({
        mode: z.enum(RELOCATION_MODES),
        siteCode: z.string().nullable(),
        areaM2: z.number().meta({ description: '0 for monetary resettlement' }),
        persons: z.number().int(),
        subsidyFen: fen('the whole subsidy'),
        plannedAt: z.iso.datetime(),
      })
      .nullable()
      .meta({ description: 'null until a plan is submitted' }),
    tranches: z.array(trancheView),
    movedInOn: z.iso.date().nullable(),
    reclaimedOn: z.iso.date().nullable().meta({ description: '拆旧复垦: old house demolished, land reclaimed' }),
    followUp: z
      .object({ kind: z.string(), on: z.iso.date() })
      .nullable()
      .meta({ description: '后续扶持: the first measure recorded' }),
    landRightsKept: z.boolean().nullable(),
    withdrawal: z.object({ at: z.iso.datetime(), reason: z.string() }).nullable(),
    workflowId: z.string(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'RelocationCase', description: "A household's relocation case (搬迁户档案)" });
export type CaseView = z.output<typeof caseView>;

export const caseSummary = z
  .object({
    id: z.uuid(),
    householdId: z.uuid(),
    status: z.enum(CASE_STATUSES),
    mode: z.enum(RELOCATION_MODES).nullable(),
    siteCode: z.string().nullable(),
    persons: z.number().int().nullable(),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'RelocationCaseSummary' });
export type CaseSummary = z.output<typeof caseSummary>;

export const caseList = z
  .object({ village: z.string(), cases: z.array(caseSummary) })
  .meta({ id: 'RelocationCaseList', description: "The village's cases, newest first" });

export const caseCreated = z.object({ id: z.uuid(), status: z.literal('consented'), workflowId: z.string() }).meta({
  id: 'RelocationCaseCreated',
  description: 'The case started with the consent; read it with GET /cases/{id}',
});
export type CaseCreated = z.output<typeof caseCreated>;
