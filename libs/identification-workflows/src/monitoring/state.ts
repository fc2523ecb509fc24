import {
  deadlineDueAt,
  mayClearRisk,
  measureStatus,
  nextEscalation,
  stepDeadlineView,
  type EscalationLevel,
  type MeasureStatus,
} from '@fupin/exit-rules';
import {
  type AssignMeasureInput,
  type CheckView,
  type ClearingActionInput,
  type ClearingEscalation,
  type ClearingHumanStage,
  type ClearingStage,
  type ClearingFacts,
  type ClearingView,
  type MeasureView,
  type MonitoringCarriedState,
  type MonitoringSigner,
  type MonitoringView,
  type RelapseMonitoringInput,
  type RiskEvent,
  MEASURE_KINDS,
} from './definitions';
import { refuse } from '../kernel/refusals';

/** Milliseconds since the epoch: `Date.now()` in the workflow (deterministic there), a fixed clock in tests. */
export type Clock = () => number;

export type OpenObjection = ClearingView['openObjections'][number];

/** What a clearing action acts on, as its validator found it: the objection answered, or none (the county decides). */
export interface ClearingTarget {
  clearing: ClearingView;
  objection: OpenObjection | null;
  outcome: ClearingActionInput['outcome'];
}

/** The clearing whose village notice has reached its closing time. */
export type DueNotice = ClearingView & { noticeId: string };

/** An escalation rung reached and not recorded yet. */
export type DueEscalation = MeasureStatus & { escalationLevel: EscalationLevel };

const clearingInProgress = () =>
  refuse('monitoring.clearing_in_progress', 409, '风险消除已在办理中', 'a risk clearing is already in progress');

function requireRole(signer: MonitoringSigner, roles: string[]): void {
  if (!roles.includes(signer.role))
    throw refuse(
      'monitoring.wrong_role',
      403,
      `此操作须由${roles.join('或')}签署`,
      `this must be signed by: ${roles.join(', ')}`,
    );
}

/**
 * 防止返贫监测 of one household as workflow state, without activities: what is carried across continue-as-new, what
 * the state query shows, when the workflow wakes next, and what state alone decides about each update (its validator,
 * and again in the handler under the lock). `version` counts changes: the main loop wakes on it.
 */
export class MonitoringCase {
  readonly state: MonitoringCarriedState;
  version = 0;
  /** The clearing's signed stages have deadlines in this run (set once by the workflow: its version and config). */
  clearingDeadlinesOn = false;

  constructor(
    readonly input: RelapseMonitoringInput,
    private readonly now: Clock = () => Date.now(),
  ) {
    this.state = input.carried ?? this.firstState();
  }

  private firstState(): MonitoringCarriedState {
    const { checkAtStart, enteredAt, config } = this.input;
    const firstRecheck = checkAtStart ? this.now() : Date.parse(enteredAt) + config.recheckSeconds * 1000;
    return {
      status: 'monitoring',
      measures: [],
      lastCheck: null,
      checks: 0,
      nextRecheckAt: new Date(firstRecheck).toISOString(),
      escalationRecorded: null,
      clearing: null,
      pendingEvents: [],
      runs: 0,
    };
  }

  private iso(ms = this.now()): string {
    return new Date(ms).toISOString();
  }

  ended(): boolean {
    return this.state.status === 'cleared' || this.state.status === 'relapsed';
  }

  /** The 帮扶措施 deadline now: when the first measure is due, whether it is overdue, who is reminded. */
  deadline(): MeasureStatus {
    const { enteredAt, config } = this.input;
    return measureStatus({
      enteredAt,
      measures: this.state.measures,
      now: this.iso(),
      config: { deadlineSeconds: config.measureDeadlineSeconds, escalationStepSeconds: config.escalationStepSeconds },
    });
  }

  /** What the state query (and every update) answers. */
  view(): MonitoringView {
    const { monitoringId, householdId, villageCode, categories, enteredAt } = this.input;
    const { status, measures, lastCheck, checks, nextRecheckAt, clearing, runs } = this.state;
    const { due, met, metLate, overdue, escalationLevel } = this.deadline();
    const measureDeadline = { due, met, metLate, overdue, escalationLevel };
    return {
      monitoringId,
      householdId,
      villageCode,
      categories,
      enteredAt,
      status,
      measures,
      measureDeadline,
      lastCheck,
      checks,
      nextRecheckAt,
      clearing,
      ...(this.clearingDeadlinesOn ? { clearingDeadline: this.clearingDeadline() } : {}),
      runs,
    };
  }

  /** Sleep (ms, at least 1) until the earliest due time: the re-check, the deadline's next rung, the notice's closing. */
  nextWake(): number {
    const { nextRecheckAt, clearing } = this.state;
    const times = [Date.parse(nextRecheckAt)];
    const next = this.deadline().nextCheckAt;
    if (next) times.push(Date.parse(next));
    if (clearing?.stage === 'notice' && clearing.noticeClosesAt) times.push(Date.parse(clearing.noticeClosesAt));
    const stageDue = this.clearingDueAt();
    if (stageDue !== null) times.push(stageDue);
    return Math.max(1, Math.min(...times) - this.now());
  }

