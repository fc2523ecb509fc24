// The kernel version of the exit round, the village exit and relapse monitoring on a real Temporal server (private,
// see ../testing/private-temporal.ts) with their activities mocked: each runs to its end through the lock, the
// validators and the typed refusals. RECORD_HISTORIES=1 writes each run's history next to the recorded ones, for
// apps/orchestrator's replay test (the identification round's are written by ../round/round-race.int.spec.ts).
import path from 'node:path';
import { TaskQueues, type NoticeActivities } from '@fupin/workflows';
import {
  answerVillageExitObjectionUpdate,
  assignMeasureUpdate,
  clearingActionUpdate,
  decideVillageExitUpdate,
  exitActUpdate,
  exitReexamineUpdate,
  exitRoundStateQuery,
  monitoringStateQuery,
  objectionFiledSignal,
  proposeClearingUpdate,
  villageExitStateQuery,
  type ExitActivities,
  type ExitActionInput,
  type IncidenceCheck,
  type MonitoringActivities,
  type RoundSigner,
  type VillageExitActivities,
} from '../index';
import {
  historyOf,
  recordHistory,
  refusalOf,
  startPrivateTemporal,
  type PrivateTemporal,
  type WorkflowHandle,
} from '../testing/private-temporal';

jest.setTimeout(180_000);

const VILLAGE = '430524101201';
const cadre: RoundSigner = { subject: 'cadre-1', role: 'village_cadre', jurisdiction: VILLAGE };
const reviewer: RoundSigner = { subject: 'reviewer-1', role: 'township_reviewer', jurisdiction: VILLAGE.slice(0, 9) };
const approver: RoundSigner = { subject: 'approver-1', role: 'county_approver', jurisdiction: VILLAGE.slice(0, 6) };
const head = { headName: '王建国', headIdNumber: '430524198001011234', memberCount: 3 };

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
  async recordExitProgress() {},
  async recordExitOutcomes() {},
  async checkVillageIncidence() {
    return incidence;
  },
  async villageExitNoticeEntries() {
    return [{ entryId: 'v1', ...head, villageCode: VILLAGE, decision: '拟退出', reason: '贫困发生率 0.1%' }];
  },
  async recordVillageExit() {},
  async recordVillageExitEscalation() {},
  async recheckHousehold() {
    throw new Error('not re-checked in these runs');
  },
  async recordRelapse() {},
  async recordMeasure() {},
  async recordEscalation() {},
  async recordClearingEscalation() {},
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

async function ended(handle: WorkflowHandle, folder: string, name: string, refusedUpdateIds: string[]) {
  await handle.result();
  const history = await historyOf(handle);
  const text = JSON.stringify(history);
  expect(text.includes('"markerName":"core_patch"')).toBe(true); // the kernel version's marker (patched())
  expect(refusedUpdateIds.filter((id) => text.includes(id))).toEqual([]); // validators' refusals leave no trace
  recordHistory(history, path.join(__dirname, '..', folder), name);
}

