import {
  DEFAULT_NOTICE_DAYS,
  DEFAULT_NOTICE_SECONDS,
  DEFAULT_STEP_DEADLINES,
  HUMAN_STEPS,
  type HumanStep,
  LEGAL_MINIMUM_NOTICE_DAYS,
  MAIN_STEPS,
  NOTICE_STEPS,
  PROCEDURE_STEPS,
  type ProcedureEvent,
  type ProcedurePrincipal,
  type ProcedureState,
  type ProcedureStep,
  REEXAMINATION_STEPS,
  SECONDS_PER_DAY,
  SEND_BACK_TARGETS,
  STEP_ACTORS,
  STEP_LABELS,
  TERMINAL_STEPS,
  actorRefusal,
  applyEvent,
  divisionAt,
  escalationFor,
  mayAct,
  nextStep,
  objectionRoute,
  pendingAction,
  resolveProcedureConfig,
  startProcedure,
  stepDurationSeconds,
  withdrawalRefusal,
} from './procedure';

// County 430524 → township 430524101 → villages 430524101201, 430524101202; a second township 430524102.
const VILLAGE = '430524101201';
const SAME_TOWNSHIP_VILLAGE = '430524101202';
const OTHER_TOWNSHIP_VILLAGE = '430524102201';
const OTHER_COUNTY_VILLAGE = '430525101201';

const cadre: ProcedurePrincipal = { subject: 'u-cadre', name: '李村官', role: 'village_cadre', jurisdiction: VILLAGE };
const township: ProcedurePrincipal = { subject: 'u-town', role: 'township_reviewer', jurisdiction: '430524101' };
// the shape @fupin/auth's Principal has
const county: ProcedurePrincipal = {
  subject: 'u-county',
  role: 'county_approver',
  jurisdiction: { kind: 'division', code: '430524' },
};

const ACTOR_BY_ROLE = { village_cadre: cadre, township_reviewer: township, county_approver: county } as const;
const signerFor = (step: HumanStep): ProcedurePrincipal => ACTOR_BY_ROLE[STEP_ACTORS[step].role];

/** A deterministic clock: second n after 2020-10-01T00:00:00Z. */
const T0 = Date.UTC(2020, 9, 1);
const at = (n: number): string => new Date(T0 + n * 1000).toISOString();

function ok(state: ProcedureState, event: ProcedureEvent): ProcedureState {
  const r = applyEvent(state, event);
  if (!r.ok) throw new Error(`refused: ${r.rule} ${r.message.en}`);
  return r.state;
}

function refused(state: ProcedureState, event: ProcedureEvent): string {
  const r = applyEvent(state, event);
  if (r.ok) throw new Error(`expected a refusal, moved to ${r.state.step}`);
  expect(r.message['zh-CN']).not.toBe('');
  expect(r.message.en).not.toBe('');
  return r.rule;
}

/** Complete the current step the normal way (signer for a human step, the system for a notice). */
function complete(state: ProcedureState, n: number): ProcedureState {
  const step = state.step;
  const by = NOTICE_STEPS.includes(step as never) ? 'system' : signerFor(step as HumanStep);
  return ok(state, { type: 'stepCompleted', step, by, at: at(n) });
}

/** A new case advanced until it reaches `target` (a main-line step). */
function caseAt(target: ProcedureStep): ProcedureState {
  let s = startProcedure({ villageCode: VILLAGE, at: at(0) });
  let n = 0;
  while (s.step !== target) s = complete(s, (n += 10));
  return s;
}
const lastAt = (s: ProcedureState): number => (Date.parse(s.history.at(-1)?.at ?? s.startedAt) - T0) / 1000;

describe('steps', () => {
  it('are the ten main steps in SPEC order, two re-examinations and three terminals, each labelled', () => {
    expect(MAIN_STEPS).toEqual([
      'application',
      'household_survey',
      'village_group_assessment',
      'village_committee_assessment',
      'village_notice',
      'township_review',
      'township_notice',
      'county_cross_check',
      'county_approval',
      'county_announcement',
    ]);
    expect(REEXAMINATION_STEPS).toEqual(['township_reexamination', 'county_reexamination']);
    expect(TERMINAL_STEPS).toEqual(['registered', 'refused', 'withdrawn']);
    for (const step of PROCEDURE_STEPS) expect(STEP_LABELS[step]['zh-CN']).not.toBe('');
    expect(new Set([...HUMAN_STEPS, ...NOTICE_STEPS])).toEqual(new Set([...MAIN_STEPS, ...REEXAMINATION_STEPS]));
  });
});

