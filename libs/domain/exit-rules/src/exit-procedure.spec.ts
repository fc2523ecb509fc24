import {
  DEFAULT_EXIT_STEP_DEADLINES,
  applyExitEvent,
  exitPending,
  joinReexamination,
  startExit,
  type ExitEvent,
  type ExitState,
} from './exit-procedure';

const village = '430523101201';
const cadre = { subject: 'c1', name: '村干部', role: 'village_cadre', jurisdiction: village };
const township = { subject: 't1', role: 'township_reviewer', jurisdiction: '430523101' };
const county = { subject: 'k1', role: 'county_approver', jurisdiction: '430523' };
let clock = Date.parse('2026-11-01T00:00:00Z');
const at = () => new Date((clock += 1000)).toISOString();

function must(state: ExitState, event: ExitEvent): ExitState {
  const r = applyExitEvent(state, event);
  if (!r.ok) throw new Error(`${r.rule}: ${r.message.en}`);
  return r.state;
}
const signature = { signedBy: '王建国', signedOn: '2026-11-02' };

function toVillageNotice(): ExitState {
  let s = startExit(village);
  s = must(s, { type: 'approved', step: 'village_assessment', at: at(), by: cadre });
  s = must(s, { type: 'approved', step: 'task_force_check', at: at(), by: cadre });
  return must(s, { type: 'approved', step: 'household_agreement', at: at(), by: cadre, signature });
}

