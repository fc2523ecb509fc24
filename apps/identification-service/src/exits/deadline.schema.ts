import { z } from 'zod';
import { instant } from '../rounds/round.schema';

// A human step's deadline (办理时限) and its escalation (逾期督办) as the exit procedures' state views show them: the
// household exit, the village exit and the risk clearing of relapse monitoring share identification's ladder.

/** Who is alerted when a step's deadline passes: one level up, climbing to the county and the workflow operator. */
export const escalationRung = z.object({
  level: z.enum(['township', 'county']),
  role: z.enum(['township_reviewer', 'county_approver']),
  alertWorkflowOperator: z
    .boolean()
    .meta({ description: 'the county itself is late: the workflow operator (流程运维) is alerted too' }),
});

export const escalatedTo = escalationRung
  .extend({
    times: z.number().int().min(1).meta({ description: 'how many times the deadline of this step has passed' }),
    at: instant.meta({ description: 'when the last miss was recorded' }),
    divisionCode: z.string().meta({ description: 'the division alerted (督办单位)' }),
  })
  .nullable()
  .meta({ description: 'the last escalation (督办) at this step, with the division alerted; null before any miss' });

/** dueAt and escalatedTo of a pending human step; absent on runs started before step deadlines. */
export const stepDeadline = {
  dueAt: instant
    .nullable()
    .optional()
    .meta({ description: "the step's deadline (counted again from each miss), or when its notice closes" }),
  escalatedTo: escalatedTo.optional(),
};
