import {
  MIN_ACCEPTANCE_SIGNERS,
  PROJECT_FUNDS_CHECKPOINT_LABELS,
  PROJECT_FUNDS_STEP_LABELS,
  PROJECT_FUNDS_STEPS,
  type ProjectFundsEvent,
  type ProjectFundsPrincipal,
  type ProjectFundsResult,
  type ProjectFundsState,
  type StartProjectFunds,
  applyProjectFundsEvent,
  implementerSubjects,
  pendingProjectFundsStep,
  projectActorRefusal,
  projectFundsSigner,
  projectFundsWorkflowId,
  startProjectFunds,
} from './project-funds';

const VILLAGE = '430524101201';
const PARTNER_CODE = '93430524MA4L00001R';
const ACCOUNT = 'acct-ref-0001';

const industry: ProjectFundsPrincipal = {
  subject: 'ind-1',
  name: '产业办甲',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'industry', divisionCode: '430524' },
};
const finance: ProjectFundsPrincipal = {
  subject: 'fin-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'finance', divisionCode: '430524' },
};
const countyApprover: ProjectFundsPrincipal = {
  subject: 'cty-1',
  role: 'county_approver',
  jurisdiction: { kind: 'division', code: '430524' },
};
const township: ProjectFundsPrincipal = { subject: 'twn-1', role: 'township_reviewer', jurisdiction: '430524101' };
const townshipIndustry: ProjectFundsPrincipal = {
  subject: 'twn-ind-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'industry', divisionCode: '430524101' },
};
const villageCadre: ProjectFundsPrincipal = { subject: 'vil-1', role: 'village_cadre', jurisdiction: VILLAGE };

const committee = [
  { subject: 'expert-1', name: '张三' },
  { subject: 'expert-2', name: '李四' },
  { subject: 'villager-1', name: '王五' },
];

const startInput: StartProjectFunds = {
  projectId: 'p-1',
  villageCode: VILLAGE,
  budgetFen: 50_000_000,
  partner: { creditCode: PARTNER_CODE.toLowerCase(), accountRef: ` ${ACCOUNT} `, name: '某某种植专业合作社' },
  implementer: { kind: 'partner', contactSubject: 'partner-contact' },
  by: industry,
  at: '2025-03-01T08:00:00.000Z',
};

function ok(r: ProjectFundsResult): ProjectFundsState {
  if (!r.ok) throw new Error(`refused: ${r.refusal.rule} ${r.refusal.message.en}`);
  return r.state;
}

function refused(r: ProjectFundsResult) {
  if (r.ok) throw new Error(`accepted at step ${r.state.step}`);
  return r.refusal;
}

type EventOf<T extends ProjectFundsEvent['type']> = Extract<ProjectFundsEvent, { type: T }>;
type Happy = 'allocated' | 'implementationStarted' | 'accepted' | 'noticePublished' | 'noticeClosed' | 'disbursed';
const EVENTS: { [T in Happy]: EventOf<T> } = {
  allocated: { type: 'allocated', by: finance, amountFen: 40_000_000, at: '2025-03-10T02:00:00.000Z' },
  implementationStarted: {
    type: 'implementationStarted',
    by: township,
    startedOn: '2025-03-15',
    at: '2025-03-16T02:00:00.000Z',
  },
  accepted: { type: 'accepted', committee, evidenceRef: 'acceptance-report-1', at: '2025-09-01T02:00:00.000Z' },
  noticePublished: { type: 'noticePublished', noticeId: 'notice-1', at: '2025-09-02T02:00:00.000Z' },
  noticeClosed: { type: 'noticeClosed', noticeId: 'notice-1', objectionUpheld: false, at: '2025-09-12T02:00:00.000Z' },
  disbursed: {
    type: 'disbursed',
    by: finance,
    amountFen: 39_000_000,
    paymentRef: 'pay-1',
    toAccountRef: ACCOUNT,
    at: '2025-09-15T02:00:00.000Z',
  },
};
const ORDER: Happy[] = [
  'allocated',
  'implementationStarted',
  'accepted',
  'noticePublished',
  'noticeClosed',
  'disbursed',
];

