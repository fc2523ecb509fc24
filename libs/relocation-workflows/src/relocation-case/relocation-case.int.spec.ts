/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
// The relocation case (易地扶贫搬迁) on a real Temporal server (private, see identification-workflows'
// testing/private-temporal.ts) with relocation-service's activities mocked in-process: a case through approvals,
// three milestones and three tranches (each paid once, however often its approval is sent), move-in, reclamation and
// follow-up to `relocation.completed`; a withdrawal before the move-in; a missed reclamation deadline escalating once
// per rung. RECORD_HISTORIES=1 writes each run's history into ./histories for apps/orchestrator's replay test.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_TRANCHE_PLAN, resolveRelocationConfig, type RelocationPrincipal } from '@fupin/relocation-rules';
import { TaskQueues } from '@fupin/workflows';
import {
  approveTrancheUpdate,
  followUpUpdate,
  milestoneUpdate,
  moveInUpdate,
  reclaimedUpdate,
  relocationCaseStateQuery,
  relocationCaseWorkflowId,
  renovationCaseWorkflowId,
  reviewUpdate,
  withdrawUpdate,
  type RelocationActivities,
  type RelocationCaseInput,
  type RelocationCaseView,
  type RelocationEscalationRecord,
  type RelocationProgressRecord,
} from '../index';
import {
  historyOf,
  recordHistory,
  refusalOf,
  startPrivateTemporal,
  type PrivateTemporal,
  type WorkflowHandle,
} from '../../../identification-workflows/src/testing/private-temporal';

jest.setTimeout(180_000);

const VILLAGE = '430524101201';
const cadre: RelocationPrincipal = { subject: 'cadre-1', role: 'village_cadre', jurisdiction: VILLAGE };
const reviewer: RelocationPrincipal = { subject: 'rev-1', role: 'township_reviewer', jurisdiction: '430524101' };
const office: RelocationPrincipal = {
  subject: 'office-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'relocation', divisionCode: '430524' },
};
const supervisor: RelocationPrincipal = {
  subject: 'sup-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'housing', divisionCode: '430524' },
};

/** What relocation-service was asked to do, per case. */
const calls = {
  payTranche: [] as { caseId: string; milestone: string; amountFen: number }[],
  progress: [] as RelocationProgressRecord[],
  releaseHome: [] as { caseId: string; siteCode: string | null }[],
  escalations: [] as RelocationEscalationRecord[],
};
const payments = new Map<string, { paymentRef: string; paid: boolean }>();
const relocation: RelocationActivities = {
  async payTranche(input) {
    calls.payTranche.push(input);
    await new Promise((r) => setTimeout(r, 200)); // a slow bank: room for a retried approval to race it
    const key = `${input.caseId}:${input.milestone}`;
    const first = payments.get(key);
    if (first) return { ...first, paid: false };
    payments.set(key, { paymentRef: `PAY-${key}`, paid: true });
    return { paymentRef: `PAY-${key}`, paid: true };
  },
  async recordProgress(input) {
    calls.progress.push(input);
  },
  async releaseHome(input) {
    calls.releaseHome.push(input);
  },
  async recordEscalation(input) {
    calls.escalations.push(input);
  },
};
const of = <T extends { caseId: string }>(list: T[], caseId: string) => list.filter((x) => x.caseId === caseId);

let temporal: PrivateTemporal;
beforeAll(async () => {
  temporal = await startPrivateTemporal(path.join(__dirname, '..', 'index.ts'), {
    [TaskQueues.relocation]: relocation,
  });
});
afterAll(async () => {
  await temporal?.stop();
});

function config(seconds: Record<string, number>) {
  const resolved = resolveRelocationConfig(seconds, true);
  if (!resolved.ok) throw new Error(resolved.problems.join('; '));
  return resolved.config;
}
const HOUR = 3600;
const LONG = config({ township_review: HOUR, county_approval: HOUR, milestone: HOUR, reclamation: 3 * 86_400 });

