import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Workflow,
} from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { z } from 'zod';
import { jurisdictionLabel, type Principal } from '@fupin/auth';
import { DomainError, type ServiceRuntime, parseBody, bilingual } from '@fupin/service-kit';
import { TaskQueues, readRefusal } from '@fupin/workflows';
import type { RoundSigner } from '@fupin/identification-workflows';
import { ApiQuery } from '@nestjs/swagger';

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
  runtime: Pick<ServiceRuntime, 'temporal'>,
  round: { id: string; workflow_id: string },
  workflow: Workflow,
  input: unknown,
  stateQuery: RoundStateQuery<R>,
  conflict: (otherRoundId: string) => { code: string; message: Message },
): Promise<void> {
  try {
    await runtime.temporal.workflow.start(workflow, {
      taskQueue: TaskQueues.orchestration,
      workflowId: round.workflow_id,
      args: [input],
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    const running = await runtime.temporal.workflow.getHandle(round.workflow_id).query(stateQuery, {});
    if (running.roundId !== round.id) {
      const c = conflict(running.roundId);
      throw new DomainError(409, c.code, c.message);
    }
  }
}

/** A round's live state from its workflow; 503 with `busy` (which names the recorded progress) when it cannot answer. */
export async function roundState<R>(
  runtime: Pick<ServiceRuntime, 'temporal' | 'logger'>,
  round: { workflow_id: string; created_by: string; created_at: Date },
  stateQuery: RoundStateQuery<R>,
  householdId: string | undefined,
  busy: { code: string; message: Message },
): Promise<R & { workflowId: string; createdBy: string; createdAt: Date }> {
  try {
    const state = await runtime.temporal.workflow
      .getHandle(round.workflow_id)
      .query(stateQuery, householdId ? { householdId } : {});
    return { ...state, workflowId: round.workflow_id, createdBy: round.created_by, createdAt: round.created_at };
  } catch (e) {
    runtime.logger.warn({ err: e, workflowId: round.workflow_id }, 'round query failed');
    throw new DomainError(503, busy.code, busy.message);
  }
}

/**
 * A procedure's refusal → the HTTP error, by the one reading of a refusal (`readRefusal`): the workflow chose the
 * status, code, field and bilingual message where it refused (typed `details[0]`); older failures (`en / zh`
 * message) are read the old way. A round not running (yet, or any more) is 409 `procedure.not_running`.
 */
export function toDomainError(e: unknown): unknown {
  if (e instanceof WorkflowNotFoundError) {
    // a round is recorded a moment before its workflow starts (the annual review opens rounds, then starts them)
    return new DomainError(409, 'procedure.not_running', {
      'zh-CN': '该批次的流程未在运行：刚刚开启（请稍后重试）或已经结束',
      en: "the round's procedure is not running: just opened (retry in a moment) or already ended",
    });
  }
  if (!(e instanceof WorkflowUpdateFailedError)) return e;
  const refusal = readRefusal(e.cause);
  return new DomainError(refusal.status, refusal.code, refusal.message, refusal.field, refusal.data);
}

/** The signer of an action, from the verified token (谁签字谁负责). */
export function signerOf(p: Principal): RoundSigner {
  const code = p.jurisdiction.kind === 'division' ? p.jurisdiction.code : jurisdictionLabel(p.jurisdiction);
  return { subject: p.subject, ...(p.name ? { name: p.name } : {}), role: p.role, jurisdiction: code };
}

/** Send a signed action to a procedure's workflow as an update; its refusal comes back in the user's terms. */
export async function signedUpdate<R, A>(
  runtime: Pick<ServiceRuntime, 'temporal'>,
  workflowId: string,
  update: UpdateDefinition<R, [A]>,
  input: A,
): Promise<R> {
  try {
    return await runtime.temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [input] });
  } catch (e) {
    throw toDomainError(e);
  }
}
