// The procedure kernel's correctness on a real Temporal server (private, see ../testing/private-temporal.ts), with
// the register's and notice-service's activities mocked: two updates racing on one household, a deadline falling
// due while an update's activity is in flight — all or none holds (ADR 0009) — and a refusal decided by the update's
// validator leaves nothing in the history.
//
// RECORD_HISTORIES=1 writes the runs' histories next to the recorded ones (replayed by apps/orchestrator's replay
// test). KERNEL_WORKFLOWS=<path to an index.ts> bundles other workflow code, e.g. the pre-kernel tree
// (`git archive <commit> libs/identification-workflows | tar -x -C /tmp/old`) to see these cases fail there.
import path from 'node:path';
import { resolveProcedureConfig, type HumanStep, type ProcedureConfig } from '@fupin/identification-rules';
import { TaskQueues, type NoticeActivities } from '@fupin/workflows';
import {
  actUpdate,
  roundStateQuery,
  type EligibilityCheck,
  type IdentificationActivities,
  type RoundAction,
  type RoundSigner,
  type StepActionInput,
} from '../index';
import {
  WorkflowUpdateStage,
  deferred,
  historyOf,
  recordHistory,
  refusalOf,
  startPrivateTemporal,
  type Deferred,
  type PrivateTemporal,
  type WorkflowHandle,
} from '../testing/private-temporal';

jest.setTimeout(180_000);

const VILLAGE = '430524101201';
const cadre: RoundSigner = { subject: 'cadre-1', name: '村干部', role: 'village_cadre', jurisdiction: VILLAGE };
const reviewer: RoundSigner = { subject: 'reviewer-1', role: 'township_reviewer', jurisdiction: VILLAGE.slice(0, 9) };
const workflowsPath = process.env.KERNEL_WORKFLOWS ?? path.join(__dirname, '..', 'index.ts');

/** evaluateEligibility waits on this while it is set: the test holds an update's activity in flight. */
let gate: { started: Deferred; release: Deferred } | null = null;

const identification: IdentificationActivities = {
  async evaluateEligibility({ householdIds }) {
    const held = gate;
    if (held) {
      held.started.resolve();
      await held.release.promise;
    }
    const eligible: EligibilityCheck = {
      eligible: true,
      basis: 'below_line',
      perCapitaFen: 1,
      lineFen: 2,
      problems: [],
    };
    return Object.fromEntries(householdIds.map((id) => [id, eligible]));
  },
  async crossCheck({ householdIds }) {
    return Object.fromEntries(
      householdIds.map((id) => [id, { excluded: false, flaggedForTownshipReview: false, hits: [] }]),
    );
  },
  async recordProgress() {},
  async recordOutcomes() {},
};
const notices: NoticeActivities = {
  async openNotice({ noticeId, durationSeconds }) {
    const openedAt = new Date();
    return {
      noticeId,
      openedAt: openedAt.toISOString(),
      closesAt: new Date(+openedAt + durationSeconds * 1000).toISOString(),
    };
  },
  async closeNotice() {
    return { closedAt: new Date().toISOString(), objections: 0, filed: [] };
  },
  async answerObjection() {},
};

let temporal: PrivateTemporal;
beforeAll(async () => {
  temporal = await startPrivateTemporal(workflowsPath, {
    [TaskQueues.identification]: identification,
    [TaskQueues.notice]: notices,
  });
});
afterAll(async () => {
  await temporal?.stop();
});

function config(deadlines: Partial<Record<HumanStep, number>>): ProcedureConfig {
  const resolved = resolveProcedureConfig({ testMode: true, stepDeadlineSeconds: deadlines });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.violations));
  return resolved.value;
}

async function startRound(name: string, households: string[], deadlines: Partial<Record<HumanStep, number>> = {}) {
  const roundId = `${name}-${Date.now()}`;
  return temporal.client.workflow.start('identificationRoundWorkflow', {
    taskQueue: temporal.taskQueue,
    workflowId: `identification-round:${roundId}`,
    args: [
      {
        roundId,
        villageCode: VILLAGE,
        incomeYear: 2020,
        households: households.map((householdId) => ({
          householdId,
          headName: '王建国',
          headIdNumber: '430524198001011234',
          memberCount: 3,
        })),
        config: config(deadlines),
      },
    ],
  });
}

const request = (
  step: StepActionInput['step'],
  householdIds: string[],
  action: RoundAction = 'approve',
  signer = cadre,
): StepActionInput => ({
  step,
  householdIds,
  action,
  signer,
  ...(action === 'approve' ? {} : { reason: '户主申请撤回' }),
});

const act = (handle: WorkflowHandle, input: StepActionInput, updateId?: string) =>
  handle.executeUpdate(actUpdate, { args: [input], ...(updateId ? { updateId } : {}) });

