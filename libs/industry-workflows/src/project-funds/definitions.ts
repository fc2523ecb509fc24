import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  CommitteeSigner,
  ProjectFundsHistoryEntry,
  ProjectFundsPending,
  ProjectFundsPrincipal,
  ProjectFundsState,
  StartProjectFunds,
} from '@fupin/industry-rules';
import type { NoticeEntryInput, NoticeKind } from '@fupin/workflows';

/**
 * 产业项目资金: one project's funds through four signed checkpoints, `project-funds:<projectId>`. industry-service
 * registers the project (its row) and starts this workflow when the county office opens the funds procedure:
 * allocation 资金安排 (county finance / poverty office) → implementation started 项目实施 (township) → acceptance
 * 项目验收 (a committee of ≥ 3 named signers, none the implementer) → the funds notice 资金公告公示 opened on
 * notice-service, its objection period, closed (objections re-examined; an upheld one sends the project to
 * rectification and a new notice) → disbursement 资金拨付 (county finance office), paid by industry-service exactly
 * once, never above the allocation, to the partner's account. The rules are @fupin/industry-rules' project funds
 * reducer; this workflow runs them and records every change with industry-service before committing it.
 */

export interface ProjectFundsInput {
  /** The project as industry-service registered it (division, budget, partner, implementer, who, when). */
  project: StartProjectFunds;
  /** The funds notice: where, for how long (seconds; 7 days = 604800, tests use seconds), its title and lines. */
  notice: {
    kind: NoticeKind;
    divisionCode: string;
    durationSeconds: number;
    title: { 'zh-CN': string; en: string };
    /** The beneficiary households as the notice lists them (masked by notice-service on public reads). */
    entries: NoticeEntryInput[];
  };
}

/** 资金安排: the amount allocated (≤ the budget), signed by the county finance or poverty office. */
export interface AllocateInput {
  amountFen: number;
  signer: ProjectFundsPrincipal;
}

/** 项目实施: the day implementation started, recorded by the township. */
export interface StartImplementationInput {
  startedOn: string;
  signer: ProjectFundsPrincipal;
}

/** 项目验收: the committee's signed acceptance record (≥ 3 named members, none the implementer) and its evidence. */
export interface AcceptInput {
  committee: CommitteeSigner[];
  evidenceRef: string;
  /** Who entered the committee's record (audited beside the committee's signatures). */
  signer: ProjectFundsPrincipal;
}

/** 异议复核: the re-examination of the objections filed on the funds notice (township or county). */
export interface ReexamineInput {
  outcome: 'upheld' | 'dismissed';
  reason: string;
  signer: ProjectFundsPrincipal;
}

/** 整改: after an upheld objection, the county industry office records the rectification with evidence. */
export interface RectifyInput {
  evidenceRef: string;
  signer: ProjectFundsPrincipal;
}

/** 资金拨付: the county finance office signs the payment of `amountFen` (≤ the allocation) to the partner's account. */
export interface DisburseInput {
  amountFen: number;
  signer: ProjectFundsPrincipal;
}

/** The project's funds as the state query and every update return them. */
export type ProjectFundsView = ProjectFundsState & {
  /** Who must act next (a signer, the committee, notice-service), or nothing. */
  pending: ProjectFundsPending;
  /** Objections filed on the current notice and not yet re-examined (the notice closed with them). */
  objectionsAwaiting: number;
};

/** A change recorded by industry-service: the funds row, one audit record per new entry, once per seq. */
export interface ProjectFundsProgressRecord {
  projectId: string;
  /** The step after the change. */
  step: ProjectFundsState['step'];
  /** The new history entries; `fromSeq` is the first one's position in the history (idempotent on retries). */
  fromSeq: number;
  entries: ProjectFundsHistoryEntry[];
  /** The amounts and the notice the row shows after the change. */
  allocatedFen: number | null;
  noticeId: string | null;
}

/** Activities on the industry task queue (industry-service owns projects, their funds and the payments). */
export interface ProjectFundsActivities {
  /** The funds row, audit records of the new entries — one transaction, once per seq. */
  recordFundsProgress(input: ProjectFundsProgressRecord): Promise<void>;
  /**
   * Pays the disbursement exactly once per project: a repeated call returns the first payment with `paid: false`.
   * Refused (non-retryable `BusinessRefusal`) if the amount is above the allocation.
   */
  payDisbursement(input: {
    projectId: string;
    amountFen: number;
    toAccountRef: string;
  }): Promise<{ paymentRef: string; paid: boolean; paidAt: string }>;
}

export const allocateUpdate = defineUpdate<ProjectFundsView, [AllocateInput]>('projectFundsAllocate');
export const startImplementationUpdate = defineUpdate<ProjectFundsView, [StartImplementationInput]>(
  'projectFundsStartImplementation',
);
export const acceptUpdate = defineUpdate<ProjectFundsView, [AcceptInput]>('projectFundsAccept');
export const reexamineUpdate = defineUpdate<ProjectFundsView, [ReexamineInput]>('projectFundsReexamine');
export const rectifyUpdate = defineUpdate<ProjectFundsView, [RectifyInput]>('projectFundsRectify');
export const disburseUpdate = defineUpdate<ProjectFundsView, [DisburseInput]>('projectFundsDisburse');
export const projectFundsStateQuery = defineQuery<ProjectFundsView>('projectFundsState');

export { projectFundsWorkflowId } from '@fupin/industry-rules';
