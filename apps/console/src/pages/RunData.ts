// A procedure run (identification round or exit round) as the signing page reads it: the live state from its workflow
// (names, steps, deadlines, escalations), or — while the workflow cannot answer (503) — the steps the register recorded.
import type { IdentificationPaths } from '@fupin/api-client';
import { ApiError, client, unwrap } from '../api';
import { isOverdue } from './InboxFormat';
import type { ExitActionBody, RoundActionBody, RunKind, SignAction } from './RunRules';

type Ok<Op> = Op extends { responses: { 200: { content: { 'application/json': infer B } } } } ? B : never;
type RoundState = Ok<IdentificationPaths['/rounds/{id}']['get']>;
type ExitState = Ok<IdentificationPaths['/exits/{id}']['get']>;
type Created<Op> = Op extends { responses: { 201: { content: { 'application/json': infer B } } } } ? B : never;
export type ActionResult = Created<IdentificationPaths['/rounds/{id}/actions']['post']>;

export interface RunHousehold {
  householdId: string;
  /** 户主; null when only the register's record could be read */
  headName: string | null;
  step: string;
  dueAt: string | null;
  overdue: boolean;
  escalated: boolean;
  /** a deadline miss escalated (督办): to whom */
  escalatedTo: string | null;
}

export interface RunView {
  kind: RunKind;
  id: string;
  villageCode: string;
  incomeYear: number;
  households: RunHousehold[];
  /** false: the workflow did not answer; the steps are the register's record */
  live: boolean;
}

type Pending = {
  dueAt?: string | null;
  escalatedTo?: { divisionCode: string; role: string; times: number } | null;
};

function household(h: { householdId: string; headName: string; step: string; pending: Pending }): RunHousehold {
  const due = h.pending.dueAt ?? null;
  const escalatedTo = h.pending.escalatedTo ?? null;
  return {
    householdId: h.householdId,
    headName: h.headName,
    step: h.step,
    dueAt: due,
    overdue: isOverdue(due),
    escalated: escalatedTo !== null,
    escalatedTo: escalatedTo ? `${escalatedTo.role}@${escalatedTo.divisionCode}` : null,
  };
}

const recorded = (h: { householdId: string; step: string }): RunHousehold => ({
  householdId: h.householdId,
  headName: null,
  step: h.step,
  dueAt: null,
  overdue: false,
  escalated: false,
  escalatedTo: null,
});

function fromState(kind: RunKind, id: string, s: RoundState | ExitState): RunView {
  const list: { householdId: string; headName: string; step: string; pending: Pending }[] = s.households;
  const households = list.map(household);
  return { kind, id, villageCode: s.villageCode, incomeYear: s.incomeYear, households, live: true };
}

async function liveState(kind: RunKind, id: string, token: string): Promise<RoundState | ExitState> {
  const ident = client('identification-service', token);
  const params = { params: { path: { id } } };
  return kind === 'round' ? unwrap(ident.GET('/rounds/{id}', params)) : unwrap(ident.GET('/exits/{id}', params));
}

async function recordedSteps(kind: RunKind, id: string, token: string): Promise<RunView> {
  const ident = client('identification-service', token);
  const params = { params: { path: { id } } };
  const r =
    kind === 'round'
      ? await unwrap(ident.GET('/rounds/{id}/households', params))
      : await unwrap(ident.GET('/exits/{id}/households', params));
  return {
    kind,
    id,
    villageCode: r.villageCode,
    incomeYear: r.incomeYear,
    households: r.households.map(recorded),
    live: false,
  };
}

export async function loadRun(kind: RunKind, id: string, token: string): Promise<RunView> {
  try {
    return fromState(kind, id, await liveState(kind, id, token));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 503) throw e;
    return recordedSteps(kind, id, token);
  }
}

export interface Signature {
  signedBy: string;
  signedOn: string;
  documentRef?: string;
}

/** What the official confirmed: exactly what is posted. */
export interface Signing {
  step: string;
  action: SignAction;
  households: RunHousehold[];
  reason: string;
  /** exit household_agreement only: each household's own signature */
  signatures?: Record<string, Signature>;
}

export async function sign(run: RunView, s: Signing, token: string): Promise<ActionResult> {
  const ident = client('identification-service', token);
  const householdIds = s.households.map((h) => h.householdId);
  const reason = s.reason.trim() ? { reason: s.reason.trim() } : {};
  const path = { params: { path: { id: run.id } } };
  if (run.kind === 'round') {
    const body: RoundActionBody = {
      step: s.step as RoundActionBody['step'],
      householdIds,
      action: s.action,
      ...reason,
    };
    return unwrap(ident.POST('/rounds/{id}/actions', { ...path, body }));
  }
  if (s.action !== 'approve' && s.action !== 'reject')
    throw new Error(`an exit step cannot be signed with ${s.action}`);
  const body: ExitActionBody = {
    step: s.step as ExitActionBody['step'],
    householdIds,
    action: s.action,
    ...reason,
    ...(s.signatures ? { signatures: s.signatures } : {}),
  };
  return unwrap(ident.POST('/exits/{id}/actions', { ...path, body }));
}
