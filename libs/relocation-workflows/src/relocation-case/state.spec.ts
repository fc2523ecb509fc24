import { DEFAULT_TRANCHE_PLAN, resolveRelocationConfig, type RelocationPrincipal } from '@fupin/relocation-rules';
import { readRefusal } from '@fupin/workflows';
import type { RelocationCaseInput } from './definitions';
import { commands } from './handlers';
import { RelocationCase, type RelocationCommand } from './state';

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
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const HOUR = 3_600_000;

const config = (() => {
  const resolved = resolveRelocationConfig({ township_review: 3600, tranche_approval: 3600, reclamation: 7200 }, true);
  if (!resolved.ok) throw new Error(resolved.problems.join('; '));
  return resolved.config;
})();

function input(mode: 'nearby' | 'monetary' = 'nearby'): RelocationCaseInput {
  const monetary = mode === 'monetary';
  return {
    caseId: '6a0c2f4e-3b1d-4c5e-9f7a-1b2c3d4e5f60',
    householdId: '3f8b2c1e-0d6a-4e59-9b1a-7c2d4e5f6a7b',
    villageCode: VILLAGE,
    consent: { signedBy: '王建国', signedOn: '2026-02-28', documentRef: 'BQ-0001' },
    consentRecordedBy: cadre,
    consentRecordedAt: new Date(T0).toISOString(),
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
    planSubmittedAt: new Date(T0 + 1000).toISOString(),
    config,
  };
}

/** A case with a clock the test moves. */
function caseAt(mode: 'nearby' | 'monetary' = 'nearby') {
  const clock = { now: T0 + 2000 };
  const c = new RelocationCase(input(mode), () => clock.now);
  /** Decide and commit, as a handler does once relocation-service has recorded the change. */
  const apply = (command: RelocationCommand) => {
    const next = c.decide(command);
    const progress = c.progress(next);
    c.commit(next);
    return progress;
  };
  return { c, clock, apply };
}

function refusalOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    return readRefusal(e);
  }
  throw new Error('expected a refusal');
}