const started = () => ok(startProjectFunds(startInput));
/** The state after the first `n` checkpoints of the happy path. */
function after(n: number): ProjectFundsState {
  return ORDER.slice(0, n).reduce((s, type) => ok(applyProjectFundsEvent(s, EVENTS[type])), started());
}

describe('startProjectFunds (项目入库)', () => {
  it('registers the project at allocation, normalizing the partner and recording the signer', () => {
    const s = started();
    expect(s.workflowId).toBe('project-funds:p-1');
    expect(projectFundsWorkflowId('x')).toBe('project-funds:x');
    expect(s.step).toBe('allocation');
    expect(s.divisionCode).toBe(VILLAGE);
    expect(s.level).toBe('village');
    expect(s.partner).toEqual({ creditCode: PARTNER_CODE, accountRef: ACCOUNT, name: '某某种植专业合作社' });
    expect(s.history).toEqual([
      {
        checkpoint: 'registered',
        step: null,
        to: 'allocation',
        by: { subject: 'ind-1', name: '产业办甲', role: 'department_officer', jurisdiction: 'dept:industry@430524' },
        at: startInput.at,
      },
    ]);
  });

  it('accepts a township project and the county approver as registrar', () => {
    const s = ok(
      startProjectFunds({ ...startInput, villageCode: undefined, townshipCode: '430524101', by: countyApprover }),
    );
    expect(s.level).toBe('township');
    expect(s.history[0].by).toEqual({ subject: 'cty-1', role: 'county_approver', jurisdiction: '430524' });
  });

  it.each([
    [{ projectId: ' ' }, 'project_required', 'projectId'],
    [{ villageCode: '4305241012' }, 'invalid_division', 'villageCode'],
    [{ townshipCode: '430524101' }, 'invalid_division', 'villageCode'], // both given
    [{ villageCode: undefined }, 'invalid_division', 'villageCode'], // none given
    [{ budgetFen: 0 }, 'budget_fen', 'budgetFen'],
    [{ budgetFen: 10.5 }, 'budget_fen', 'budgetFen'],
    [{ at: 'yesterday' }, 'invalid_time', 'at'],
    [{ partner: { creditCode: '93430524MA4L000012', accountRef: ACCOUNT } }, 'credit_code_check', 'partner.creditCode'],
    [{ partner: { creditCode: PARTNER_CODE, accountRef: ' ' } }, 'account_ref_required', 'partner.accountRef'],
    [{ implementer: { kind: 'person', subject: '' } }, 'implementer_required', 'implementer'],
    [{ by: township }, 'wrong_role', 'by'],
    [{ by: finance }, 'wrong_role', 'by'],
  ] as const)('refuses %j with %s', (patch, rule, field) => {
    const r = refused(startProjectFunds({ ...startInput, ...(patch as Partial<StartProjectFunds>) }));
    expect([r.rule, r.field]).toEqual([rule, field]);
  });

  it('refuses a registrar of another county', () => {
    const other = {
      ...industry,
      jurisdiction: { kind: 'department' as const, department: 'industry', divisionCode: '430525' },
    };
    expect(refused(startProjectFunds({ ...startInput, by: other })).rule).toBe('out_of_jurisdiction');
  });
});

