import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * A claim (报销单) from discharge to payment: check → settle (medical-aid queue) → manual review when
 * selected (a county medical officer; deadline with escalation) → pay exactly once.
 */
export interface MedicalClaimInput {
  claimId: string;
  countyCode: string;
  /** How long the officer has for a review before it escalates (configuration; seconds in tests). */
  reviewTimeoutMs: number;
}

export interface ClaimSigner {
  subject: string;
  role: string;
  jurisdiction: string;
}

export interface ClaimReview {
  outcome: 'approved' | 'rejected';
  reason: string;
  signer: ClaimSigner;
}

export interface MedicalClaimState {
  step: 'checking' | 'settling' | 'awaiting_review' | 'paying' | 'paid' | 'rejected';
  mustAct: string | null;
  reviewDeadline: string | null;
  escalations: number;
  history: { step: string; at: string; by?: string; note?: string }[];
}

export const reviewClaimUpdate = defineUpdate<MedicalClaimState, [ClaimReview]>('reviewClaim');
export const claimStateQuery = defineQuery<MedicalClaimState>('claimState');

export function medicalClaimWorkflowId(claimId: string): string {
  return `medical-claim:${claimId}`;
}

/** Activities on the medical-aid task queue (medical-aid-service owns claims, accumulators and payments). */
export interface MedicalClaimActivities {
  /** Entered → Checked, or a refusal (not insured, no policy for the year, …) as { ok: false, reason }. */
  checkClaim(input: { claimId: string }): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Checked → Settled: layers under the current policy version and the person's accumulators (locked). */
  settleClaim(input: { claimId: string }): Promise<{ review: boolean; fundsPay: number }>;
  /** → Rejected with the reason (at the check or at review). */
  rejectClaim(input: { claimId: string; reason: string; signer: ClaimSigner | null }): Promise<void>;
  /** Settled → Paid, exactly once by the claim's payment reference, however often it is retried. */
  payClaim(input: { claimId: string }): Promise<{ paymentRef: string; paidAt: string }>;
  /** A review deadline missed: recorded (audit) for the county to act on. */
  escalateReview(input: { claimId: string; times: number }): Promise<void>;
}
