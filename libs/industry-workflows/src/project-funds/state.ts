import {
  applyProjectFundsEvent,
  pendingProjectFundsStep,
  projectActorRefusal,
  projectFundsSigner,
  startProjectFunds,
  type ProjectFundsActor,
  type ProjectFundsEvent,
  type ProjectFundsPending,
  type ProjectFundsPrincipal,
  type ProjectFundsRefusal,
  type ProjectFundsResult,
  type ProjectFundsState,
} from '@fupin/industry-rules';
import {
  refusalFailure,
  type FiledObjection,
  type NoticeSigner,
  type OpenNoticeInput,
  type RefusalStatus,
} from '@fupin/workflows';
import type { ProjectFundsInput, ProjectFundsProgressRecord, ProjectFundsView, ReexamineInput } from './definitions';

/** An event as an update or the main line brings it: the project adds the time. */
export type ProjectFundsCommand = ProjectFundsEvent extends infer E
  ? E extends ProjectFundsEvent
    ? Omit<E, 'at'>
    : never
  : never;

/** Rules of the project funds procedure that answer other than 409 (the wrong moment or state). */
const RULE_STATUS: Readonly<Record<string, RefusalStatus>> = {
  wrong_role: 403,
  wrong_level: 403,
  out_of_jurisdiction: 403,
  reason_required: 400,
  invalid_outcome: 400,
  evidence_required: 400,
  signer_named: 400,
  integer_fen: 400,
  start_date: 400,
  invalid_time: 400,
  notice_id_required: 400,
  objection_flag: 400,
  payment_ref_required: 400,
  unknown_event: 400,
  project_required: 400,
  invalid_division: 400,
  budget_fen: 400,
  account_ref_required: 400,
  implementer_required: 400,
  credit_code_length: 400,
  credit_code_charset: 400,
  committee_too_small: 422,
  signer_is_implementer: 422,
  duplicate_signer: 422,
  over_budget: 422,
  over_allocation: 422,
  wrong_account: 422,
  credit_code_authority: 422,
  credit_code_division: 422,
  credit_code_check: 422,
};

/** A refusal of the project funds procedure as the typed failure an update is rejected with (`industry.<rule>`). */
export function projectFundsRefusal(r: ProjectFundsRefusal) {
  const data = r.payment ? { payment: r.payment } : r.missing ? { missing: r.missing } : undefined;
  return refusalFailure({
    code: `industry.${r.rule}`,
    status: RULE_STATUS[r.rule] ?? 409,
    message: r.message,
    ...(r.field ? { field: r.field } : {}),
    ...(data ? { data } : {}),
  });
}

function accepted(result: ProjectFundsResult): ProjectFundsState {
  if (!result.ok) throw projectFundsRefusal(result.refusal);
  return result.state;
}

/** 异议复核: a township reviewer or the county approver over the project's division (as notice-service checks it). */
const REEXAMINERS: readonly ProjectFundsActor[] = Object.freeze([
  { role: 'township_reviewer', level: 'township' },
  { role: 'county_approver', level: 'county' },
]);
const REEXAMINATION = { 'zh-CN': '异议复核', en: 'the re-examination of the objections' };

/** The signer as notice-service records an answer: a department jurisdiction reads `dept:finance@430524`. */
export function noticeSigner(p: ProjectFundsPrincipal): NoticeSigner {
  const { subject, role, jurisdiction } = projectFundsSigner(p);
  return { subject, role, jurisdiction };
}

/** The payment reference decided with before the payment is made (validators): the reducer needs one. */
export const UNPAID_REF = 'unpaid';

/**
 * One project's funds as workflow state, without activities: the procedure's reducer run over the updates, what the
 * state query shows, and what state alone decides about each update (its validator, and again in its handler). The
 * workflow records each change with industry-service before it commits it here.
 */
export class ProjectFunds {
  private current: ProjectFundsState;
  /** The objections the current notice closed with, until they are re-examined. */
  private filed: { count: number; objections: FiledObjection[] } = { count: 0, objections: [] };
  /** Counts the changes. */
  version = 0;

  constructor(
    readonly input: ProjectFundsInput,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.current = accepted(startProjectFunds(input.project));
  }

  get state(): ProjectFundsState {
    return this.current;
  }

  /** Disbursed: nothing is left to do. */
  finished(): boolean {
    return this.current.step === 'disbursed';
  }

  pending(): ProjectFundsPending {
    return pendingProjectFundsStep(this.current);
  }

