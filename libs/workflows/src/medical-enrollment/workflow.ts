import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { TaskQueues } from '../task-queues';
import {
  type EnrollmentDecision,
  type MedicalAidActivities,
  type MedicalEnrollmentInput,
  type MedicalEnrollmentState,
  decideEnrollmentUpdate,
  enrollmentStateQuery,
} from './definitions';

const medicalAid = proxyActivities<MedicalAidActivities>({
  taskQueue: TaskQueues.medicalAid,
  startToCloseTimeout: '30s',
  retry: { maximumAttempts: 10, nonRetryableErrorTypes: ['BusinessRefusal'] },
});

export async function medicalEnrollmentWorkflow(input: MedicalEnrollmentInput): Promise<MedicalEnrollmentState> {
  const startedAt = new Date(workflowInfo().startTime ?? Date.now());
  const state: MedicalEnrollmentState = {
    step: 'awaiting_officer',
    mustAct: `department_officer(medical_aid)@${input.countyCode}`,
    deadline: new Date(startedAt.getTime() + input.decisionTimeoutMs).toISOString(),
    history: [{ step: 'requested', at: startedAt.toISOString(), note: `${input.idNumbers.length} member(s)` }],
  };
  let decision: EnrollmentDecision | undefined;

  setHandler(enrollmentStateQuery, () => state);
  setHandler(
    decideEnrollmentUpdate,
    async (d) => {
      decision = d;
      await condition(() => state.step !== 'awaiting_officer' && state.step !== 'recording');
      return state;
    },
    {
      validator: (d) => {
        if (state.step !== 'awaiting_officer') {
          throw ApplicationFailure.nonRetryable(`enrollment already ${state.step}`, 'AlreadyDecided');
        }
        if (d.outcome !== 'approved' && d.outcome !== 'rejected')
          throw new Error('outcome must be approved or rejected');
        if (!d.reason || d.reason.trim().length === 0) throw new Error('a reason is required (理由必填)');
      },
    },
  );

  const decided = await condition(() => decision !== undefined, input.decisionTimeoutMs);
  state.step = 'recording';
  if (decided && decision) {
    await medicalAid.recordEnrollmentDecision({
      householdId: input.householdId,
      outcome: decision.outcome,
      reason: decision.reason,
      signer: decision.signer,
    });
    state.history.push({
      step: decision.outcome,
      at: new Date().toISOString(),
      by: decision.signer.subject,
      note: decision.reason,
    });
    state.step = decision.outcome;
  } else {
    // deadline missed: recorded as expired and escalated to the county (逾期上报)
    await medicalAid.recordEnrollmentDecision({
      householdId: input.householdId,
      outcome: 'expired',
      reason: 'decision deadline passed; escalated to county',
      signer: null,
    });
    state.history.push({ step: 'expired', at: new Date().toISOString(), note: 'escalated' });
    state.step = 'expired';
  }
  state.mustAct = null;
  await condition(allHandlersFinished);
  return state;
}
