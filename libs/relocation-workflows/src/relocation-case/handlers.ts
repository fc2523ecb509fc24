import type {
  RelocationActivities,
  RelocationCaseView,
  RelocationFollowUpInput,
  RelocationMilestoneInput,
  RelocationMoveInInput,
  RelocationReclaimedInput,
  RelocationReviewInput,
  RelocationTrancheApprovalInput,
  RelocationWithdrawInput,
} from './definitions';
import type { RelocationCase, RelocationCommand } from './state';

// The steps of the relocation case: the updates' handlers and the main line's payments and escalations. The workflow
// runs each under one lock; each decides again what its validator decided, since the case may have moved meanwhile.

/** One case being run: its state and the activities it records with. */
export interface RelocationRun {
  c: RelocationCase;
  acts: RelocationActivities;
}

/** Each update as the procedure's event (the step and the time are the case's). */
export const commands = {
  review: ({ decision, reason, signer }: RelocationReviewInput): RelocationCommand =>
    decision === 'approve'
      ? { type: 'approved', by: signer, reason }
      : { type: 'rejected', by: signer, reason: reason ?? '' },
  milestone: ({ milestone, evidenceRef, newGrade, signer }: RelocationMilestoneInput): RelocationCommand => ({
    type: 'milestoneRecorded',
    by: signer,
    milestone,
    evidenceRef,
    ...(newGrade ? { newGrade } : {}),
  }),
  approveTranche: ({ milestone, signer }: RelocationTrancheApprovalInput): RelocationCommand => ({
    type: 'trancheApproved',
    by: signer,
    milestone,
  }),
  moveIn: ({ movedInOn, signer }: RelocationMoveInInput): RelocationCommand => ({
    type: 'movedIn',
    by: signer,
    movedInOn,
  }),
  reclaimed: ({ evidenceRef, signer }: RelocationReclaimedInput): RelocationCommand => ({
    type: 'reclamationRecorded',
    by: signer,
    evidenceRef,
  }),
  followUp: ({ measure, signer }: RelocationFollowUpInput): RelocationCommand =>
    signer ? { type: 'followUpRecorded', by: signer, measure } : { type: 'followUpRecorded', measure },
  withdraw: ({ reason, signer }: RelocationWithdrawInput): RelocationCommand => ({
    type: 'withdrawn',
    by: signer,
    reason,
  }),
};

/** A step of the case: decided, recorded with relocation-service (case, audit, event), then committed. */
export async function change({ c, acts }: RelocationRun, command: RelocationCommand): Promise<RelocationCaseView> {
  const next = c.decide(command);
  await acts.recordProgress(c.progress(next));
  c.commit(next);
  return c.view();
}

/** 退出搬迁: the home at the site released and the unpaid tranches stopped first, then the withdrawal recorded. */
export async function withdraw(run: RelocationRun, command: RelocationCommand): Promise<RelocationCaseView> {
  const next = run.c.decide(command);
  await run.acts.releaseHome({ caseId: run.c.input.caseId, siteCode: next.outcome?.releasedSiteCode ?? null });
  return change(run, command);
}

/** 分期拨付: the tranche the county approved, paid once by relocation-service; the case records the payment. */
export async function payDueTranche(run: RelocationRun): Promise<void> {
  const due = run.c.paymentDue();
  if (!due) return;
  const { paymentRef } = await run.acts.payTranche({ caseId: run.c.input.caseId, ...due });
  await change(run, { type: 'tranchePaid', ...due, paymentRef });
}

/** 逾期督办: the deadline of the step awaited has passed; the next rung recorded once, the case does not move. */
export async function escalateIfMissed({ c, acts }: RelocationRun): Promise<void> {
  const missed = c.missedDeadline();
  if (!missed) return;
  await acts.recordEscalation(missed.record);
  c.commit(missed.next);
}
