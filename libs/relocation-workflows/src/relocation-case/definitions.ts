import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  HousingRenovatedV1,
  RelocationCompletedV1,
  RelocationMovedInV1,
  RelocationWithdrawnV1,
} from '@fupin/contracts';
import type {
  FollowUpMeasure,
  HouseGrade,
  RelocationCaseState,
  RelocationConfig,
  RelocationConsent,
  RelocationHistoryEntry,
  RelocationPending,
  RelocationPlan,
  RelocationAction,
  RelocationPrincipal,
  RenovationPlan,
  TrancheMilestone,
} from '@fupin/relocation-rules';

/**
 * 易地扶贫搬迁: one household's relocation case, `relocation-case:<householdId>`. relocation-service records the
 * consent and the plan (publishing `relocation.consented` and `relocation.planned`), then starts this workflow with
 * both: township review → county approval → construction milestones (the supervisor's), each tranche approved by the
 * county office and then paid exactly once → home accepted → move-in → old house demolished and land reclaimed
 * (拆旧复垦) → follow-up support (后续扶持) → completed (销号标识). The household may withdraw until the move-in.
 * Every human step has a deadline; a missed one escalates village → township → county, each rung recorded once.
 * The rules are @fupin/relocation-rules' case procedure; this workflow runs them and records every change.
 *
 * 危房改造 runs on the same workflow as `renovation-case:<householdId>`: started with the household's signed
 * application and its renovation plan (no relocation plan), township review → county approval → the same milestones
 * and tranches → completed, publishing `housing.renovated` with the grade of the acceptance inspection.
 */

export interface RelocationCaseInput {
  /** The case row's id in relocation-service (the events' caseId). */
  caseId: string;
  householdId: string;
  villageCode: string;
  consent: RelocationConsent;
  /** The village cadre who recorded the household's signature, and when. */
  consentRecordedBy: RelocationPrincipal;
  consentRecordedAt: string;
  /** The plan as relocation-service accepted it (red line, site capacity and subsidy checked there). */
  plan?: RelocationPlan;
  /** A renovation case (危房改造) instead: its plan (eligibility and subsidy by grade checked by the service). */
  renovation?: RenovationPlan;
  planSubmittedBy: RelocationPrincipal;
  planSubmittedAt: string;
  /** Deadlines of the human steps (RELOCATION_FOLLOWUP_DAYS, RELOCATION_RECLAIM_DAYS …), resolved by the service. */
  config: RelocationConfig;
}

/** 乡镇审核, then 县搬迁办审批 of the plan: the step awaited says which. A rejection ends the case, with its reason. */
export interface RelocationReviewInput {
  decision: 'approve' | 'reject';
  reason?: string;
  signer: RelocationPrincipal;
}

/** A construction milestone reached (地基, 封顶, 竣工验收), recorded by the construction supervisor with its evidence. */
export interface RelocationMilestoneInput {
  milestone: TrancheMilestone;
  evidenceRef: string;
  /** Renovation cases, at the acceptance inspection (竣工验收): the house's new grade, A or B. */
  newGrade?: HouseGrade;
  signer: RelocationPrincipal;
}

/** The county office approves the tranche of a recorded milestone (or the lump sum); the workflow then pays it once. */
export interface RelocationTrancheApprovalInput {
  milestone: TrancheMilestone;
  signer: RelocationPrincipal;
}

export interface RelocationMoveInInput {
  /** YYYY-MM-DD, not after today. */
  movedInOn: string;
  signer: RelocationPrincipal;
}

/** 拆旧复垦: the old house demolished and its land reclaimed, with the evidence (land-use rights are kept). */
export interface RelocationReclaimedInput {
  evidenceRef: string;
  signer: RelocationPrincipal;
}

/** 后续扶持: an employment or industry measure (from industry-service's events: no signer; or recorded by hand). */
export interface RelocationFollowUpInput {
  measure: FollowUpMeasure;
  signer?: RelocationPrincipal;
}

/** 退出搬迁: the household withdraws (recorded by the village cadre), until the move-in. */
export interface RelocationWithdrawInput {
  reason: string;
  signer: RelocationPrincipal;
}

/** The case as the state query and every update return it. */
export type RelocationCaseView = Omit<RelocationCaseState, 'caseId' | 'since' | 'escalation'> & {
  /** The case row's id in relocation-service. */
  caseId: string;
  workflowId: string;
  /** Who must act next and until when (with the last escalation), the payment owed, or nothing. */
  pending: RelocationPending;
};