  /** The input of the next run (continue-as-new): this state carried, no re-check at its start. */
  continuation(): RelapseMonitoringInput {
    return { ...this.input, checkAtStart: false, carried: { ...this.state, runs: this.state.runs + 1 } };
  }

  // -- what state alone decides about each update: its validator, and again in the handler (under the lock) --------

  private requireActive(): void {
    const { status } = this.state;
    if (this.ended())
      throw refuse('monitoring.ended', 409, `监测已结束（${status}）`, `monitoring has ended (${status})`);
  }

  validateMeasure({ kind, description }: AssignMeasureInput): void {
    this.requireActive();
    if (!(MEASURE_KINDS as readonly string[]).includes(kind))
      throw refuse(
        'monitoring.invalid_measure',
        400,
        `未知的帮扶措施类型：${kind}`,
        `unknown kind of support measure: ${kind}`,
      );
    if (!description.trim())
      throw refuse('monitoring.invalid_measure', 400, '须说明帮扶措施内容', 'describe the support measure');
  }

  validateProposal({ signer }: { signer: MonitoringSigner }): void {
    this.requireActive();
    requireRole(signer, ['village_cadre']);
    if (this.state.clearing) throw clearingInProgress();
  }

  validateClearingAction({ action, objectionId, outcome, reason, signer }: ClearingActionInput): ClearingTarget {
    this.requireActive();
    const clearing = this.state.clearing;
    if (!clearing)
      throw refuse('monitoring.no_clearing', 409, '没有正在办理的风险消除', 'no risk clearing in progress');
    if (!reason?.trim() && action !== 'approve')
      throw refuse('monitoring.reason_required', 400, '须说明理由', 'a reason is required', { field: 'reason' });
    if (action === 'answer_objection') {
      requireRole(signer, ['township_reviewer']);
      const objection = clearing.openObjections.find((o) => o.objectionId === objectionId);
      if (!objection || !outcome)
        throw refuse(
          'monitoring.unknown_objection',
          400,
          `没有未答复的异议 ${objectionId ?? ''}`,
          `no unanswered objection ${objectionId ?? ''}`,
        );
      return { clearing, objection, outcome };
    }
    requireRole(signer, ['county_approver']);
    if (clearing.stage !== 'approval')
      throw refuse(
        'monitoring.not_at_approval',
        409,
        '公示及异议处理尚未完成，县级不能审批',
        'the notice and its objections are not finished; the county cannot decide yet',
      );
    return { clearing, objection: null, outcome };
  }

  // -- changes ------------------------------------------------------------------------------------------------------

  /** A risk event (large medical claim, disaster, survey): re-checked on the next pass. Ignored once ended. */
  receive(event: RiskEvent): void {
    if (this.ended()) return;
    this.state.pendingEvents.push(event);
    this.version++;
  }

  /** The next risk event to re-check for, while monitoring goes on. */
  nextEvent(): RiskEvent | undefined {
    return !this.ended() && this.state.pendingEvents.length ? this.state.pendingEvents.shift() : undefined;
  }

  /** The scheduled re-check (定期核查) is due. */
  recheckDue(): boolean {
    return !this.ended() && Date.parse(this.state.nextRecheckAt) <= this.now();
  }

  /** The next scheduled re-check: one period from now. */
  scheduleNextRecheck(): void {
    this.state.nextRecheckAt = this.iso(this.now() + this.input.config.recheckSeconds * 1000);
  }

  checked(check: CheckView): void {
    this.state.lastCheck = check;
    this.state.checks++;
    this.version++;
  }

  /** The clearing notice still open (a relapse closes it early). */
  openNoticeId(): string | null {
    const { clearing } = this.state;
    return clearing?.noticeId && clearing.stage === 'notice' ? clearing.noticeId : null;
  }

  /** 返贫: monitoring ends, any clearing with it. */
  relapsed(): void {
    this.state.clearing = null;
    this.state.status = 'relapsed';
  }

  /** A 帮扶措施 as the signer assigns it now. */
  measure({ kind, description, department, signer }: AssignMeasureInput, measureId: string): MeasureView {
    return {
      measureId,
      kind,
      description: description.trim(),
      department: department ?? null,
      assignedBy: signer.subject,
      assignedAt: this.iso(),
    };
  }

  measureAssigned(measure: MeasureView): void {
    this.state.measures.push(measure);
    this.version++;
  }

  /** 风险消除 may not be proposed unless the register's facts meet mayClearRisk (each failed condition listed). */
  requireClearable(facts: ClearingFacts): void {
    const { minStableMonths } = this.input.config;
    const decision = mayClearRisk({ ...facts, minStableMonths });
    if (decision.ok) return;
    throw refuse(
      'monitoring.clearing_refused',
      409,
      `不能提出风险消除：${decision.failed.map((f) => f.message['zh-CN']).join('；')}`,
      `risk clearing cannot be proposed: ${decision.failed.map((f) => f.message.en).join('; ')}`,
      { data: decision.failed },
    );
  }

