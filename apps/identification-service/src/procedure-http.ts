import { z } from 'zod';
import { jurisdictionLabel, type Principal } from '@fupin/auth';
import { DomainError, type Workflows, parseBody, bilingual, ProcedureWorkflow } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import type { Logger } from '@fupin/observability';
import type { RoundSigner } from '@fupin/identification-workflows';
import { ApiQuery } from '@nestjs/swagger';
import type { Workflow } from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';

export { toDomainError } from '@fupin/service-kit';

// Shared by the procedures' controllers (identification rounds, exit rounds, …): who may sign and read, the
// re-examination body, who signed, starting and reading a round's workflow, refusals in the user's terms.

type Message = { 'zh-CN': string; en: string };

export const OFFICIALS = [
  { role: 'village_cadre' },
  { role: 'township_reviewer' },
  { role: 'county_approver' },
] as const;
export const READERS = [...OFFICIALS, { role: 'auditor' }, { role: 'workflow_operator' }] as const;

/** 复核: decide a household's re-examination, or answer an objection to the notice as a whole. */
export const reexaminationBody = z
  .object({
    householdId: z.uuid().optional(),
    objectionId: z.uuid().optional(),
    outcome: z.enum(['upheld', 'dismissed']),
    reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(2000),
  })
  .strict()
  .refine((b) => b.householdId || b.objectionId, {
    message: 'name the household (复核) or the objection',
    path: ['householdId'],
  });

/** `?division=` as the list operations take it, documented once. */
export const ApiDivisionQuery = (): MethodDecorator =>
  ApiQuery({
    name: 'division',
    required: true,
    description: 'county (6), township (9) or village (12) division code',
    schema: { type: 'string', pattern: '^(\\d{6}|\\d{9}|\\d{12})$' },
  });

/** `?division=` of the lists: a county, township or village code. */
export const divisionQuery = (division: string | undefined): string =>
  parseBody(
    z
      .string()
      .regex(
        /^(\d{6}|\d{9}|\d{12})$/,
        bilingual('须为县、乡镇或村的区划代码（6、9 或 12 位）', 'must be a county, township or village code'),
      ),
    division ?? '',
    'division',
  );

type RoundStateQuery<R> = QueryDefinition<R, [{ householdId?: string }?]>;

/**
 * Start (or find running) a round's workflow, idempotent by its business-key id: when the id is taken it must be
 * this round's own workflow (a retried request), not another round's.
 */
export async function startRoundWorkflow<R extends { roundId: string }>(
  workflows: Workflows,
  round: { id: string; workflow_id: string },
  workflow: Workflow,
  input: unknown,
  stateQuery: RoundStateQuery<R>,
  conflict: (otherRoundId: string) => { code: string; message: Message },
): Promise<void> {
  await new ProcedureWorkflow(workflows, round.workflow_id, TaskQueues.orchestration).start(workflow, input, {
    query: stateQuery,
    args: [{}],
    conflict: (running) => (running.roundId === round.id ? null : conflict(running.roundId)),
  });
}

/** A round's live state from its workflow; 503 with `busy` (which names the recorded progress) when it cannot answer. */
export async function roundState<R>(
  runtime: Workflows & { logger: Logger },
  round: { workflow_id: string; created_by: string; created_at: Date },
  stateQuery: RoundStateQuery<R>,
  householdId: string | undefined,
  busy: { code: string; message: Message },
): Promise<R & { workflowId: string; createdBy: string; createdAt: Date }> {
  const state = await new ProcedureWorkflow(runtime, round.workflow_id, TaskQueues.orchestration).stateOr(
    stateQuery,
    [householdId ? { householdId } : {}],
    (e): never => {
      runtime.logger.warn({ err: e, workflowId: round.workflow_id }, 'round query failed');
      throw new DomainError(503, busy.code, busy.message);
    },
  );
  return { ...state, workflowId: round.workflow_id, createdBy: round.created_by, createdAt: round.created_at };
}

/** Who acts, as the procedures' records name them (subject, role, jurisdiction label). */
export function actorOf(p: Principal): { subject: string; role: string; jurisdiction: string } {
  return { subject: p.subject, role: p.role, jurisdiction: jurisdictionLabel(p.jurisdiction) };
}

/** The signer of an action, from the verified token (谁签字谁负责). */
export function signerOf(p: Principal): RoundSigner {
  const code = p.jurisdiction.kind === 'division' ? p.jurisdiction.code : jurisdictionLabel(p.jurisdiction);
  return { subject: p.subject, ...(p.name ? { name: p.name } : {}), role: p.role, jurisdiction: code };
}

/** Send a signed action to a procedure's workflow as an update; its refusal comes back in the user's terms. */
export function signedUpdate<R, A>(
  workflows: Workflows,
  workflowId: string,
  update: UpdateDefinition<R, [A]>,
  input: A,
): Promise<R> {
  return new ProcedureWorkflow(workflows, workflowId, TaskQueues.orchestration).update(update, input);
}