describe('the happy path: four signed checkpoints and the notice', () => {
  it('walks allocation → implementation → acceptance → notice → publicity → disbursement → disbursed', () => {
    const steps = ORDER.map((_, i) => after(i + 1).step);
    expect(steps).toEqual(['implementation', 'acceptance', 'notice', 'publicity', 'disbursement', 'disbursed']);
  });

  it('keeps every signature with who and when', () => {
    const s = after(6);
    expect(s.history.map((e) => [e.checkpoint, typeof e.by === 'string' ? e.by : e.by.subject, e.at])).toEqual([
      ['registered', 'ind-1', '2025-03-01T08:00:00.000Z'],
      ['allocated', 'fin-1', '2025-03-10T02:00:00.000Z'],
      ['implementationStarted', 'twn-1', '2025-03-16T02:00:00.000Z'],
      ['accepted', 'committee', '2025-09-01T02:00:00.000Z'],
      ['noticePublished', 'system', '2025-09-02T02:00:00.000Z'],
      ['noticeClosed', 'system', '2025-09-12T02:00:00.000Z'],
      ['disbursed', 'fin-1', '2025-09-15T02:00:00.000Z'],
    ]);
    expect(s.history[3].committee).toEqual(committee);
    expect(s.history[3].evidenceRef).toBe('acceptance-report-1');
    expect(s.history[6]).toMatchObject({ amountFen: 39_000_000, paymentRef: 'pay-1', toAccountRef: ACCOUNT });
    expect(s.allocation).toMatchObject({ amountFen: 40_000_000, at: '2025-03-10T02:00:00.000Z' });
    expect(s.implementation).toMatchObject({ startedOn: '2025-03-15' });
    expect(s.notices).toEqual([
      {
        noticeId: 'notice-1',
        publishedAt: '2025-09-02T02:00:00.000Z',
        closedAt: '2025-09-12T02:00:00.000Z',
        objectionUpheld: false,
      },
    ]);
    expect(s.disbursement).toEqual({
      amountFen: 39_000_000,
      paymentRef: 'pay-1',
      toAccountRef: ACCOUNT,
      by: { subject: 'fin-1', role: 'department_officer', jurisdiction: 'dept:finance@430524' },
      at: '2025-09-15T02:00:00.000Z',
    });
  });

  it('does not change the state it was given', () => {
    const s = after(2);
    const copy = JSON.parse(JSON.stringify(s));
    applyProjectFundsEvent(s, EVENTS.accepted);
    expect(s).toEqual(copy);
  });

  it('labels every step and checkpoint in both languages', () => {
    for (const step of PROJECT_FUNDS_STEPS) expect(PROJECT_FUNDS_STEP_LABELS[step]['zh-CN']).toBeTruthy();
    expect(PROJECT_FUNDS_CHECKPOINT_LABELS.disbursed).toEqual({ 'zh-CN': '资金拨付', en: 'disbursement' });
  });
});

describe('checkpoint order', () => {
  it.each([
    [0, 'implementationStarted', 'allocated'],
    [0, 'disbursed', 'allocated'],
    [1, 'accepted', 'implementationStarted'],
    [2, 'noticePublished', 'accepted'],
    [2, 'disbursed', 'accepted'],
    [3, 'disbursed', 'noticePublished'],
    [4, 'disbursed', 'noticeClosed'],
    [3, 'noticeClosed', 'noticePublished'],
  ])('after %i checkpoints, %s is refused naming %s', (n, type, missing) => {
    const r = refused(applyProjectFundsEvent(after(n), EVENTS[type as Happy]));
    expect(r.rule).toBe('checkpoint_order');
    expect(r.missing).toBe(missing);
    expect(r.field).toBe('type');
    expect(r.message['zh-CN']).toContain(PROJECT_FUNDS_CHECKPOINT_LABELS[missing as 'allocated']['zh-CN']);
  });

  it.each([
    [1, 'allocated'],
    [3, 'accepted'],
    [4, 'noticePublished'],
    [5, 'noticeClosed'],
    [6, 'implementationStarted'],
  ])('after %i checkpoints, %s again is checkpoint_repeated', (n, type) => {
    expect(refused(applyProjectFundsEvent(after(n), EVENTS[type as Happy])).rule).toBe('checkpoint_repeated');
  });

  it('refuses a rectification without an upheld objection', () => {
    const e: ProjectFundsEvent = { type: 'rectified', by: industry, evidenceRef: 'r', at: '2025-09-13T00:00:00.000Z' };
    expect(refused(applyProjectFundsEvent(after(5), e)).rule).toBe('no_objection');
  });

  it('refuses an unknown event and a time before the last entry', () => {
    const unknown = { type: 'paid', at: '2025-09-13T00:00:00.000Z' } as unknown as ProjectFundsEvent;
    expect(refused(applyProjectFundsEvent(after(5), unknown)).rule).toBe('unknown_event');
    const early = { ...EVENTS.allocated, at: '2025-02-01T00:00:00.000Z' };
    expect(refused(applyProjectFundsEvent(started(), early)).rule).toBe('time_before_last');
    expect(refused(applyProjectFundsEvent(started(), { ...EVENTS.allocated, at: 'soon' })).rule).toBe('invalid_time');
  });
});

