import type { RelocationPrincipal } from './actors-and-deadlines';
import {
  DEFAULT_RELOCATION_CONFIG,
  RELOCATION_STEPS,
  RELOCATION_STEP_LABELS,
  applyRelocationEvent,
  pendingRelocationAction,
  planRefusal,
  relocationCaseId,
  resolveRelocationConfig,
  startRelocationCase,
  startRenovationCase,
  trancheTotals,
  type RelocationCaseState,
  type RelocationEvent,
  type RelocationPlan,
} from './case-procedure';
import { DEFAULT_TRANCHE_PLAN } from './policy';

const VILLAGE = '430524101201';
const cadre: RelocationPrincipal = { subject: 'cadre-1', name: '李村干', role: 'village_cadre', jurisdiction: VILLAGE };
const township: RelocationPrincipal = {
  subject: 'tsp-1',
  role: 'township_reviewer',
  jurisdiction: { kind: 'division', code: '430524101' },
};
const office: RelocationPrincipal = {
  subject: 'reloc-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'relocation', divisionCode: '430524' },
};
const supervisor: RelocationPrincipal = {
  subject: 'sup-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'housing', divisionCode: '430524' },
};
const otherCountySupervisor: RelocationPrincipal = {
  ...supervisor,
  subject: 'sup-9',
  jurisdiction: { kind: 'department', department: 'housing', divisionCode: '430523' },
};
const countyApprover: RelocationPrincipal = { subject: 'cty-1', role: 'county_approver', jurisdiction: '430524' };

const T0 = '2026-03-01T02:00:00.000Z';
const DAY = 86_400_000;
const at = (d: number): string => new Date(Date.parse(T0) + d * DAY).toISOString();

const PLAN: RelocationPlan = {
  mode: 'nearby',
  siteCode: 'S-430524-01',
  placement: 'centralised',
  areaM2: 100,
  persons: 4,
  maxM2PerPerson: 25,
  subsidyFen: 8_000_001,
  tranchePlan: DEFAULT_TRANCHE_PLAN,
};
const MONETARY: RelocationPlan = {
  mode: 'monetary',
  siteCode: null,
  placement: null,
  areaM2: null,
  persons: 2,
  maxM2PerPerson: 25,
  subsidyFen: 6_000_000,
};

function started(): RelocationCaseState {
  const r = startRelocationCase({
    householdId: 'hh-1',
    villageCode: VILLAGE,
    consent: { signedBy: '王户主', signedOn: '2026-02-28', documentRef: 'YY-2026-001' },
    by: cadre,
    at: T0,
  });
  if (!r.ok) throw new Error(r.refusal.message.en);
  return r.state;
}

/** Apply events in turn; each must succeed. */
function run(state: RelocationCaseState, ...events: RelocationEvent[]): RelocationCaseState {
  for (const e of events) {
    const r = applyRelocationEvent(state, e, DEFAULT_RELOCATION_CONFIG);
    if (!r.ok) throw new Error(`${e.type}: ${r.refusal.rule} ${r.refusal.message.en}`);
    state = r.state;
  }
  return state;
}
const refusalOf = (state: RelocationCaseState, e: RelocationEvent) => {
  const r = applyRelocationEvent(state, e);
  if (r.ok) throw new Error(`expected a refusal of ${e.type}`);
  return r.refusal;
};

const approvedPlan = (plan: RelocationPlan = PLAN): RelocationCaseState =>
  run(
    started(),
    { type: 'planSubmitted', step: 'consented', at: at(1), by: cadre, plan },
    { type: 'approved', step: 'township_review', at: at(2), by: township },
    { type: 'approved', step: 'county_approval', at: at(3), by: office, reason: '符合条件' },
  );

function buildMilestone(state: RelocationCaseState, milestone: 'foundation' | 'roof' | 'acceptance', day: number) {
  const t = state.tranches.find((x) => x.milestone === milestone)!;
  return run(
    state,
    {
      type: 'milestoneRecorded',
      step: 'construction',
      at: at(day),
      by: supervisor,
      milestone,
      evidenceRef: `EV-${milestone}`,
    },
    { type: 'trancheApproved', step: 'construction', at: at(day + 1), by: office, milestone },
    {
      type: 'tranchePaid',
      step: 'construction',
      at: at(day + 2),
      milestone,
      paymentRef: `PAY-${milestone}`,
      amountFen: t.amountFen,
    },
  );
}

