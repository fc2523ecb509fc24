import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Workflow,
} from '@temporalio/client';
import type { QueryDefinition, UpdateDefinition } from '@temporalio/common';
import { readRefusal } from '@fupin/refusals';
import { DomainError, type LocalizedMessage } from './errors';
import type { Workflows } from './tokens';

/** When the workflow id is taken: ask the running workflow whose it is, refuse (409) when it is another's. */
export interface RunningCheck<R, A extends unknown[]> {
  query: QueryDefinition<R, A>;
  args: A;
  /** The refusal when the running workflow is another procedure's (another round, another attempt); else null. */
  conflict(running: R): { code: string; message: LocalizedMessage } | null;
}

/**
 * A procedure's workflow as its HTTP service talks to it (rounds, exits, village exits, annual reviews): started
 * once under its business-key id (a retried request finds it running), its live state queried, a signed action
 * sent as an update whose refusal comes back in the user's terms (`toDomainError`).
 *
 * The Temporal client is read at each call, inside the call's error handling: until the runtime has connected it,
 * reading it answers 503 `dependency.unavailable`, which each call treats as its own failure.
 */
export class ProcedureWorkflow {
  constructor(
    private readonly workflows: Workflows,
    readonly workflowId: string,
    /** The orchestrator's queue, where the procedures' workflows run. */
    private readonly taskQueue: string,
  ) {}

  /** Start it, idempotent by its id; with `running`, a workflow already running under the id must be this one. */
  async start<R, A extends unknown[]>(workflow: Workflow, input: unknown, running?: RunningCheck<R, A>): Promise<void> {
    try {
      await this.workflows.temporal.workflow.start(workflow, {
        taskQueue: this.taskQueue,
        workflowId: this.workflowId,
        args: [input],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      if (!running) return; // a retried request: it is running
      const refused = running.conflict(await this.query(running.query, ...running.args));
      if (refused) throw new DomainError(409, refused.code, refused.message);
    }
  }

  /** Its live state. */
  query<R, A extends unknown[]>(query: QueryDefinition<R, A>, ...args: A): Promise<R> {
    return this.workflows.temporal.workflow.getHandle(this.workflowId).query(query, ...args);
  }

  /** Its live state, or what `unavailable` makes of a query that could not be answered (a fallback, or a 503). */
  async stateOr<R, A extends unknown[], F>(
    query: QueryDefinition<R, A>,
    args: A,
    unavailable: (error: unknown) => F,
  ): Promise<R | F> {
    try {
      return await this.query(query, ...args);
    } catch (e) {
      return unavailable(e);
    }
  }

  /** Send a signed action as an update; its refusal becomes the HTTP error the workflow chose. */
  async update<R, I>(update: UpdateDefinition<R, [I]>, input: I): Promise<R> {
    try {
      return await this.workflows.temporal.workflow.getHandle(this.workflowId).executeUpdate(update, { args: [input] });
    } catch (e) {
      throw toDomainError(e);
    }
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