describe('资金安排 allocation', () => {
  it('is signed by county finance or the county poverty office (county approver)', () => {
    const s = ok(applyProjectFundsEvent(started(), { ...EVENTS.allocated, by: countyApprover }));
    expect(s.allocation?.by.role).toBe('county_approver');
  });

  it.each([
    [industry, 'wrong_role'],
    [township, 'wrong_role'],
    [{ ...finance, jurisdiction: { kind: 'department' as const, department: 'finance' } }, 'wrong_level'],
    [
      { ...finance, jurisdiction: { kind: 'department' as const, department: 'finance', divisionCode: '430524101' } },
      'wrong_level',
    ],
    [{ ...countyApprover, jurisdiction: '430525' }, 'out_of_jurisdiction'],
  ])('refuses %j', (by, rule) => {
    expect(refused(applyProjectFundsEvent(started(), { ...EVENTS.allocated, by })).rule).toBe(rule);
  });

  it('accepts the whole budget and refuses one fen above it', () => {
    expect(ok(applyProjectFundsEvent(started(), { ...EVENTS.allocated, amountFen: 50_000_000 })).step).toBe(
      'implementation',
    );
    const r = refused(applyProjectFundsEvent(started(), { ...EVENTS.allocated, amountFen: 50_000_001 }));
    expect([r.rule, r.field]).toEqual(['over_budget', 'amountFen']);
    expect(r.message['zh-CN']).toBe('安排金额500000.01元超过项目预算500000.00元');
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses the amount %p', (amountFen) => {
    expect(refused(applyProjectFundsEvent(started(), { ...EVENTS.allocated, amountFen })).rule).toBe('integer_fen');
  });
});

describe('项目实施 start of implementation', () => {
  it('is signed by the township reviewer or a township officer of industry or finance', () => {
    expect(ok(applyProjectFundsEvent(after(1), { ...EVENTS.implementationStarted, by: townshipIndustry })).step).toBe(
      'acceptance',
    );
  });

  it.each([
    [villageCadre, 'wrong_role'],
    [finance, 'wrong_level'], // a county finance officer is not the township
    [{ ...township, jurisdiction: '430524102' }, 'out_of_jurisdiction'],
    [
      {
        ...townshipIndustry,
        jurisdiction: { kind: 'department' as const, department: 'health', divisionCode: '430524101' },
      },
      'wrong_role',
    ],
  ])('refuses %j', (by, rule) => {
    expect(refused(applyProjectFundsEvent(after(1), { ...EVENTS.implementationStarted, by })).rule).toBe(rule);
  });

  it.each(['2025-03-09', '2025-03-17', '2025-02-30', '15/03/2025'])('refuses the start date %s', (startedOn) => {
    const r = refused(applyProjectFundsEvent(after(1), { ...EVENTS.implementationStarted, startedOn }));
    expect([r.rule, r.field]).toEqual(['start_date', 'startedOn']);
  });

  it('tells "the day it is recorded" in China Standard Time, not UTC', () => {
    const late = { ...EVENTS.implementationStarted, startedOn: '2025-03-17' };
    // 2025-03-16T17:00Z is 01:00 on 17 March in Shanghai; 15:00Z is still 16 March there
    expect(
      ok(applyProjectFundsEvent(after(1), { ...late, at: '2025-03-16T17:00:00.000Z' })).implementation,
    ).toMatchObject({ startedOn: '2025-03-17' });
    expect(refused(applyProjectFundsEvent(after(1), { ...late, at: '2025-03-16T15:00:00.000Z' })).rule).toBe(
      'start_date',
    );
  });

  it('accepts a start on the allocation day and on the day it is recorded', () => {
    for (const startedOn of ['2025-03-10', '2025-03-16'])
      expect(ok(applyProjectFundsEvent(after(1), { ...EVENTS.implementationStarted, startedOn })).step).toBe(
        'acceptance',
      );
  });
});