describe('STEP_ACTORS and mayAct (role AND jurisdiction)', () => {
  it('assigns each human step its role and level', () => {
    expect(STEP_ACTORS).toEqual({
      application: { role: 'village_cadre', level: 'village' },
      household_survey: { role: 'village_cadre', level: 'village' },
      village_group_assessment: { role: 'village_cadre', level: 'village' },
      village_committee_assessment: { role: 'village_cadre', level: 'village' },
      township_review: { role: 'township_reviewer', level: 'township' },
      township_reexamination: { role: 'township_reviewer', level: 'township' },
      county_cross_check: { role: 'county_approver', level: 'county' },
      county_approval: { role: 'county_approver', level: 'county' },
      county_reexamination: { role: 'county_approver', level: 'county' },
    });
  });

  it('lets the right role inside the right division act on every human step', () => {
    for (const step of HUMAN_STEPS) expect(mayAct(step, signerFor(step), VILLAGE)).toBe(true);
  });

  it('refuses every other procedure role on every human step (a village cadre cannot approve at township level)', () => {
    for (const step of HUMAN_STEPS) {
      for (const p of [cadre, township, county]) {
        if (p.role === STEP_ACTORS[step].role) continue;
        expect(actorRefusal(step, p, VILLAGE)?.rule).toBe('wrong_role');
        expect(mayAct(step, p, VILLAGE)).toBe(false);
      }
    }
  });

  it('a township reviewer acts only in their own township', () => {
    expect(mayAct('township_review', township, VILLAGE)).toBe(true);
    expect(mayAct('township_review', township, SAME_TOWNSHIP_VILLAGE)).toBe(true);
    expect(actorRefusal('township_review', township, OTHER_TOWNSHIP_VILLAGE)?.rule).toBe('out_of_jurisdiction');
    expect(actorRefusal('township_reexamination', township, OTHER_COUNTY_VILLAGE)?.rule).toBe('out_of_jurisdiction');
  });

  it('a village cadre acts only for their own village', () => {
    expect(actorRefusal('household_survey', cadre, SAME_TOWNSHIP_VILLAGE)?.rule).toBe('out_of_jurisdiction');
  });

  it('a county approver acts only in their own county, on all its townships', () => {
    expect(mayAct('county_approval', county, OTHER_TOWNSHIP_VILLAGE)).toBe(true);
    expect(actorRefusal('county_approval', county, OTHER_COUNTY_VILLAGE)?.rule).toBe('out_of_jurisdiction');
  });

  it('refuses a role holding a jurisdiction of the wrong level, even one that covers the village', () => {
    expect(actorRefusal('township_review', { ...township, jurisdiction: '430524' }, VILLAGE)?.rule).toBe('wrong_level');
    expect(actorRefusal('county_approval', { ...county, jurisdiction: '43' }, VILLAGE)?.rule).toBe('wrong_level');
    expect(actorRefusal('application', { ...cadre, jurisdiction: '430524101' }, VILLAGE)?.rule).toBe('wrong_level');
    expect(actorRefusal('county_approval', { ...county, jurisdiction: { kind: 'department' } }, VILLAGE)?.rule).toBe(
      'wrong_level',
    );
  });

  it('refuses roles outside the procedure, notices, terminal steps and malformed village codes', () => {
    for (const role of ['workflow_operator', 'auditor', 'department_officer', 'ops']) {
      expect(actorRefusal('county_approval', { subject: 'x', role, jurisdiction: '430524' }, VILLAGE)?.rule).toBe(
        'wrong_role',
      );
    }
    expect(actorRefusal('village_notice', cadre, VILLAGE)?.rule).toBe('not_a_human_step');
    expect(actorRefusal('registered', county, VILLAGE)?.rule).toBe('not_a_human_step');
    expect(actorRefusal('application', cadre, '430524101')?.rule).toBe('invalid_village');
    expect(actorRefusal('application', { ...cadre, jurisdiction: '43052410120' }, '43052410120')?.rule).toBe(
      'invalid_village',
    );
  });

  it('lets any procedure role over the village record a withdrawal', () => {
    for (const p of [cadre, township, county]) expect(withdrawalRefusal(p, VILLAGE)).toBeNull();
    expect(withdrawalRefusal(township, OTHER_TOWNSHIP_VILLAGE)?.rule).toBe('out_of_jurisdiction');
    expect(withdrawalRefusal({ subject: 'x', role: 'auditor', jurisdiction: '430524' }, VILLAGE)?.rule).toBe(
      'wrong_role',
    );
  });

  it('names the division each level acts for', () => {
    expect(divisionAt('village', VILLAGE)).toBe(VILLAGE);
    expect(divisionAt('township', VILLAGE)).toBe('430524101');
    expect(divisionAt('county', VILLAGE)).toBe('430524');
  });
});

describe('nextStep', () => {
  it('approve walks the main line to registered', () => {
    const walked: ProcedureStep[] = [];
    let step: ProcedureStep | null = 'application';
    while (step !== null && !TERMINAL_STEPS.includes(step as never)) {
      walked.push(step);
      step = nextStep(step, 'approve');
    }
    expect(walked).toEqual([...MAIN_STEPS]);
    expect(step).toBe('registered');
  });

  it('reject from every human main-line step goes to refused; notices cannot be rejected', () => {
    for (const step of MAIN_STEPS)
      expect(nextStep(step, 'reject')).toBe(NOTICE_STEPS.includes(step as never) ? null : 'refused');
  });

  it('send_back goes to the previous human step, skipping notices', () => {
    expect(Object.fromEntries(MAIN_STEPS.map((s) => [s, nextStep(s, 'send_back')]))).toEqual({
      application: null,
      household_survey: 'application',
      village_group_assessment: 'household_survey',
      village_committee_assessment: 'village_group_assessment',
      village_notice: null,
      township_review: 'village_committee_assessment',
      township_notice: null,
      county_cross_check: 'township_review',
      county_approval: 'county_cross_check',
      county_announcement: null,
    });
    expect(SEND_BACK_TARGETS.township_review).toBe('village_committee_assessment');
  });

  it('re-examinations and terminal steps take none of the three actions', () => {
    for (const step of [...REEXAMINATION_STEPS, ...TERMINAL_STEPS]) {
      for (const action of ['approve', 'reject', 'send_back'] as const) expect(nextStep(step, action)).toBeNull();
    }
    expect(nextStep('application', 'escalate' as 'approve')).toBeNull();
  });
});

describe('objectionRoute', () => {
  it('village and township notices → township re-examination; county announcement → county re-examination; else none', () => {
    expect(Object.fromEntries(PROCEDURE_STEPS.map((s) => [s, objectionRoute(s)]))).toEqual({
      application: null,
      household_survey: null,
      village_group_assessment: null,
      village_committee_assessment: null,
      village_notice: 'township_reexamination',
      township_review: null,
      township_notice: 'township_reexamination',
      county_cross_check: null,
      county_approval: null,
      county_announcement: 'county_reexamination',
      township_reexamination: null,
      county_reexamination: null,
      registered: null,
      refused: null,
      withdrawn: null,
    });
  });
});