describe('startRelocationCase (自愿: consent first)', () => {
  it("starts at consented with the head's signature, recorded by the village cadre", () => {
    const s = started();
    expect(s).toMatchObject({ caseId: 'relocation-case:hh-1', step: 'consented', plan: null, since: T0 });
    expect(s.consent).toEqual({ signedBy: '王户主', signedOn: '2026-02-28', documentRef: 'YY-2026-001' });
    expect(s.history).toEqual([
      {
        step: 'consented',
        action: 'consented',
        to: 'consented',
        by: { subject: 'cadre-1', name: '李村干', role: 'village_cadre', jurisdiction: VILLAGE },
        at: T0,
        reason: null,
      },
    ]);
    expect(relocationCaseId('abc')).toBe('relocation-case:abc');
  });
  it('refuses a case without a full signed consent', () => {
    const base = { householdId: 'hh-1', villageCode: VILLAGE, by: cadre, at: T0 };
    const consent = { signedBy: '王户主', signedOn: '2026-02-28', documentRef: 'YY-1' };
    const rule = (c: object) => {
      const r = startRelocationCase({ ...base, consent: c as never });
      return r.ok ? null : [r.refusal.field, r.refusal.rule];
    };
    expect(rule({ ...consent, signedBy: ' ' })).toEqual(['consent.signedBy', 'consent_required']);
    expect(rule({ ...consent, signedOn: '2026-02-30' })).toEqual(['consent.signedOn', 'consent_date']);
    expect(rule({ ...consent, signedOn: '2026-03-02' })).toEqual(['consent.signedOn', 'consent_date']);
    expect(rule({ ...consent, documentRef: '' })).toEqual(['consent.documentRef', 'consent_document']);
    expect(rule(consent)).toBeNull();
  });
  it('refuses anyone but a cadre of the village', () => {
    const go = (by: RelocationPrincipal) =>
      startRelocationCase({ householdId: 'h', villageCode: VILLAGE, by, at: T0, consent: started().consent });
    expect(go(township)).toMatchObject({ ok: false, refusal: { rule: 'wrong_role' } });
    expect(go({ ...cadre, jurisdiction: '430524101202' })).toMatchObject({
      ok: false,
      refusal: { rule: 'out_of_jurisdiction' },
    });
    expect(
      startRelocationCase({ householdId: 'h', villageCode: '4305', by: cadre, at: T0, consent: started().consent }),
    ).toMatchObject({
      ok: false,
      refusal: { rule: 'invalid_village' },
    });
  });
});

describe('the plan (red line, mode, site)', () => {
  const submit = (plan: RelocationPlan) =>
    applyRelocationEvent(started(), { type: 'planSubmitted', step: 'consented', at: at(1), by: cadre, plan });

  it('allows exactly 25 m² per person and refuses 25.01, with the figures', () => {
    expect(submit({ ...PLAN, areaM2: 100 })).toMatchObject({ ok: true, state: { step: 'township_review' } });
    expect(submit({ ...PLAN, areaM2: 100.01 })).toMatchObject({
      ok: false,
      refusal: { field: 'plan.areaM2', rule: 'housing_area_red_line', areaM2: 100.01, maxAreaM2: 100 },
    });
    expect(submit({ ...PLAN, maxM2PerPerson: 20, areaM2: 81 })).toMatchObject({
      ok: false,
      refusal: { rule: 'housing_area_red_line', maxAreaM2: 80 },
    });
  });
  it('never accepts a limit above the national 25 m²', () => {
    expect(submit({ ...PLAN, maxM2PerPerson: 30, areaM2: 101 })).toMatchObject({
      ok: false,
      refusal: { field: 'plan.maxM2PerPerson', rule: 'area_limit' },
    });
  });
  it('names the field of every other bad plan', () => {
    const rule = (p: Partial<RelocationPlan>) => {
      const r = planRefusal({ ...PLAN, ...p } as RelocationPlan);
      return r && [r.field, r.rule];
    };
    expect(rule({ mode: 'teleport' as never })).toEqual(['plan.mode', 'relocation_mode']);
    expect(rule({ persons: 0 })).toEqual(['plan.persons', 'min_one_person']);
    expect(rule({ subsidyFen: -1 })).toEqual(['plan.subsidyFen', 'integer_fen']);
    expect(rule({ subsidyFen: 10.5 })).toEqual(['plan.subsidyFen', 'integer_fen']);
    expect(rule({ siteCode: '' })).toEqual(['plan.siteCode', 'site_required']);
    expect(rule({ placement: 'anywhere' as never })).toEqual(['plan.placement', 'placement']);
    expect(rule({ areaM2: null })).toEqual(['plan.areaM2', 'positive_area']);
    expect(rule({ tranchePlan: { foundation: 3000, roof: 3000, acceptance: 3000 } })).toEqual([
      'plan.tranchePlan',
      'shares_sum',
    ]);
    expect(rule({ mode: 'monetary', areaM2: null, placement: null })).toEqual([
      'plan.siteCode',
      'no_site_for_monetary',
    ]);
    expect(planRefusal(MONETARY)).toBeNull();
    expect(planRefusal(PLAN)).toBeNull();
  });
  it('is submitted by the village cadre only, at consented only', () => {
    expect(
      applyRelocationEvent(started(), {
        type: 'planSubmitted',
        step: 'consented',
        at: at(1),
        by: township,
        plan: PLAN,
      }),
    ).toMatchObject({
      ok: false,
      refusal: { rule: 'wrong_role', field: 'by' },
    });
    const inReview = run(started(), { type: 'planSubmitted', step: 'consented', at: at(1), by: cadre, plan: PLAN });
    expect(
      refusalOf(inReview, { type: 'planSubmitted', step: 'township_review', at: at(2), by: cadre, plan: PLAN }),
    ).toMatchObject({
      rule: 'not_allowed',
    });
  });
  it('splits the subsidy into tranches that sum to it exactly', () => {
    const s = run(started(), { type: 'planSubmitted', step: 'consented', at: at(1), by: cadre, plan: PLAN });
    expect(s.tranches.map((t) => [t.milestone, t.amountFen])).toEqual([
      ['foundation', 2_400_000],
      ['roof', 3_200_000],
      ['acceptance', 2_400_001],
    ]);
    expect(trancheTotals(s)).toEqual({ plannedFen: 8_000_001, paidFen: 0, cancelledFen: 0 });
  });
});