describe('the procedure kernel in the exit round, the village exit and relapse monitoring', () => {
  it('exit round: a batch through agreement, notice (an objection dismissed), approval and announcement', async () => {
    const handle = await start('householdExitWorkflow', 'household-exit', {
      roundId: 'exit-round',
      villageCode: VILLAGE,
      incomeYear: 2020,
      households: ['e1', 'e2'].map((householdId) => ({ householdId, ...head, perCapitaFen: 500_000 })),
      config: { noticeSeconds: { village_notice: 2, county_announcement: 2 }, transitionMonths: 36 },
    });
    const act = (input: Omit<ExitActionInput, 'signer'>, signer = cadre, updateId?: string) =>
      handle.executeUpdate(exitActUpdate, { args: [{ ...input, signer }], ...(updateId ? { updateId } : {}) });
    const steps = () => handle.query(exitRoundStateQuery, {});

    await act({ step: 'village_assessment', householdIds: ['e1', 'e2'], action: 'approve' });
    await act({ step: 'task_force_check', householdIds: ['e1', 'e2'], action: 'approve' });
    expect(
      await refusalOf(act({ step: 'household_agreement', householdIds: ['e1'], action: 'approve' }, cadre, 'unsigned')),
    ).toMatchObject({ code: 'exit.signature_required', status: 400, field: 'signatures' });
    const signatures = { e1: { signedBy: '王建国', signedOn: '2020-12-01' } };
    await act({ step: 'household_agreement', householdIds: ['e1'], action: 'approve', signatures });
    await act({ step: 'household_agreement', householdIds: ['e2'], action: 'reject', reason: '户主不认可' });

    const noticed = await until(steps, (v) => v.notices.length === 1);
    await handle.signal(objectionFiledSignal, {
      objectionId: 'objection-1',
      noticeId: noticed.notices[0].noticeId,
      householdId: 'e1',
      text: '收入不实',
    });
    const objected = await until(
      steps,
      (v) => v.households.find((h) => h.householdId === 'e1')!.step !== 'village_notice',
    );
    const step = objected.households.find((h) => h.householdId === 'e1')!.step;
    const signer = step === 'county_reexamination' ? approver : reviewer;
    const reexamine = { householdId: 'e1', outcome: 'dismissed' as const, reason: '经核实收入属实', signer };
    await handle.executeUpdate(exitReexamineUpdate, { args: [reexamine] });

    await until(steps, (v) => v.households.find((h) => h.householdId === 'e1')!.step === 'county_approval');
    await act({ step: 'county_approval', householdIds: ['e1'], action: 'approve' }, approver);
    const done = await until(steps, (v) => v.finished);
    expect(done.households.map((h) => [h.householdId, h.step])).toEqual([
      ['e1', 'exited'],
      ['e2', 'stays_registered'],
    ]);
    await ended(handle, 'exit', 'v2-objection-dismissed-one-disagrees', ['unsigned']);
  });

  it('village exit: the decision waits for the notice (refused by the validator), then the county approves', async () => {
    const handle = await start('villageExitWorkflow', 'village-exit', {
      exitId: 'village-exit-1',
      villageCode: VILLAGE,
      year: 2020,
      attempt: 1,
      noticeSeconds: 2,
      proposedBy: approver,
    });
    await until(
      () => handle.query(villageExitStateQuery),
      (v) => v.status === 'in_notice',
    );
    const decide = (updateId: string, signer = approver) =>
      handle.executeUpdate(decideVillageExitUpdate, { args: [{ action: 'approve', signer }], updateId });
    expect(await refusalOf(decide('too-early'))).toMatchObject({ code: 'village_exit.notice_open', status: 409 });
    expect(await refusalOf(decide('not-county', cadre))).toMatchObject({
      code: 'village_exit.wrong_role',
      status: 403,
    });
    expect(
      await refusalOf(
        handle.executeUpdate(answerVillageExitObjectionUpdate, {
          args: [{ objectionId: 'none', outcome: 'dismissed', reason: '无', signer: approver }],
          updateId: 'no-objection',
        }),
      ),
    ).toMatchObject({ code: 'village_exit.unknown_objection', status: 400 });
    await until(
      () => handle.query(villageExitStateQuery),
      (v) => v.waitingFor === 'county_decision',
    );
    expect((await decide('approved')).status).toBe('exited');
    await ended(handle, 'village-exit', 'v2-notice-approved', ['too-early', 'not-county', 'no-objection']);
  });

  it('relapse monitoring: a measure, a clearing through its notice, the county approves', async () => {
    const handle = await start('relapseMonitoringWorkflow', 'relapse-monitoring', {
      monitoringId: 'monitoring-1',
      householdId: 'm1',
      villageCode: VILLAGE,
      categories: ['edge'],
      enteredAt: new Date().toISOString(),
      config: {
        recheckSeconds: 3600,
        measureDeadlineSeconds: 3600,
        escalationStepSeconds: 3600,
        noticeSeconds: 2,
        minStableMonths: 6,
      },
    });
    const measure = (description: string, updateId: string) =>
      handle.executeUpdate(assignMeasureUpdate, {
        args: [{ kind: 'employment', description, signer: cadre }],
        updateId,
      });
    expect(await refusalOf(measure('  ', 'blank-measure'))).toMatchObject({
      code: 'monitoring.invalid_measure',
      status: 400,
    });
    await measure('公益性岗位', 'measure');
    expect(
      await refusalOf(
        handle.executeUpdate(proposeClearingUpdate, { args: [{ signer: approver }], updateId: 'wrong-proposer' }),
      ),
    ).toMatchObject({ code: 'monitoring.wrong_role', status: 403 });
    await handle.executeUpdate(proposeClearingUpdate, { args: [{ signer: cadre }] });
    await until(
      () => handle.query(monitoringStateQuery),
      (v) => v.clearing?.stage === 'approval',
    );
    const cleared = await handle.executeUpdate(clearingActionUpdate, {
      args: [{ action: 'approve', signer: approver }],
    });
    expect(cleared.status).toBe('cleared');
    await ended(handle, 'monitoring', 'v2-measure-clearing-approved', ['blank-measure', 'wrong-proposer']);
  });
});
