import { ApplicationFailure } from '@temporalio/common';
import type { LocalizedMessage } from '@fupin/localized';

/**
 * A business refusal a workflow (update validator or handler) or an activity throws, typed: the HTTP side reads it
 * from the failure's `details[0]` instead of parsing the message. The status is chosen where the refusal is made:
 * 400 bad input, 403 who may not act (role, level, jurisdiction), 409 wrong moment or state, 422 a rule not met.
 */
export type RefusalStatus = 400 | 403 | 409 | 422;

export interface WorkflowRefusal {
  /** Stable code, e.g. `procedure.wrong_role`, `round.ineligible`; also the ApplicationFailure's type. */
  code: string;
  status: RefusalStatus;
  /** The input field at fault, when there is one (`reason`, `signatures`, …). */
  field?: string;
  message: LocalizedMessage;
  /** What the client may act on (the households concerned, the figures checked, …): the error body's `details`. */
  data?: unknown;
}

/** The non-retryable ApplicationFailure carrying `refusal` (message `en / zh` for logs and the Temporal UI). */
export function refusalFailure(refusal: WorkflowRefusal): ApplicationFailure {
  const typed: WorkflowRefusal = { code: refusal.code, status: refusal.status, message: refusal.message };
  if (refusal.field !== undefined) typed.field = refusal.field;
  if (refusal.data !== undefined) typed.data = refusal.data;
  return ApplicationFailure.create({
    message: `${refusal.message.en} / ${refusal.message['zh-CN']}`,
    type: refusal.code,
    nonRetryable: true,
    details: [typed],
  });
}

const STATUSES: readonly number[] = [400, 403, 409, 422];

export function isWorkflowRefusal(value: unknown): value is WorkflowRefusal {
  if (value === null || typeof value !== 'object') return false;
  const r = value as Partial<WorkflowRefusal>;
  return (
    typeof r.code === 'string' &&
    typeof r.status === 'number' &&
    STATUSES.includes(r.status) &&
    (r.field === undefined || typeof r.field === 'string') &&
    typeof r.message?.en === 'string' &&
    typeof r.message['zh-CN'] === 'string'
  );
}

interface FailureLike {
  type?: string;
  message?: string;
  details?: unknown[];
  cause?: unknown;
}

/**
 * The refusal a failure carries — the failure of an update (validator or handler), or of an activity the handler
 * awaited. Typed details first; failures without them (recorded before the details existed, or thrown by code not
 * yet moved onto `refusalFailure`) are read the old way: `en / zh` message, status and field guessed from the type.
 */
export function readRefusal(failure: unknown): WorkflowRefusal {
  const f = (failure ?? {}) as FailureLike;
  if (isWorkflowRefusal(f.details?.[0])) return f.details[0];
  const inner = f.cause as FailureLike | undefined;
  if (inner && isWorkflowRefusal(inner.details?.[0])) return inner.details[0];
  return legacyRefusal(f);
}

/** The pre-typed format: message `en / zh`, the rule as the type. Kept for failures recorded before the typed details. */
function legacyRefusal(f: FailureLike): WorkflowRefusal {
  const code = f.type ?? 'procedure.refused';
  const [en, zh] = (f.message ?? 'refused').split(' / ');
  const status: RefusalStatus = /wrong_role|wrong_level|out_of_jurisdiction|department/.test(code)
    ? 403
    : /reason_required|reason_too_long|signature_required|invalid|no_households|unknown_household|unknown_objection/.test(
          code,
        )
      ? 400
      : 409;
  const field = /reason/.test(code) ? 'reason' : /signature/.test(code) ? 'signatures' : undefined;
  const refusal: WorkflowRefusal = { code, status, message: { 'zh-CN': zh ?? en, en } };
  if (field) refusal.field = field;
  if (f.details?.[0] !== undefined) refusal.data = f.details[0];
  return refusal;
}
