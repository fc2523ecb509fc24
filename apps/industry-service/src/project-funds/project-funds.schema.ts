import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

const reference = (description: string) =>
  z.string().trim().min(1, bilingual('须填写凭证编号', 'a reference is required')).max(200).meta({ description });
const fen = (description: string) =>
  z
    .number()
    .int(bilingual('须为整数（分）', 'must be whole fen'))
    .min(1)
    .max(100_000_000_000)
    .meta({ description: `${description}, in fen (分)` });

/** `POST /projects/:id/funds`: the county office opens the funds procedure, naming who implements the project. */
export const openFundsBody = z
  .object({
    implementer: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('partner'), contactSubject: z.string().trim().min(1).max(200).optional() }).strict(),
        z
          .object({
            kind: z.literal('person'),
            subject: z.string().trim().min(1).max(200),
            name: z.string().trim().min(1).max(100).optional(),
          })
          .strict(),
      ])
      .meta({ description: "实施主体: the project's partner (with its contact person) or a named person" }),
  })
  .strict();
export type OpenFundsInput = z.output<typeof openFundsBody>;

/** 资金安排 (county finance office or county poverty office). */
export const allocateBody = z.object({ amountFen: fen('the amount allocated (≤ the budget)') }).strict();
/** 项目实施 (township). */
export const implementationBody = z
  .object({ startedOn: z.iso.date(bilingual('须为 YYYY-MM-DD 格式的日期', 'must be a YYYY-MM-DD date')) })
  .strict();
/** 项目验收: the committee's signed record (≥ 3 named members, none the implementer). */
export const acceptanceBody = z
  .object({
    committee: z
      .array(z.object({ subject: z.string().trim().min(1).max(200), name: z.string().trim().min(1).max(100) }).strict())
      .max(50)
      .meta({ description: 'the acceptance committee (验收小组): at least 3 distinct named members' }),
    evidenceRef: reference('the signed acceptance record (验收报告编号)'),
  })
  .strict();
/** 异议复核 of the objections to the funds notice. */
export const reexaminationBody = z
  .object({
    outcome: z.enum(['upheld', 'dismissed']),
    reason: z.string().trim().min(1, bilingual('须写明复核理由', 'the reason is required')).max(2000),
  })
  .strict();
/** 整改 after an upheld objection. */
export const rectificationBody = z
  .object({ evidenceRef: reference('the rectification record (整改报告编号)') })
  .strict();
/** 资金拨付 (county finance office). */
export const disbursementBody = z.object({ amountFen: fen('the amount paid (≤ the allocation)') }).strict();

const signer = z.object({ subject: z.string(), role: z.string(), jurisdiction: z.string() }).loose();

/** A project's funds as its workflow shows them. */
export const fundsView = z
  .object({
    projectId: z.uuid(),
    workflowId: z.string(),
    step: z.string().meta({
      description: 'allocation, implementation, acceptance, notice, publicity, rectification, disbursement, disbursed',
    }),
    budgetFen: z.number().int(),
    allocation: z.object({ amountFen: z.number().int(), by: signer, at: z.string() }).nullable(),
    implementation: z.object({ startedOn: z.string(), by: signer, at: z.string() }).nullable(),
    acceptance: z
      .object({
        committee: z.array(z.object({ subject: z.string(), name: z.string() })),
        evidenceRef: z.string(),
        at: z.string(),
      })
      .nullable(),
    notices: z.array(
      z.object({
        noticeId: z.string(),
        publishedAt: z.string(),
        closedAt: z.string().nullable(),
        objectionUpheld: z.boolean().nullable(),
      }),
    ),
    disbursement: z
      .object({
        amountFen: z.number().int(),
        paymentRef: z.string(),
        toAccountRef: z.string(),
        by: signer,
        at: z.string(),
      })
      .nullable(),
    pending: z
      .object({ kind: z.enum(['human', 'committee', 'system', 'none']) })
      .loose()
      .meta({ description: 'who must act next: a signer, the acceptance committee, notice-service, or none' }),
    objectionsAwaiting: z.number().int().meta({ description: 'objections to the closed notice not yet re-examined' }),
    history: z.array(
      z
        .object({
          checkpoint: z.string(),
          to: z.string(),
          by: z.union([signer, z.literal('committee'), z.literal('system')]),
          at: z.string(),
        })
        .loose(),
    ),
  })
  .loose()
  .meta({ id: 'ProjectFunds', description: "A project's funds through the four signed checkpoints (项目资金)" });