describe('review and approval', () => {
  const inReview = () => run(started(), { type: 'planSubmitted', step: 'consented', at: at(1), by: cadre, plan: PLAN });

  it('township reviewer, then the county relocation office (not the county approver)', () => {
    const s = run(inReview(), { type: 'approved', step: 'township_review', at: at(2), by: township });
    expect(s.step).toBe('county_approval');
    expect(refusalOf(s, { type: 'approved', step: 'county_approval', at: at(3), by: countyApprover })).toMatchObject({
      rule: 'wrong_role',
    });
    expect(
      refusalOf(s, {
        type: 'approved',
        step: 'county_approval',
        at: at(3),
        by: { ...office, jurisdiction: { kind: 'department', department: 'industry', divisionCode: '430524' } },
      }),
    ).toMatchObject({ rule: 'wrong_role' });
    const approved = run(s, { type: 'approved', step: 'county_approval', at: at(3), by: office });
    expect(approved.step).toBe('construction');
    expect(approved.history.at(-1)).toMatchObject({
      action: 'approve',
      by: { subject: 'reloc-1', role: 'department_officer', jurisdiction: 'dept:relocation@430524' },
    });
  });
  it('a rejection ends the case refused with the reason; a send-back returns it for a new plan', () => {
    const refused = run(inReview(), {
      type: 'rejected',
      step: 'township_review',
      at: at(2),
      by: township,
      reason: '人口不实',
    });
    expect(refused).toMatchObject({
      step: 'refused',
      outcome: { result: 'refused', step: 'township_review', reason: '人口不实' },
    });
    expect(refusalOf(refused, { type: 'approved', step: 'refused', at: at(3), by: township })).toMatchObject({
      rule: 'terminal',
    });

    const back = run(inReview(), {
      type: 'sentBack',
      step: 'township_review',
      at: at(2),
      by: township,
      reason: '面积需调整',
    });
    expect(back).toMatchObject({ step: 'consented', plan: null, tranches: [] });
    expect(back.consent.documentRef).toBe('YY-2026-001');
    expect(
      refusalOf(inReview(), { type: 'rejected', step: 'township_review', at: at(2), by: township, reason: ' ' }),
    ).toMatchObject({
      rule: 'reason_required',
    });
  });
  it('refuses a stale step and a time before the last entry', () => {
    expect(refusalOf(inReview(), { type: 'approved', step: 'county_approval', at: at(2), by: office })).toMatchObject({
      rule: 'stale_step',
      field: 'step',
    });
    expect(
      refusalOf(inReview(), { type: 'approved', step: 'township_review', at: at(0.5), by: township }),
    ).toMatchObject({
      rule: 'time_before_last',
    });
    expect(
      refusalOf(inReview(), { type: 'approved', step: 'township_review', at: 'soon', by: township }),
    ).toMatchObject({
      rule: 'invalid_time',
    });
  });
});

