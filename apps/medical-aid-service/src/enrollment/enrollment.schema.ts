import { z } from 'zod';
import { bilingual } from '@fupin/service-kit';

/** `POST /enrollments/:householdId/decision`: a county medical-aid officer's decision, with its reason. */
export const decisionBody = z.object({
  outcome: z.enum(['approved', 'rejected']),
  reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(500),
});
export type DecisionInput = z.output<typeof decisionBody>;

export const householdIdParam = z.string().uuid();

/** The enrollment workflow's state (Temporal query), as the workflow reports it. */
export const enrollmentWorkflowState = z
  .object({
    step: z.enum(['awaiting_officer', 'recording', 'approved', 'rejected', 'expired']),
    mustAct: z
      .string()
      .nullable()
      .meta({ description: 'who must act now, e.g. department_officer(medical_aid)@430523' }),
    deadline: z.iso.datetime().meta({ description: 'when an undecided enrollment expires and is escalated' }),
    history: z.array(
      z.object({
        step: z.string(),
        at: z.iso.datetime(),
        by: z.string().optional().meta({ description: 'subject of the signer' }),
        note: z.string().optional(),
      }),
    ),
  })
  .meta({ id: 'EnrollmentWorkflowState', description: 'Where the enrollment is in its workflow and its history' });

export const enrollmentView = z
  .object({
    householdId: z.uuid(),
    villageCode: z.string(),
    status: z.enum(['pending', 'approved', 'rejected', 'expired']),
    decidedBy: z.string().nullable().meta({ description: 'subject of the officer who decided' }),
    reason: z.string().nullable(),
    updatedAt: z.iso.datetime(),
    workflow: enrollmentWorkflowState.nullable().meta({ description: 'null when the workflow cannot be queried' }),
  })
  .meta({ id: 'Enrollment', description: "A registered household's medical-aid enrollment (参保确认)" });

export const enrollmentDecided = z
  .object({
    householdId: z.uuid(),
    status: enrollmentWorkflowState.shape.step.meta({ description: "the workflow's step after the decision" }),
    workflow: enrollmentWorkflowState,
  })
  .meta({ id: 'EnrollmentDecided', description: 'The decision recorded (signed, audited)' });