describe('项目验收 acceptance by a committee', () => {
  const accept = (members: { subject: string; name: string }[], state = after(2)) =>
    applyProjectFundsEvent(state, { ...EVENTS.accepted, committee: members });

  it(`needs at least ${MIN_ACCEPTANCE_SIGNERS} signers`, () => {
    const r = refused(accept(committee.slice(0, 2)));
    expect([r.rule, r.field]).toEqual(['committee_too_small', 'committee']);
    expect(r.message.en).toBe('the acceptance needs at least 3 signers, got 2');
    expect(refused(accept([])).rule).toBe('committee_too_small');
    expect(ok(accept([...committee, { subject: 'expert-3', name: '赵六' }])).acceptance?.committee).toHaveLength(4);
  });

  it('refuses a signer twice (three entries, two people)', () => {
    const r = refused(accept([committee[0], committee[1], { ...committee[0], name: '张三（复）' }]));
    expect([r.rule, r.field]).toEqual(['duplicate_signer', 'committee[2]']);
  });

  it("refuses the partner's contact person and the partner itself", () => {
    const contact = refused(accept([...committee.slice(0, 2), { subject: 'partner-contact', name: '负责人' }]));
    expect([contact.rule, contact.field]).toEqual(['signer_is_implementer', 'committee[2]']);
    const partner = refused(accept([{ subject: PARTNER_CODE.toLowerCase(), name: '合作社' }, ...committee]));
    expect(partner.rule).toBe('signer_is_implementer');
  });

  it('refuses the implementing person', () => {
    const byPerson = ok(
      startProjectFunds({ ...startInput, implementer: { kind: 'person', subject: 'farmer-9', name: '能人' } }),
    );
    const ready = (['allocated', 'implementationStarted'] as Happy[]).reduce(
      (s, t) => ok(applyProjectFundsEvent(s, EVENTS[t])),
      byPerson,
    );
    expect(implementerSubjects(ready)).toEqual(['farmer-9']);
    expect(refused(accept([...committee.slice(1), { subject: 'farmer-9', name: '能人' }], ready)).rule).toBe(
      'signer_is_implementer',
    );
    expect(ok(accept(committee, ready)).step).toBe('notice'); // the partner's contact is no implementer here
  });

  it('needs every signer named and an evidence reference', () => {
    expect(refused(accept([...committee.slice(0, 2), { subject: 'x', name: ' ' }])).rule).toBe('signer_named');
    expect(refused(accept([...committee.slice(0, 2), { subject: '', name: '某' }])).field).toBe('committee[2]');
    const noEvidence = refused(applyProjectFundsEvent(after(2), { ...EVENTS.accepted, evidenceRef: '' }));
    expect([noEvidence.rule, noEvidence.field]).toEqual(['evidence_required', 'evidenceRef']);
  });
});

