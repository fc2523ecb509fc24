import { uuid4 } from '@temporalio/workflow';
import type {
  AssignMeasureInput,
  ClearingActionInput,
  MeasureView,
  MonitoringSigner,
  MonitoringView,
} from './definitions';
import type { ClearingTarget, OpenObjection } from './state';
import type { MonitoringSteps } from './steps';

// The update handlers of relapse monitoring. The workflow runs each under the lock (kernel version); each checks
// again what its validator checked, since the state may have moved between the validator and the lock.

/** 帮扶措施: a support measure assigned to the household (recorded, then counted for the deadline). */
export async function assignMeasure(steps: MonitoringSteps, request: AssignMeasureInput): Promise<MeasureView> {
  const { c, monitoring } = steps;
  c.validateMeasure(request);
  const measure = c.measure(request, uuid4());
  await monitoring.recordMeasure({ ...steps.ids, measure, signer: request.signer });
  c.measureAssigned(measure);
  return measure;
}

/** 风险消除 proposed by the village: the register's facts must meet the conditions; then its notice opens. */
export async function proposeClearing(
  steps: MonitoringSteps,
  request: { signer: MonitoringSigner },
): Promise<MonitoringView> {
  const { c, monitoring } = steps;
  const { signer } = request;
  c.validateProposal(request);
  const { minStableMonths } = c.input.config;
  const facts = await monitoring.clearingFacts({ ...steps.ids, minStableMonths });
  c.requireClearable(facts);
  c.clearingProposed(signer);
  const reason = '村级提出风险消除 / risk clearing proposed';
  await monitoring.recordClearing({ ...steps.ids, event: 'proposed', signer, reason, detail: facts });
  await steps.openClearingNotice(facts);
  return c.view();
}

/** The township answers an objection to the clearing notice, or the county approves or rejects the clearing. */
export async function clearingAction(steps: MonitoringSteps, request: ClearingActionInput): Promise<MonitoringView> {
  const { clearing, objection, outcome } = steps.c.validateClearingAction(request);
  if (objection && outcome) await answerObjection(steps, request, { clearing, objection, outcome });
  else await decideClearing(steps, request);
  steps.c.version++;
  return steps.c.view();
}

/** An open objection with the township's answer. */
type AnsweredObjection = ClearingTarget & { objection: OpenObjection; outcome: 'upheld' | 'dismissed' };

/** 异议答复: upheld stops the clearing; the last one dismissed lets the county decide. */
async function answerObjection(
  steps: MonitoringSteps,
  { reason, signer }: ClearingActionInput,
  { clearing, objection, outcome }: AnsweredObjection,
): Promise<void> {
  const { c, monitoring, notices } = steps;
  const { objectionId } = objection;
  const answeredBy = { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction };
  await notices.answerObjection({ objectionId, outcome, reason: reason!, answeredBy });
  c.objectionAnswered(clearing, objection);
  const detail = { objectionId, outcome };
  await monitoring.recordClearing({ ...steps.ids, event: 'objection_answered', signer, reason: reason!, detail });
  if (outcome === 'upheld') {
    const stopped = `异议成立，风险消除终止：${reason} / objection upheld, clearing stopped`;
    await steps.stopClearing('withdrawn', signer, stopped);
  } else c.objectionsDismissed(clearing);
}

/** 县级审批: rejected, monitoring goes on; approved, the risk is cleared and monitoring ends. */
async function decideClearing(steps: MonitoringSteps, { action, reason, signer }: ClearingActionInput): Promise<void> {
  if (action === 'reject') return steps.stopClearing('rejected', signer, reason!);
  const approved = reason?.trim() || '县级审批同意风险消除 / county approved the risk clearing';
  await steps.monitoring.recordClearing({ ...steps.ids, event: 'cleared', signer, reason: approved });
  steps.c.cleared();
}