describe('escalationFor', () => {
  const T = { level: 'township', role: 'township_reviewer', alertWorkflowOperator: false };
  const C = { level: 'county', role: 'county_approver', alertWorkflowOperator: false };
  const CO = { level: 'county', role: 'county_approver', alertWorkflowOperator: true };

  it('village steps → township, township steps → county, county steps → county + workflow operator', () => {
    expect(Object.fromEntries(HUMAN_STEPS.map((s) => [s, escalationFor(s)]))).toEqual({
      application: T,
      household_survey: T,
      village_group_assessment: T,
      village_committee_assessment: T,
      township_review: C,
      township_reexamination: C,
      county_cross_check: CO,
      county_approval: CO,
      county_reexamination: CO,
    });
  });

  it('climbs one level per further miss and stops at county + operator', () => {
    expect([1, 2, 3, 4].map((n) => escalationFor('household_survey', n))).toEqual([T, C, CO, CO]);
    expect([1, 2, 3].map((n) => escalationFor('township_review', n))).toEqual([C, CO, CO]);
    expect([1, 5].map((n) => escalationFor('county_approval', n))).toEqual([CO, CO]);
  });

  it('notices and terminal steps have nothing to escalate', () => {
    for (const s of [...NOTICE_STEPS, ...TERMINAL_STEPS]) expect(escalationFor(s)).toBeNull();
  });

  it('refuses a non-positive count', () => {
    expect(() => escalationFor('application', 0)).toThrow(RangeError);
    expect(() => escalationFor('application', 1.5)).toThrow(RangeError);
  });
});

describe('resolveProcedureConfig (deadlines and notice periods)', () => {
  it('defaults: 7-day notices, a deadline for every human step', () => {
    const r = resolveProcedureConfig();
    expect(r).toMatchObject({
      ok: true,
      value: { testMode: false, minimumNoticeSeconds: LEGAL_MINIMUM_NOTICE_DAYS * SECONDS_PER_DAY },
    });
    if (!r.ok) return;
    expect(DEFAULT_NOTICE_DAYS).toBe(7);
    for (const s of NOTICE_STEPS) expect(r.value.noticeSeconds[s]).toBe(7 * 86_400);
    expect(Object.keys(r.value.stepDeadlineSeconds).sort()).toEqual([...HUMAN_STEPS].sort());
    expect(r.value.stepDeadlineSeconds).toEqual(DEFAULT_STEP_DEADLINES);
    expect(Object.isFrozen(r.value)).toBe(true);
  });

  it('takes configured values and keeps defaults for the rest', () => {
    const r = resolveProcedureConfig({
      noticeSeconds: { village_notice: 5 * SECONDS_PER_DAY },
      stepDeadlineSeconds: { township_review: 3600 },
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        noticeSeconds: { village_notice: 432_000, township_notice: 604_800 },
        stepDeadlineSeconds: { township_review: 3600, county_approval: DEFAULT_STEP_DEADLINES.county_approval },
      },
    });
  });

  it('refuses a notice shorter than the minimum outside test mode', () => {
    expect(resolveProcedureConfig({ noticeSeconds: { county_announcement: 4 * SECONDS_PER_DAY } })).toMatchObject({
      ok: false,
      violations: [{ field: 'noticeSeconds.county_announcement', rule: 'notice_too_short' }],
    });
    expect(resolveProcedureConfig({ noticeSeconds: { village_notice: 2 } })).toMatchObject({
      ok: false,
      violations: [{ rule: 'notice_too_short' }],
    });
  });

  it('lets a province raise the minimum (then a 5-day notice is too short), never lower it', () => {
    expect(
      resolveProcedureConfig({
        minimumNoticeSeconds: 7 * SECONDS_PER_DAY,
        noticeSeconds: { village_notice: 5 * SECONDS_PER_DAY },
      }),
    ).toMatchObject({
      ok: false,
      violations: [{ rule: 'notice_too_short' }],
    });
    expect(resolveProcedureConfig({ minimumNoticeSeconds: 60 })).toMatchObject({
      ok: false,
      violations: [{ field: 'minimumNoticeSeconds', rule: 'below_legal_minimum' }],
    });
  });

  it('test mode allows notices and minimums in seconds', () => {
    const r = resolveProcedureConfig({
      testMode: true,
      noticeSeconds: { village_notice: 2, township_notice: 2, county_announcement: 3 },
      stepDeadlineSeconds: { application: 1 },
    });
    expect(r).toMatchObject({
      ok: true,
      value: {
        testMode: true,
        noticeSeconds: { village_notice: 2, township_notice: 2, county_announcement: 3 },
        stepDeadlineSeconds: { application: 1 },
      },
    });
    expect(resolveProcedureConfig({ testMode: true, minimumNoticeSeconds: 1 })).toMatchObject({ ok: true });
  });

  it('test mode lifts only the minimum: zero, fractional and unknown entries are still refused', () => {
    const r = resolveProcedureConfig({
      testMode: true,
      noticeSeconds: { village_notice: 0, nonsense: 5 } as never,
      stepDeadlineSeconds: { township_review: 1.5, village_notice: 10 } as never,
      minimumNoticeSeconds: -1,
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.violations.map((v) => [v.field, v.rule])).toEqual([
        ['stepDeadlineSeconds.township_review', 'positive_seconds'],
        ['stepDeadlineSeconds.village_notice', 'unknown_step'],
        ['minimumNoticeSeconds', 'positive_seconds'],
        ['noticeSeconds.village_notice', 'positive_seconds'],
        ['noticeSeconds.nonsense', 'unknown_step'],
      ]);
    }
    expect(resolveProcedureConfig({ testMode: 'yes' as unknown as boolean })).toMatchObject({
      ok: false,
      violations: [{ field: 'testMode' }],
    });
  });

  it('gives each step its duration', () => {
    const r = resolveProcedureConfig({ testMode: true, noticeSeconds: { township_notice: 4 } });
    if (!r.ok) throw new Error('expected ok');
    expect(stepDurationSeconds('township_notice', r.value)).toBe(4);
    expect(stepDurationSeconds('village_notice', r.value)).toBe(DEFAULT_NOTICE_SECONDS.village_notice);
    expect(stepDurationSeconds('county_approval', r.value)).toBe(DEFAULT_STEP_DEADLINES.county_approval);
    expect(stepDurationSeconds('registered', r.value)).toBeNull();
  });
});

