import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  EscalationLevel,
  MonitoringCategory,
  RiskClearingDecision,
  StepDeadlineView,
  StepEscalation,
} from '@fupin/exit-rules';

/**
 * 防止返贫监测: one long-running workflow per monitored household (`relapse-monitoring:<householdId>`). It
 * re-checks the household on a schedule and on risk events (a large medical claim, a disaster report), watches
 * that a support measure (帮扶措施) is assigned in time (escalating village → township → county otherwise), and
 * ends either in a relapse (返贫: back into identification as an applicant) or in risk clearing (风险消除: village
 * notice, then county approval). It continues as new with its state carried, so it can run for years.
 */

export function relapseMonitoringWorkflowId(householdId: string): string {
  return `relapse-monitoring:${householdId}`;
}

/** Times and thresholds, from the service's configuration (seconds; shortened in tests). */
export interface MonitoringWorkflowConfig {
  /** Scheduled re-check period (定期核查); default 30 days. */
  recheckSeconds: number;
  /** First support measure due this long after entry; default 15 days. */
  measureDeadlineSeconds: number;
  /** Time on each escalation rung; default 7 days. */
  escalationStepSeconds: number;
  /** Village notice of a risk clearing (公示期); default 7 days. */
  noticeSeconds: number;
  /** Stable months above the monitoring line before a clearing may be proposed; default 6. */
  minStableMonths: number;
  /** Loop passes before continue-as-new even when Temporal does not suggest it yet (bounds the history). */
  maxIterations?: number;
  /**
   * Time for each signed stage of a clearing before it escalates (办理时限): the township's answers to objections, the
   * county's approval. Absent in runs started before clearing deadlines: those never escalate a clearing.
   */
  clearingDeadlineSeconds?: Record<ClearingHumanStage, number>;
}

export type MonitoringStatus = 'monitoring' | 'clearing' | 'cleared' | 'relapsed';
export type ClearingStage = 'notice' | 'objections' | 'approval';
/** The clearing's signed stages: the township answers objections (异议答复), the county approves (县级审批). */
export type ClearingHumanStage = Exclude<ClearingStage, 'notice'>;
export const CLEARING_STAGE_LABELS: Readonly<Record<ClearingHumanStage, { 'zh-CN': string; en: string }>> = {
  objections: { 'zh-CN': '风险消除异议答复', en: 'township answers to objections to the risk clearing' },
  approval: { 'zh-CN': '风险消除县级审批', en: 'county approval of the risk clearing' },
};
export type RiskEventKind = 'medical_claim' | 'disaster' | 'survey';
export type CheckReason = 'schedule' | RiskEventKind;
export const MEASURE_KINDS = [
  'industry',
  'employment',
  'medical',
  'education',
  'housing',
  'social_assistance',
  'other',
] as const;
export type MeasureKind = (typeof MEASURE_KINDS)[number];

/** The signer of an action, from the verified token (谁签字谁负责). */
export interface MonitoringSigner {
  subject: string;
  name?: string;
  role: string;
  /** Division code, or `dept:<department>` for a department officer. */
  jurisdiction: string;
}

export interface MeasureView {
  measureId: string;
  kind: MeasureKind;
  description: string;
  department: string | null;
  assignedBy: string;
  assignedAt: string;
}

export interface CheckView {
  checkId: string;
  checkedAt: string;
  reason: CheckReason;
  incomeYear: number | null;
  perCapitaFen: number | null;
  monitoringLineFen: number | null;
  povertyLineFen: number | null;
  outcome: 'stable' | 'at_risk' | 'relapsed' | 'no_survey';
}

export interface ClearingView {
  stage: ClearingStage;
  proposedBy: string;
  proposedAt: string;
  noticeId: string | null;
  noticeClosesAt: string | null;
  /** Objections to the clearing notice still to be answered by the township. */
  openObjections: { objectionId: string; text: string }[];
  /** When the current stage began (absent in clearings recorded before clearing deadlines). */
  stageSince?: string;
  /** Deadline misses at the current signed stage; reset when the stage changes. */
  escalation?: StepEscalation | null;
}

/** A clearing stage overdue (逾期督办): the rung to record, once. */
export interface ClearingEscalation {
  stage: ClearingHumanStage;
  escalation: StepEscalation;
  /** The deadline that passed. */
  due: string;
}

/** What is carried across continue-as-new. */
export interface MonitoringCarriedState {
  status: MonitoringStatus;
  measures: MeasureView[];
  lastCheck: CheckView | null;
  checks: number;
  nextRecheckAt: string;
  /** The escalation rung already recorded (audit), so each rung is recorded once. */
  escalationRecorded: EscalationLevel | null;
  clearing: ClearingView | null;
  pendingEvents: RiskEvent[];
  runs: number;
}