/** A change of the case recorded by relocation-service: the case row, one audit record per signed entry, the event. */
export interface RelocationProgressRecord {
  caseId: string;
  householdId: string;
  villageCode: string;
  /** The step the case is at after the change. */
  step: RelocationCaseState['step'];
  /** The new history entries; `fromSeq` is the first one's position in the case history (idempotent on retries). */
  fromSeq: number;
  entries: RelocationHistoryEntry[];
  /** To publish through the outbox in the same transaction. */
  event?: RelocationOutboxEvent;
  /**
   * 待办 (ADR 0019): the human action awaited after the change, since when, and its last deadline miss, as the case's
   * step mirror keeps them; null when none is awaited (a payment owed, or the case ended). Absent from records of
   * attempts scheduled before it was added (the mirror then keeps what it had).
   */
  pending?: RelocationPendingMirror | null;
}

/** The action a person must do next on a case, as the service's step mirror keeps it for the inbox. */
export interface RelocationPendingMirror {
  action: RelocationAction;
  since: string;
  escalation: { times: number; at: string; level: string; role: string } | null;
}

export type RelocationOutboxEvent =
  | { type: 'relocation.moved-in'; payload: RelocationMovedInV1 }
  | { type: 'relocation.completed'; payload: RelocationCompletedV1 }
  | { type: 'relocation.withdrawn'; payload: RelocationWithdrawnV1 }
  | { type: 'housing.renovated'; payload: HousingRenovatedV1 };

/** A missed deadline (逾期督办): the entry recording the rung, with the division alerted. */
export interface RelocationEscalationRecord {
  caseId: string;
  householdId: string;
  villageCode: string;
  seq: number;
  entry: RelocationHistoryEntry;
  /** The division alerted at this rung (township or county code). */
  divisionCode: string;
  /** The deadline that passed. */
  due: string;
}

/** Activities on the relocation task queue (relocation-service owns cases, sites, payments and the outbox). */
export interface RelocationActivities {
  /**
   * Pays an approved tranche exactly once per (case, milestone): a repeated call returns the first payment with
   * `paid: false`. `relocation.tranche-paid` goes to the outbox in the payment's transaction.
   */
  payTranche(input: {
    caseId: string;
    milestone: TrancheMilestone;
    amountFen: number;
  }): Promise<{ paymentRef: string; paid: boolean }>;
  /** The case's step, an audit record per signature, and the event if any — one transaction, once per seq. */
  recordProgress(input: RelocationProgressRecord): Promise<void>;
  /** Withdrawal: the home at the site released and every unpaid tranche cancelled (before the withdrawal is recorded). */
  releaseHome(input: { caseId: string; siteCode: string | null }): Promise<void>;
  /** A missed deadline: an audit record naming the step, the rung and the division alerted, once per seq. */
  recordEscalation(input: RelocationEscalationRecord): Promise<void>;
}

export const reviewUpdate = defineUpdate<RelocationCaseView, [RelocationReviewInput]>('relocationReview');
export const milestoneUpdate = defineUpdate<RelocationCaseView, [RelocationMilestoneInput]>('relocationMilestone');
export const approveTrancheUpdate = defineUpdate<RelocationCaseView, [RelocationTrancheApprovalInput]>(
  'relocationApproveTranche',
);
export const moveInUpdate = defineUpdate<RelocationCaseView, [RelocationMoveInInput]>('relocationMoveIn');
export const reclaimedUpdate = defineUpdate<RelocationCaseView, [RelocationReclaimedInput]>('relocationReclaimed');
export const followUpUpdate = defineUpdate<RelocationCaseView, [RelocationFollowUpInput]>('relocationFollowUp');
export const withdrawUpdate = defineUpdate<RelocationCaseView, [RelocationWithdrawInput]>('relocationWithdraw');
export const relocationCaseStateQuery = defineQuery<RelocationCaseView>('relocationCaseState');

export const RELOCATION_CASE_WORKFLOW_PREFIX = 'relocation-case:';

export function relocationCaseWorkflowId(householdId: string): string {
  return `${RELOCATION_CASE_WORKFLOW_PREFIX}${householdId}`;
}

export const RENOVATION_CASE_WORKFLOW_PREFIX = 'renovation-case:';

/** 危房改造: the same workflow, its own id, so a household's renovation and relocation histories stay apart. */
export function renovationCaseWorkflowId(householdId: string): string {
  return `${RENOVATION_CASE_WORKFLOW_PREFIX}${householdId}`;
}
