import {
  applyRelocationEvent,
  pendingRelocationAction,
  startRelocationCase,
  startRenovationCase,
  trancheTotals,
  type RelocationCaseState,
  type RelocationEvent,
  type RelocationPending,
  type RelocationRefusal,
  type RelocationResult,
  type TrancheMilestone,
} from '@fupin/relocation-rules';
import { refusalFailure, type RefusalStatus } from '@fupin/workflows';
import type {
  RelocationCaseInput,
  RelocationCaseView,
  RelocationEscalationRecord,
  RelocationOutboxEvent,
  RelocationPendingMirror,
  RelocationProgressRecord,
} from './definitions';

/** An event as an update or the main line brings it: the case adds the step it is at and the time. */
export type RelocationCommand = RelocationEvent extends infer E
  ? E extends RelocationEvent
    ? Omit<E, 'step' | 'at'>
    : never
  : never;

/** Rules of the case procedure that answer other than 409 (the wrong moment or state). */
const RULE_STATUS: Readonly<Record<string, RefusalStatus>> = {
  wrong_role: 403,
  wrong_level: 403,
  out_of_jurisdiction: 403,
  same_person: 403,
  reason_required: 400,
  reason_too_long: 400,
  evidence_required: 400,
  invalid_time: 400,
  move_in_date: 400,
  follow_up_kind: 400,
  follow_up_ref: 400,
  payment_ref_required: 400,
  unknown_milestone: 400,
  after_move_in: 422,
  renovated_grade: 422,
};

/** A refusal of the case procedure as the typed failure an update is rejected with (`relocation.<rule>`). */
export function relocationRefusal(r: RelocationRefusal) {
  const data = r.payment ? { payment: r.payment } : undefined;
  return refusalFailure({
    code: `relocation.${r.rule}`,
    status: RULE_STATUS[r.rule] ?? 409,
    message: r.message,
    ...(r.field ? { field: r.field } : {}),
    ...(data ? { data } : {}),
  });
}

function accepted(result: RelocationResult): RelocationCaseState {
  if (!result.ok) throw relocationRefusal(result.refusal);
  return result.state;
}

/** The day (YYYY-MM-DD) in China Standard Time of an instant: the day the register shows. */
const shanghaiDay = (at: string): string => new Date(Date.parse(at) + 8 * 3_600_000).toISOString().slice(0, 10);

/** The event a change publishes: moved in, completed (销号标识) or withdrawn; payments publish their own. */
export function outboxEventOf(
  input: RelocationCaseInput,
  before: RelocationCaseState,
  next: RelocationCaseState,
): RelocationOutboxEvent | undefined {
  const { caseId, householdId, villageCode } = input;
  const at = next.history[next.history.length - 1].at;
  if (next.renovation?.newGrade && next.step === 'completed' && before.step !== 'completed')
    return {
      type: 'housing.renovated',
      payload: {
        caseId,
        householdId,
        villageCode,
        previousGrade: next.renovation.grade,
        newGrade: next.renovation.newGrade as 'A' | 'B',
        renovatedOn: shanghaiDay(at),
        subsidyPaidFen: trancheTotals(next).paidFen,
      },
    };
  if (next.step === 'completed' && before.step !== 'completed')
    return {
      type: 'relocation.completed',
      payload: {
        caseId,
        householdId,
        villageCode,
        landRightsKept: next.landUseRightsKept ?? true,
        relocatedOn: shanghaiDay(at),
      },
    };
  if (next.step === 'withdrawn' && before.step !== 'withdrawn')
    return {
      type: 'relocation.withdrawn',
      payload: {
        caseId,
        householdId,
        villageCode,
        reason: next.outcome?.reason ?? '',
        step: before.step,
        withdrawnAt: at,
      },
    };
  if (next.movedInOn && !before.movedInOn)
    return { type: 'relocation.moved-in', payload: { caseId, householdId, villageCode, movedInOn: next.movedInOn } };
  return undefined;
}

/**
 * One household's relocation case as workflow state, without activities: the procedure's reducer run over the
 * updates, what the state query shows, and what state alone decides about each update (its validator, and again in
 * its handler). The workflow records each change with relocation-service before it commits it here.
 */
export class RelocationCase {
  private current: RelocationCaseState;
  /** Counts the changes: the main line waits on it. */
  version = 0;

  constructor(
    readonly input: RelocationCaseInput,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.current = input.renovation ? RelocationCase.renovation(input) : RelocationCase.relocation(input);
  }

