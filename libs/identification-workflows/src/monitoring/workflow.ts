import { allHandlersFinished, condition, continueAsNew, patched, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  type AssignMeasureInput,
  type ClearingActionInput,
  type MonitoringActivities,
  type MonitoringSigner,
  type MonitoringView,
  type RelapseMonitoringInput,
  assignMeasureUpdate,
  clearingActionUpdate,
  monitoringStateQuery,
  proposeClearingUpdate,
  riskEventSignal,
} from './definitions';
import { registerActivities, noticeActivities } from '../activity-proxies';
import { ProcedureLock } from '../kernel/lock';
import { assignMeasure, clearingAction, proposeClearing } from './handlers';
import { MonitoringCase } from './state';
import { MonitoringSteps } from './steps';

const monitoring = registerActivities<MonitoringActivities>('1m');
const notices = noticeActivities();

const DEFAULT_MAX_ITERATIONS = 500;

/**
 * The version marker of clearing deadlines: runs recorded before it (no marker) never wake for a clearing stage nor
 * record its escalation, so they replay as they ran; new runs given the deadlines record it.
 */
export const CLEARING_DEADLINES_PATCH = 'monitoring-clearing-deadlines';

/**
 * 防止返贫监测 of one household. Waits for the next due time (scheduled re-check, support-measure deadline and
 * escalation rungs, the clearing notice's closing) or for a signal/update; a re-check below the poverty line ends
 * it as a relapse, a clearing approved by the county ends it as cleared. Continues as new with its state carried.
 */
export async function relapseMonitoringWorkflow(input: RelapseMonitoringInput): Promise<MonitoringView> {
  const c = new MonitoringCase(input);
  const lock = ProcedureLock.start();
  c.clearingDeadlinesOn = !!input.config.clearingDeadlineSeconds && patched(CLEARING_DEADLINES_PATCH);
  const steps = new MonitoringSteps(c, monitoring, notices);

  setHandler(monitoringStateQuery, () => c.view());
  setHandler(riskEventSignal, (event) => c.receive(event));
  setHandler(assignMeasureUpdate, (request) => lock.run(() => assignMeasure(steps, request)), {
    validator: (request: AssignMeasureInput) => c.validateMeasure(request),
  });
  setHandler(proposeClearingUpdate, (request) => lock.run(() => proposeClearing(steps, request)), {
    validator: (request: { signer: MonitoringSigner }) => c.validateProposal(request),
  });
  setHandler(clearingActionUpdate, (request) => lock.run(() => clearingAction(steps, request)), {
    validator: (request: ClearingActionInput) => void c.validateClearingAction(request),
  });

  const maxIterations = input.config.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  for (let iteration = 0; ; iteration++) {
    const seen = c.version;
    const held = lock.acquire(); // the pass as a whole under the lock (kernel version)
    const release = held && (await held);
    try {
      // the pass inline, its awaits exactly as in the recorded histories (pre-kernel runs interleave with handlers)
      for (let event = c.nextEvent(); event; event = c.nextEvent()) await steps.recheck(event.kind, event.detail);
      if (c.recheckDue()) {
        c.scheduleNextRecheck();
        await steps.recheck('schedule');
      }
      if (!c.ended()) await steps.closeDueNotice();
      if (!c.ended()) await steps.recordEscalation();
      if (!c.ended() && c.clearingDeadlinesOn) await steps.recordClearingEscalation();
    } finally {
      release?.();
    }
    if (c.ended()) break;
    if (c.version !== seen) continue;
    if (iteration >= maxIterations || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (!c.ended() && c.state.pendingEvents.length === 0)
        return continueAsNew<typeof relapseMonitoringWorkflow>(c.continuation());
      continue;
    }
    await condition(() => c.version !== seen, c.nextWake());
  }
  await condition(allHandlersFinished);
  return c.view();
}