describe('资金公告公示 the notice and its objections', () => {
  const closed = (objectionUpheld: boolean) =>
    applyProjectFundsEvent(after(4), { ...EVENTS.noticeClosed, objectionUpheld });

  it('closes only the open notice', () => {
    const r = refused(applyProjectFundsEvent(after(4), { ...EVENTS.noticeClosed, noticeId: 'notice-2' }));
    expect([r.rule, r.field]).toEqual(['unknown_notice', 'noticeId']);
    const flag = { ...EVENTS.noticeClosed, objectionUpheld: undefined } as unknown as ProjectFundsEvent;
    expect(refused(applyProjectFundsEvent(after(4), flag)).rule).toBe('objection_flag');
  });

  it('needs a notice id', () => {
    expect(refused(applyProjectFundsEvent(after(3), { ...EVENTS.noticePublished, noticeId: ' ' })).rule).toBe(
      'notice_id_required',
    );
  });

  it('an upheld objection blocks the payment until rectification and a new notice', () => {
    const blocked = ok(closed(true));
    expect(blocked.step).toBe('rectification');
    expect(refused(applyProjectFundsEvent(blocked, EVENTS.disbursed)).rule).toBe('objection_upheld');
    const early = refused(applyProjectFundsEvent(blocked, { ...EVENTS.noticePublished, noticeId: 'notice-2' }));
    expect([early.rule, early.missing]).toEqual(['checkpoint_order', 'rectified']);
    expect(refused(applyProjectFundsEvent(blocked, EVENTS.noticeClosed)).rule).toBe('checkpoint_repeated');

    const rectify = { type: 'rectified', by: industry, evidenceRef: 'fix-1', at: '2025-09-20T00:00:00.000Z' } as const;
    expect(refused(applyProjectFundsEvent(blocked, { ...rectify, by: finance })).rule).toBe('wrong_role');
    expect(refused(applyProjectFundsEvent(blocked, { ...rectify, evidenceRef: '' })).rule).toBe('evidence_required');
    const fixed = ok(applyProjectFundsEvent(blocked, rectify));
    expect(fixed.step).toBe('notice');
    expect(fixed.history[fixed.history.length - 1]).toMatchObject({ checkpoint: 'rectified', evidenceRef: 'fix-1' });

    const reused = { ...EVENTS.noticePublished, at: '2025-09-21T00:00:00.000Z' };
    expect(refused(applyProjectFundsEvent(fixed, reused)).rule).toBe('notice_reused');
    const again = [
      { ...reused, noticeId: 'notice-2' },
      { ...EVENTS.noticeClosed, noticeId: 'notice-2', at: '2025-10-01T00:00:00.000Z' },
      { ...EVENTS.disbursed, at: '2025-10-02T00:00:00.000Z' },
    ].reduce((s, e) => ok(applyProjectFundsEvent(s, e)), fixed);
    expect(again.step).toBe('disbursed');
    expect(again.notices.map((n) => [n.noticeId, n.objectionUpheld])).toEqual([
      ['notice-1', true],
      ['notice-2', false],
    ]);
  });
});