describe('construction: milestones in order, each tranche approved then paid exactly once', () => {
  it('runs the whole case to completed (relocated, land-use rights kept)', () => {
    let s = approvedPlan();
    s = buildMilestone(s, 'foundation', 10);
    expect(s.step).toBe('construction');
    s = buildMilestone(s, 'roof', 60);
    s = buildMilestone(s, 'acceptance', 120);
    expect(s.step).toBe('home_accepted');
    expect(trancheTotals(s)).toEqual({ plannedFen: 8_000_001, paidFen: 8_000_001, cancelledFen: 0 });
    s = run(
      s,
      { type: 'movedIn', step: 'home_accepted', at: at(130), by: cadre, movedInOn: at(129).slice(0, 10) },
      { type: 'reclamationRecorded', step: 'reclamation', at: at(200), by: cadre, evidenceRef: 'FK-001' },
    );
    expect(s).toMatchObject({ step: 'follow_up', landUseRightsKept: true, relocated: false });
    s = run(s, {
      type: 'followUpRecorded',
      step: 'follow_up',
      at: at(210),
      measure: { kind: 'employment', source: 'industry-service', ref: 'EMP-9' },
    });
    expect(s).toMatchObject({
      step: 'completed',
      relocated: true,
      landUseRightsKept: true,
      movedInOn: at(129).slice(0, 10),
      followUp: { kind: 'employment', source: 'industry-service', ref: 'EMP-9', by: 'system' },
      outcome: { result: 'completed' },
    });
    expect(s.history.map((h) => h.action)).toEqual([
      'consented',
      'plan_submitted',
      'approve',
      'approve',
      ...['milestone_recorded', 'tranche_approved', 'tranche_paid'],
      ...['milestone_recorded', 'tranche_approved', 'tranche_paid'],
      ...['milestone_recorded', 'tranche_approved', 'tranche_paid'],
      'home_accepted',
      'moved_in',
      'reclamation_recorded',
      'follow_up_recorded',
      'completed',
    ]);
    expect(pendingRelocationAction(s)).toEqual({ kind: 'none' });
  });

  it('refuses a milestone out of order, a repeated one, and one without evidence', () => {
    const s = approvedPlan();
    const ev = (milestone: 'foundation' | 'roof', evidenceRef = 'EV') =>
      ({
        type: 'milestoneRecorded',
        step: 'construction',
        at: at(10),
        by: supervisor,
        milestone,
        evidenceRef,
      }) as const;
    expect(refusalOf(s, ev('roof'))).toMatchObject({ rule: 'milestone_order', field: 'milestone' });
    expect(refusalOf(s, ev('foundation', ' '))).toMatchObject({ rule: 'evidence_required', field: 'evidenceRef' });
    const once = run(s, ev('foundation'));
    expect(refusalOf(once, ev('foundation'))).toMatchObject({ rule: 'milestone_repeated' });
    expect(refusalOf(once, { ...ev('foundation'), milestone: 'lump_sum' })).toMatchObject({
      rule: 'unknown_milestone',
    });
    // the roof may be recorded while the foundation's tranche is still being approved
    expect(run(once, ev('roof')).tranches.map((t) => !!t.recorded)).toEqual([true, true, false]);
  });

  it('refuses a supervisor of another county, or a village cadre', () => {
    const s = approvedPlan();
    const e = {
      type: 'milestoneRecorded',
      step: 'construction',
      at: at(10),
      milestone: 'foundation',
      evidenceRef: 'EV',
    } as const;
    expect(refusalOf(s, { ...e, by: otherCountySupervisor })).toMatchObject({
      rule: 'out_of_jurisdiction',
      field: 'by',
    });
    expect(refusalOf(s, { ...e, by: cadre })).toMatchObject({ rule: 'wrong_role' });
    expect(
      refusalOf(s, { ...e, by: { ...supervisor, jurisdiction: { kind: 'department', department: 'housing' } } }),
    ).toMatchObject({
      rule: 'wrong_level',
    });
  });

  it('approves a tranche only after its milestone, by the county office, never by who recorded it', () => {
    const s = approvedPlan();
    const approve = { type: 'trancheApproved', step: 'construction', at: at(11), milestone: 'foundation' } as const;
    expect(refusalOf(s, { ...approve, by: office })).toMatchObject({ rule: 'milestone_not_recorded' });
    const byOffice = run(s, {
      type: 'milestoneRecorded',
      step: 'construction',
      at: at(10),
      by: office,
      milestone: 'foundation',
      evidenceRef: 'EV',
    });
    expect(refusalOf(byOffice, { ...approve, by: office })).toMatchObject({ rule: 'same_person', field: 'by' });
    expect(refusalOf(byOffice, { ...approve, by: supervisor })).toMatchObject({ rule: 'wrong_role' });
    const approved = run(byOffice, { ...approve, by: { ...office, subject: 'reloc-2' } });
    expect(refusalOf(approved, { ...approve, at: at(12), by: { ...office, subject: 'reloc-3' } })).toMatchObject({
      rule: 'tranche_already_approved',
    });
  });

  it('pays only an approved tranche, the planned amount, once — a retry gets the first payment back', () => {
    let s = run(approvedPlan(), {
      type: 'milestoneRecorded',
      step: 'construction',
      at: at(10),
      by: supervisor,
      milestone: 'foundation',
      evidenceRef: 'EV',
    });
    const pay = {
      type: 'tranchePaid',
      step: 'construction',
      at: at(12),
      milestone: 'foundation',
      paymentRef: 'P-1',
      amountFen: 2_400_000,
    } as const;
    expect(refusalOf(s, pay)).toMatchObject({ rule: 'tranche_not_approved' });
    s = run(s, { type: 'trancheApproved', step: 'construction', at: at(11), by: office, milestone: 'foundation' });
    expect(refusalOf(s, { ...pay, amountFen: 2_400_001 })).toMatchObject({
      rule: 'amount_mismatch',
      field: 'amountFen',
    });
    expect(refusalOf(s, { ...pay, paymentRef: '' })).toMatchObject({ rule: 'payment_ref_required' });
    s = run(s, pay);
    const again = refusalOf(s, { ...pay, at: at(13), paymentRef: 'P-2' });
    expect(again).toMatchObject({
      rule: 'already_paid',
      payment: { paymentRef: 'P-1', paidAt: at(12), amountFen: 2_400_000 },
    });
    expect(s.history.filter((h) => h.action === 'tranche_paid')).toHaveLength(1);
  });

  it('a retried last payment after the home was accepted is still "already paid", not a second payment', () => {
    let s = approvedPlan();
    s = buildMilestone(s, 'foundation', 10);
    s = buildMilestone(s, 'roof', 60);
    s = buildMilestone(s, 'acceptance', 120);
    expect(s.step).toBe('home_accepted');
    const t = s.tranches[2];
    expect(
      refusalOf(s, {
        type: 'tranchePaid',
        step: 'construction',
        at: at(125),
        milestone: 'acceptance',
        paymentRef: 'X',
        amountFen: t.amountFen,
      }),
    ).toMatchObject({ rule: 'already_paid', payment: { paymentRef: 'PAY-acceptance' } });
  });

  it('refuses a payment reference already used for another tranche', () => {
    let s = buildMilestone(approvedPlan(), 'foundation', 10);
    s = run(
      s,
      {
        type: 'milestoneRecorded',
        step: 'construction',
        at: at(60),
        by: supervisor,
        milestone: 'roof',
        evidenceRef: 'EV2',
      },
      { type: 'trancheApproved', step: 'construction', at: at(61), by: office, milestone: 'roof' },
    );
    expect(
      refusalOf(s, {
        type: 'tranchePaid',
        step: 'construction',
        at: at(62),
        milestone: 'roof',
        paymentRef: 'PAY-foundation',
        amountFen: 3_200_000,
      }),
    ).toMatchObject({ rule: 'payment_ref_reused' });
  });
});