describe('startProcedure', () => {
  it('opens a case at application', () => {
    expect(startProcedure({ villageCode: VILLAGE, at: at(0) })).toEqual({
      villageCode: VILLAGE,
      step: 'application',
      startedAt: at(0),
      stepSince: at(0),
      noticeOpenedAt: null,
      reexamination: null,
      escalation: null,
      outcome: null,
      history: [],
    });
  });

  it('throws on a malformed village code or time', () => {
    expect(() => startProcedure({ villageCode: '430524101', at: at(0) })).toThrow(RangeError);
    expect(() => startProcedure({ villageCode: VILLAGE, at: '2020-10-01' })).toThrow(RangeError);
    expect(() => startProcedure({ villageCode: VILLAGE, at: '2020-10-01T00:00:00' })).toThrow(RangeError); // no zone
  });
});

describe('applyEvent: the main line', () => {
  it('runs application → registered with every signature recorded', () => {
    const s = caseAt('county_announcement');
    const done = complete(s, lastAt(s) + 10);
    expect(done.step).toBe('registered');
    expect(done.outcome).toEqual({ result: 'registered', reason: null, at: done.history.at(-1)!.at });
    expect(done.history.map((e) => [e.step, e.action, e.to])).toEqual([
      ['application', 'approve', 'household_survey'],
      ['household_survey', 'approve', 'village_group_assessment'],
      ['village_group_assessment', 'approve', 'village_committee_assessment'],
      ['village_committee_assessment', 'approve', 'village_notice'],
      ['village_notice', 'notice_closed', 'township_review'],
      ['township_review', 'approve', 'township_notice'],
      ['township_notice', 'notice_closed', 'county_cross_check'],
      ['county_cross_check', 'approve', 'county_approval'],
      ['county_approval', 'approve', 'county_announcement'],
      ['county_announcement', 'notice_closed', 'registered'],
    ]);
    expect(done.history[0].by).toEqual({
      subject: 'u-cadre',
      name: '李村官',
      role: 'village_cadre',
      jurisdiction: VILLAGE,
    });
    expect(done.history[5].by).toEqual({ subject: 'u-town', role: 'township_reviewer', jurisdiction: '430524101' });
    expect(done.history[8].by).toEqual({ subject: 'u-county', role: 'county_approver', jurisdiction: '430524' });
    expect(done.history[4].by).toBe('system');
  });

  it('records an optional approval reason, trimmed', () => {
    const s = ok(startProcedure({ villageCode: VILLAGE, at: at(0) }), {
      type: 'stepCompleted',
      step: 'application',
      by: cadre,
      at: at(1),
      reason: '  材料齐全 ',
    });
    expect(s.history[0].reason).toBe('材料齐全');
  });

  it('opens the notice clock on entering a notice and clears it after', () => {
    const n = caseAt('village_notice');
    expect(n.noticeOpenedAt).toBe(n.stepSince);
    const next = complete(n, lastAt(n) + 10);
    expect(next.noticeOpenedAt).toBeNull();
  });

  it('never changes the state it is given; results are frozen', () => {
    const s = startProcedure({ villageCode: VILLAGE, at: at(0) });
    const snapshot = JSON.stringify(s);
    const r = applyEvent(s, { type: 'stepCompleted', step: 'application', by: cadre, at: at(1) });
    expect(JSON.stringify(s)).toBe(snapshot);
    if (!r.ok) throw new Error('expected ok');
    expect(Object.isFrozen(r.state)).toBe(true);
    expect(Object.isFrozen(r.state.history)).toBe(true);
    expect(Object.isFrozen(r.state.history[0])).toBe(true);
    expect(() => (r.state.history as unknown[]).push(1)).toThrow(TypeError);
  });

  it('is deterministic: replaying the same events gives the same state', () => {
    const events: ProcedureEvent[] = [];
    let s = startProcedure({ villageCode: VILLAGE, at: at(0) });
    for (let n = 1; s.step !== 'village_notice'; n++) {
      const e: ProcedureEvent = { type: 'stepCompleted', step: s.step, by: signerFor(s.step as HumanStep), at: at(n) };
      events.push(e);
      s = ok(s, e);
    }
    const replayed = events.reduce((acc, e) => ok(acc, e), startProcedure({ villageCode: VILLAGE, at: at(0) }));
    expect(replayed).toEqual(s);
  });
});