async function households(handle: WorkflowHandle) {
  const view = await handle.query(roundStateQuery, {});
  return Object.fromEntries(view.households.map((h) => [h.householdId, h]));
}
/** Full histories (the list view shows the last three entries only). */
async function history(handle: WorkflowHandle, householdId: string) {
  return (await handle.query(roundStateQuery, { householdId })).households[0].history;
}

async function finish(handle: WorkflowHandle, step: StepActionInput['step'], ids: string[], record: string) {
  await act(handle, request(step, ids, 'withdraw'));
  await handle.result();
  recordHistory(await historyOf(handle), __dirname, record);
}

describe('identification round: the procedure kernel on a real Temporal server', () => {
  it('two actions racing on one household: one applies to every household, the other is refused cleanly', async () => {
    const handle = await startRound('race', ['h1', 'h2']);
    await act(handle, request('application', ['h1', 'h2']));

    gate = { started: deferred(), release: deferred() };
    const approve = act(handle, request('household_survey', ['h1', 'h2'])); // awaits the eligibility activity
    await gate.started.promise;
    // while it is in flight, h2 withdraws (accepted by the validator: it is still at the survey)
    const withdrawal = await handle.startUpdate(actUpdate, {
      args: [request('household_survey', ['h2'], 'withdraw')],
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    gate.release.resolve();
    gate = null;
    const [approved, withdrawn] = await Promise.allSettled([approve, withdrawal.result()]);

    const after = await households(handle);
    expect([approved.status, withdrawn.status].sort()).toEqual(['fulfilled', 'rejected']);
    if (approved.status === 'fulfilled') {
      // all of the batch moved on; the withdrawal, made for a household no longer at the survey, is refused
      expect([after.h1.step, after.h2.step]).toEqual(['village_group_assessment', 'village_group_assessment']);
      expect(await refusalOf(withdrawal.result())).toMatchObject({ code: 'procedure.stale_step', status: 409 });
      expect((await history(handle, 'h2')).map((e) => e.action)).not.toContain('withdraw');
    } else {
      // or the withdrawal went first and the whole approval is refused: nobody moved
      expect([after.h1.step, after.h2.step]).toEqual(['household_survey', 'withdrawn']);
    }
    await finish(handle, 'village_group_assessment', ['h1', 'h2'], 'v2-race-two-actions-one-household');
  });

  it('a deadline falling due while an action awaits its activity: the action applies to all or none', async () => {
    const handle = await startRound('deadline', ['h1', 'h2'], { household_survey: 8 });
    await act(handle, request('application', ['h1']));
    await new Promise((r) => setTimeout(r, 3000));
    await act(handle, request('application', ['h2'])); // h1's survey falls due 3 s before h2's

    gate = { started: deferred(), release: deferred() };
    const approve = act(handle, request('household_survey', ['h2', 'h1']));
    await gate.started.promise;
    const due = await households(handle);
    const [h1Due, h2Due] = [Date.parse(due.h1.pending.dueAt!), Date.parse(due.h2.pending.dueAt!)];
    // hold the activity until h1's deadline has passed (the main loop wakes for it), but not h2's
    await new Promise((r) => setTimeout(r, Math.max(0, h1Due + 1500 - Date.now())));
    expect(Date.now()).toBeLessThan(h2Due - 300);
    gate.release.resolve();
    gate = null;
    const outcome = await approve.then(
      () => 'applied',
      (e: unknown) => e,
    );

    const after = await households(handle);
    const moved = [after.h1.step, after.h2.step].filter((s) => s === 'village_group_assessment').length;
    expect(moved === 0 || moved === 2).toBe(true); // never half a batch
    expect(outcome).toBe('applied'); // signed before the deadline, under the lock: the deadline waits for it
    expect(moved).toBe(2);
    await finish(handle, 'village_group_assessment', ['h1', 'h2'], 'v2-deadline-during-an-action');
  });

  it('a refusal decided from workflow state is the validator’s: typed, and nothing of it in the history', async () => {
    const handle = await startRound('validator', ['h1']);
    const refused = await refusalOf(act(handle, request('application', ['h1'], 'approve', reviewer), 'wrong-role-1'));
    expect(refused).toMatchObject({ code: 'procedure.wrong_role', status: 403, data: { householdId: 'h1' } });
    expect(await refusalOf(act(handle, request('application', ['nobody']), 'unknown-1'))).toMatchObject({
      code: 'round.unknown_household',
      status: 400,
    });
    expect(await refusalOf(act(handle, request('application', []), 'none-1'))).toMatchObject({
      code: 'round.no_households',
      status: 400,
    });
    await act(handle, request('application', ['h1']), 'accepted-1');

    const events = JSON.stringify(await historyOf(handle));
    expect(events.includes('accepted-1')).toBe(true);
    expect(['wrong-role-1', 'unknown-1', 'none-1'].filter((id) => events.includes(id))).toEqual([]);
    expect((await history(handle, 'h1')).map((e) => e.action)).toEqual(['approve']);
    await finish(handle, 'household_survey', ['h1'], 'v2-validator-refusals');
  });
});