describe('household exit procedure', () => {
  it('runs assessment → task force → signed agreement → notice → county approval → announcement → exited', () => {
    let s = toVillageNotice();
    expect(s.step).toBe('village_notice');
    expect(s.signature).toEqual(signature);
    s = must(s, { type: 'noticeClosed', step: 'village_notice', at: at() });
    expect(exitPending(s)).toEqual({
      kind: 'human',
      step: 'county_approval',
      actor: { role: 'county_approver', level: 'county' },
    });
    s = must(s, { type: 'approved', step: 'county_approval', at: at(), by: county });
    s = must(s, { type: 'noticeClosed', step: 'county_announcement', at: at() });
    expect(s.step).toBe('exited');
    expect(s.outcome).toMatchObject({ result: 'exited', step: 'county_announcement' });
    expect(s.history.map((h) => h.to)).toEqual([
      'task_force_check',
      'household_agreement',
      'village_notice',
      'county_approval',
      'county_announcement',
      'exited',
    ]);
  });

  it('refuses the agreement without the household signature, and a disagreement without its reason', () => {
    let s = startExit(village);
    s = must(s, { type: 'approved', step: 'village_assessment', at: at(), by: cadre });
    s = must(s, { type: 'approved', step: 'task_force_check', at: at(), by: cadre });
    expect(applyExitEvent(s, { type: 'approved', step: 'household_agreement', at: at(), by: cadre })).toMatchObject({
      ok: false,
      rule: 'signature_required',
    });
    expect(
      applyExitEvent(s, {
        type: 'approved',
        step: 'household_agreement',
        at: at(),
        by: cadre,
        signature: { signedBy: '王', signedOn: '2026/11/02' },
      }),
    ).toMatchObject({ ok: false, rule: 'signature_required' });
    expect(
      applyExitEvent(s, { type: 'rejected', step: 'household_agreement', at: at(), by: cadre, reason: '  ' }),
    ).toMatchObject({ ok: false, rule: 'reason_required' });
    const refused = must(s, {
      type: 'rejected',
      step: 'household_agreement',
      at: at(),
      by: cadre,
      reason: '家中老人患病，收入不稳',
    });
    expect(refused.step).toBe('stays_registered');
    expect(refused.outcome).toMatchObject({
      result: 'stays_registered',
      step: 'household_agreement',
      reason: '家中老人患病，收入不稳',
    });
    expect(
      applyExitEvent(refused, { type: 'approved', step: 'stays_registered' as never, at: at(), by: cadre }),
    ).toMatchObject({ ok: false, rule: 'terminal' });
  });

  it("lets only the step's role in the household's jurisdiction sign", () => {
    const s = startExit(village);
    expect(applyExitEvent(s, { type: 'approved', step: 'village_assessment', at: at(), by: county })).toMatchObject({
      ok: false,
      rule: 'wrong_role',
    });
    expect(
      applyExitEvent(s, {
        type: 'approved',
        step: 'village_assessment',
        at: at(),
        by: { ...cadre, jurisdiction: '430523101202' },
      }),
    ).toMatchObject({ ok: false, rule: 'out_of_jurisdiction' });
    expect(applyExitEvent(s, { type: 'approved', step: 'task_force_check', at: at(), by: cadre })).toMatchObject({
      ok: false,
      rule: 'stale_step',
    });
  });

  it('sends an objection on the village notice to the township; dismissed resumes the notice, upheld stops the exit', () => {
    const onNotice = toVillageNotice();
    const objected = must(onNotice, {
      type: 'objectionFiled',
      step: 'village_notice',
      at: at(),
      objectionId: 'o1',
      reason: '该户收入不实',
    });
    expect(objected.step).toBe('township_reexamination');
    expect(joinReexamination(objected, 'o2')?.reexamination?.objectionIds).toEqual(['o1', 'o2']);
    expect(joinReexamination(objected, 'o1')).toBeNull();
    expect(
      applyExitEvent(objected, {
        type: 'reexamined',
        step: 'township_reexamination',
        at: at(),
        by: cadre,
        outcome: 'dismissed',
        reason: 'x',
      }),
    ).toMatchObject({ ok: false, rule: 'wrong_role' });
    expect(
      applyExitEvent(objected, {
        type: 'reexamined',
        step: 'township_reexamination',
        at: at(),
        by: township,
        outcome: 'dismissed',
        reason: '',
      }),
    ).toMatchObject({ ok: false, rule: 'reason_required' });
    const dismissed = must(objected, {
      type: 'reexamined',
      step: 'township_reexamination',
      at: at(),
      by: township,
      outcome: 'dismissed',
      reason: '经核实收入属实',
    });
    expect(dismissed.step).toBe('village_notice');
    const upheld = must(objected, {
      type: 'reexamined',
      step: 'township_reexamination',
      at: at(),
      by: township,
      outcome: 'upheld',
      reason: '务工收入未核实',
    });
    expect(upheld.outcome).toMatchObject({ result: 'stays_registered', step: 'township_reexamination' });
  });

  it('routes an objection on the county announcement to the county', () => {
    let s = must(toVillageNotice(), { type: 'noticeClosed', step: 'village_notice', at: at() });
    s = must(s, { type: 'approved', step: 'county_approval', at: at(), by: county });
    s = must(s, { type: 'objectionFiled', step: 'county_announcement', at: at(), objectionId: 'o3' });
    expect(s.step).toBe('county_reexamination');
    expect(applyExitEvent(s, { type: 'noticeClosed', step: 'county_reexamination', at: at() })).toMatchObject({
      ok: false,
      rule: 'no_open_notice',
    });
  });

  it('a rejection at a signed step needs a reason and keeps the household registered', () => {
    const s = startExit(village);
    expect(
      applyExitEvent(s, { type: 'rejected', step: 'village_assessment', at: at(), by: cadre, reason: '' }),
    ).toMatchObject({ ok: false, rule: 'reason_required' });
    expect(
      must(s, { type: 'rejected', step: 'village_assessment', at: at(), by: cadre, reason: '评议未通过' }).step,
    ).toBe('stays_registered');
  });
});