describe('monetary resettlement (货币化安置)', () => {
  it('skips construction: one lump-sum tranche approved and paid, then move-in', () => {
    let s = approvedPlan(MONETARY);
    expect(s.step).toBe('lump_sum');
    expect(s.tranches).toMatchObject([{ milestone: 'lump_sum', amountFen: 6_000_000 }]);
    expect(pendingRelocationAction(s)).toMatchObject({
      kind: 'human',
      action: 'tranche_approval',
      milestone: 'lump_sum',
    });
    expect(
      refusalOf(s, {
        type: 'milestoneRecorded',
        step: 'lump_sum',
        at: at(4),
        by: supervisor,
        milestone: 'lump_sum',
        evidenceRef: 'E',
      }),
    ).toMatchObject({ rule: 'not_allowed' });
    s = run(s, { type: 'trancheApproved', step: 'lump_sum', at: at(4), by: office, milestone: 'lump_sum' });
    expect(pendingRelocationAction(s)).toEqual({
      kind: 'system',
      step: 'lump_sum',
      action: 'tranche_payment',
      milestone: 'lump_sum',
      amountFen: 6_000_000,
    });
    s = run(s, {
      type: 'tranchePaid',
      step: 'lump_sum',
      at: at(5),
      milestone: 'lump_sum',
      paymentRef: 'LS-1',
      amountFen: 6_000_000,
    });
    expect(s.step).toBe('home_accepted');
    s = run(s, { type: 'movedIn', step: 'home_accepted', at: at(20), by: cadre, movedInOn: at(20).slice(0, 10) });
    expect(s.step).toBe('reclamation');
  });
});

describe('withdrawal (可退出, until move-in)', () => {
  it('cancels every unpaid tranche and releases the home; the paid one stays paid', () => {
    const s = buildMilestone(approvedPlan(), 'foundation', 10);
    const w = run(s, { type: 'withdrawn', step: 'construction', at: at(20), by: cadre, reason: '投亲靠友' });
    expect(w).toMatchObject({
      step: 'withdrawn',
      outcome: {
        result: 'withdrawn',
        step: 'construction',
        reason: '投亲靠友',
        releasedSiteCode: 'S-430524-01',
        cancelledFen: 5_600_001,
      },
    });
    expect(w.tranches.map((t) => t.cancelled)).toEqual([false, true, true]);
    expect(trancheTotals(w)).toEqual({ plannedFen: 2_400_000, paidFen: 2_400_000, cancelledFen: 5_600_001 });
    expect(pendingRelocationAction(w)).toEqual({ kind: 'none' });
    expect(
      refusalOf(w, { type: 'trancheApproved', step: 'withdrawn', at: at(21), by: office, milestone: 'roof' }),
    ).toMatchObject({ rule: 'terminal' });
  });
  it('is possible right after consent, with a reason', () => {
    expect(
      refusalOf(started(), { type: 'withdrawn', step: 'consented', at: at(1), by: cadre, reason: '' }),
    ).toMatchObject({
      rule: 'reason_required',
    });
    expect(
      run(started(), { type: 'withdrawn', step: 'consented', at: at(1), by: cadre, reason: '不愿搬迁' }).outcome,
    ).toMatchObject({
      releasedSiteCode: null,
      cancelledFen: 0,
    });
  });
  it('is refused after the move-in, and after completion', () => {
    let s = approvedPlan(MONETARY);
    s = run(
      s,
      { type: 'trancheApproved', step: 'lump_sum', at: at(4), by: office, milestone: 'lump_sum' },
      {
        type: 'tranchePaid',
        step: 'lump_sum',
        at: at(5),
        milestone: 'lump_sum',
        paymentRef: 'LS-1',
        amountFen: 6_000_000,
      },
      { type: 'movedIn', step: 'home_accepted', at: at(6), by: cadre, movedInOn: at(6).slice(0, 10) },
    );
    expect(
      refusalOf(s, { type: 'withdrawn', step: 'reclamation', at: at(7), by: cadre, reason: '后悔' }),
    ).toMatchObject({
      rule: 'after_move_in',
    });
    s = run(
      s,
      { type: 'reclamationRecorded', step: 'reclamation', at: at(8), by: cadre, evidenceRef: 'FK' },
      {
        type: 'followUpRecorded',
        step: 'follow_up',
        at: at(9),
        by: office,
        measure: { kind: 'industry', source: 'manual', ref: 'CY-1' },
      },
    );
    expect(s.step).toBe('completed');
    expect(refusalOf(s, { type: 'withdrawn', step: 'completed', at: at(10), by: cadre, reason: '后悔' })).toMatchObject(
      {
        rule: 'after_move_in',
      },
    );
  });
});

