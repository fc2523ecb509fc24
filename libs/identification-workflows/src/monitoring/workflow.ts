import { allHandlersFinished, condition, continueAsNew, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { mayClearRisk, measureStatus } from '@fupin/exit-rules';
import {
  type AssignMeasureInput,
  type CheckReason,
  type ClearingActionInput,
  type MeasureView,
  type MonitoringActivities,
  type MonitoringCarriedState,
  type MonitoringSigner,
  type MonitoringView,
  type RelapseMonitoringInput,
  MEASURE_KINDS,
  assignMeasureUpdate,
  clearingActionUpdate,
  monitoringStateQuery,
  proposeClearingUpdate,
  riskEventSignal,
} from './definitions';
import { registerActivities, noticeActivities } from '../activity-proxies';
import { ProcedureLock } from '../kernel/lock';
import { refuse } from '../kernel/refusals';

const monitoring = registerActivities<MonitoringActivities>('1m');
const notices = noticeActivities();

const DEFAULT_MAX_ITERATIONS = 500;

/**
 * 防止返贫监测 of one household. Waits for the next due time (scheduled re-check, support-measure deadline and
 * escalation rungs, the clearing notice's closing) or for a signal/update; a re-check below the poverty line ends
 * it as a relapse, a clearing approved by the county ends it as cleared. Continues as new with its state carried.
 */
export async function relapseMonitoringWorkflow(input: RelapseMonitoringInput): Promise<MonitoringView> {
  const { config } = input;
  const plus = (ms: number) => new Date(Date.now() + ms).toISOString();
  const s: MonitoringCarriedState = input.carried ?? {
    status: 'monitoring',
    measures: [],
    lastCheck: null,
    checks: 0,
    nextRecheckAt: input.checkAtStart
      ? new Date(Date.now()).toISOString()
      : new Date(Date.parse(input.enteredAt) + config.recheckSeconds * 1000).toISOString(),
    escalationRecorded: null,
    clearing: null,
    pendingEvents: [],
    runs: 0,
  };
  let version = 0;
  const lock = ProcedureLock.start();
  const ended = () => s.status === 'cleared' || s.status === 'relapsed';

  const deadline = () =>
    measureStatus({
      enteredAt: input.enteredAt,
      measures: s.measures,
      now: new Date(Date.now()).toISOString(),
      config: { deadlineSeconds: config.measureDeadlineSeconds, escalationStepSeconds: config.escalationStepSeconds },
    });

  function view(): MonitoringView {
    const d = deadline();
    return {
      monitoringId: input.monitoringId,
      householdId: input.householdId,
      villageCode: input.villageCode,
      categories: input.categories,
      enteredAt: input.enteredAt,
      status: s.status,
      measures: s.measures,
      measureDeadline: {
        due: d.due,
        met: d.met,
        metLate: d.metLate,
        overdue: d.overdue,
        escalationLevel: d.escalationLevel,
      },
      lastCheck: s.lastCheck,
      checks: s.checks,
      nextRecheckAt: s.nextRecheckAt,
      clearing: s.clearing,
      runs: s.runs,
    };
  }

  const requireActive = () => {
    if (ended())
      throw refuse('monitoring.ended', 409, `监测已结束（${s.status}）`, `monitoring has ended (${s.status})`);
  };
  const requireRole = (signer: MonitoringSigner, roles: string[]) => {
    if (!roles.includes(signer.role))
      throw refuse(
        'monitoring.wrong_role',
        403,
        `此操作须由${roles.join('或')}签署`,
        `this must be signed by: ${roles.join(', ')}`,
      );
  };

  setHandler(monitoringStateQuery, () => view());

  setHandler(riskEventSignal, (event) => {
    if (ended()) return;
    s.pendingEvents.push(event);
    version++;
  });

  // What workflow state decides about each update: its validator, and again in the handler (under the lock).
  function validateMeasure({ kind, description }: AssignMeasureInput): void {
    requireActive();
    if (!(MEASURE_KINDS as readonly string[]).includes(kind))
      throw refuse(
        'monitoring.invalid_measure',
        400,
        `未知的帮扶措施类型：${kind}`,
        `unknown kind of support measure: ${kind}`,
      );
    if (!description.trim())
      throw refuse('monitoring.invalid_measure', 400, '须说明帮扶措施内容', 'describe the support measure');
  }
  const clearingInProgress = () =>
    refuse('monitoring.clearing_in_progress', 409, '风险消除已在办理中', 'a risk clearing is already in progress');
  function validateProposal({ signer }: { signer: MonitoringSigner }): void {
    requireActive();
    requireRole(signer, ['village_cadre']);
    if (s.clearing) throw clearingInProgress();
  }
  function validateClearingAction({ action, objectionId, outcome, reason, signer }: ClearingActionInput) {
    requireActive();
    const clearing = s.clearing;
    if (!clearing)
      throw refuse('monitoring.no_clearing', 409, '没有正在办理的风险消除', 'no risk clearing in progress');
    if (!reason?.trim() && action !== 'approve')
      throw refuse('monitoring.reason_required', 400, '须说明理由', 'a reason is required', { field: 'reason' });
    if (action === 'answer_objection') {
      requireRole(signer, ['township_reviewer']);
      const objection = clearing.openObjections.find((o) => o.objectionId === objectionId);
      if (!objection || !outcome)
        throw refuse(
          'monitoring.unknown_objection',
          400,
          `没有未答复的异议 ${objectionId ?? ''}`,
          `no unanswered objection ${objectionId ?? ''}`,
        );
      return { clearing, objection, outcome };
    }
    requireRole(signer, ['county_approver']);
    if (clearing.stage !== 'approval')
      throw refuse(
        'monitoring.not_at_approval',
        409,
        '公示及异议处理尚未完成，县级不能审批',
        'the notice and its objections are not finished; the county cannot decide yet',
      );
    return { clearing, objection: null, outcome };
  }

  setHandler(
    assignMeasureUpdate,
    (request) =>
      lock.run(async (): Promise<MeasureView> => {
        const { kind, description, department, signer } = request;
        validateMeasure(request);
        const measure: MeasureView = {
          measureId: uuid4(),
          kind,
          description: description.trim(),
          department: department ?? null,
          assignedBy: signer.subject,
          assignedAt: new Date(Date.now()).toISOString(),
        };
        await monitoring.recordMeasure({
          monitoringId: input.monitoringId,
          householdId: input.householdId,
          measure,
          signer,
        });
        s.measures.push(measure);
        version++;
        return measure;
      }),
    { validator: (request: AssignMeasureInput) => validateMeasure(request) },
  );

  setHandler(
    proposeClearingUpdate,
    (request) =>
      lock.run(async (): Promise<MonitoringView> => {
        const { signer } = request;
        validateProposal(request);
        const facts = await monitoring.clearingFacts({
          monitoringId: input.monitoringId,
          householdId: input.householdId,
          minStableMonths: config.minStableMonths,
        });
        const decision = mayClearRisk({ ...facts, minStableMonths: config.minStableMonths });
        if (!decision.ok) {
          throw refuse(
            'monitoring.clearing_refused',
            409,
            `不能提出风险消除：${decision.failed.map((f) => f.message['zh-CN']).join('；')}`,
            `risk clearing cannot be proposed: ${decision.failed.map((f) => f.message.en).join('; ')}`,
            { data: decision.failed },
          );
        }
        if (ended() || s.clearing) throw clearingInProgress();
        const proposedAt = new Date(Date.now()).toISOString();
        s.clearing = {
          stage: 'notice',
          proposedBy: signer.subject,
          proposedAt,
          noticeId: null,
          noticeClosesAt: null,
          openObjections: [],
        };
        s.status = 'clearing';
        await monitoring.recordClearing({
          monitoringId: input.monitoringId,
          householdId: input.householdId,
          event: 'proposed',
          signer,
          reason: '村级提出风险消除 / risk clearing proposed',
          detail: facts,
        });
        const head = await monitoring.noticeHead({ householdId: input.householdId });
        const noticeId = uuid4();
        const opened = await notices.openNotice({
          noticeId,
          kind: 'village_notice',
          procedure: 'monitoring',
          divisionCode: input.villageCode,
          title: {
            'zh-CN': '防止返贫监测对象风险消除村级公示',
            en: 'Relapse monitoring: village notice of risk clearing',
          },
          entries: [
            {
              entryId: input.householdId,
              ...head,
              villageCode: input.villageCode,
              decision: '拟消除返贫风险 / risk to be cleared',
              reason: `收入持续稳定超过监测线${facts.monthsStableAboveMonitoringLine}个月 / income stably above the monitoring line`,
            },
          ],
          durationSeconds: config.noticeSeconds,
          ownerWorkflowId: workflowInfo().workflowId,
        });
        s.clearing.noticeId = noticeId;
        s.clearing.noticeClosesAt = opened.closesAt;
        version++;
        return view();
      }),
    { validator: (request: { signer: MonitoringSigner }) => validateProposal(request) },
  );

  setHandler(
    clearingActionUpdate,
    (request) =>
      lock.run(async (): Promise<MonitoringView> => {
        const { action, reason, signer } = request;
        const { clearing, objection, outcome } = validateClearingAction(request);
        if (objection && outcome) {
          await notices.answerObjection({
            objectionId: objection.objectionId,
            outcome,
            reason: reason!,
            answeredBy: { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction },
          });
          clearing.openObjections = clearing.openObjections.filter((o) => o !== objection);
          await monitoring.recordClearing({
            monitoringId: input.monitoringId,
            householdId: input.householdId,
            event: 'objection_answered',
            signer,
            reason: reason!,
            detail: { objectionId: objection.objectionId, outcome },
          });
          if (outcome === 'upheld')
            await stopClearing(
              'withdrawn',
              signer,
              `异议成立，风险消除终止：${reason} / objection upheld, clearing stopped`,
            );
          else if (clearing.openObjections.length === 0 && clearing.stage === 'objections') clearing.stage = 'approval';
          version++;
          return view();
        }
        if (action === 'reject') {
          await stopClearing('rejected', signer, reason!);
        } else {
          await monitoring.recordClearing({
            monitoringId: input.monitoringId,
            householdId: input.householdId,
            event: 'cleared',
            signer,
            reason: reason?.trim() || '县级审批同意风险消除 / county approved the risk clearing',
          });
          s.status = 'cleared';
        }
        version++;
        return view();
      }),
    { validator: (request: ClearingActionInput) => void validateClearingAction(request) },
  );

  async function stopClearing(
    event: 'withdrawn' | 'rejected',
    signer: MonitoringSigner | null,
    reason: string,
  ): Promise<void> {
    s.clearing = null;
    s.status = 'monitoring';
    await monitoring.recordClearing({
      monitoringId: input.monitoringId,
      householdId: input.householdId,
      event,
      signer,
      reason,
    });
  }

  async function recheck(reason: CheckReason, detail?: string): Promise<void> {
    const check = await monitoring.recheckHousehold({
      monitoringId: input.monitoringId,
      householdId: input.householdId,
      reason,
      detail,
    });
    s.lastCheck = check;
    s.checks++;
    version++;
    if (check.outcome === 'relapsed') {
      if (s.clearing?.noticeId && s.clearing.stage === 'notice')
        await notices.closeNotice({ noticeId: s.clearing.noticeId });
      await monitoring.recordRelapse({ monitoringId: input.monitoringId, householdId: input.householdId, check });
      s.clearing = null;
      s.status = 'relapsed';
    }
  }

  async function closeDueNotice(): Promise<void> {
    const c = s.clearing;
    if (!c || c.stage !== 'notice' || !c.noticeId || !c.noticeClosesAt || Date.parse(c.noticeClosesAt) > Date.now())
      return;
    const closed = await notices.closeNotice({ noticeId: c.noticeId });
    c.openObjections = (closed.filed ?? []).map((f) => ({ objectionId: f.objectionId, text: f.text }));
    c.stage = c.openObjections.length ? 'objections' : 'approval';
    version++;
  }

  async function recordEscalation(): Promise<void> {
    const d = deadline();
    if (d.escalationLevel && d.escalationLevel !== s.escalationRecorded) {
      await monitoring.recordEscalation({
        monitoringId: input.monitoringId,
        householdId: input.householdId,
        level: d.escalationLevel,
        due: d.due,
      });
      s.escalationRecorded = d.escalationLevel;
      version++;
    }
  }

  function nextWake(): number {
    const times = [Date.parse(s.nextRecheckAt)];
    const next = deadline().nextCheckAt;
    if (next) times.push(Date.parse(next));
    if (s.clearing?.stage === 'notice' && s.clearing.noticeClosesAt) times.push(Date.parse(s.clearing.noticeClosesAt));
    return Math.max(1, Math.min(...times) - Date.now());
  }

  const maxIterations = config.maxIterations ?? DEFAULT_MAX_ITERATIONS;
  for (let iteration = 0; ; iteration++) {
    const seen = version;
    const held = lock.acquire(); // the pass as a whole under the lock (kernel version)
    const release = held && (await held);
    try {
      while (!ended() && s.pendingEvents.length) {
        const event = s.pendingEvents.shift()!;
        await recheck(event.kind, event.detail);
      }
      if (!ended() && Date.parse(s.nextRecheckAt) <= Date.now()) {
        s.nextRecheckAt = plus(config.recheckSeconds * 1000);
        await recheck('schedule');
      }
      if (!ended()) await closeDueNotice();
      if (!ended()) await recordEscalation();
    } finally {
      release?.();
    }
    if (ended()) break;
    if (version !== seen) continue;
    if (iteration >= maxIterations || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      if (!ended() && s.pendingEvents.length === 0) {
        return continueAsNew<typeof relapseMonitoringWorkflow>({
          ...input,
          checkAtStart: false,
          carried: { ...s, runs: s.runs + 1 },
        });
      }
      continue;
    }
    await condition(() => version !== seen, nextWake());
  }
  await condition(allHandlersFinished);
  return view();
}
