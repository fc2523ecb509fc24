import { z } from 'zod';
import { caseBody } from '../cases/case.schema';

/**
 * `POST /renovations`: 危房改造 — the household head's signed application and the year the work is planned into.
 * The house grade is not typed in: it is the latest living-condition observation's, from identification.
 */
export const renovationBody = z
  .object({
    householdId: z.uuid(),
    plannedYear: z
      .number()
      .int()
      .meta({ description: 'the year the work is planned into: this year up to 3 years ahead (分年度、不超过3年)' }),
    application: caseBody.shape.consent.meta({
      description: "the household head's signed application (危房改造申请书): who signed, the day, its reference",
    }),
  })
  .strict();
export type RenovationInput = z.output<typeof renovationBody>;

export const renovationCreated = z
  .object({ id: z.uuid(), kind: z.literal('renovation'), workflowId: z.string() })
  .meta({
    id: 'RenovationCaseCreated',
    description: 'The renovation case, submitted to the township; read it with GET /cases/{id}',
  });
export type RenovationCreated = z.output<typeof renovationCreated>;