describe('applyEvent: refusals common to every event', () => {
  const s = caseAt('township_review');
  const t = lastAt(s);

  it('refuses an event for another step (stale or duplicate signal)', () => {
    expect(refused(s, { type: 'stepCompleted', step: 'village_committee_assessment', by: cadre, at: at(t + 1) })).toBe(
      'stale_step',
    );
  });

  it('refuses a time before the last entry, or not a zoned ISO instant', () => {
    expect(refused(s, { type: 'stepCompleted', step: 'township_review', by: township, at: at(t - 1) })).toBe(
      'time_before_last',
    );
    expect(refused(s, { type: 'stepCompleted', step: 'township_review', by: township, at: '2020-10-05' })).toBe(
      'invalid_time',
    );
    expect(refused(s, { type: 'stepCompleted', step: 'township_review', by: township, at: 'yesterday' })).toBe(
      'invalid_time',
    );
    // the same instant as the last entry is fine
    expect(applyEvent(s, { type: 'stepCompleted', step: 'township_review', by: township, at: at(t) }).ok).toBe(true);
  });

  it('refuses unknown events', () => {
    expect(
      refused(s, { type: 'approvedByMagic', step: 'township_review', at: at(t + 1) } as unknown as ProcedureEvent),
    ).toBe('unknown_event');
  });

  it('refuses everything once the case has ended', () => {
    const r = ok(s, {
      type: 'rejected',
      step: 'township_review',
      by: township,
      at: at(t + 1),
      reason: '收入核实高于标准',
    });
    for (const e of [
      { type: 'stepCompleted', step: 'refused', by: county, at: at(t + 2) },
      { type: 'withdrawn', step: 'refused', by: cadre, at: at(t + 2), reason: 'x' },
      { type: 'deadlineMissed', step: 'refused', at: at(t + 2) },
    ] as ProcedureEvent[]) {
      expect(refused(r, e)).toBe('terminal');
    }
  });
});

describe('applyEvent: who signs (谁签字谁负责)', () => {
  it('refuses the system on a human step and a person on a notice', () => {
    const s = caseAt('county_approval');
    expect(refused(s, { type: 'stepCompleted', step: 'county_approval', by: 'system', at: at(lastAt(s) + 1) })).toBe(
      'signer_required',
    );
    const n = caseAt('township_notice');
    expect(refused(n, { type: 'stepCompleted', step: 'township_notice', by: township, at: at(lastAt(n) + 1) })).toBe(
      'system_only',
    );
  });

  it('refuses a village cadre approving at township level', () => {
    const s = caseAt('township_review');
    expect(refused(s, { type: 'stepCompleted', step: 'township_review', by: cadre, at: at(lastAt(s) + 1) })).toBe(
      'wrong_role',
    );
  });

  it('refuses a township reviewer of another township, and a county approver of another county', () => {
    const s = caseAt('township_review');
    const other = { ...township, jurisdiction: '430524102' };
    expect(refused(s, { type: 'stepCompleted', step: 'township_review', by: other, at: at(lastAt(s) + 1) })).toBe(
      'out_of_jurisdiction',
    );
    expect(
      refused(s, { type: 'rejected', step: 'township_review', by: other, at: at(lastAt(s) + 1), reason: 'x' }),
    ).toBe('out_of_jurisdiction');
    expect(
      refused(s, { type: 'sentBack', step: 'township_review', by: other, at: at(lastAt(s) + 1), reason: 'x' }),
    ).toBe('out_of_jurisdiction');
    const c = caseAt('county_cross_check');
    expect(
      refused(c, {
        type: 'stepCompleted',
        step: 'county_cross_check',
        by: { ...county, jurisdiction: '430525' },
        at: at(lastAt(c) + 1),
      }),
    ).toBe('out_of_jurisdiction');
  });

  it('refuses a township reviewer at a county step and a cadre of a neighbouring village', () => {
    const c = caseAt('county_approval');
    expect(refused(c, { type: 'stepCompleted', step: 'county_approval', by: township, at: at(lastAt(c) + 1) })).toBe(
      'wrong_role',
    );
    const v = caseAt('household_survey');
    expect(
      refused(v, {
        type: 'stepCompleted',
        step: 'household_survey',
        by: { ...cadre, jurisdiction: SAME_TOWNSHIP_VILLAGE },
        at: at(lastAt(v) + 1),
      }),
    ).toBe('out_of_jurisdiction');
  });
});

describe('applyEvent: reject and send back', () => {
  it('reject from every human main-line step → refused, reason kept as the outcome', () => {
    for (const step of HUMAN_STEPS.filter((s) => MAIN_STEPS.includes(s as never))) {
      const s = caseAt(step);
      const r = ok(s, { type: 'rejected', step, by: signerFor(step), at: at(lastAt(s) + 1), reason: ' 有商品房 ' });
      expect(r.step).toBe('refused');
      expect(r.outcome).toMatchObject({ result: 'refused', reason: '有商品房' });
      expect(r.history.at(-1)).toMatchObject({ step, action: 'reject', to: 'refused', reason: '有商品房' });
    }
  });

  it('requires a reason to reject or send back (blank is missing), and caps its length', () => {
    const s = caseAt('county_approval');
    const t = at(lastAt(s) + 1);
    expect(refused(s, { type: 'rejected', step: 'county_approval', by: county, at: t, reason: '' })).toBe(
      'reason_required',
    );
    expect(refused(s, { type: 'rejected', step: 'county_approval', by: county, at: t, reason: '   ' })).toBe(
      'reason_required',
    );
    expect(
      refused(s, { type: 'rejected', step: 'county_approval', by: county, at: t } as unknown as ProcedureEvent),
    ).toBe('reason_required');
    expect(refused(s, { type: 'sentBack', step: 'county_approval', by: county, at: t, reason: '' })).toBe(
      'reason_required',
    );
    expect(refused(s, { type: 'rejected', step: 'county_approval', by: county, at: t, reason: 'x'.repeat(2001) })).toBe(
      'reason_too_long',
    );
  });

  it('refuses reject and send back on notices, and send back at application', () => {
    const n = caseAt('village_notice');
    expect(
      refused(n, { type: 'rejected', step: 'village_notice', by: cadre, at: at(lastAt(n) + 1), reason: 'x' }),
    ).toBe('not_allowed');
    expect(
      refused(n, { type: 'sentBack', step: 'village_notice', by: cadre, at: at(lastAt(n) + 1), reason: 'x' }),
    ).toBe('not_allowed');
    const a = caseAt('application');
    expect(refused(a, { type: 'sentBack', step: 'application', by: cadre, at: at(1), reason: 'x' })).toBe(
      'not_allowed',
    );
  });

  it('send back from every step goes to SEND_BACK_TARGETS and clears escalation', () => {
    for (const [from, to] of Object.entries(SEND_BACK_TARGETS) as [HumanStep, HumanStep][]) {
      let s = caseAt(from);
      s = ok(s, { type: 'deadlineMissed', step: from, at: at(lastAt(s) + 1) });
      const r = ok(s, { type: 'sentBack', step: from, by: signerFor(from), at: at(lastAt(s) + 2), reason: '材料不全' });
      expect(r.step).toBe(to);
      expect(r.escalation).toBeNull();
      expect(r.history.at(-1)).toMatchObject({ step: from, action: 'send_back', to, reason: '材料不全' });
    }
  });

  it('after a township send-back the village decides again and the village notice runs again with a new clock', () => {
    const first = caseAt('township_review');
    const firstNotice = first.history.find((e) => e.to === 'village_notice')!.at;
    let s = ok(first, {
      type: 'sentBack',
      step: 'township_review',
      by: township,
      at: at(lastAt(first) + 100),
      reason: '评议记录缺签字',
    });
    expect(s.step).toBe('village_committee_assessment');
    s = complete(s, lastAt(s) + 100);
    expect(s.step).toBe('village_notice');
    expect(s.noticeOpenedAt).not.toBe(firstNotice);
    expect(s.noticeOpenedAt).toBe(s.stepSince);
  });
});

