import { deadlineDueAt, nextEscalation, stepDeadlineView, type StepEscalation } from '@fupin/exit-rules';
import type { FiledObjection } from '@fupin/workflows';
import type { ObjectionFiled, RoundSigner } from '../round/definitions';
import type {
  IncidenceCheck,
  VillageExitAnswerInput,
  VillageExitDecisionInput,
  VillageExitEscalationRecord,
  VillageExitHumanStep,
  VillageExitInput,
  VillageExitObjection,
  VillageExitStatus,
  VillageExitView,
} from './definitions';
import { refuse } from '../kernel/refusals';

/** An objection heard of, with the notice it was filed on: only those on this run's notice count. */
export type HeardObjection = VillageExitObjection & { noticeId: string };
export type VillageExitNotice = NonNullable<VillageExitView['notice']>;
export type VillageExitDecision = NonNullable<VillageExitView['decision']>;

/** The county step awaited, since when, and its misses so far (reset when the step changes). */
interface StepClock {
  step: VillageExitHumanStep;
  since: string;
  escalation: StepEscalation | null;
}

/** Only the county's approver (县扶贫开发领导小组 / 县扶贫办) of the village's county decides and answers. */
export function assertCountyApprover(signer: RoundSigner, villageCode: string): void {
  if (signer.role !== 'county_approver')
    throw refuse('village_exit.wrong_role', 403, '须由县级审批人员办理', 'only the county approver may do this');
  if (signer.jurisdiction !== villageCode.slice(0, 6))
    throw refuse(
      'village_exit.out_of_jurisdiction',
      403,
      `村 ${villageCode} 不属于您所在的县`,
      `village ${villageCode} is not in your county`,
    );
}

const alreadyDecided = () =>
  refuse('village_exit.finished', 409, '本次退出已办结', 'this exit has already been decided');

/**
 * 贫困村退出 of one village in one year as workflow state, without activities: what the state query shows and what
 * state alone decides about each update (its validator, and again in the handler). The workflow records each change
 * with the register before it sets the status.
 */
export class VillageExitCase {
  status: VillageExitStatus = 'proposed';
  proposalCheck: IncidenceCheck | null = null;
  decisionCheck: IncidenceCheck | null = null;
  notice: VillageExitNotice | null = null;
  decision: VillageExitDecision | null = null;
  /** Every objection heard of, by the signal or by the notice's closing. */
  private readonly heard = new Map<string, HeardObjection>();
  private clock: StepClock | null = null;

  constructor(
    readonly input: VillageExitInput,
    private readonly now: () => number = () => Date.now(),
  ) {}

  finished(): boolean {
    return this.status === 'exited' || this.status === 'refused';
  }

  /** The objections on this run's notice. */
  objections(): HeardObjection[] {
    return [...this.heard.values()].filter((o) => o.noticeId === this.notice?.noticeId);
  }

  unanswered(): HeardObjection[] {
    return this.objections().filter((o) => o.answer === null);
  }

  /** What is awaited: the incidence check, the notice period, answers to objections, the county's decision. */
  waitingFor(): VillageExitView['waitingFor'] {
    if (this.finished()) return null;
    if (this.status === 'proposed') return 'incidence_check';
    if (!this.notice?.closedAt) return 'notice';
    return this.unanswered().length ? 'objection_answers' : 'county_decision';
  }

  view(): VillageExitView {
    const { exitId, villageCode, year, attempt } = this.input;
    const { status, proposalCheck, decisionCheck, notice, decision } = this;
    const objections = this.objections().map(({ objectionId, householdId, text, answer }) => ({
      objectionId,
      householdId,
      text,
      answer,
    }));
    const waitingFor = this.waitingFor();
    const deadline = this.deadline();
    return {
      exitId,
      villageCode,
      year,
      attempt,
      status,
      waitingFor,
      proposalCheck,
      decisionCheck,
      notice,
      objections,
      deadline,
      decision,
    };
  }

  // -- 办理时限: the county's steps after the notice, escalated when late (the county and the workflow operator) -----

  /** The county step now awaited, or null (the notice still open, or decided). */
  private humanStep(): VillageExitHumanStep | null {
    const waiting = this.waitingFor();
    return waiting === 'objection_answers' || waiting === 'county_decision' ? waiting : null;
  }

  /** Follow the step awaited: a new step starts its clock now, with no escalation. Called after every change. */
  trackStep(): void {
    const step = this.humanStep();
    if (step === this.clock?.step) return;
    this.clock = step ? { step, since: new Date(this.now()).toISOString(), escalation: null } : null;
  }

