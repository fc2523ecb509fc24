import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  LoanHistoryEntry,
  LoanStep,
  MicrocreditState,
  ProjectFundsPrincipal,
  StartLoan,
} from '@fupin/industry-rules';

/**
 * 扶贫小额信贷: one loan, `microcredit:<loanId>`. industry-service records the application (its row) and starts this
 * workflow; the village check, the bank's decision, the disbursement, a withdrawal, misuse and the extension are
 * updates refused in the user's terms by @fupin/industry-rules' loan reducer. Once disbursed, the workflow services
 * the loan: it wakes on each reminder day and at the end of each grace period (and whenever the bank records a
 * repayment) and asks industry-service to do what that day brings — reminders, arrears with escalation to the
 * township, closing the loan when nothing is owed. Money (repayments, subsidies) is recorded by industry-service in
 * its own rows; the workflow never holds a balance.
 */
export interface MicrocreditInput {
  loan: StartLoan;
  /** Seconds a business day lasts: 86400, fewer in tests (PROCEDURE_TEST_MODE). */
  daySeconds: number;
  /** Carried over by continue-as-new: the loan so far. */
  resume?: MicrocreditState;
}

export interface LoanDecisionInput {
  approved: boolean;
  note?: string;
  signer: ProjectFundsPrincipal;
}
export interface LoanDisburseInput {
  disbursedOn: string;
  paymentRef: string;
  signer: ProjectFundsPrincipal;
}
export interface LoanWithdrawInput {
  reason: string;
  signer: ProjectFundsPrincipal;
}
export interface LoanMisuseInput {
  misuseOn: string;
  note: string;
  signer: ProjectFundsPrincipal;
}
export interface LoanExtendInput {
  months: number;
  signer: ProjectFundsPrincipal;
}

/** The loan as the state query and every update return it. */
export type MicrocreditView = MicrocreditState & { maturity: string | null; businessDay: string | null };

/** A change recorded by industry-service: the loan's row, one audit record per new entry, its events, once per seq. */
export interface LoanProgressRecord {
  loanId: string;
  step: LoanStep;
  fromSeq: number;
  entries: LoanHistoryEntry[];
  disbursedOn: string | null;
  paymentRef: string | null;
  misuseOn: string | null;
  extensionMonths: number;
}

/** What servicing did on the loan's business day, and when to look again. */
export interface LoanServiced {
  businessDay: string;
  /** Nothing is owed any more. */
  repaid: boolean;
  /** When the next reminder or grace-period end falls (ms since the epoch), or null: wait for a repayment. */
  wakeAtMs: number | null;
}

/** Activities on the industry task queue (industry-service owns loans, their repayments and subsidies). */
export interface MicrocreditActivities {
  /** The loan's row, audit records of the new entries and their events — one transaction, once per seq. */
  recordLoanProgress(input: LoanProgressRecord): Promise<void>;
  /** The loan's business day: reminders due, a new arrears episode (escalated), whether it is repaid. Idempotent. */
  serviceLoan(input: { loanId: string }): Promise<LoanServiced>;
}

export const villageCheckUpdate = defineUpdate<MicrocreditView, [LoanDecisionInput]>('loanVillageCheck');
export const bankDecisionUpdate = defineUpdate<MicrocreditView, [LoanDecisionInput]>('loanBankDecision');
export const loanDisburseUpdate = defineUpdate<MicrocreditView, [LoanDisburseInput]>('loanDisburse');
export const loanWithdrawUpdate = defineUpdate<MicrocreditView, [LoanWithdrawInput]>('loanWithdraw');
export const loanMisuseUpdate = defineUpdate<MicrocreditView, [LoanMisuseInput]>('loanMisuse');
export const loanExtendUpdate = defineUpdate<MicrocreditView, [LoanExtendInput]>('loanExtend');
/** industry-service recorded a repayment: service the loan now. */
export const repaymentRecordedSignal = defineSignal('loanRepaymentRecorded');
export const microcreditStateQuery = defineQuery<MicrocreditView>('microcreditState');

export { microcreditWorkflowId } from '@fupin/industry-rules';