  /** The village proposes a clearing: its notice opens next. Refused if monitoring ended or one started meanwhile. */
  clearingProposed(signer: MonitoringSigner): void {
    if (this.ended() || this.state.clearing) throw clearingInProgress();
    const proposedAt = this.iso();
    this.state.clearing = {
      stage: 'notice',
      proposedBy: signer.subject,
      proposedAt,
      noticeId: null,
      noticeClosesAt: null,
      openObjections: [],
    };
    this.state.status = 'clearing';
  }

  noticeOpened(noticeId: string, closesAt: string): void {
    this.state.clearing!.noticeId = noticeId;
    this.state.clearing!.noticeClosesAt = closesAt;
    this.version++;
  }

  /** The clearing whose notice period has ended (to be closed), or null. */
  dueNotice(): DueNotice | null {
    const c = this.state.clearing;
    if (!c || c.stage !== 'notice' || !c.noticeId || !c.noticeClosesAt || Date.parse(c.noticeClosesAt) > this.now())
      return null;
    return c as DueNotice;
  }

  /** The notice closed: objections filed meanwhile go to the township, or (none) the county decides. */
  noticeClosed(clearing: ClearingView, filed: readonly { objectionId: string; text: string }[]): void {
    clearing.openObjections = filed.map((f) => ({ objectionId: f.objectionId, text: f.text }));
    this.enterStage(clearing, clearing.openObjections.length ? 'objections' : 'approval');
    this.version++;
  }

  /** The clearing moves to `stage`: its clock starts now, with no escalation. */
  private enterStage(clearing: ClearingView, stage: ClearingStage): void {
    clearing.stage = stage;
    clearing.stageSince = this.iso();
    clearing.escalation = null;
  }

  objectionAnswered(clearing: ClearingView, objection: OpenObjection): void {
    clearing.openObjections = clearing.openObjections.filter((o) => o !== objection);
  }

  /** Every objection dismissed: the county decides. */
  objectionsDismissed(clearing: ClearingView): void {
    if (clearing.openObjections.length === 0 && clearing.stage === 'objections') this.enterStage(clearing, 'approval');
  }

  /** The clearing withdrawn (objection upheld) or rejected: monitoring goes on. */
  clearingStopped(): void {
    this.state.clearing = null;
    this.state.status = 'monitoring';
  }

  cleared(): void {
    this.state.status = 'cleared';
  }

  /** The escalation rung reached and not recorded yet (each rung is recorded once), or null. */
  dueEscalation(): DueEscalation | null {
    const d = this.deadline();
    return d.escalationLevel && d.escalationLevel !== this.state.escalationRecorded ? (d as DueEscalation) : null;
  }

  escalationRecorded(level: EscalationLevel): void {
    this.state.escalationRecorded = level;
    this.version++;
  }

  // -- 办理时限 of the clearing's signed stages: the township (objections) escalates to the county, the county to the
  //    county and the workflow operator; each rung is recorded once, and the clearing does not move --------------

  /** The signed stage awaited with its clock and deadline (seconds), or null (notice, no clearing, no deadlines). */
  private clearingStage() {
    const c = this.state.clearing;
    const seconds = this.input.config.clearingDeadlineSeconds;
    if (!this.clearingDeadlinesOn || this.ended() || !c || c.stage === 'notice' || !c.stageSince || !seconds)
      return null;
    return { stage: c.stage, since: c.stageSince, escalation: c.escalation ?? null, seconds: seconds[c.stage] };
  }

  private clearingDeadline(): MonitoringView['clearingDeadline'] {
    const s = this.clearingStage();
    if (!s) return null;
    const { stage, since, escalation, seconds } = s;
    return { stage, since, ...stepDeadlineView(since, escalation, seconds, this.input.villageCode) };
  }

  /** When the signed stage's deadline falls (ms), or null. */
  clearingDueAt(): number | null {
    const s = this.clearingStage();
    return s ? Date.parse(deadlineDueAt(s.since, s.escalation, s.seconds)) : null;
  }

  /** The signed stage's deadline has passed: the next rung to record, or null. */
  dueClearingEscalation(): ClearingEscalation | null {
    const s = this.clearingStage();
    const due = this.clearingDueAt();
    if (!s || due === null || due > this.now()) return null;
    const level = STAGE_LEVEL[s.stage];
    return { stage: s.stage, escalation: nextEscalation(level, s.escalation, this.iso()), due: this.iso(due) };
  }

  /** The rung recorded: the stage's clock counts again from it. */
  clearingEscalated(e: ClearingEscalation): void {
    const c = this.state.clearing;
    if (c?.stage !== e.stage) return;
    c.escalation = e.escalation;
    this.version++;
  }
}

/** Who signs each stage: the township answers objections, the county approves. */
const STAGE_LEVEL: Readonly<Record<ClearingHumanStage, 'township' | 'county'>> = {
  objections: 'township',
  approval: 'county',
};