describe('applyEvent: objections and re-examination (复核)', () => {
  it('an objection during the village notice → township re-examination, the notice clock kept', () => {
    const n = caseAt('village_notice');
    const r = ok(n, {
      type: 'objectionFiled',
      step: 'village_notice',
      at: at(lastAt(n) + 5),
      objectionId: 'OBJ-1',
      reason: '家有轿车',
    });
    expect(r).toMatchObject({
      step: 'township_reexamination',
      noticeOpenedAt: n.noticeOpenedAt,
      reexamination: { fromNotice: 'village_notice', objectionIds: ['OBJ-1'] },
    });
    expect(r.history.at(-1)).toMatchObject({
      step: 'village_notice',
      action: 'objection',
      to: 'township_reexamination',
      by: 'system',
      objectionId: 'OBJ-1',
      reason: '家有轿车',
    });
  });

  it('upheld → refused with the reason', () => {
    const n = caseAt('village_notice');
    const s = ok(n, { type: 'objectionFiled', step: 'village_notice', at: at(lastAt(n) + 5), objectionId: 'OBJ-1' });
    const r = ok(s, {
      type: 'reexamined',
      step: 'township_reexamination',
      outcome: 'upheld',
      by: township,
      at: at(lastAt(s) + 5),
      reason: '经核实有非生产性车辆',
    });
    expect(r).toMatchObject({
      step: 'refused',
      reexamination: null,
      noticeOpenedAt: null,
      outcome: { result: 'refused', reason: '经核实有非生产性车辆' },
    });
    expect(r.history.at(-1)).toMatchObject({
      action: 'reexamination',
      outcome: 'upheld',
      by: { role: 'township_reviewer' },
    });
  });

  it('dismissed → back to the notice it came from, which finishes at its original closing time', () => {
    const cfg = resolveProcedureConfig({
      testMode: true,
      noticeSeconds: { village_notice: 60, township_notice: 60, county_announcement: 60 },
    });
    if (!cfg.ok) throw new Error('config');
    const n = caseAt('village_notice');
    const closesAt = pendingAction(n, cfg.value).dueAt;
    let s = ok(n, { type: 'objectionFiled', step: 'village_notice', at: at(lastAt(n) + 5), objectionId: 'OBJ-2' });
    s = ok(s, {
      type: 'reexamined',
      step: 'township_reexamination',
      outcome: 'dismissed',
      by: township,
      at: at(lastAt(s) + 20),
      reason: '车辆为农用车',
    });
    expect(s).toMatchObject({ step: 'village_notice', reexamination: null, noticeOpenedAt: n.noticeOpenedAt });
    expect(pendingAction(s, cfg.value).dueAt).toBe(closesAt);
    s = complete(s, lastAt(s) + 60);
    expect(s.step).toBe('township_review');
  });

  it('an objection during the township notice → township re-examination, dismissed → township notice', () => {
    const n = caseAt('township_notice');
    let s = ok(n, { type: 'objectionFiled', step: 'township_notice', at: at(lastAt(n) + 1), objectionId: 'OBJ-3' });
    expect(s.step).toBe('township_reexamination');
    s = ok(s, {
      type: 'reexamined',
      step: 'township_reexamination',
      outcome: 'dismissed',
      by: township,
      at: at(lastAt(s) + 1),
      reason: '举报不实',
    });
    expect(s.step).toBe('township_notice');
  });

  it('an objection during the county announcement → county re-examination, decided by the county only', () => {
    const n = caseAt('county_announcement');
    let s = ok(n, { type: 'objectionFiled', step: 'county_announcement', at: at(lastAt(n) + 1), objectionId: 'OBJ-4' });
    expect(s.step).toBe('county_reexamination');
    const t = at(lastAt(s) + 1);
    expect(
      refused(s, {
        type: 'reexamined',
        step: 'county_reexamination',
        outcome: 'dismissed',
        by: township,
        at: t,
        reason: 'x',
      }),
    ).toBe('wrong_role');
    expect(
      refused(s, {
        type: 'reexamined',
        step: 'county_reexamination',
        outcome: 'dismissed',
        by: { ...county, jurisdiction: '430525' },
        at: t,
        reason: 'x',
      }),
    ).toBe('out_of_jurisdiction');
    s = ok(s, {
      type: 'reexamined',
      step: 'county_reexamination',
      outcome: 'dismissed',
      by: county,
      at: t,
      reason: '举报不实',
    });
    expect(s.step).toBe('county_announcement');
    expect(complete(s, lastAt(s) + 1).step).toBe('registered');
  });

  it('a township re-examination is not decided by a village cadre or a township reviewer elsewhere', () => {
    const n = caseAt('village_notice');
    const s = ok(n, { type: 'objectionFiled', step: 'village_notice', at: at(lastAt(n) + 1), objectionId: 'OBJ-5' });
    const t = at(lastAt(s) + 1);
    expect(
      refused(s, {
        type: 'reexamined',
        step: 'township_reexamination',
        outcome: 'upheld',
        by: cadre,
        at: t,
        reason: 'x',
      }),
    ).toBe('wrong_role');
    expect(
      refused(s, {
        type: 'reexamined',
        step: 'township_reexamination',
        outcome: 'upheld',
        by: { ...township, jurisdiction: '430524102' },
        at: t,
        reason: 'x',
      }),
    ).toBe('out_of_jurisdiction');
    expect(
      refused(s, {
        type: 'reexamined',
        step: 'township_reexamination',
        outcome: 'upheld',
        by: township,
        at: t,
        reason: ' ',
      }),
    ).toBe('reason_required');
    expect(
      refused(s, {
        type: 'reexamined',
        step: 'township_reexamination',
        outcome: 'maybe' as 'upheld',
        by: township,
        at: t,
        reason: 'x',
      }),
    ).toBe('invalid_outcome');
    expect(refused(s, { type: 'stepCompleted', step: 'township_reexamination', by: township, at: t })).toBe(
      'not_allowed',
    );
    expect(refused(s, { type: 'rejected', step: 'township_reexamination', by: township, at: t, reason: 'x' })).toBe(
      'not_allowed',
    );
  });

  it('a further objection joins the open re-examination; a repeated objection id is refused', () => {
    const n = caseAt('township_notice');
    let s = ok(n, { type: 'objectionFiled', step: 'township_notice', at: at(lastAt(n) + 1), objectionId: 'OBJ-6' });
    s = ok(s, { type: 'objectionFiled', step: 'township_reexamination', at: at(lastAt(s) + 1), objectionId: 'OBJ-7' });
    expect(s).toMatchObject({
      step: 'township_reexamination',
      reexamination: { fromNotice: 'township_notice', objectionIds: ['OBJ-6', 'OBJ-7'] },
    });
    expect(
      refused(s, {
        type: 'objectionFiled',
        step: 'township_reexamination',
        at: at(lastAt(s) + 1),
        objectionId: 'OBJ-6',
      }),
    ).toBe('duplicate_objection');
    // even after the re-examination closed
    s = ok(s, {
      type: 'reexamined',
      step: 'township_reexamination',
      outcome: 'dismissed',
      by: township,
      at: at(lastAt(s) + 1),
      reason: '不实',
    });
    expect(
      refused(s, { type: 'objectionFiled', step: 'township_notice', at: at(lastAt(s) + 1), objectionId: 'OBJ-7' }),
    ).toBe('duplicate_objection');
    // a new objection during the resumed notice opens a new re-examination
    expect(
      ok(s, { type: 'objectionFiled', step: 'township_notice', at: at(lastAt(s) + 1), objectionId: 'OBJ-8' }).step,
    ).toBe('township_reexamination');
  });

  it('refuses an objection when no notice is open, or without an id', () => {
    for (const step of ['application', 'township_review', 'county_cross_check', 'county_approval'] as const) {
      const s = caseAt(step);
      expect(refused(s, { type: 'objectionFiled', step, at: at(lastAt(s) + 1), objectionId: `X-${step}` })).toBe(
        'no_open_notice',
      );
    }
    const n = caseAt('village_notice');
    expect(
      refused(n, { type: 'objectionFiled', step: 'village_notice', at: at(lastAt(n) + 1), objectionId: ' ' }),
    ).toBe('objection_id_required');
  });

  it('refuses a re-examination outcome when none is open', () => {
    const s = caseAt('township_review');
    expect(
      refused(s, {
        type: 'reexamined',
        step: 'township_review',
        outcome: 'dismissed',
        by: township,
        at: at(lastAt(s) + 1),
        reason: 'x',
      }),
    ).toBe('not_allowed');
  });
});

