import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { StepDeadlineView, StepEscalation } from '@fupin/exit-rules';
import type { NoticeEntryInput } from '@fupin/workflows';
import type { RoundSigner } from '../round/definitions';

/**
 * 贫困村退出: one village's exit in a year. The incidence must be strictly below the line (2 %, 3 % in the western
 * provinces) → the township posts a notice (乡镇公示) → objections are answered by the county → the county approves
 * or rejects (县级审定) → the exit is recorded and `village.exited` published. Objections reach the workflow as the
 * round's `objectionFiled` signal (same name and shape: the notice carries this workflow's id as its owner).
 */

export type VillageExitStatus = 'proposed' | 'in_notice' | 'exited' | 'refused';

/** The county's signed steps after the notice (办理时限 each): answering the objections, then the decision (县级审定). */
export type VillageExitHumanStep = 'objection_answers' | 'county_decision';
export const VILLAGE_EXIT_HUMAN_STEPS: readonly VillageExitHumanStep[] = ['objection_answers', 'county_decision'];
export const VILLAGE_EXIT_STEP_LABELS: Readonly<Record<VillageExitHumanStep, { 'zh-CN': string; en: string }>> = {
  objection_answers: { 'zh-CN': '县级答复异议', en: "the county's answers to objections" },
  county_decision: { 'zh-CN': '贫困村退出县级审定', en: 'county decision on the village exit' },
};

export interface VillageExitInput {
  exitId: string;
  villageCode: string;
  year: number;
  /** Attempt on this village and year (a refused exit may be proposed again). */
  attempt: number;
  /** 乡镇公示 length, from the service's configuration. */
  noticeSeconds: number;
  /** Time for each county step before it escalates (seconds); absent in runs started before step deadlines. */
  stepDeadlineSeconds?: Record<VillageExitHumanStep, number>;
  proposedBy: RoundSigner;
}

/** The incidence check as the activity saw it. */
export interface IncidenceCheck {
  ok: boolean;
  /** Null when the figures could not be computed (no rural population recorded …). */
  poorNotExited: number | null;
  ruralPopulation: number | null;
  ratio: { numerator: number; denominator: number } | null;
  incidenceBp: number | null;
  thresholdBp: number;
  western: boolean;
  checkedAt: string;
  message: { 'zh-CN': string; en: string };
}

export interface VillageExitObjection {
  objectionId: string;
  householdId?: string;
  text?: string;
  answer: { outcome: 'upheld' | 'dismissed'; reason: string; by: string; at: string } | null;
}

export interface VillageExitView {
  exitId: string;
  villageCode: string;
  year: number;
  attempt: number;
  status: VillageExitStatus;
  /** What is awaited: the notice period, answers to objections, the county's decision; null when finished. */
  waitingFor: 'incidence_check' | 'notice' | 'objection_answers' | 'county_decision' | null;
  proposalCheck: IncidenceCheck | null;
  decisionCheck: IncidenceCheck | null;
  notice: { noticeId: string; openedAt: string; closesAt: string; closedAt: string | null } | null;
  objections: VillageExitObjection[];
  /** The county step awaited (办理时限): since when, until when, and the last escalation; null otherwise. */
  deadline: (StepDeadlineView & { step: VillageExitHumanStep; since: string }) | null;
  decision: {
    action: 'approve' | 'reject' | 'objection_upheld' | 'incidence';
    reason: string;
    by: string;
    at: string;
  } | null;
}

export interface VillageExitDecisionInput {
  action: 'approve' | 'reject';
  reason?: string;
  signer: RoundSigner;
}

export interface VillageExitAnswerInput {
  objectionId: string;
  outcome: 'upheld' | 'dismissed';
  reason: string;
  signer: RoundSigner;
}

export interface VillageExitRecord {
  exitId: string;
  status: VillageExitStatus;
  noticeId?: string;
  /** The check recorded with the status: at the proposal, or at the county's decision. */
  check?: IncidenceCheck;
  checkKind?: 'proposal' | 'decision';
  reason?: string;
  /** Who decided (the county approver), or the system for a refusal by the figures. */
  decidedBy?: RoundSigner | 'system';
  at: string;
}

/** A missed deadline at a county step (逾期督办), recorded once per rung in the audit trail. */
export interface VillageExitEscalationRecord {
  exitId: string;
  villageCode: string;
  step: VillageExitHumanStep;
  escalation: StepEscalation;
  /** The deadline that passed. */
  due: string;
}

/** Activities on the identification task queue (identification-service owns the register and village_exit). */
export interface VillageExitActivities {
  /** 贫困发生率 of the village against its line, now. */
  checkVillageIncidence(input: { exitId: string; villageCode: string }): Promise<IncidenceCheck>;
  /** The village's register households (registered and exited) for the township notice, with the village's figures as the reason. */
  villageExitNoticeEntries(input: {
    exitId: string;
    villageCode: string;
    check: IncidenceCheck;
  }): Promise<NoticeEntryInput[]>;
  /** Status and figures into village_exit, an audit record; `village.exited` through the outbox when exited. */
  recordVillageExit(input: VillageExitRecord): Promise<void>;
  /** An escalation of a county step: an audit record naming the step, the rung and who is alerted. */
  recordVillageExitEscalation(input: VillageExitEscalationRecord): Promise<void>;
}

export const decideVillageExitUpdate = defineUpdate<VillageExitView, [VillageExitDecisionInput]>('decideVillageExit');
export const answerVillageExitObjectionUpdate = defineUpdate<VillageExitView, [VillageExitAnswerInput]>(
  'answerVillageExitObjection',
);
export const villageExitStateQuery = defineQuery<VillageExitView>('villageExitState');

export const VILLAGE_EXIT_WORKFLOW_PREFIX = 'village-exit:';

export function villageExitWorkflowId(villageCode: string, year: number): string {
  return `${VILLAGE_EXIT_WORKFLOW_PREFIX}${villageCode}:${year}`;
}