describe('move-in, reclamation and follow-up', () => {
  const homeAccepted = () => {
    const s = approvedPlan(MONETARY);
    return run(
      s,
      { type: 'trancheApproved', step: 'lump_sum', at: at(4), by: office, milestone: 'lump_sum' },
      {
        type: 'tranchePaid',
        step: 'lump_sum',
        at: at(5),
        milestone: 'lump_sum',
        paymentRef: 'LS-1',
        amountFen: 6_000_000,
      },
    );
  };
  it('refuses a move-in date that is malformed or later than its recording', () => {
    const s = homeAccepted();
    expect(
      refusalOf(s, { type: 'movedIn', step: 'home_accepted', at: at(6), by: cadre, movedInOn: at(7).slice(0, 10) }),
    ).toMatchObject({
      rule: 'move_in_date',
    });
    expect(
      refusalOf(s, { type: 'movedIn', step: 'home_accepted', at: at(6), by: cadre, movedInOn: '2026/03/07' }),
    ).toMatchObject({
      rule: 'move_in_date',
    });
  });
  it('keeps a measure that arrives before the reclamation, and completes with the reclamation', () => {
    let s = run(homeAccepted(), {
      type: 'movedIn',
      step: 'home_accepted',
      at: at(6),
      by: cadre,
      movedInOn: at(6).slice(0, 10),
    });
    s = run(s, {
      type: 'followUpRecorded',
      step: 'reclamation',
      at: at(7),
      measure: { kind: 'employment', source: 'industry-service', ref: 'EMP-1' },
    });
    expect(s.step).toBe('reclamation');
    expect(
      refusalOf(s, {
        type: 'followUpRecorded',
        step: 'reclamation',
        at: at(8),
        measure: { kind: 'industry', source: 'x', ref: 'y' },
      }),
    ).toMatchObject({ rule: 'follow_up_recorded' });
    s = run(s, { type: 'reclamationRecorded', step: 'reclamation', at: at(9), by: cadre, evidenceRef: 'FK-2' });
    expect(s).toMatchObject({ step: 'completed', relocated: true, landUseRightsKept: true });
  });
  it('names a bad measure or missing evidence', () => {
    const s = run(homeAccepted(), {
      type: 'movedIn',
      step: 'home_accepted',
      at: at(6),
      by: cadre,
      movedInOn: at(6).slice(0, 10),
    });
    expect(
      refusalOf(s, {
        type: 'followUpRecorded',
        step: 'reclamation',
        at: at(7),
        measure: { kind: 'cash' as never, source: 'm', ref: 'r' },
      }),
    ).toMatchObject({ rule: 'follow_up_kind', field: 'measure.kind' });
    expect(
      refusalOf(s, {
        type: 'followUpRecorded',
        step: 'reclamation',
        at: at(7),
        measure: { kind: 'industry', source: 'm', ref: '' },
      }),
    ).toMatchObject({ rule: 'follow_up_ref' });
    expect(
      refusalOf(s, {
        type: 'followUpRecorded',
        step: 'reclamation',
        at: at(7),
        by: township,
        measure: { kind: 'industry', source: 'm', ref: 'r' },
      }),
    ).toMatchObject({ rule: 'wrong_role' });
    expect(
      refusalOf(s, { type: 'reclamationRecorded', step: 'reclamation', at: at(7), by: cadre, evidenceRef: '' }),
    ).toMatchObject({
      rule: 'evidence_required',
    });
  });
});