describe('applyEvent: deadlines and escalation', () => {
  it('a missed village deadline escalates to the township, then the county, then the operator; the step stays', () => {
    let s = caseAt('village_group_assessment');
    const since = s.stepSince;
    s = ok(s, { type: 'deadlineMissed', step: 'village_group_assessment', at: at(lastAt(s) + 100) });
    expect(s).toMatchObject({
      step: 'village_group_assessment',
      stepSince: since,
      escalation: { times: 1, to: { level: 'township', role: 'township_reviewer' } },
    });
    expect(s.history.at(-1)).toMatchObject({
      action: 'deadline_missed',
      by: 'system',
      to: 'village_group_assessment',
      escalation: { level: 'township', times: 1 },
    });
    s = ok(s, { type: 'deadlineMissed', step: 'village_group_assessment', at: at(lastAt(s) + 100) });
    expect(s.escalation).toMatchObject({ times: 2, to: { level: 'county', alertWorkflowOperator: false } });
    s = ok(s, { type: 'deadlineMissed', step: 'village_group_assessment', at: at(lastAt(s) + 100) });
    expect(s.escalation).toMatchObject({ times: 3, to: { level: 'county', alertWorkflowOperator: true } });
    // escalation does not give the township the village's signature
    expect(
      refused(s, { type: 'stepCompleted', step: 'village_group_assessment', by: township, at: at(lastAt(s) + 1) }),
    ).toBe('wrong_role');
    // the village acts late; the next step starts clean
    s = complete(s, lastAt(s) + 1);
    expect(s).toMatchObject({ step: 'village_committee_assessment', escalation: null });
  });

  it('a township step escalates to the county, a county step to the county with an operator alert', () => {
    const t = caseAt('township_review');
    expect(ok(t, { type: 'deadlineMissed', step: 'township_review', at: at(lastAt(t) + 1) }).escalation?.to).toEqual({
      level: 'county',
      role: 'county_approver',
      alertWorkflowOperator: false,
    });
    const c = caseAt('county_cross_check');
    expect(ok(c, { type: 'deadlineMissed', step: 'county_cross_check', at: at(lastAt(c) + 1) }).escalation?.to).toEqual(
      { level: 'county', role: 'county_approver', alertWorkflowOperator: true },
    );
  });

  it('a re-examination has a deadline too', () => {
    const n = caseAt('county_announcement');
    const s = ok(n, {
      type: 'objectionFiled',
      step: 'county_announcement',
      at: at(lastAt(n) + 1),
      objectionId: 'OBJ-9',
    });
    expect(
      ok(s, { type: 'deadlineMissed', step: 'county_reexamination', at: at(lastAt(s) + 1) }).escalation?.to
        .alertWorkflowOperator,
    ).toBe(true);
  });

  it('notices have no deadline to miss', () => {
    const n = caseAt('village_notice');
    expect(refused(n, { type: 'deadlineMissed', step: 'village_notice', at: at(lastAt(n) + 1) })).toBe('no_deadline');
  });
});

