// Step deadlines (办理时限) and their escalation (逾期督办, village → township → county) in the exit round, the village
// exit and the risk clearing of relapse monitoring, on a real Temporal server (private, see ../testing/private-temporal.ts)
// with their activities mocked: a short deadline passes, the state query shows the step's dueAt and the rung reached,
// each rung is recorded once through the activity that reaches the audit trail, and the case does not move.
// RECORD_HISTORIES=1 writes each run's history next to the recorded ones, for apps/orchestrator's replay test.
import path from 'node:path';
import type { ExitHistoryEntry } from '@fupin/exit-rules';
import { TaskQueues, type NoticeActivities } from '@fupin/workflows';
import {
  assignMeasureUpdate,
  clearingActionUpdate,
  decideVillageExitUpdate,
  exitActUpdate,
  exitRoundStateQuery,
  monitoringStateQuery,
  proposeClearingUpdate,
  villageExitStateQuery,
  type ClearingEscalation,
  type ExitActivities,
  type ExitActionInput,
  type ExitHouseholdView,
  type IncidenceCheck,
  type MonitoringActivities,
  type RoundSigner,
  type VillageExitActivities,
  type VillageExitEscalationRecord,
} from '../index';
import {
  historyOf,
  recordHistory,
  startPrivateTemporal,
  type PrivateTemporal,
  type WorkflowHandle,
} from '../testing/private-temporal';

jest.setTimeout(180_000);

const VILLAGE = '430524101201';
const cadre: RoundSigner = { subject: 'cadre-1', role: 'village_cadre', jurisdiction: VILLAGE };
const approver: RoundSigner = { subject: 'approver-1', role: 'county_approver', jurisdiction: VILLAGE.slice(0, 6) };
const head = { headName: '王建国', headIdNumber: '430524198001011234', memberCount: 3 };
const HOUR = 3600;

/** What the mocked activities were asked to record. */
const recorded = {
  exitProgress: [] as { householdId: string; entry: ExitHistoryEntry }[],
  villageExitEscalations: [] as VillageExitEscalationRecord[],
  clearingEscalations: [] as ClearingEscalation[],
};

const incidence: IncidenceCheck = {
  ok: true,
  poorNotExited: 1,
  ruralPopulation: 1000,
  ratio: { numerator: 1, denominator: 1000 },
  incidenceBp: 10,
  thresholdBp: 300,
  western: false,
  checkedAt: new Date().toISOString(),
  message: { 'zh-CN': '贫困发生率低于3%', en: 'incidence below 3%' },
};
const register: ExitActivities & VillageExitActivities & MonitoringActivities = {
  async recordExitProgress({ entries }) {
    recorded.exitProgress.push(...entries);
  },
  async recordExitOutcomes() {},
  async checkVillageIncidence() {
    return incidence;
  },
  async villageExitNoticeEntries() {
    return [{ entryId: 'v1', ...head, villageCode: VILLAGE, decision: '拟退出', reason: '贫困发生率 0.1%' }];
  },
  async recordVillageExit() {},
  async recordVillageExitEscalation(record) {
    recorded.villageExitEscalations.push(record);
  },
  async recheckHousehold() {
    throw new Error('not re-checked in these runs');
  },
  async recordRelapse() {},
  async recordMeasure() {},
  async recordEscalation() {},
  async recordClearingEscalation({ stage, escalation, due }) {
    recorded.clearingEscalations.push({ stage, escalation, due });
  },
  async clearingFacts() {
    return { monthsStableAboveMonitoringLine: 12, hasLabour: true, measuresApplied: 1 };
  },
  async noticeHead() {
    return head;
  },
  async recordClearing() {},
};
const notices: NoticeActivities = {
  async openNotice({ noticeId, durationSeconds }) {
    const openedAt = new Date();
    const closesAt = new Date(+openedAt + durationSeconds * 1000);
    return { noticeId, openedAt: openedAt.toISOString(), closesAt: closesAt.toISOString() };
  },
  async closeNotice() {
    return { closedAt: new Date().toISOString(), objections: 0, filed: [] };
  },
  async answerObjection() {},
};