describe('household exit: step deadlines and escalation (逾期督办)', () => {
  const T0 = '2026-11-01T00:00:00.000Z';
  const deadlines = DEFAULT_EXIT_STEP_DEADLINES;
  const miss = (s: ExitState, when: string) => must(s, { type: 'deadlineMissed', step: s.step, at: when });

  it('a village step climbs township → county → county with the operator, one rung per miss, and stays put', () => {
    let s = startExit(village, T0);
    expect(exitPending(s, deadlines)).toMatchObject({ dueAt: '2026-11-16T00:00:00.000Z', escalatedTo: null });
    s = miss(s, '2026-11-16T00:00:00.000Z');
    expect(s.step).toBe('village_assessment');
    expect(s.escalation).toMatchObject({ times: 1, to: { level: 'township', role: 'township_reviewer' } });
    expect(exitPending(s, deadlines)).toMatchObject({
      dueAt: '2026-12-01T00:00:00.000Z', // the next rung counts from the miss
      escalatedTo: { level: 'township', times: 1, divisionCode: '430523101', alertWorkflowOperator: false },
    });
    s = miss(s, '2026-12-01T00:00:00.000Z');
    s = miss(s, '2026-12-16T00:00:00.000Z');
    s = miss(s, '2026-12-31T00:00:00.000Z');
    expect(s.history.map((h) => [h.action, h.escalation?.level, h.escalation?.times])).toEqual([
      ['deadline_missed', 'township', 1],
      ['deadline_missed', 'county', 2],
      ['deadline_missed', 'county', 3],
      ['deadline_missed', 'county', 4],
    ]);
    expect(s.history.slice(2).every((h) => h.escalation?.alertWorkflowOperator)).toBe(true);
    expect(s.history.every((h) => h.by === 'system' && h.to === 'village_assessment')).toBe(true);
  });

  it('each human step has its deadline; a township re-examination starts at the county, a county step alerts the operator', () => {
    let s = startExit(village, T0);
    const firstRung = (state: ExitState) => miss(state, at()).escalation!.to;
    expect(firstRung(s)).toMatchObject({ level: 'township' });
    s = must(s, { type: 'approved', step: 'village_assessment', at: at(), by: cadre });
    expect(firstRung(s)).toMatchObject({ level: 'township' });
    s = must(s, { type: 'approved', step: 'task_force_check', at: at(), by: cadre });
    expect(firstRung(s)).toMatchObject({ level: 'township' });
    s = must(s, { type: 'approved', step: 'household_agreement', at: at(), by: cadre, signature });
    const onNotice = must(s, { type: 'objectionFiled', step: 'village_notice', at: at(), objectionId: 'o1' });
    expect(onNotice.step).toBe('township_reexamination');
    expect(firstRung(onNotice)).toMatchObject({ level: 'county', alertWorkflowOperator: false });
    s = must(s, { type: 'noticeClosed', step: 'village_notice', at: at() });
    expect(firstRung(s)).toMatchObject({ level: 'county', alertWorkflowOperator: true });
    s = must(s, { type: 'approved', step: 'county_approval', at: at(), by: county });
    const onAnnouncement = must(s, {
      type: 'objectionFiled',
      step: 'county_announcement',
      at: at(),
      objectionId: 'o2',
    });
    expect(firstRung(onAnnouncement)).toMatchObject({ level: 'county', alertWorkflowOperator: true });
  });

  it('notices and ended cases have no deadline to miss', () => {
    const onNotice = toVillageNotice();
    expect(applyExitEvent(onNotice, { type: 'deadlineMissed', step: 'village_notice', at: at() })).toMatchObject({
      ok: false,
      rule: 'no_deadline',
    });
    expect(exitPending(onNotice, deadlines)).toEqual({ kind: 'notice', step: 'village_notice' });
    const stopped = must(startExit(village, T0), {
      type: 'rejected',
      step: 'village_assessment',
      at: at(),
      by: cadre,
      reason: '收入不稳定',
    });
    expect(applyExitEvent(stopped, { type: 'deadlineMissed', step: stopped.step, at: at() })).toMatchObject({
      ok: false,
      rule: 'terminal',
    });
  });

  it('the escalation is reset and the clock restarts when the step changes', () => {
    let s = miss(miss(startExit(village, T0), '2026-11-16T00:00:00.000Z'), '2026-12-01T00:00:00.000Z');
    expect(s.escalation?.times).toBe(2);
    s = must(s, { type: 'approved', step: 'village_assessment', at: '2026-12-02T00:00:00.000Z', by: cadre });
    expect(s).toMatchObject({ step: 'task_force_check', stepSince: '2026-12-02T00:00:00.000Z', escalation: null });
    expect(exitPending(s, deadlines)).toMatchObject({ dueAt: '2026-12-12T00:00:00.000Z', escalatedTo: null });
    s = miss(s, '2026-12-12T00:00:00.000Z');
    expect(s.escalation).toMatchObject({ times: 1, to: { level: 'township' } }); // the ladder starts again
  });

  it('a case started without a clock shows no deadline (runs recorded before step deadlines)', () => {
    expect(exitPending(startExit(village), deadlines)).toEqual({
      kind: 'human',
      step: 'village_assessment',
      actor: { role: 'village_cadre', level: 'village' },
    });
  });
});