export interface RelapseMonitoringInput {
  monitoringId: string;
  householdId: string;
  villageCode: string;
  categories: MonitoringCategory[];
  enteredAt: string;
  config: MonitoringWorkflowConfig;
  /** Re-check at once (the entry survey is already below the poverty line). */
  checkAtStart?: boolean;
  /** Set by continue-as-new. */
  carried?: MonitoringCarriedState;
}

export interface RiskEvent {
  kind: RiskEventKind;
  detail: string;
  reportedBy?: string;
}

export interface AssignMeasureInput {
  kind: MeasureKind;
  description: string;
  department?: string;
  signer: MonitoringSigner;
}

export interface ClearingActionInput {
  /**
   * `answer_objection` (township reviewer: upheld stops the clearing, dismissed lets it go on), `approve` or
   * `reject` (county approver, after the notice).
   */
  action: 'answer_objection' | 'approve' | 'reject';
  objectionId?: string;
  outcome?: 'upheld' | 'dismissed';
  reason?: string;
  signer: MonitoringSigner;
}

export interface MonitoringView {
  monitoringId: string;
  householdId: string;
  villageCode: string;
  categories: MonitoringCategory[];
  enteredAt: string;
  status: MonitoringStatus;
  measures: MeasureView[];
  /** 帮扶措施 deadline: when the first one is due, whether it is overdue and who is reminded. */
  measureDeadline: {
    due: string;
    met: boolean;
    metLate: boolean;
    overdue: boolean;
    escalationLevel: EscalationLevel | null;
  };
  lastCheck: CheckView | null;
  checks: number;
  nextRecheckAt: string;
  clearing: ClearingView | null;
  /** The clearing's signed stage awaited: until when, and the last escalation; null otherwise (or no deadlines). */
  clearingDeadline?: (StepDeadlineView & { stage: ClearingHumanStage; since: string }) | null;
  /** Continue-as-new generations so far. */
  runs: number;
}

export const riskEventSignal = defineSignal<[RiskEvent]>('riskEvent');
export const assignMeasureUpdate = defineUpdate<MeasureView, [AssignMeasureInput]>('assignMeasure');
export const proposeClearingUpdate = defineUpdate<MonitoringView, [{ signer: MonitoringSigner }]>('proposeClearing');
export const clearingActionUpdate = defineUpdate<MonitoringView, [ClearingActionInput]>('clearingAction');
export const monitoringStateQuery = defineQuery<MonitoringView>('monitoringState');

/** Facts for 风险消除, read from the register. */
export interface ClearingFacts {
  monthsStableAboveMonitoringLine: number;
  hasLabour: boolean;
  measuresApplied: number;
}

export interface NoticeHead {
  headName: string;
  headIdNumber: string;
  phone?: string;
  memberCount: number;
}

/** Activities on the identification task queue (identification-service owns the monitoring tables). */
export interface MonitoringActivities {
  /** Re-evaluate the latest income survey against the poverty and monitoring lines; records a monitoring_check. */
  recheckHousehold(input: {
    monitoringId: string;
    householdId: string;
    reason: CheckReason;
    detail?: string;
  }): Promise<CheckView>;
  /** 返贫: monitored status relapsed, household back to applicant, audit, household.relapsed in the outbox. */
  recordRelapse(input: { monitoringId: string; householdId: string; check: CheckView }): Promise<void>;
  /** 帮扶措施: one row (idempotent by measureId) and audit. */
  recordMeasure(input: {
    monitoringId: string;
    householdId: string;
    measure: MeasureView;
    signer: MonitoringSigner;
  }): Promise<void>;
  /** An escalation rung reached without a measure: audit (who must act now). */
  recordEscalation(input: {
    monitoringId: string;
    householdId: string;
    level: EscalationLevel;
    due: string;
  }): Promise<void>;
  /** A clearing stage overdue: audit (the stage, the rung, who is alerted). */
  recordClearingEscalation(
    input: { monitoringId: string; householdId: string; villageCode: string } & ClearingEscalation,
  ): Promise<void>;
  /** Months stable above the monitoring line (from monitoring_check), labour, measures. */
  clearingFacts(input: { monitoringId: string; householdId: string; minStableMonths: number }): Promise<ClearingFacts>;
  /** The head of household as a notice lists it. */
  noticeHead(input: { householdId: string }): Promise<NoticeHead>;
  /** Clearing stage changes and decisions: monitored status (monitoring | clearing | cleared) and audit; cleared publishes household.risk-cleared. */
  recordClearing(input: {
    monitoringId: string;
    householdId: string;
    event: 'proposed' | 'withdrawn' | 'objection_answered' | 'rejected' | 'cleared';
    signer: MonitoringSigner | null;
    reason: string;
    detail?: unknown;
  }): Promise<void>;
}

/** Refusal of a clearing proposal: the failed conditions of mayClearRisk. */
export type ClearingRefusalDetails = RiskClearingDecision['failed'];