  /** 危房改造: the application with its plan starts the case at the township review. */
  private static renovation(input: RelocationCaseInput): RelocationCaseState {
    const { householdId, villageCode, consent, renovation } = input;
    const by = input.consentRecordedBy;
    return accepted(
      startRenovationCase({
        householdId,
        villageCode,
        consent,
        renovation: renovation!,
        by,
        at: input.consentRecordedAt,
      }),
    );
  }

  /** 易地扶贫搬迁: the consent, then the plan submitted. */
  private static relocation(input: RelocationCaseInput): RelocationCaseState {
    const { householdId, villageCode, consent } = input;
    const started = accepted(
      startRelocationCase({
        householdId,
        villageCode,
        consent,
        by: input.consentRecordedBy,
        at: input.consentRecordedAt,
      }),
    );
    return accepted(
      applyRelocationEvent(
        started,
        {
          type: 'planSubmitted',
          step: started.step,
          at: input.planSubmittedAt,
          by: input.planSubmittedBy,
          plan: input.plan!,
        },
        input.config,
      ),
    );
  }

  get state(): RelocationCaseState {
    return this.current;
  }

  finished(): boolean {
    return this.current.outcome !== null;
  }

  pending(): RelocationPending {
    return pendingRelocationAction(this.current, this.input.config);
  }

  view(): RelocationCaseView {
    const { caseId: workflowId, since: _since, escalation: _escalation, ...rest } = this.current;
    return { ...rest, caseId: this.input.caseId, workflowId, pending: this.pending() };
  }

  /** Now, but never before the case's last entry (the service's clock may run ahead of the workflow's). */
  private at(): string {
    const last = this.current.history[this.current.history.length - 1];
    return new Date(Math.max(this.now(), Date.parse(last.at))).toISOString();
  }

  /** What `command` makes of the case now: the next state, or the typed refusal thrown (validator and handler). */
  decide(command: RelocationCommand): RelocationCaseState {
    const event = { ...command, step: this.current.step, at: this.at() } as RelocationEvent;
    return accepted(applyRelocationEvent(this.current, event, this.input.config));
  }

  /** The change, as relocation-service records it: the new entries, the step, the event to publish. */
  progress(next: RelocationCaseState): RelocationProgressRecord {
    const { caseId, householdId, villageCode } = this.input;
    const fromSeq = this.current.history.length;
    const event = outboxEventOf(this.input, this.current, next);
    return {
      caseId,
      householdId,
      villageCode,
      step: next.step,
      fromSeq,
      entries: next.history.slice(fromSeq),
      ...(event ? { event } : {}),
      pending: this.pendingMirror(next),
    };
  }

  /** 待办: the human action awaited in `next`, its start and last miss (the service mirrors them); null if none. */
  private pendingMirror(next: RelocationCaseState): RelocationPendingMirror | null {
    const p = pendingRelocationAction(next, this.input.config);
    if (p.kind !== 'human') return null;
    const e = next.escalation;
    const escalation = e && { times: e.times, at: e.at, level: e.to.level, role: e.to.role };
    return { action: p.action, since: next.since, escalation };
  }

  /** The change recorded: the case moves on. */
  commit(next: RelocationCaseState): void {
    this.current = next;
    this.version++;
  }

  /** The tranche the county approved and relocation-service owes, or null. */
  paymentDue(): { milestone: TrancheMilestone; amountFen: number } | null {
    const p = this.pending();
    return p.kind === 'system' ? { milestone: p.milestone, amountFen: p.amountFen } : null;
  }

  /** When the deadline of the human step awaited falls (ms), or null. */
  deadlineDueAt(): number | null {
    const p = this.pending();
    return p.kind === 'human' ? Date.parse(p.dueAt) : null;
  }

  /** The deadline has passed: the case with the next rung recorded, and the escalation to record; null if not due. */
  missedDeadline(): { next: RelocationCaseState; record: RelocationEscalationRecord } | null {
    const p = this.pending();
    if (p.kind !== 'human' || Date.parse(p.dueAt) > this.now()) return null;
    const result = applyRelocationEvent(
      this.current,
      { type: 'deadlineMissed', step: this.current.step, at: this.at() },
      this.input.config,
    );
    if (!result.ok) return null;
    const next = result.state;
    const seq = next.history.length - 1;
    const escalated = pendingRelocationAction(next, this.input.config);
    const divisionCode = escalated.kind === 'human' ? (escalated.escalatedTo?.divisionCode ?? '') : '';
    const { caseId, householdId, villageCode } = this.input;
    const entry = next.history[seq];
    return { next, record: { caseId, householdId, villageCode, seq, entry, divisionCode, due: p.dueAt } };
  }
}