describe('资金拨付 disbursement', () => {
  const pay = (patch: Partial<Extract<ProjectFundsEvent, { type: 'disbursed' }>>, n = 5) =>
    applyProjectFundsEvent(after(n), { ...EVENTS.disbursed, ...patch } as ProjectFundsEvent);

  it('is signed by county finance only', () => {
    expect(refused(pay({ by: countyApprover })).rule).toBe('wrong_role');
    expect(refused(pay({ by: industry })).rule).toBe('wrong_role');
  });

  it('pays at most the allocation', () => {
    expect(ok(pay({ amountFen: 40_000_000 })).disbursement?.amountFen).toBe(40_000_000);
    const r = refused(pay({ amountFen: 40_000_001 }));
    expect([r.rule, r.field]).toEqual(['over_allocation', 'amountFen']);
    expect(refused(pay({ amountFen: 0 })).rule).toBe('integer_fen');
  });

  it("pays only to the partner's account reference", () => {
    const r = refused(pay({ toAccountRef: 'acct-other' }));
    expect([r.rule, r.field]).toEqual(['wrong_account', 'toAccountRef']);
    expect(ok(pay({ toAccountRef: ` ${ACCOUNT} ` })).disbursement?.toAccountRef).toBe(ACCOUNT);
  });

  it('needs a payment reference', () => {
    expect(refused(pay({ paymentRef: ' ' })).rule).toBe('payment_ref_required');
  });

  it('pays exactly once: a second payment, same or other reference, gets the first back', () => {
    const paid = after(6);
    for (const paymentRef of ['pay-1', 'pay-2']) {
      const r = refused(
        applyProjectFundsEvent(paid, { ...EVENTS.disbursed, paymentRef, at: '2025-09-16T00:00:00.000Z' }),
      );
      expect(r.rule).toBe('already_disbursed');
      expect(r.payment).toEqual(paid.disbursement);
      expect(r.message.en).toContain('pay-1');
    }
  });
});

describe('pendingProjectFundsStep (inbox)', () => {
  it('names who must act next, with the division they act for', () => {
    expect(pendingProjectFundsStep(started())).toEqual({
      kind: 'human',
      step: 'allocation',
      checkpoint: 'allocated',
      actors: [
        { role: 'department_officer', level: 'county', departments: ['finance'], divisionCode: '430524' },
        { role: 'county_approver', level: 'county', divisionCode: '430524' },
      ],
      since: '2025-03-01T08:00:00.000Z',
    });
    const township = pendingProjectFundsStep(after(1));
    expect(township.kind === 'human' && township.actors.map((a) => [a.role, a.divisionCode])).toEqual([
      ['township_reviewer', '430524101'],
      ['department_officer', '430524101'],
    ]);
  });

  it('names the committee with the subjects that may not sign', () => {
    expect(pendingProjectFundsStep(after(2))).toEqual({
      kind: 'committee',
      step: 'acceptance',
      checkpoint: 'accepted',
      divisionCode: VILLAGE,
      minSigners: 3,
      excludedSubjects: [PARTNER_CODE, 'partner-contact'],
      since: '2025-03-16T02:00:00.000Z',
    });
  });

  it('leaves the notice to notice-service, then asks finance to pay, then nothing', () => {
    expect(pendingProjectFundsStep(after(3))).toMatchObject({ kind: 'system', checkpoint: 'noticePublished' });
    expect(pendingProjectFundsStep(after(4))).toMatchObject({
      kind: 'system',
      checkpoint: 'noticeClosed',
      noticeId: 'notice-1',
    });
    expect(pendingProjectFundsStep(after(5))).toMatchObject({ kind: 'human', checkpoint: 'disbursed' });
    expect(pendingProjectFundsStep(after(6))).toEqual({ kind: 'none' });
  });

  it('asks the county industry office for the rectification', () => {
    const blocked = ok(applyProjectFundsEvent(after(4), { ...EVENTS.noticeClosed, objectionUpheld: true }));
    expect(pendingProjectFundsStep(blocked)).toMatchObject({ kind: 'human', checkpoint: 'rectified' });
  });
});

describe('actors', () => {
  it('records a signer with its jurisdiction label', () => {
    expect(projectFundsSigner(township)).toEqual({
      subject: 'twn-1',
      role: 'township_reviewer',
      jurisdiction: '430524101',
    });
    expect(
      projectFundsSigner({ ...finance, jurisdiction: { kind: 'department', department: 'finance' } }).jurisdiction,
    ).toBe('dept:finance@unknown');
  });

  it('refuses a missing principal as wrong_role', () => {
    const r = projectActorRefusal(
      [{ role: 'county_approver', level: 'county' }],
      { 'zh-CN': '甲', en: 'a' },
      undefined,
      VILLAGE,
    );
    expect(r?.rule).toBe('wrong_role');
  });
});