  view(): ProjectFundsView {
    return { ...this.current, pending: this.pending(), objectionsAwaiting: this.filed.count };
  }

  /** Now, but never before the last entry (the service's clock may run ahead of the workflow's). */
  private at(): string {
    const last = this.current.history[this.current.history.length - 1];
    return new Date(Math.max(this.now(), Date.parse(last.at))).toISOString();
  }

  /**
   * The calendar days are told in: China Standard Time, except in runs recorded before the workflow said so (their
   * histories replay with the UTC day they were decided with). Set by the workflow from its patch marker.
   */
  calendar: 'cst' | 'utc' = 'cst';

  /** What `command` makes of the project now: the next state, or the typed refusal thrown (validator and handler). */
  decide(command: ProjectFundsCommand): ProjectFundsState {
    const calendar = command.type === 'implementationStarted' ? { calendar: this.calendar } : {};
    const event = { ...command, ...calendar, at: this.at() } as ProjectFundsEvent;
    return accepted(applyProjectFundsEvent(this.current, event));
  }

  /** The change, as industry-service records it: the new entries, the step, the allocation and the notice. */
  progress(next: ProjectFundsState): ProjectFundsProgressRecord {
    const fromSeq = this.current.history.length;
    const notice = next.notices[next.notices.length - 1];
    return {
      projectId: next.projectId,
      step: next.step,
      fromSeq,
      entries: next.history.slice(fromSeq),
      allocatedFen: next.allocation?.amountFen ?? null,
      noticeId: notice?.noticeId ?? null,
    };
  }

  /** The change recorded: the project moves on (objections re-examined once the notice is closed). */
  commit(next: ProjectFundsState): void {
    this.current = next;
    if (next.step !== 'publicity') this.filed = { count: 0, objections: [] };
    this.version++;
  }

  /** The funds notice is due: after the acceptance, or after a rectification. */
  noticeDue(): boolean {
    const p = this.pending();
    return p.kind === 'system' && p.checkpoint === 'noticePublished';
  }

  /** The notice open for objections (published, not closed), or null. */
  openNoticeId(): string | null {
    const p = this.pending();
    return p.kind === 'system' && p.checkpoint === 'noticeClosed' && this.filed.count === 0 ? p.noticeId! : null;
  }

  /** The funds notice as notice-service opens it, under the id the workflow chose. */
  noticeInput(noticeId: string, ownerWorkflowId: string): OpenNoticeInput {
    const { kind, divisionCode, durationSeconds, title, entries } = this.input.notice;
    return { noticeId, kind, procedure: 'industry', divisionCode, title, entries, durationSeconds, ownerWorkflowId };
  }

  /** The notice closed with objections: they wait for the re-examination (the step stays in publicity). */
  closedWithObjections(count: number, objections: FiledObjection[]): void {
    this.filed = { count, objections };
  }

  /** The objections filed on the current notice and not yet re-examined. */
  objections(): readonly FiledObjection[] {
    return this.filed.objections;
  }

  /** 异议复核: refused unless the notice closed with objections; the notice's closing, upheld or not. */
  reexamination({ outcome, reason, signer }: ReexamineInput): ProjectFundsCommand {
    if (this.filed.count === 0)
      throw refusalFailure({
        code: 'industry.no_objections_awaiting',
        status: 409,
        message: {
          'zh-CN': '没有待复核的异议：资金公告未结束，或结束时无异议',
          en: 'no objections await re-examination: the funds notice is open, or closed without any',
        },
      });
    const denied = projectActorRefusal(REEXAMINERS, REEXAMINATION, signer, this.current.divisionCode);
    if (denied) throw projectFundsRefusal(denied);
    if (outcome !== 'upheld' && outcome !== 'dismissed')
      throw projectFundsRefusal({
        rule: 'invalid_outcome',
        message: { 'zh-CN': '复核结论须为成立或不成立', en: 'outcome must be upheld or dismissed' },
        field: 'outcome',
      });
    if (typeof reason !== 'string' || !reason.trim())
      throw projectFundsRefusal({
        rule: 'reason_required',
        message: { 'zh-CN': '须说明复核理由', en: 'a reason for the re-examination is required' },
        field: 'reason',
      });
    const notice = this.current.notices[this.current.notices.length - 1];
    return { type: 'noticeClosed', noticeId: notice.noticeId, objectionUpheld: outcome === 'upheld' };
  }
}