let temporal: PrivateTemporal;
beforeAll(async () => {
  temporal = await startPrivateTemporal(path.join(__dirname, '..', 'index.ts'), {
    [TaskQueues.identification]: register,
    [TaskQueues.notice]: notices,
  });
});
afterAll(async () => {
  await temporal?.stop();
});

const start = (workflow: string, id: string, input: unknown) =>
  temporal.client.workflow.start(workflow, {
    taskQueue: temporal.taskQueue,
    workflowId: `${id}-${Date.now()}`,
    args: [input],
  });

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (const deadline = Date.now() + 30_000; ;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The ids of the version markers (patched()) a history recorded. */
function patchesOf(history: object): string[] {
  const { events } = history as {
    events: { markerRecordedEventAttributes?: { details?: Record<string, { payloads: { data: string }[] }> } }[];
  };
  return events.flatMap((e) =>
    Object.values(e.markerRecordedEventAttributes?.details ?? {}).flatMap(({ payloads }) =>
      payloads.map((p) => (JSON.parse(Buffer.from(p.data, 'base64').toString()) as { id: string }).id),
    ),
  );
}

/** The run ended with the deadlines' version marker in its history; written for the replay test when recording. */
async function ended(handle: WorkflowHandle, folder: string, name: string, patch: string) {
  await handle.result();
  const history = await historyOf(handle);
  expect(patchesOf(history)).toContain(patch);
  recordHistory(history, path.join(__dirname, '..', folder), name);
}

describe('step deadlines and escalation in the exit procedures', () => {
  it('exit round: village_assessment overdue twice escalates to the township, then the county; the case stays', async () => {
    const deadlines = {
      village_assessment: 2,
      task_force_check: HOUR,
      household_agreement: HOUR,
      county_approval: HOUR,
      township_reexamination: HOUR,
      county_reexamination: HOUR,
    };
    const handle = await start('householdExitWorkflow', 'household-exit-deadline', {
      roundId: 'exit-deadline-round',
      villageCode: VILLAGE,
      incomeYear: 2020,
      households: [{ householdId: 'd1', ...head, perCapitaFen: 500_000 }],
      config: {
        noticeSeconds: { village_notice: 2, county_announcement: 2 },
        transitionMonths: 36,
        stepDeadlineSeconds: deadlines,
      },
    });
    const household = async () => (await handle.query(exitRoundStateQuery, {})).households[0];
    const twice = await until(household, (h: ExitHouseholdView) => h.pending.kind === 'human' && h.history.length >= 2);
    expect(twice.step).toBe('village_assessment'); // escalation alerts; it does not move the case
    expect(twice.pending).toMatchObject({
      kind: 'human',
      step: 'village_assessment',
      dueAt: expect.any(String),
      escalatedTo: { level: 'county', role: 'county_approver', divisionCode: VILLAGE.slice(0, 6) },
    });
    const misses = await until(
      async () => recorded.exitProgress.filter((p) => p.householdId === 'd1').map((p) => p.entry),
      (entries) => entries.length >= 2,
    );
    expect(misses.slice(0, 2).map((e) => [e.action, e.escalation?.level, e.escalation?.times])).toEqual([
      ['deadline_missed', 'township', 1],
      ['deadline_missed', 'county', 2],
    ]);

    const act = (input: Omit<ExitActionInput, 'signer'>) =>
      handle.executeUpdate(exitActUpdate, { args: [{ ...input, signer: cadre }] });
    await act({ step: 'village_assessment', householdIds: ['d1'], action: 'approve' });
    const next = await household();
    expect(next.pending).toMatchObject({ step: 'task_force_check', escalatedTo: null }); // reset at the new step
    await act({ step: 'task_force_check', householdIds: ['d1'], action: 'reject', reason: '收入不稳定' });
    await ended(handle, 'exit', 'v3-deadline-missed-escalated', 'exit-step-deadlines');
  });

  it('village exit: the county decision overdue twice alerts the county and the operator each time; then approved', async () => {
    const handle = await start('villageExitWorkflow', 'village-exit-deadline', {
      exitId: 'village-exit-deadline',
      villageCode: VILLAGE,
      year: 2020,
      attempt: 1,
      noticeSeconds: 2,
      proposedBy: approver,
      stepDeadlineSeconds: { objection_answers: HOUR, county_decision: 2 },
    });
    const view = () => handle.query(villageExitStateQuery);
    const twice = await until(view, (v) => (v.deadline?.escalatedTo?.times ?? 0) >= 2);
    expect(twice).toMatchObject({ status: 'in_notice', waitingFor: 'county_decision' }); // not moved
    expect(twice.deadline).toMatchObject({
      step: 'county_decision',
      dueAt: expect.any(String),
      escalatedTo: { level: 'county', role: 'county_approver', alertWorkflowOperator: true, divisionCode: '430524' },
    });
    const misses = await until(
      async () => recorded.villageExitEscalations,
      (r) => r.length >= 2,
    );
    expect(misses.slice(0, 2).map((m) => [m.step, m.escalation.times, m.escalation.to.level])).toEqual([
      ['county_decision', 1, 'county'],
      ['county_decision', 2, 'county'],
    ]);
    const decided = await handle.executeUpdate(decideVillageExitUpdate, {
      args: [{ action: 'approve', signer: approver }],
    });
    expect(decided).toMatchObject({ status: 'exited', deadline: null });
    await ended(handle, 'village-exit', 'v3-deadline-missed-escalated', 'village-exit-step-deadlines');
  });

  it('risk clearing: the county approval overdue alerts the county and the operator; then approved', async () => {
    const handle = await start('relapseMonitoringWorkflow', 'relapse-monitoring-deadline', {
      monitoringId: 'monitoring-deadline',
      householdId: 'm-deadline',
      villageCode: VILLAGE,
      categories: ['edge'],
      enteredAt: new Date().toISOString(),
      config: {
        recheckSeconds: HOUR,
        measureDeadlineSeconds: HOUR,
        escalationStepSeconds: HOUR,
        noticeSeconds: 1,
        minStableMonths: 6,
        clearingDeadlineSeconds: { objections: HOUR, approval: 2 },
      },
    });
    await handle.executeUpdate(assignMeasureUpdate, {
      args: [{ kind: 'employment', description: '公益性岗位', signer: cadre }],
    });
    await handle.executeUpdate(proposeClearingUpdate, { args: [{ signer: cadre }] });
    const view = () => handle.query(monitoringStateQuery);
    const late = await until(view, (v) => (v.clearingDeadline?.escalatedTo?.times ?? 0) >= 1);
    expect(late).toMatchObject({ status: 'clearing', clearing: { stage: 'approval' } }); // not moved
    expect(late.clearingDeadline).toMatchObject({
      stage: 'approval',
      dueAt: expect.any(String),
      escalatedTo: { level: 'county', role: 'county_approver', alertWorkflowOperator: true, divisionCode: '430524' },
    });
    const misses = await until(
      async () => recorded.clearingEscalations,
      (r) => r.length >= 1,
    );
    expect(misses[0]).toMatchObject({ stage: 'approval', escalation: { times: 1, to: { level: 'county' } } });
    const cleared = await handle.executeUpdate(clearingActionUpdate, {
      args: [{ action: 'approve', signer: approver }],
    });
    expect(cleared).toMatchObject({ status: 'cleared', clearingDeadline: null });
    await ended(handle, 'monitoring', 'v3-clearing-approval-escalated', 'monitoring-clearing-deadlines');
  });
});
