import {
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
