import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { jurisdictionLabel, type Principal } from '@fupin/auth';
import { DomainError, type ServiceRuntime } from '@fupin/service-kit';
import type { RoundSigner } from '@fupin/identification-workflows';

// Shared by the procedures' controllers (identification rounds, exit rounds, …): who signed, and refusals of a
// workflow update in the user's terms.

/** Refusals of the procedure rules → the user's terms: who may not act 403, wrong moment 409, bad input 400. */
export function toDomainError(e: unknown): unknown {
  if (e instanceof WorkflowNotFoundError) {
    // a round is recorded a moment before its workflow starts (the annual review opens rounds, then starts them)
    return new DomainError(409, 'procedure.not_running', {
      'zh-CN': '该批次的流程未在运行：刚刚开启（请稍后重试）或已经结束',
      en: "the round's procedure is not running: just opened (retry in a moment) or already ended",
    });
  }
  if (!(e instanceof WorkflowUpdateFailedError)) return e;
  const cause = e.cause as { type?: string; message?: string; details?: unknown[] } | undefined;
  const type = cause?.type ?? 'procedure.refused';
  const [en, zh] = (cause?.message ?? 'refused').split(' / ');
  const status = /wrong_role|wrong_level|out_of_jurisdiction|department/.test(type) ? 403 : /reason_required|reason_too_long|signature_required|invalid|no_households|unknown_household|unknown_objection/.test(type) ? 400 : 409;
  const field = /reason/.test(type) ? 'reason' : /signature/.test(type) ? 'signatures' : undefined;
  return new DomainError(status, type, { 'zh-CN': zh ?? en, en }, field, cause?.details?.[0]);
}

/** The signer of an action, from the verified token (谁签字谁负责). */
export function signerOf(p: Principal): RoundSigner {
  const code = p.jurisdiction.kind === 'division' ? p.jurisdiction.code : jurisdictionLabel(p.jurisdiction);
  return { subject: p.subject, ...(p.name ? { name: p.name } : {}), role: p.role, jurisdiction: code };
}

/** Send a signed action to a procedure's workflow as an update; its refusal comes back in the user's terms. */
export async function signedUpdate<R, A>(runtime: Pick<ServiceRuntime, 'temporal'>, workflowId: string, update: UpdateDefinition<R, [A]>, input: A): Promise<R> {
  try {
    return await runtime.temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [input] });
  } catch (e) {
    throw toDomainError(e);
  }
}
