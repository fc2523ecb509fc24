import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { TaskQueues } from '../task-queues';
import {
  type ClaimReview,
  type MedicalClaimActivities,
  type MedicalClaimInput,
  type MedicalClaimState,
  claimStateQuery,
  reviewClaimUpdate,
} from './definitions';

const medicalAid = proxyActivities<MedicalClaimActivities>({
  taskQueue: TaskQueues.medicalAid,
  startToCloseTimeout: '1m',
  retry: { maximumAttempts: 50, maximumInterval: '30s', nonRetryableErrorTypes: ['BusinessRefusal'] },
});

export async function medicalClaimWorkflow(input: MedicalClaimInput): Promise<MedicalClaimState> {
  const now = () => new Date().toISOString();
  const state: MedicalClaimState = {
    step: 'checking',
    mustAct: null,
    reviewDeadline: null,
    escalations: 0,
    history: [{ step: 'entered', at: now() }],
  };
  let review: ClaimReview | undefined;
  setHandler(claimStateQuery, () => state);
  setHandler(
    reviewClaimUpdate,
    (decision) => {
      review = decision;
      state.history.push({
        step: `review_${decision.outcome}`,
        at: now(),
        by: decision.signer.subject,
        note: decision.reason,
      });
      return state;
    },
    {
      validator: (decision) => {
        if (state.step !== 'awaiting_review' || review)
          throw ApplicationFailure.nonRetryable(`claim is ${state.step}, not awaiting review`, 'NotAwaitingReview');
        if (!decision.reason?.trim()) throw ApplicationFailure.nonRetryable('a reason is required', 'ReasonRequired');
      },
    },
  );

  const checked = await medicalAid.checkClaim({ claimId: input.claimId });
  if (!checked.ok) {
    await medicalAid.rejectClaim({ claimId: input.claimId, reason: checked.reason, signer: null });
    state.step = 'rejected';
    state.history.push({ step: 'rejected', at: now(), note: checked.reason });
    await condition(allHandlersFinished);
    return state;
  }
  state.step = 'settling';
  state.history.push({ step: 'checked', at: now() });
  const settled = await medicalAid.settleClaim({ claimId: input.claimId });
  state.history.push({
    step: 'settled',
    at: now(),
    note: `funds pay ${settled.fundsPay} fen${settled.review ? '; selected for review' : ''}`,
  });
  if (settled.review) {
    state.step = 'awaiting_review';
    state.mustAct = `department_officer(medical_aid)@${input.countyCode}`;
    for (;;) {
      state.reviewDeadline = new Date(Date.now() + input.reviewTimeoutMs).toISOString();
      if (await condition(() => review !== undefined, input.reviewTimeoutMs)) break;
      state.escalations++;
      state.history.push({ step: 'review_escalated', at: now(), note: `deadline missed (${state.escalations})` });
      await medicalAid.escalateReview({ claimId: input.claimId, times: state.escalations });
    }
    state.mustAct = null;
    state.reviewDeadline = null;
    if (review!.outcome === 'rejected') {
      await medicalAid.rejectClaim({ claimId: input.claimId, reason: review!.reason, signer: review!.signer });
      state.step = 'rejected';
      await condition(allHandlersFinished);
      return state;
    }
  }
  state.step = 'paying';
  const paid = await medicalAid.payClaim({ claimId: input.claimId });
  state.step = 'paid';
  state.history.push({ step: 'paid', at: now(), note: paid.paymentRef });
  await condition(allHandlersFinished);
  return state;
}