  private seconds(step: VillageExitHumanStep): number | null {
    return this.input.stepDeadlineSeconds?.[step] ?? null;
  }

  private deadline(): VillageExitView['deadline'] {
    const c = this.finished() ? null : this.clock;
    const seconds = c && this.seconds(c.step);
    if (!c || !seconds) return null;
    return {
      step: c.step,
      since: c.since,
      ...stepDeadlineView(c.since, c.escalation, seconds, this.input.villageCode),
    };
  }

  /** When the awaited step's deadline falls (ms), or null. */
  deadlineDueAt(): number | null {
    const c = this.finished() ? null : this.clock;
    const seconds = c && this.seconds(c.step);
    return c && seconds ? Date.parse(deadlineDueAt(c.since, c.escalation, seconds)) : null;
  }

  /** The deadline has passed: the next rung (county, with the workflow operator), to be recorded; null if not due. */
  missedDeadline(): VillageExitEscalationRecord | null {
    const due = this.deadlineDueAt();
    const c = this.clock;
    if (!c || due === null || due > this.now()) return null;
    const escalation = nextEscalation('county', c.escalation, new Date(this.now()).toISOString());
    const { exitId, villageCode } = this.input;
    return { exitId, villageCode, step: c.step, escalation, due: new Date(due).toISOString() };
  }

  /** The rung recorded: the clock counts again from it. */
  escalated(record: VillageExitEscalationRecord): void {
    if (this.clock?.step === record.step) this.clock = { ...this.clock, escalation: record.escalation };
  }

  /** An objection filed: a signal may come before this run has its notice id; kept, and counted once it is this run's. */
  receive(o: ObjectionFiled): void {
    if (this.heard.has(o.objectionId)) return;
    const { objectionId, noticeId, householdId, text } = o;
    this.heard.set(objectionId, { objectionId, noticeId, householdId, text, answer: null });
    this.trackStep();
  }

  /** 公示期满: the notice closed, with the objections filed on it (some may not have reached the signal yet). */
  noticeClosed(closedAt: string, filed: readonly FiledObjection[]): void {
    const { noticeId } = this.notice!;
    for (const f of filed)
      this.receive({ objectionId: f.objectionId, noticeId, householdId: f.entryId ?? undefined, text: f.text });
    this.notice = { ...this.notice!, closedAt };
    this.trackStep();
  }

  /** What state decides about an answer to an objection: the update's validator, and again in the handler. */
  validateAnswer({ objectionId, reason, signer }: VillageExitAnswerInput): HeardObjection {
    assertCountyApprover(signer, this.input.villageCode);
    const objection = this.objections().find((o) => o.objectionId === objectionId);
    if (!objection)
      throw refuse(
        'village_exit.unknown_objection',
        400,
        `本次退出没有异议 ${objectionId}`,
        `no objection ${objectionId} on this exit`,
      );
    if (objection.answer)
      throw refuse('village_exit.objection_answered', 409, '该异议已答复', 'this objection has already been answered');
    if (!reason?.trim())
      throw refuse('village_exit.reason_required', 400, '答复须写明理由', 'an answer needs its reason', {
        field: 'reason',
      });
    if (this.finished()) throw alreadyDecided();
    return objection;
  }

  /** What state decides about the county's decision (县级审定): the update's validator, and again in the handler. */
  validateDecision({ action, reason, signer }: VillageExitDecisionInput): void {
    assertCountyApprover(signer, this.input.villageCode);
    if (this.finished()) throw alreadyDecided();
    if (this.status !== 'in_notice' || !this.notice?.closedAt)
      throw refuse(
        'village_exit.notice_open',
        409,
        '乡镇公示期未满，不能审定',
        'the township notice has not ended yet',
      );
    this.refuseIfUnanswered();
    if (action === 'reject' && !reason?.trim())
      throw refuse('village_exit.reason_required', 400, '不予退出须写明理由', 'a rejection needs its reason', {
        field: 'reason',
      });
  }

  private refuseIfUnanswered(): void {
    const open = this.unanswered().map((o) => o.objectionId);
    if (open.length)
      throw refuse(
        'village_exit.objections_unanswered',
        409,
        `以下异议尚未答复：${open.join('、')}`,
        `objections not answered yet: ${open.join(', ')}`,
      );
  }
}
