import { z } from 'zod';
import { HOSPITAL_LEVELS } from '@fupin/medical-aid-rules';
import { bilingual } from '@fupin/service-kit';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('须为 YYYY-MM-DD 格式的日期', 'must be YYYY-MM-DD'));

/** `POST /claims`: a claim at discharge; the figures are judged by the rules library (validateClaim). */
export const claimBody = z
  .object({
    idNumber: z
      .string()
      .regex(/^\d{17}[\dX]$/, bilingual('须为18位居民身份证号码', 'must be an 18-character resident ID number')),
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    hospital: z.string().trim().min(1).max(200),
    admittedOn: date,
    dischargedOn: date,
    totalCost: z.number(),
    inPolicyCost: z.number(),
    level: z.enum(HOSPITAL_LEVELS),
    inCounty: z.boolean(),
  })
  .strict()
  .refine((b) => b.admittedOn <= b.dischargedOn, {
    message: 'must not be after the discharge date',
    path: ['admittedOn'],
  });
export type ClaimInput = z.output<typeof claimBody>;

/** `POST /claims/:id/review`: a medical officer's manual review (人工审核). */
export const reviewBody = z
  .object({
    outcome: z.enum(['approved', 'rejected']),
    reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(1000),
  })
  .strict();
export type ReviewInput = z.output<typeof reviewBody>;

/** A claim entered: its workflow checks, settles, has it reviewed when selected, and pays it. */
export const claimEntered = z
  .object({ id: z.uuid(), status: z.literal('entered') })
  .meta({ id: 'ClaimEntered', description: 'The claim (报销单) entered; follow it with GET /claims/{id}' });
export type ClaimEntered = z.output<typeof claimEntered>;

/** The claim workflow's state (Temporal query), as the workflow reports it. */
export const claimWorkflowState = z
  .object({
    step: z.enum(['checking', 'settling', 'awaiting_review', 'paying', 'paid', 'rejected']),
    mustAct: z
      .string()
      .nullable()
      .meta({ description: 'who must act now, e.g. department_officer(medical_aid)@430523' }),
    reviewDeadline: z.iso.datetime().nullable().meta({ description: 'when an awaited review escalates' }),
    escalations: z.number().int().meta({ description: 'review deadlines missed so far (逾期上报)' }),
    history: z.array(
      z.object({
        step: z.string(),
        at: z.iso.datetime(),
        by: z.string().optional().meta({ description: 'subject of the signer' }),
        note: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'ClaimWorkflowState', description: 'Where the claim is in its workflow, who must act, and its history' });

const fen = z.number().int().meta({ description: 'in fen (分)' });

export const claimView = z
  .object({
    id: z.uuid(),
    idNumber: z.string(),
    countyCode: z.string(),
    hospital: z.string(),
    status: z.string().meta({ description: 'entered, checked, settled, paid, rejected' }),
    registeredPoor: z.boolean().meta({ description: 'registered poor (建档立卡) on the discharge day, once checked' }),
    noDeposit: z.boolean().meta({ description: '先诊疗后付费: no deposit (registered poor in a county facility)' }),
    totalCost: fen,
    inPolicyCost: fen,
    settlement: z
      .object({
        basic: fen.nullable(),
        critical: fen.nullable(),
        assistance: fen.nullable(),
        backstop: fen.nullable(),
        patientPays: fen.nullable(),
      })
      .nullable()
      .meta({ description: 'the five figures, once settled (null before)' }),
    review: z.string().nullable().meta({ description: 'pending, approved or rejected when selected for review' }),
    reason: z.string().nullable().meta({ description: 'why it was rejected' }),
    paymentRef: z.string().nullable(),
    workflow: claimWorkflowState.nullable().meta({ description: 'null when the workflow cannot be queried' }),
  })
  .meta({ id: 'Claim', description: 'A claim (报销单) from discharge to payment' });