describe('deadlines and escalation (督办, never moving the case)', () => {
  const miss = (step: RelocationCaseState['step'], when: string): RelocationEvent => ({
    type: 'deadlineMissed',
    step,
    at: when,
  });

  it('climbs village → township → county → county + operator, once per rung, each rung getting the time again', () => {
    let s = started();
    expect(pendingRelocationAction(s)).toMatchObject({
      kind: 'human',
      action: 'plan',
      dueAt: at(30),
      escalatedTo: null,
    });
    expect(refusalOf(s, miss('consented', at(29.9)))).toMatchObject({ rule: 'not_yet_due' });
    s = run(s, miss('consented', at(30)));
    expect(s.step).toBe('consented');
    expect(s.history.at(-1)).toMatchObject({
      action: 'deadline_missed',
      by: 'system',
      escalation: {
        level: 'township',
        role: 'township_reviewer',
        alertWorkflowOperator: false,
        times: 1,
        action: 'plan',
      },
    });
    expect(s.history.at(-1)!.reason).toContain('第1次督办：乡镇');
    expect(pendingRelocationAction(s)).toMatchObject({
      dueAt: at(60),
      escalatedTo: { level: 'township', times: 1, at: at(30), divisionCode: '430524101' },
    });
    // the same timer fired twice records its rung once
    expect(refusalOf(s, miss('consented', at(30)))).toMatchObject({ rule: 'not_yet_due' });
    s = run(s, miss('consented', at(60)), miss('consented', at(90)));
    expect(
      s.history
        .filter((h) => h.action === 'deadline_missed')
        .map((h) => [h.escalation!.level, h.escalation!.alertWorkflowOperator]),
    ).toEqual([
      ['township', false],
      ['county', false],
      ['county', true],
    ]);
    // acting restarts the clock and clears the escalation
    s = run(s, { type: 'planSubmitted', step: 'consented', at: at(95), by: cadre, plan: PLAN });
    expect(s).toMatchObject({ since: at(95), escalation: null });
    expect(pendingRelocationAction(s)).toMatchObject({ action: 'township_review', dueAt: at(105), escalatedTo: null });
  });

  it('a late county step alerts the county and the workflow operator at once', () => {
    const s = run(
      started(),
      { type: 'planSubmitted', step: 'consented', at: at(1), by: cadre, plan: PLAN },
      { type: 'approved', step: 'township_review', at: at(2), by: township },
      miss('county_approval', at(17)),
    );
    expect(s.history.at(-1)!.escalation).toMatchObject({ level: 'county', alertWorkflowOperator: true, times: 1 });
  });

  it('construction: each milestone and each tranche approval has its own clock; payments have none', () => {
    let s = approvedPlan();
    expect(pendingRelocationAction(s)).toMatchObject({ action: 'milestone', milestone: 'foundation', dueAt: at(183) });
    s = run(s, {
      type: 'milestoneRecorded',
      step: 'construction',
      at: at(10),
      by: supervisor,
      milestone: 'foundation',
      evidenceRef: 'E',
    });
    expect(pendingRelocationAction(s)).toMatchObject({
      action: 'tranche_approval',
      milestone: 'foundation',
      dueAt: at(20),
    });
    s = run(s, { type: 'trancheApproved', step: 'construction', at: at(11), by: office, milestone: 'foundation' });
    expect(pendingRelocationAction(s)).toMatchObject({
      kind: 'system',
      action: 'tranche_payment',
      amountFen: 2_400_000,
    });
    expect(refusalOf(s, miss('construction', at(400)))).toMatchObject({ rule: 'no_deadline' });
  });

  it('the reclamation is due a year after the move-in date, the follow-up 90 days after the reclamation', () => {
    let s = approvedPlan(MONETARY);
    s = run(
      s,
      { type: 'trancheApproved', step: 'lump_sum', at: at(4), by: office, milestone: 'lump_sum' },
      {
        type: 'tranchePaid',
        step: 'lump_sum',
        at: at(5),
        milestone: 'lump_sum',
        paymentRef: 'LS-1',
        amountFen: 6_000_000,
      },
      { type: 'movedIn', step: 'home_accepted', at: at(20), by: cadre, movedInOn: '2026-03-10' },
    );
    expect(s.since).toBe('2026-03-10T00:00:00.000Z');
    expect(pendingRelocationAction(s)).toMatchObject({ action: 'reclamation', dueAt: '2027-03-10T00:00:00.000Z' });
    s = run(s, miss('reclamation', '2027-03-10T00:00:00.000Z'));
    expect(s.history.at(-1)!.escalation).toMatchObject({ level: 'township', action: 'reclamation' });
    s = run(s, {
      type: 'reclamationRecorded',
      step: 'reclamation',
      at: '2027-04-01T00:00:00.000Z',
      by: cadre,
      evidenceRef: 'FK',
    });
    expect(pendingRelocationAction(s)).toMatchObject({ action: 'follow_up', dueAt: '2027-06-30T00:00:00.000Z' });
  });

  it('uses overridden deadlines', () => {
    const r = resolveRelocationConfig({ plan: 5, follow_up: 60 }, true);
    if (!r.ok) throw new Error(r.problems.join());
    expect(pendingRelocationAction(started(), r.config)).toMatchObject({
      dueAt: new Date(Date.parse(T0) + 5000).toISOString(),
    });
    expect(r.config.deadlineSeconds.follow_up).toBe(60);
    expect(r.config.deadlineSeconds.reclamation).toBe(365 * 86_400);
  });
});

describe('resolveRelocationConfig', () => {
  it('refuses unknown actions, bad seconds, and less than a day outside test mode', () => {
    const r = resolveRelocationConfig({ plan: 5, nap: 86_400, move_in: 0, follow_up: 1.5 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems).toHaveLength(4);
      expect(r.problems.join('\n')).toMatch(/plan: at least one day/);
      expect(r.problems.join('\n')).toMatch(/nap: not a relocation action/);
    }
    expect(resolveRelocationConfig({ follow_up: 90 * 86_400 })).toMatchObject({ ok: true });
  });
});

