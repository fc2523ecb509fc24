import { readRefusal, type WorkflowRefusal } from '@fupin/workflows';
import type {
  CheckView,
  ClearingActionInput,
  MonitoringSigner,
  MonitoringWorkflowConfig,
  RelapseMonitoringInput,
} from './definitions';
import { MonitoringCase } from './state';

const DAY = 86_400_000;
const T0 = Date.parse('2024-03-01T00:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const VILLAGE = '430524101201';
const cadre: MonitoringSigner = { subject: 'cadre-1', role: 'village_cadre', jurisdiction: VILLAGE };
const reviewer: MonitoringSigner = { subject: 'rev-1', role: 'township_reviewer', jurisdiction: VILLAGE.slice(0, 9) };
const approver: MonitoringSigner = { subject: 'app-1', role: 'county_approver', jurisdiction: VILLAGE.slice(0, 6) };
const config: MonitoringWorkflowConfig = {
  recheckSeconds: 30 * 86_400,
  measureDeadlineSeconds: 15 * 86_400,
  escalationStepSeconds: 7 * 86_400,
  noticeSeconds: 7 * 86_400,
  minStableMonths: 6,
};

/** A case entered at T0, on a clock the test moves. */
function monitored(more: Partial<RelapseMonitoringInput> = {}) {
  const clock = { now: T0 };
  const input: RelapseMonitoringInput = {
    monitoringId: 'm-1',
    householdId: 'h-1',
    villageCode: VILLAGE,
    categories: ['edge'],
    enteredAt: iso(T0),
    config,
    ...more,
  };
  return { c: new MonitoringCase(input, () => clock.now), clock };
}

function refusalOf(act: () => unknown): WorkflowRefusal {
  try {
    act();
  } catch (e) {
    return readRefusal(e);
  }
  throw new Error('not refused');
}

const check = (outcome: CheckView['outcome']): CheckView => ({
  checkId: 'check-1',
  checkedAt: iso(T0),
  reason: 'schedule',
  incomeYear: 2023,
  perCapitaFen: 500_000,
  monitoringLineFen: 600_000,
  povertyLineFen: 400_000,
  outcome,
});

/** A case at the given clearing stage: proposed, its notice opened (closing in 7 days), then closed with objections. */
function clearing(objections: number) {
  const m = monitored();
  m.c.measureAssigned(m.c.measure({ kind: 'employment', description: '公益性岗位', signer: cadre }, 'measure-1'));
  m.c.clearingProposed(cadre);
  m.c.noticeOpened('notice-1', iso(T0 + 7 * DAY));
  if (objections >= 0) {
    const filed = Array.from({ length: objections }, (_, i) => ({ objectionId: `o${i}`, text: '收入不实' }));
    m.c.noticeClosed(m.c.state.clearing!, filed);
  }
  return m;
}

describe('a new monitoring case', () => {
  it('is re-checked one period after entry, or at once when asked to', () => {
    expect(monitored().c.state.nextRecheckAt).toBe(iso(T0 + 30 * DAY));
    expect(monitored({ checkAtStart: true, enteredAt: iso(T0 - DAY) }).c.state.nextRecheckAt).toBe(iso(T0));
  });

  it('carries the state of the previous run, and hands it on with one more run', () => {
    const { c } = clearing(1);
    const next = c.continuation();
    expect(next).toMatchObject({ checkAtStart: false, carried: { ...c.state, runs: 1 } });
    expect(new MonitoringCase(next).view()).toMatchObject({ status: 'clearing', runs: 1, measures: c.state.measures });
  });
});

describe('validators', () => {
  const measure = { kind: 'employment' as const, description: '公益性岗位', signer: cadre };

  it('refuses a measure of an unknown kind, or without a description (400), and none once monitoring ended (409)', () => {
    const { c } = monitored();
    expect(() => c.validateMeasure(measure)).not.toThrow();
    expect(refusalOf(() => c.validateMeasure({ ...measure, kind: 'lottery' as never }))).toMatchObject({
      code: 'monitoring.invalid_measure',
      status: 400,
    });
    expect(refusalOf(() => c.validateMeasure({ ...measure, description: '  ' }))).toMatchObject({
      code: 'monitoring.invalid_measure',
      status: 400,
    });
    c.relapsed();
    expect(refusalOf(() => c.validateMeasure(measure))).toMatchObject({ code: 'monitoring.ended', status: 409 });
  });

  it('lets only the village propose a clearing, one at a time', () => {
    const { c } = monitored();
    expect(() => c.validateProposal({ signer: cadre })).not.toThrow();
    expect(refusalOf(() => c.validateProposal({ signer: approver }))).toMatchObject({
      code: 'monitoring.wrong_role',
      status: 403,
    });
    c.clearingProposed(cadre);
    expect(refusalOf(() => c.validateProposal({ signer: cadre }))).toMatchObject({
      code: 'monitoring.clearing_in_progress',
      status: 409,
    });
    expect(refusalOf(() => c.clearingProposed(cadre))).toMatchObject({ code: 'monitoring.clearing_in_progress' });
  });

  it('refuses a clearing action without a clearing, or without a reason unless approving', () => {
    const { c } = monitored();
    const approve: ClearingActionInput = { action: 'approve', signer: approver };
    expect(refusalOf(() => c.validateClearingAction(approve))).toMatchObject({
      code: 'monitoring.no_clearing',
      status: 409,
    });
    const { c: inNotice } = clearing(-1);
    expect(refusalOf(() => inNotice.validateClearingAction({ action: 'reject', signer: approver }))).toMatchObject({
      code: 'monitoring.reason_required',
      status: 400,
      field: 'reason',
    });
  });

  it('lets the county decide only at approval, and only the county', () => {
    const approve: ClearingActionInput = { action: 'approve', signer: approver };
    expect(refusalOf(() => clearing(-1).c.validateClearingAction(approve))).toMatchObject({
      code: 'monitoring.not_at_approval',
      status: 409,
    });
    const { c } = clearing(0);
    expect(refusalOf(() => c.validateClearingAction({ ...approve, signer: reviewer }))).toMatchObject({
      code: 'monitoring.wrong_role',
      status: 403,
    });
    expect(c.validateClearingAction(approve)).toEqual({ clearing: c.state.clearing, objection: null });
  });

  it('lets the township answer only an open objection, with an outcome', () => {
    const { c } = clearing(1);
    const answer: ClearingActionInput = {
      action: 'answer_objection',
      objectionId: 'o0',
      outcome: 'dismissed',
      reason: '经核实收入属实',
      signer: reviewer,
    };
    expect(c.validateClearingAction(answer)).toEqual({
      clearing: c.state.clearing,
      objection: { objectionId: 'o0', text: '收入不实' },
      outcome: 'dismissed',
    });
    expect(refusalOf(() => c.validateClearingAction({ ...answer, signer: approver }))).toMatchObject({
      code: 'monitoring.wrong_role',
      status: 403,
    });
    for (const wrong of [{ objectionId: 'o9' }, { outcome: undefined }])
      expect(refusalOf(() => c.validateClearingAction({ ...answer, ...wrong }))).toMatchObject({
        code: 'monitoring.unknown_objection',
        status: 400,
      });
  });

  it('refuses a clearing the register facts do not allow, listing each failed condition', () => {
    const { c } = monitored();
    expect(() =>
      c.requireClearable({ monthsStableAboveMonitoringLine: 6, hasLabour: true, measuresApplied: 1 }),
    ).not.toThrow();
    const refused = refusalOf(() =>
      c.requireClearable({ monthsStableAboveMonitoringLine: 2, hasLabour: false, measuresApplied: 1 }),
    );
    expect(refused).toMatchObject({ code: 'monitoring.clearing_refused', status: 409 });
    expect((refused.data as { condition: string }[]).map((f) => f.condition)).toEqual(['stable_months', 'labour']);
  });
});

describe('the view at each stage', () => {
  it('while monitoring: the measure deadline, then its escalation rungs, until a measure is assigned', () => {
    const { c, clock } = monitored();
    const due = iso(T0 + 15 * DAY);
    expect(c.view()).toMatchObject({
      monitoringId: 'm-1',
      householdId: 'h-1',
      status: 'monitoring',
      measureDeadline: { due, met: false, overdue: false, escalationLevel: null },
      checks: 0,
      clearing: null,
      runs: 0,
    });
    const levels = [15, 22, 29, 60].map((days) => {
      clock.now = T0 + days * DAY;
      return c.view().measureDeadline.escalationLevel;
    });
    expect(levels).toEqual(['village', 'township', 'county', 'county']);
    c.measureAssigned(c.measure({ kind: 'medical', description: ' 医疗救助 ', signer: cadre }, 'measure-1'));
    expect(c.view()).toMatchObject({
      measures: [{ measureId: 'measure-1', description: '医疗救助', department: null, assignedAt: iso(clock.now) }],
      measureDeadline: { met: true, metLate: true, overdue: false, escalationLevel: null },
    });
  });

  it('through the clearing: notice, objections, approval, cleared', () => {
    const { c } = clearing(-1);
    expect(c.view()).toMatchObject({
      status: 'clearing',
      clearing: { stage: 'notice', proposedBy: 'cadre-1', noticeId: 'notice-1', noticeClosesAt: iso(T0 + 7 * DAY) },
    });
    c.noticeClosed(c.state.clearing!, [
      { objectionId: 'o1', text: 'a' },
      { objectionId: 'o2', text: 'b' },
    ]);
    expect(c.view().clearing).toMatchObject({ stage: 'objections', openObjections: [{ objectionId: 'o1' }, {}] });
    const [first, second] = c.state.clearing!.openObjections;
    c.objectionAnswered(c.state.clearing!, first);
    c.objectionsDismissed(c.state.clearing!);
    expect(c.view().clearing).toMatchObject({ stage: 'objections', openObjections: [{ objectionId: 'o2' }] });
    c.objectionAnswered(c.state.clearing!, second);
    c.objectionsDismissed(c.state.clearing!);
    expect(c.view().clearing).toMatchObject({ stage: 'approval', openObjections: [] });
    c.cleared();
    expect(c.view().status).toBe('cleared');
    expect(c.ended()).toBe(true);
  });

  it('a notice closing without objections goes straight to approval; a stopped clearing goes back to monitoring', () => {
    const { c } = clearing(0);
    expect(c.view().clearing?.stage).toBe('approval');
    c.clearingStopped();
    expect(c.view()).toMatchObject({ status: 'monitoring', clearing: null });
    expect(c.ended()).toBe(false);
  });

  it('a relapse ends monitoring and any clearing with it', () => {
    const { c } = clearing(-1);
    expect(c.openNoticeId()).toBe('notice-1');
    c.checked(check('relapsed'));
    c.relapsed();
    expect(c.view()).toMatchObject({ status: 'relapsed', clearing: null, checks: 1, lastCheck: check('relapsed') });
    expect(c.openNoticeId()).toBeNull();
    expect(c.ended()).toBe(true);
  });
});

describe('the main loop', () => {
  it('wakes at the earliest due time: the re-check, the deadline or its next rung, the notice closing', () => {
    const { c, clock } = monitored({ config: { ...config, recheckSeconds: 86_400 } });
    expect(c.nextWake()).toBe(DAY); // re-check in a day, measure due in 15
    c.state.nextRecheckAt = iso(T0 + 30 * DAY);
    expect(c.nextWake()).toBe(15 * DAY); // the measure deadline
    clock.now = T0 + 16 * DAY;
    expect(c.nextWake()).toBe(6 * DAY); // the township rung
    c.clearingProposed(cadre);
    c.noticeOpened('notice-1', iso(clock.now + 2 * DAY));
    expect(c.nextWake()).toBe(2 * DAY); // the notice closing
    clock.now = T0 + 31 * DAY;
    expect(c.nextWake()).toBe(1); // overdue: at once
  });

  it('re-checks when due, the next one a period later', () => {
    const { c, clock } = monitored();
    expect(c.recheckDue()).toBe(false);
    clock.now = T0 + 30 * DAY;
    expect(c.recheckDue()).toBe(true);
    c.scheduleNextRecheck();
    expect(c.state.nextRecheckAt).toBe(iso(T0 + 60 * DAY));
    expect(c.recheckDue()).toBe(false);
  });

  it('re-checks risk events in order, and takes none once monitoring has ended', () => {
    const { c } = monitored();
    c.receive({ kind: 'medical_claim', detail: 'a' });
    c.receive({ kind: 'disaster', detail: 'b' });
    expect(c.version).toBe(2);
    expect(c.nextEvent()?.kind).toBe('medical_claim');
    c.relapsed();
    expect(c.nextEvent()).toBeUndefined();
    c.receive({ kind: 'survey', detail: 'c' });
    expect(c.state.pendingEvents).toEqual([{ kind: 'disaster', detail: 'b' }]);
    expect(c.version).toBe(2);
  });

  it('closes the notice only once its period has ended', () => {
    const { c, clock } = clearing(-1);
    expect(c.dueNotice()).toBeNull();
    clock.now = T0 + 7 * DAY;
    expect(c.dueNotice()).toBe(c.state.clearing);
    c.noticeClosed(c.state.clearing!, []);
    expect(c.dueNotice()).toBeNull();
  });

  it('records each escalation rung once', () => {
    const { c, clock } = monitored();
    expect(c.dueEscalation()).toBeNull();
    clock.now = T0 + 15 * DAY;
    expect(c.dueEscalation()).toMatchObject({ escalationLevel: 'village', due: iso(T0 + 15 * DAY) });
    c.escalationRecorded('village');
    expect(c.dueEscalation()).toBeNull();
    clock.now = T0 + 22 * DAY;
    expect(c.dueEscalation()?.escalationLevel).toBe('township');
  });
});

describe('the clearing’s signed stages: deadlines and escalation (办理时限, 逾期督办)', () => {
  const deadlines = { objections: 5 * 86_400, approval: 10 * 86_400 };
  /** A clearing whose notice closed at T0 + 7 days with `objections` objections, deadlines on. */
  function late(objections: number) {
    const m = monitored({ config: { ...config, clearingDeadlineSeconds: deadlines } });
    m.c.clearingDeadlinesOn = true;
    m.c.measureAssigned(m.c.measure({ kind: 'employment', description: '公益性岗位', signer: cadre }, 'measure-1'));
    m.c.clearingProposed(cadre);
    m.c.noticeOpened('notice-1', iso(T0 + 7 * DAY));
    m.clock.now = T0 + 7 * DAY;
    const filed = Array.from({ length: objections }, (_, i) => ({ objectionId: `o${i}`, text: '收入不实' }));
    m.c.noticeClosed(m.c.state.clearing!, filed);
    return m;
  }
  const record = (c: MonitoringCase) => {
    const due = c.dueClearingEscalation();
    if (due) c.clearingEscalated(due);
    return due;
  };

  it('the township’s answers escalate to the county, then the county with the operator; the clearing stays', () => {
    const { c, clock } = late(1);
    expect(c.view().clearingDeadline).toMatchObject({
      stage: 'objections',
      since: iso(T0 + 7 * DAY),
      dueAt: iso(T0 + 12 * DAY),
      escalatedTo: null,
    });
    expect(c.nextWake()).toBe(5 * DAY); // the stage's deadline comes before the re-check
    clock.now = T0 + 12 * DAY - 1;
    expect(record(c)).toBeNull();
    clock.now = T0 + 12 * DAY;
    expect(record(c)).toMatchObject({
      stage: 'objections',
      due: iso(T0 + 12 * DAY),
      escalation: { times: 1, to: { level: 'county', role: 'county_approver', alertWorkflowOperator: false } },
    });
    expect(record(c)).toBeNull(); // once per rung
    clock.now = T0 + 17 * DAY;
    expect(record(c)?.escalation.to).toMatchObject({ level: 'county', alertWorkflowOperator: true });
    expect(c.view()).toMatchObject({
      status: 'clearing',
      clearing: { stage: 'objections' },
      clearingDeadline: { dueAt: iso(T0 + 22 * DAY), escalatedTo: { times: 2, divisionCode: VILLAGE.slice(0, 6) } },
    });
  });

  it('the last objection dismissed starts the approval’s clock afresh; the county’s misses alert the operator', () => {
    const { c, clock } = late(1);
    clock.now = T0 + 12 * DAY;
    record(c);
    clock.now = T0 + 13 * DAY;
    const clearing = c.state.clearing!;
    c.objectionAnswered(clearing, clearing.openObjections[0]);
    c.objectionsDismissed(clearing);
    expect(c.view().clearingDeadline).toEqual({
      stage: 'approval',
      since: iso(T0 + 13 * DAY),
      dueAt: iso(T0 + 23 * DAY),
      escalatedTo: null,
    });
    clock.now = T0 + 23 * DAY;
    expect(record(c)?.escalation.to).toMatchObject({ level: 'county', alertWorkflowOperator: true });
  });

  it('no deadline during the notice, after the clearing stops, or in a run without clearing deadlines', () => {
    const { c, clock } = late(0);
    expect(c.view().clearingDeadline).toMatchObject({ stage: 'approval' });
    c.clearingStopped();
    clock.now = T0 + 100 * DAY;
    expect([c.view().clearingDeadline, c.clearingDueAt(), c.dueClearingEscalation()]).toEqual([null, null, null]);
    const { c: inNotice } = late(0);
    inNotice.state.clearing!.stage = 'notice';
    expect(inNotice.clearingDueAt()).toBeNull();
    const { c: old } = clearing(0); // deadlines off: the view and the wake-ups as before
    expect(old.view()).not.toHaveProperty('clearingDeadline');
    expect(old.clearingDueAt()).toBeNull();
  });
});