describe('applyEvent: withdrawal (撤回申请)', () => {
  it('is recorded by a procedure role over the village at any open step, with a reason', () => {
    for (const [step, by] of [
      ['application', cadre],
      ['township_review', township],
      ['county_announcement', county],
    ] as const) {
      const s = caseAt(step);
      const r = ok(s, { type: 'withdrawn', step, by, at: at(lastAt(s) + 1), reason: '户主签字撤回' });
      expect(r).toMatchObject({ step: 'withdrawn', outcome: { result: 'withdrawn', reason: '户主签字撤回' } });
    }
  });

  it('closes an open re-examination', () => {
    const n = caseAt('village_notice');
    const s = ok(n, { type: 'objectionFiled', step: 'village_notice', at: at(lastAt(n) + 1), objectionId: 'OBJ-10' });
    expect(
      ok(s, { type: 'withdrawn', step: 'township_reexamination', by: cadre, at: at(lastAt(s) + 1), reason: '撤回' }),
    ).toMatchObject({ step: 'withdrawn', reexamination: null });
  });

  it('is refused outside the jurisdiction, for other roles, and without a reason', () => {
    const s = caseAt('household_survey');
    const t = at(lastAt(s) + 1);
    expect(
      refused(s, {
        type: 'withdrawn',
        step: 'household_survey',
        by: { ...township, jurisdiction: '430524102' },
        at: t,
        reason: 'x',
      }),
    ).toBe('out_of_jurisdiction');
    expect(
      refused(s, {
        type: 'withdrawn',
        step: 'household_survey',
        by: { subject: 'op', role: 'workflow_operator', jurisdiction: '430524' },
        at: t,
        reason: 'x',
      }),
    ).toBe('wrong_role');
    expect(refused(s, { type: 'withdrawn', step: 'household_survey', by: cadre, at: t, reason: '' })).toBe(
      'reason_required',
    );
  });
});

describe('pendingAction (who must act, until when)', () => {
  const cfg = resolveProcedureConfig();
  if (!cfg.ok) throw new Error('config');
  const config = cfg.value;

  it('names the actor and division of a human step and its deadline', () => {
    const s = caseAt('township_review');
    expect(pendingAction(s, config)).toEqual({
      step: 'township_review',
      kind: 'human',
      actor: { role: 'township_reviewer', level: 'township', divisionCode: '430524101' },
      dueAt: new Date(Date.parse(s.stepSince) + DEFAULT_STEP_DEADLINES.township_review * 1000).toISOString(),
      escalatedTo: null,
    });
  });

  it('after an escalation, names whom it went to and counts the next deadline from it', () => {
    const s0 = caseAt('household_survey');
    const s = ok(s0, { type: 'deadlineMissed', step: 'household_survey', at: at(lastAt(s0) + 1000) });
    expect(pendingAction(s, config)).toMatchObject({
      actor: { role: 'village_cadre', divisionCode: VILLAGE },
      escalatedTo: { level: 'township', role: 'township_reviewer', times: 1, divisionCode: '430524101' },
      dueAt: new Date(Date.parse(s.escalation!.at) + DEFAULT_STEP_DEADLINES.household_survey * 1000).toISOString(),
    });
  });

  it('gives a notice its closing time and no actor; a terminal step nothing', () => {
    const n = caseAt('county_announcement');
    expect(pendingAction(n, config)).toEqual({
      step: 'county_announcement',
      kind: 'notice',
      actor: null,
      dueAt: new Date(Date.parse(n.noticeOpenedAt!) + 7 * SECONDS_PER_DAY * 1000).toISOString(),
      escalatedTo: null,
    });
    expect(pendingAction(complete(n, lastAt(n) + 1), config)).toEqual({
      step: 'registered',
      kind: 'terminal',
      actor: null,
      dueAt: null,
      escalatedTo: null,
    });
  });

  it('names the county for a county re-examination', () => {
    const n = caseAt('county_announcement');
    const s = ok(n, {
      type: 'objectionFiled',
      step: 'county_announcement',
      at: at(lastAt(n) + 1),
      objectionId: 'OBJ-11',
    });
    expect(pendingAction(s, config).actor).toEqual({
      role: 'county_approver',
      level: 'county',
      divisionCode: '430524',
    });
  });
});