function caseInput(mode: 'nearby' | 'monetary', deadlines = LONG): RelocationCaseInput {
  const monetary = mode === 'monetary';
  const now = new Date().toISOString();
  return {
    caseId: randomUUID(),
    householdId: randomUUID(),
    villageCode: VILLAGE,
    consent: { signedBy: '王建国', signedOn: now.slice(0, 10), documentRef: 'BQ-0001' },
    consentRecordedBy: cadre,
    consentRecordedAt: now,
    plan: {
      mode,
      siteCode: monetary ? null : 'S-430524-01',
      placement: monetary ? null : 'centralised',
      areaM2: monetary ? null : 75,
      persons: 3,
      maxM2PerPerson: 25,
      subsidyFen: 6_000_001,
      ...(monetary ? {} : { tranchePlan: DEFAULT_TRANCHE_PLAN }),
    },
    planSubmittedBy: cadre,
    planSubmittedAt: now,
    config: deadlines,
  };
}

const start = (input: RelocationCaseInput) =>
  temporal.client.workflow.start('relocationCaseWorkflow', {
    taskQueue: temporal.taskQueue,
    workflowId: relocationCaseWorkflowId(input.householdId),
    args: [input],
  });

async function until(handle: WorkflowHandle, done: (v: RelocationCaseView) => boolean): Promise<RelocationCaseView> {
  for (const deadline = Date.now() + 30_000; ;) {
    const view = await handle.query(relocationCaseStateQuery);
    if (done(view)) return view;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Both approvals of the plan: the township's, then the county office's. */
async function approvePlan(handle: WorkflowHandle) {
  await handle.executeUpdate(reviewUpdate, { args: [{ decision: 'approve', signer: reviewer }] });
  return handle.executeUpdate(reviewUpdate, { args: [{ decision: 'approve', reason: '符合条件', signer: office }] });
}

async function ended(handle: WorkflowHandle, name: string, refusedUpdateIds: string[]): Promise<RelocationCaseView> {
  const result = (await handle.result()) as RelocationCaseView;
  const history = await historyOf(handle);
  const text = JSON.stringify(history);
  expect(refusedUpdateIds.filter((id) => text.includes(id))).toEqual([]); // validators' refusals leave no trace
  recordHistory(history, __dirname, name);
  return result;
}

const today = () => new Date().toISOString().slice(0, 10);

describe('relocation case workflow (relocation-case:<householdId>)', () => {
  it('consent → approvals → three milestones, three tranches paid once each → move-in → reclamation → follow-up → completed', async () => {
    const input = caseInput('nearby');
    const handle = await start(input);
    expect(
      await refusalOf(
        handle.executeUpdate(milestoneUpdate, {
          args: [{ milestone: 'foundation', evidenceRef: 'photo-0', signer: supervisor }],
          updateId: 'too-early',
        }),
      ),
    ).toMatchObject({ code: 'relocation.not_allowed', status: 409 });
    expect((await approvePlan(handle)).step).toBe('construction');

    for (const milestone of ['foundation', 'roof', 'acceptance'] as const) {
      await handle.executeUpdate(milestoneUpdate, {
        args: [{ milestone, evidenceRef: `photo-${milestone}`, signer: supervisor }],
      });
      const approve = (updateId: string) =>
        handle.executeUpdate(approveTrancheUpdate, { args: [{ milestone, signer: office }], updateId });
      // the county office's client retries its approval (same update id) while the first is under way
      const [first, retried] = await Promise.all([approve(`approve-${milestone}`), approve(`approve-${milestone}`)]);
      expect(retried).toEqual(first);
      // a second approval under a new id is refused: the tranche is already approved
      expect(await refusalOf(approve(`again-${milestone}`))).toMatchObject({
        code: 'relocation.tranche_already_approved',
        status: 409,
      });
      await until(handle, (v) => v.tranches.find((t) => t.milestone === milestone)!.payment !== null);
    }
    const paid = of(calls.payTranche, input.caseId);
    expect(paid.map((p) => [p.milestone, p.amountFen])).toEqual([
      ['foundation', 1_800_000],
      ['roof', 2_400_000],
      ['acceptance', 1_800_001],
    ]);
    const accepted = await until(handle, (v) => v.step === 'home_accepted');
    expect(accepted.tranches.reduce((sum, t) => sum + (t.payment?.amountFen ?? 0), 0)).toBe(6_000_001);

    expect(
      await refusalOf(
        handle.executeUpdate(moveInUpdate, { args: [{ movedInOn: today(), signer: reviewer }], updateId: 'not-cadre' }),
      ),
    ).toMatchObject({ code: 'relocation.wrong_role', status: 403 });
    await handle.executeUpdate(moveInUpdate, { args: [{ movedInOn: today(), signer: cadre }] });
    expect(
      await refusalOf(
        handle.executeUpdate(withdrawUpdate, {
          args: [{ reason: '反悔', signer: cadre }],
          updateId: 'late-withdrawal',
        }),
      ),
    ).toMatchObject({ code: 'relocation.after_move_in', status: 422 });
    await handle.executeUpdate(reclaimedUpdate, { args: [{ evidenceRef: 'reclaim-photo', signer: cadre }] });
    const measure = { kind: 'employment' as const, source: 'industry-service', ref: 'employment-1' };
    const done = await handle.executeUpdate(followUpUpdate, { args: [{ measure }] });
    expect(done).toMatchObject({ step: 'completed', relocated: true, landUseRightsKept: true });

    const result = await ended(handle, 'v1-three-tranches-completed', [
      'too-early',
      'again-foundation',
      'again-roof',
      'again-acceptance',
      'not-cadre',
      'late-withdrawal',
    ]);
    expect(result.step).toBe('completed');
    expect(of(calls.payTranche, input.caseId)).toHaveLength(3);
    const events = of(calls.progress, input.caseId).flatMap((p) => (p.event ? [p.event] : []));
    expect(events.map((e) => e.type)).toEqual(['relocation.moved-in', 'relocation.completed']);
    expect(events[1].payload).toMatchObject({ caseId: input.caseId, landRightsKept: true });
    // every entry recorded once, in order
    const seqs = of(calls.progress, input.caseId).flatMap((p) => p.entries.map((_, i) => p.fromSeq + i));
    expect(seqs).toEqual(seqs.map((_, i) => i + 2));
  });

  it('withdrawal before the move-in releases the home and stops every payment not yet made', async () => {
    const input = caseInput('nearby');
    const handle = await start(input);
    await approvePlan(handle);
    await handle.executeUpdate(milestoneUpdate, {
      args: [{ milestone: 'foundation', evidenceRef: 'photo-foundation', signer: supervisor }],
    });
    await handle.executeUpdate(approveTrancheUpdate, { args: [{ milestone: 'foundation', signer: office }] });
    await until(handle, (v) => v.tranches[0].payment !== null);
    await handle.executeUpdate(milestoneUpdate, {
      args: [{ milestone: 'roof', evidenceRef: 'photo-roof', signer: supervisor }],
    });

    const withdrawn = await handle.executeUpdate(withdrawUpdate, {
      args: [{ reason: '户主决定留在原村', signer: cadre }],
    });
    expect(withdrawn.step).toBe('withdrawn');
    expect(withdrawn.outcome).toMatchObject({ result: 'withdrawn', releasedSiteCode: 'S-430524-01' });
    expect(withdrawn.tranches.map((t) => [t.milestone, t.cancelled])).toEqual([
      ['foundation', false],
      ['roof', true],
      ['acceptance', true],
    ]);
    await ended(handle, 'v1-withdrawn-before-move-in', []);
    await expect(
      handle.executeUpdate(approveTrancheUpdate, { args: [{ milestone: 'roof', signer: office }] }),
    ).rejects.toThrow();
    expect(of(calls.releaseHome, input.caseId)).toEqual([{ caseId: input.caseId, siteCode: 'S-430524-01' }]);
    expect(of(calls.payTranche, input.caseId).map((p) => p.milestone)).toEqual(['foundation']);
    const events = of(calls.progress, input.caseId).flatMap((p) => (p.event ? [p.event] : []));
    expect(events).toEqual([
      {
        type: 'relocation.withdrawn',
        payload: expect.objectContaining({ reason: '户主决定留在原村', step: 'construction' }),
      },
    ]);
  });

  it('a missed reclamation deadline escalates village → township → county, each rung once, and the case stays', async () => {
    const input = caseInput('monetary', config({ reclamation: 2, follow_up: HOUR }));
    const handle = await start(input);
    await approvePlan(handle);
    await handle.executeUpdate(approveTrancheUpdate, { args: [{ milestone: 'lump_sum', signer: office }] });
    await until(handle, (v) => v.step === 'home_accepted');
    // moved in today: the reclamation's clock runs from the move-in day, so its 2 s are long past
    await handle.executeUpdate(moveInUpdate, { args: [{ movedInOn: today(), signer: cadre }] });
    const escalated = await until(
      handle,
      (v) => v.pending.kind === 'human' && (v.pending.escalatedTo?.times ?? 0) >= 3,
    );
    expect(escalated.step).toBe('reclamation');
    await handle.executeUpdate(reclaimedUpdate, { args: [{ evidenceRef: 'reclaim-photo', signer: cadre }] });
    const measure = { kind: 'industry' as const, source: 'manual', ref: 'cooperative-7' };
    await handle.executeUpdate(followUpUpdate, { args: [{ measure, signer: cadre }] });
    const result = await ended(handle, 'v1-reclamation-deadline-escalated', []);
    expect(result.step).toBe('completed');

    const rungs = of(calls.escalations, input.caseId).map((e) => ({
      times: e.entry.escalation!.times,
      level: e.entry.escalation!.level,
      operator: e.entry.escalation!.alertWorkflowOperator,
      divisionCode: e.divisionCode,
      action: e.entry.escalation!.action,
    }));
    expect(rungs.slice(0, 3)).toEqual([
      { times: 1, level: 'township', operator: false, divisionCode: '430524101', action: 'reclamation' },
      { times: 2, level: 'county', operator: false, divisionCode: '430524', action: 'reclamation' },
      { times: 3, level: 'county', operator: true, divisionCode: '430524', action: 'reclamation' },
    ]);
    expect(rungs.map((r) => r.times)).toEqual(rungs.map((_, i) => i + 1)); // each rung once, none skipped
    const seqs = of(calls.escalations, input.caseId).map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(of(calls.payTranche, input.caseId).map((p) => p.milestone)).toEqual(['lump_sum']);
  });

  it('危房改造 on the same workflow: application → approvals → three milestones (acceptance graded A) → housing.renovated', async () => {
    const now = new Date().toISOString();
    const householdId = randomUUID();
    const input: RelocationCaseInput = {
      ...caseInput('nearby'),
      householdId,
      plan: undefined,
      renovation: { plannedYear: 2026, grade: 'D', subsidyFen: 3_500_001, tranchePlan: DEFAULT_TRANCHE_PLAN },
      consentRecordedAt: now,
    };
    const handle = await temporal.client.workflow.start('relocationCaseWorkflow', {
      taskQueue: temporal.taskQueue,
      workflowId: renovationCaseWorkflowId(householdId),
      args: [input],
    });
    expect((await approvePlan(handle)).step).toBe('construction');
    for (const milestone of ['foundation', 'roof', 'acceptance'] as const) {
      const args = { milestone, evidenceRef: `photo-${milestone}`, signer: supervisor };
      if (milestone === 'acceptance')
        expect(
          await refusalOf(handle.executeUpdate(milestoneUpdate, { args: [args], updateId: 'ungraded' })),
        ).toMatchObject({ code: 'relocation.renovated_grade', status: 422 });
      await handle.executeUpdate(milestoneUpdate, {
        args: [milestone === 'acceptance' ? { ...args, newGrade: 'A' } : args],
      });
      await handle.executeUpdate(approveTrancheUpdate, { args: [{ milestone, signer: office }] });
      await until(handle, (v) => v.tranches.find((t) => t.milestone === milestone)!.payment !== null);
    }
    const result = await ended(handle, 'v1-renovation-completed', ['ungraded']);
    expect(result).toMatchObject({ kind: 'renovation', step: 'completed', relocated: false });
    const events = of(calls.progress, input.caseId).flatMap((p) => (p.event ? [p.event] : []));
    expect(events).toEqual([
      {
        type: 'housing.renovated',
        payload: expect.objectContaining({ previousGrade: 'D', newGrade: 'A', subsidyPaidFen: 3_500_001 }),
      },
    ]);
  });
});