describe('labels', () => {
  it('has zh and en for every step', () => {
    for (const s of RELOCATION_STEPS) {
      expect(RELOCATION_STEP_LABELS[s]['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(RELOCATION_STEP_LABELS[s].en).toMatch(/[a-z]/);
    }
  });
});

describe('renovation cases (危房改造) on the same machine', () => {
  const application = { signedBy: '王户主', signedOn: '2026-02-28', documentRef: 'WG-2026-001' };
  const renovating = (subsidyFen = 3_500_001): RelocationCaseState => {
    const r = startRenovationCase({
      householdId: 'hh-2',
      villageCode: VILLAGE,
      consent: application,
      renovation: { plannedYear: 2026, grade: 'D', subsidyFen },
      by: cadre,
      at: T0,
    });
    if (!r.ok) throw new Error(r.refusal.message.en);
    return r.state;
  };
  const approved = () =>
    run(
      renovating(),
      { type: 'approved', step: 'township_review', at: at(1), by: township },
      { type: 'approved', step: 'county_approval', at: at(2), by: office },
    );
  const built = (state: RelocationCaseState, milestone: 'foundation' | 'roof' | 'acceptance', day: number) => {
    const t = state.tranches.find((x) => x.milestone === milestone)!;
    return run(
      state,
      {
        type: 'milestoneRecorded',
        step: 'construction',
        at: at(day),
        by: supervisor,
        milestone,
        evidenceRef: `EV-${milestone}`,
        ...(milestone === 'acceptance' ? { newGrade: 'A' as const } : {}),
      },
      { type: 'trancheApproved', step: 'construction', at: at(day + 1), by: office, milestone },
      {
        type: 'tranchePaid',
        step: 'construction',
        at: at(day + 2),
        milestone,
        paymentRef: `R-${milestone}`,
        amountFen: t.amountFen,
      },
    );
  };

  it('starts at the township review with its tranches split exactly from the subsidy by grade', () => {
    const s = renovating();
    expect(s).toMatchObject({
      kind: 'renovation',
      step: 'township_review',
      caseId: 'renovation-case:hh-2',
      plan: null,
    });
    expect(s.renovation).toMatchObject({ plannedYear: 2026, grade: 'D', newGrade: null });
    expect(s.tranches.map((t) => t.amountFen)).toEqual([1_050_000, 1_400_000, 1_050_001]);
    expect(pendingRelocationAction(s)).toMatchObject({ kind: 'human', action: 'township_review' });
  });

  it('refuses a start without the signed application, a grade A/B house, or zero subsidy', () => {
    const base = { householdId: 'hh-2', villageCode: VILLAGE, consent: application, by: cadre, at: T0 };
    const refused = (over: object) => {
      const r = startRenovationCase({ ...base, renovation: { plannedYear: 2026, grade: 'C', subsidyFen: 1 }, ...over });
      return r.ok ? null : r.refusal.rule;
    };
    expect(refused({ consent: { ...application, documentRef: ' ' } })).toBe('consent_document');
    expect(refused({ renovation: { plannedYear: 2026, grade: 'B', subsidyFen: 1 } })).toBe('house_not_dangerous');
    expect(refused({ renovation: { plannedYear: 2026, grade: 'C', subsidyFen: 0 } })).toBe('integer_fen');
    expect(refused({ renovation: { plannedYear: 26, grade: 'C', subsidyFen: 1 } })).toBe('planned_year');
    expect(refused({})).toBeNull();
  });

  it('is not sent back: a rejection with its reason ends it', () => {
    const s = renovating();
    expect(refusalOf(s, { type: 'sentBack', step: 'township_review', at: at(1), by: township, reason: 'x' }).rule).toBe(
      'no_send_back',
    );
    const r = run(s, { type: 'rejected', step: 'township_review', at: at(1), by: township, reason: '非危房' });
    expect(r.step).toBe('refused');
  });

  it('needs the new grade (A or B) at the acceptance inspection, then completes when the last tranche is paid', () => {
    let s = built(built(approved(), 'foundation', 3), 'roof', 6);
    const accept = { type: 'milestoneRecorded' as const, step: 'construction' as const, at: at(9), by: supervisor };
    expect(refusalOf(s, { ...accept, milestone: 'acceptance', evidenceRef: 'EV' }).rule).toBe('renovated_grade');
    expect(refusalOf(s, { ...accept, milestone: 'acceptance', evidenceRef: 'EV', newGrade: 'C' }).rule).toBe(
      'renovated_grade',
    );
    s = built(s, 'acceptance', 9);
    expect(s.step).toBe('completed');
    expect(s.renovation?.newGrade).toBe('A');
    expect(s.relocated).toBe(false);
    expect(s.movedInOn).toBeNull();
    expect(trancheTotals(s)).toMatchObject({ paidFen: 3_500_001, cancelledFen: 0 });
  });

  it('a relocation case ignores newGrade and never carries a renovation', () => {
    expect(approvedPlan().kind).toBe('relocation');
    expect(approvedPlan().renovation).toBeNull();
  });

  it('may be withdrawn during construction: unpaid tranches cancelled, nothing released', () => {
    const s = run(built(approved(), 'foundation', 3), {
      type: 'withdrawn',
      step: 'construction',
      at: at(7),
      by: cadre,
      reason: '农户自行外出务工',
    });
    expect(s.outcome).toMatchObject({ result: 'withdrawn', releasedSiteCode: null, cancelledFen: 2_450_001 });
  });
});