describe('the relocation case as workflow state', () => {
  it('starts in township review with the plan, its tranches split exactly, and the reviewer awaited', () => {
    const { c } = caseAt();
    const view = c.view();
    expect(view).toMatchObject({
      caseId: input().caseId,
      workflowId: `relocation-case:${input().householdId}`,
      step: 'township_review',
    });
    expect(view.tranches.map((t) => [t.milestone, t.amountFen])).toEqual([
      ['foundation', 1_800_000],
      ['roof', 2_400_000],
      ['acceptance', 1_800_001],
    ]);
    expect(view.pending).toMatchObject({ kind: 'human', action: 'township_review', dueAt: '2026-03-01T01:00:01.000Z' });
    expect(c.deadlineDueAt()).toBe(T0 + 1000 + HOUR);
    expect(c.paymentDue()).toBeNull();
  });

  it('refuses from state, typed with the status the HTTP side answers', () => {
    const { c } = caseAt();
    expect(refusalOf(() => c.decide(commands.review({ decision: 'approve', signer: cadre })))).toMatchObject({
      code: 'relocation.wrong_role',
      status: 403,
    });
    expect(refusalOf(() => c.decide(commands.review({ decision: 'reject', signer: reviewer })))).toMatchObject({
      code: 'relocation.reason_required',
      status: 400,
      field: 'reason',
    });
    const early = refusalOf(() =>
      c.decide(commands.milestone({ milestone: 'foundation', evidenceRef: 'photo-1', signer: supervisor })),
    );
    expect(early).toMatchObject({ code: 'relocation.not_allowed', status: 409 });
    expect(early.message['zh-CN']).toContain('乡镇审核');
  });

  it('decide does not move the case; commit does, and the progress carries only the new entries', () => {
    const { c, apply } = caseAt();
    c.decide(commands.review({ decision: 'approve', signer: reviewer }));
    expect(c.state.step).toBe('township_review');
    const progress = apply(commands.review({ decision: 'approve', signer: reviewer }));
    expect(progress).toMatchObject({ step: 'county_approval', fromSeq: 2 });
    expect(progress.entries.map((e) => e.action)).toEqual(['approve']);
    expect(progress.event).toBeUndefined();
    expect(c.version).toBe(1);
  });

  it('owes a payment only after the county approves a recorded milestone, and never twice', () => {
    const { c, apply } = caseAt();
    apply(commands.review({ decision: 'approve', signer: reviewer }));
    apply(commands.review({ decision: 'approve', signer: office }));
    apply(commands.milestone({ milestone: 'foundation', evidenceRef: 'photo-1', signer: supervisor }));
    expect(c.paymentDue()).toBeNull();
    apply(commands.approveTranche({ milestone: 'foundation', signer: office }));
    expect(c.paymentDue()).toEqual({ milestone: 'foundation', amountFen: 1_800_000 });
    expect(
      refusalOf(() => c.decide(commands.approveTranche({ milestone: 'foundation', signer: office }))),
    ).toMatchObject({ code: 'relocation.tranche_already_approved', status: 409 });
    apply({ type: 'tranchePaid', milestone: 'foundation', amountFen: 1_800_000, paymentRef: 'PAY-1' });
    expect(c.paymentDue()).toBeNull();
    const again = refusalOf(() =>
      c.decide({ type: 'tranchePaid', milestone: 'foundation', amountFen: 1_800_000, paymentRef: 'PAY-2' }),
    );
    expect(again).toMatchObject({ code: 'relocation.already_paid', data: { payment: { paymentRef: 'PAY-1' } } });
  });

  it('escalates a missed deadline once per rung, from the last rung on, without moving the case', () => {
    const { c, clock } = caseAt();
    expect(c.missedDeadline()).toBeNull();
    clock.now = T0 + 1000 + HOUR;
    const first = c.missedDeadline()!;
    expect(first.record).toMatchObject({ seq: 2, divisionCode: '430524', due: '2026-03-01T01:00:01.000Z' });
    expect(first.record.entry).toMatchObject({ action: 'deadline_missed', escalation: { level: 'county', times: 1 } });
    expect(first.next.step).toBe('township_review');
    c.commit(first.next);
    expect(c.missedDeadline()).toBeNull(); // the same rung is not recorded again
    clock.now += HOUR;
    const second = c.missedDeadline()!;
    expect(second.record.entry.escalation).toMatchObject({ times: 2, alertWorkflowOperator: true });
  });

  it('publishes the move-in, then completes after the reclamation and the follow-up measure (销号标识)', () => {
    const { c, clock, apply } = caseAt('monetary');
    apply(commands.review({ decision: 'approve', signer: reviewer }));
    apply(commands.review({ decision: 'approve', signer: office }));
    expect(c.state.step).toBe('lump_sum');
    apply(commands.approveTranche({ milestone: 'lump_sum', signer: office }));
    apply({ type: 'tranchePaid', ...c.paymentDue()!, paymentRef: 'PAY-L' });
    expect(c.state.step).toBe('home_accepted');
    clock.now = Date.parse('2026-03-02T10:00:00.000Z');
    const movedIn = apply(commands.moveIn({ movedInOn: '2026-03-02', signer: cadre }));
    expect(movedIn.event).toEqual({
      type: 'relocation.moved-in',
      payload: {
        caseId: input().caseId,
        householdId: input().householdId,
        villageCode: VILLAGE,
        movedInOn: '2026-03-02',
      },
    });
    // the reclamation's clock runs from the move-in day
    expect(c.deadlineDueAt()).toBe(Date.parse('2026-03-02T02:00:00.000Z'));
    apply(commands.reclaimed({ evidenceRef: 'reclaim-1', signer: cadre }));
    clock.now = Date.parse('2026-03-02T17:00:00.000Z');
    const done = apply(commands.followUp({ measure: { kind: 'employment', source: 'industry-service', ref: 'J-1' } }));
    expect(c.finished()).toBe(true);
    expect(done.entries.map((e) => e.action)).toEqual(['follow_up_recorded', 'completed']);
    expect(done.event).toMatchObject({
      type: 'relocation.completed',
      payload: { landRightsKept: true, relocatedOn: '2026-03-03' },
    });
  });

  it('withdraws before the move-in with the step it left, and refuses after it', () => {
    const { c, apply } = caseAt();
    apply(commands.review({ decision: 'approve', signer: reviewer }));
    const next = c.decide(commands.withdraw({ reason: '不愿搬迁', signer: cadre }));
    expect(next.outcome).toMatchObject({
      result: 'withdrawn',
      releasedSiteCode: 'S-430524-01',
      cancelledFen: 6_000_001,
    });
    expect(c.progress(next).event).toMatchObject({
      type: 'relocation.withdrawn',
      payload: { reason: '不愿搬迁', step: 'county_approval' },
    });

    const monetary = caseAt('monetary');
    monetary.apply(commands.review({ decision: 'approve', signer: reviewer }));
    monetary.apply(commands.review({ decision: 'approve', signer: office }));
    monetary.apply(commands.approveTranche({ milestone: 'lump_sum', signer: office }));
    monetary.apply({ type: 'tranchePaid', ...monetary.c.paymentDue()!, paymentRef: 'PAY-L' });
    monetary.clock.now = Date.parse('2026-03-02T10:00:00.000Z');
    monetary.apply(commands.moveIn({ movedInOn: '2026-03-02', signer: cadre }));
    expect(refusalOf(() => monetary.c.decide(commands.withdraw({ reason: '反悔', signer: cadre })))).toMatchObject({
      code: 'relocation.after_move_in',
      status: 422,
    });
  });

  it('never dates an event before the last entry, whatever the workflow clock says', () => {
    const { c, clock, apply } = caseAt();
    clock.now = T0 - HOUR;
    apply(commands.review({ decision: 'approve', signer: reviewer }));
    expect(c.state.history[2].at).toBe(new Date(T0 + 1000).toISOString());
  });

  it('carries the action awaited for the inbox: who acts in construction, its start, its miss; none while paying', () => {
    const { c, clock, apply } = caseAt();
    clock.now = T0 + 5000;
    expect(apply(commands.review({ decision: 'approve', signer: reviewer })).pending).toEqual({
      action: 'county_approval',
      since: new Date(T0 + 5000).toISOString(),
      escalation: null,
    });
    apply(commands.review({ decision: 'approve', signer: office }));
    clock.now = T0 + 9000;
    const recorded = apply(commands.milestone({ milestone: 'foundation', evidenceRef: 'p-1', signer: supervisor }));
    expect(recorded.pending).toMatchObject({ action: 'tranche_approval', since: new Date(T0 + 9000).toISOString() });
    clock.now = T0 + 9000 + HOUR;
    c.commit(c.missedDeadline()!.next);
    // a change that leaves the action awaited keeps its start and its miss
    const roof = apply(commands.milestone({ milestone: 'roof', evidenceRef: 'p-2', signer: supervisor }));
    expect(roof.pending).toMatchObject({
      action: 'tranche_approval',
      since: new Date(T0 + 9000).toISOString(),
      escalation: { times: 1, level: 'county', role: 'county_approver' },
    });
    expect(apply(commands.approveTranche({ milestone: 'foundation', signer: office })).pending).toBeNull();
  });

  it('refuses to start on a plan the procedure refuses (over the red line)', () => {
    const bad = input();
    bad.plan = { ...bad.plan!, areaM2: 75.01 };
    expect(refusalOf(() => new RelocationCase(bad))).toMatchObject({ code: 'relocation.housing_area_red_line' });
  });
});
