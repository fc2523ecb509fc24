import { z } from 'zod';
import { RELOCATION_TRANCHE_MILESTONES } from '@fupin/contracts';
import { bilingual } from '@fupin/service-kit';

const reference = (description: string) =>
  z.string().trim().min(1, bilingual('须填写凭证编号', 'a reference is required')).max(200).meta({ description });

/** `POST /cases/:id/review`: 乡镇审核 (township reviewer), then 县搬迁办审批 (relocation office): the step says which. */
export const reviewBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(2000).optional().meta({ description: 'required when rejecting' }),
  })
  .strict()
  .refine((b) => b.decision === 'approve' || (b.reason ?? '').length > 0, {
    path: ['reason'],
    message: bilingual('不予通过须写明理由', 'a rejection needs its reason'),
  });

/** `POST /cases/:id/milestones`: 施工监理 records a construction milestone with its evidence. */
export const milestoneBody = z
  .object({
    milestone: z.enum(RELOCATION_TRANCHE_MILESTONES).exclude(['lump_sum']),
    evidenceRef: reference('inspection record or photo set (验收记录编号)'),
    newGrade: z
      .enum(['A', 'B'])
      .optional()
      .meta({ description: '危房改造 only, at acceptance: the grade of the renovated house (A or B), required there' }),
  })
  .strict();

/** `POST /cases/:id/move-in`: 搬迁入住, the day the household moved in (not after today). */
export const moveInBody = z
  .object({ movedInOn: z.iso.date({ error: bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date') }) })
  .strict();

/** `POST /cases/:id/reclamation`: 拆旧复垦, the old house demolished and its land reclaimed. */
export const reclamationBody = z
  .object({ evidenceRef: reference('demolition and reclamation record (拆旧复垦验收)') })
  .strict();

/** `POST /cases/:id/follow-up`: 后续扶持, an employment or industry measure recorded by hand. */
export const followUpBody = z
  .object({
    kind: z.enum(['employment', 'industry']),
    ref: reference('the measure: job placement, project or training record'),
  })
  .strict();

const signer = z.object({ subject: z.string(), role: z.string(), jurisdiction: z.string() }).loose();

/** The live procedure of a case, as its workflow shows it. */
export const procedureView = z
  .object({
    caseId: z.uuid(),
    workflowId: z.string(),
    step: z.string().meta({
      description:
        'township_review, county_approval, construction, lump_sum, home_accepted, reclamation, follow_up, completed, withdrawn, refused',
    }),
    pending: z
      .object({ kind: z.enum(['human', 'system', 'none']) })
      .loose()
      .meta({ description: 'who must act next and until when (with the last escalation), the payment owed, or none' }),
    tranches: z.array(
      z
        .object({
          milestone: z.string(),
          amountFen: z.number().int(),
          recorded: z.object({ at: z.string(), evidenceRef: z.string(), by: signer }).nullable(),
          approved: z.object({ at: z.string(), by: signer }).nullable(),
          payment: z.object({ paymentRef: z.string(), paidAt: z.string(), amountFen: z.number().int() }).nullable(),
        })
        .loose(),
    ),
    history: z.array(
      z
        .object({
          step: z.string(),
          action: z.string(),
          to: z.string(),
          by: z.union([signer, z.literal('system')]),
          at: z.string(),
          reason: z.string().nullable(),
        })
        .loose(),
    ),
  })
  .loose()
  .meta({
    id: 'RelocationProcedure',
    description: 'The case workflow: its step, who acts next, tranches, signed history',
  });
