import type { ProjectFundsPrincipal } from '@fupin/industry-rules';
import { readRefusal } from '@fupin/workflows';
import type { ProjectFundsInput } from './definitions';
import { commands } from './handlers';
import { noticeSigner, ProjectFunds, type ProjectFundsCommand } from './state';

const VILLAGE = '430524101201';
const PARTNER_CODE = '93430524MA4L00001R';
const ACCOUNT = 'acct-ref-0001';
const industryOffice: ProjectFundsPrincipal = {
  subject: 'ind-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'industry', divisionCode: '430524' },
};
const finance: ProjectFundsPrincipal = {
  subject: 'fin-1',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'finance', divisionCode: '430524' },
};
const otherFinance: ProjectFundsPrincipal = {
  subject: 'fin-9',
  role: 'department_officer',
  jurisdiction: { kind: 'department', department: 'finance', divisionCode: '430525' },
};
const township: ProjectFundsPrincipal = { subject: 'twn-1', role: 'township_reviewer', jurisdiction: '430524101' };
const countyApprover: ProjectFundsPrincipal = {
  subject: 'cty-1',
  role: 'county_approver',
  jurisdiction: { kind: 'division', code: '430524' },
};
const cadre: ProjectFundsPrincipal = { subject: 'vil-1', role: 'village_cadre', jurisdiction: VILLAGE };
const committee = [
  { subject: 'expert-1', name: '张三' },
  { subject: 'expert-2', name: '李四' },
  { subject: 'villager-1', name: '王五' },
];
const T0 = Date.parse('2026-03-01T00:00:00.000Z');
const HOUR = 3_600_000;

function input(): ProjectFundsInput {
  return {
    project: {
      projectId: '5b1e2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      villageCode: VILLAGE,
      budgetFen: 50_000_000,
      partner: { creditCode: PARTNER_CODE, accountRef: ACCOUNT, name: '某某种植专业合作社' },
      implementer: { kind: 'partner', contactSubject: 'partner-contact' },
      by: industryOffice,
      at: new Date(T0).toISOString(),
    },
    notice: {
      kind: 'village_notice',
      divisionCode: VILLAGE,
      durationSeconds: 604_800,
      title: { 'zh-CN': '产业项目资金公告', en: 'Industry project funds notice' },
      entries: [
        {
          entryId: '3f8b2c1e-0d6a-4e59-9b1a-7c2d4e5f6a7b',
          headName: '王建国',
          headIdNumber: '430524198001011234',
          villageCode: VILLAGE,
          memberCount: 3,
          decision: '项目受益户',
          reason: '入股分红',
        },
      ],
    },
  };
}

/** A project with a clock the test moves. */
function projectAt() {
  const clock = { now: T0 + HOUR };
  const c = new ProjectFunds(input(), () => clock.now);
  /** Decide and commit, as a handler does once industry-service has recorded the change. */
  const apply = (command: ProjectFundsCommand) => {
    const next = c.decide(command);
    const progress = c.progress(next);
    c.commit(next);
    return progress;
  };
  return { c, clock, apply };
}

/** Allocated, started and accepted: the funds notice is due. */
function accepted() {
  const p = projectAt();
  p.apply(commands.allocate({ amountFen: 40_000_000, signer: finance }));
  p.apply(commands.startImplementation({ startedOn: '2026-03-01', signer: township }));
  p.apply(commands.accept({ committee, evidenceRef: 'acceptance-report-1', signer: industryOffice }));
  return p;
}

function refusalOf(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    return readRefusal(e);
  }
  throw new Error('expected a refusal');
}

const disburse = (c: ProjectFunds, amountFen: number, paymentRef?: string) =>
  commands.disburse({ amountFen, signer: finance }, c.state.partner.accountRef, paymentRef);

describe('the project funds as workflow state', () => {
  it('starts at the allocation with the finance office or the county poverty office awaited', () => {
    const { c } = projectAt();
    const view = c.view();
    expect(view).toMatchObject({
      workflowId: `project-funds:${input().project.projectId}`,
      projectId: input().project.projectId,
      step: 'allocation',
      objectionsAwaiting: 0,
      pending: { kind: 'human', checkpoint: 'allocated' },
    });
    expect(view.pending.kind === 'human' && view.pending.actors.map((a) => [a.role, a.divisionCode])).toEqual([
      ['department_officer', '430524'],
      ['county_approver', '430524'],
    ]);
    expect(c.noticeDue()).toBe(false);
    expect(c.finished()).toBe(false);
  });

  it('refuses from state, typed with the status the HTTP side answers', () => {
    const { c } = projectAt();
    expect(refusalOf(() => c.decide(commands.allocate({ amountFen: 1, signer: cadre })))).toMatchObject({
      code: 'industry.wrong_role',
      status: 403,
      field: 'by',
    });
    expect(refusalOf(() => c.decide(commands.allocate({ amountFen: 1, signer: otherFinance })))).toMatchObject({
      code: 'industry.out_of_jurisdiction',
      status: 403,
    });
    expect(refusalOf(() => c.decide(commands.allocate({ amountFen: 0.5, signer: finance })))).toMatchObject({
      code: 'industry.integer_fen',
      status: 400,
      field: 'amountFen',
    });
    expect(refusalOf(() => c.decide(commands.allocate({ amountFen: 50_000_001, signer: finance })))).toMatchObject({
      code: 'industry.over_budget',
      status: 422,
    });
    const early = refusalOf(() =>
      c.decide(commands.startImplementation({ startedOn: '2026-03-01', signer: township })),
    );
    expect(early).toMatchObject({ code: 'industry.checkpoint_order', status: 409, data: { missing: 'allocated' } });
    expect(early.message['zh-CN']).toContain('资金安排');
  });

  it('decide does not move the project; commit does, and the progress carries only the new entries', () => {
    const { c, apply } = projectAt();
    c.decide(commands.allocate({ amountFen: 40_000_000, signer: countyApprover }));
    expect(c.state.step).toBe('allocation');
    const progress = apply(commands.allocate({ amountFen: 40_000_000, signer: countyApprover }));
    expect(progress).toMatchObject({
      projectId: input().project.projectId,
      step: 'implementation',
      fromSeq: 1,
      allocatedFen: 40_000_000,
      noticeId: null,
    });
    expect(progress.entries.map((e) => e.checkpoint)).toEqual(['allocated']);
    expect(c.version).toBe(1);
    expect(refusalOf(() => c.decide(commands.allocate({ amountFen: 1, signer: finance })))).toMatchObject({
      code: 'industry.checkpoint_repeated',
      status: 409,
    });
  });

  it('refuses an acceptance committee too small, with the implementer, or twice the same signer (422)', () => {
    const { c, apply } = projectAt();
    apply(commands.allocate({ amountFen: 40_000_000, signer: finance }));
    apply(commands.startImplementation({ startedOn: '2026-03-01', signer: township }));
    const accept = (members: typeof committee, evidenceRef = 'report-1') =>
      refusalOf(() => c.decide(commands.accept({ committee: members, evidenceRef, signer: industryOffice })));
    expect(accept(committee.slice(0, 2))).toMatchObject({ code: 'industry.committee_too_small', status: 422 });
    expect(accept([...committee.slice(0, 2), { subject: 'partner-contact', name: '赵六' }])).toMatchObject({
      code: 'industry.signer_is_implementer',
      status: 422,
      field: 'committee[2]',
    });
    expect(accept([...committee.slice(0, 2), { subject: PARTNER_CODE, name: '合作社' }])).toMatchObject({
      code: 'industry.signer_is_implementer',
      status: 422,
    });
    expect(accept([...committee, committee[0]])).toMatchObject({ code: 'industry.duplicate_signer', status: 422 });
    expect(accept(committee, ' ')).toMatchObject({ code: 'industry.evidence_required', status: 400 });
    expect(accept([{ subject: 'x', name: '' }, ...committee])).toMatchObject({
      code: 'industry.signer_named',
      status: 400,
    });
  });

  it('owes the funds notice after the acceptance, opened by notice-service under the id the workflow chose', () => {
    const { c, apply } = accepted();
    expect(c.state.step).toBe('notice');
    expect(c.noticeDue()).toBe(true);
    expect(c.view().pending).toMatchObject({ kind: 'system', checkpoint: 'noticePublished' });
    const notice = c.noticeInput('notice-1', 'project-funds:x');
    expect(notice).toEqual({
      noticeId: 'notice-1',
      kind: 'village_notice',
      procedure: 'industry',
      divisionCode: VILLAGE,
      title: input().notice.title,
      entries: input().notice.entries,
      durationSeconds: 604_800,
      ownerWorkflowId: 'project-funds:x',
    });
    expect(c.openNoticeId()).toBeNull();
    const published = apply({ type: 'noticePublished', noticeId: 'notice-1' });
    expect(published).toMatchObject({ step: 'publicity', noticeId: 'notice-1', allocatedFen: 40_000_000 });
    expect(c.noticeDue()).toBe(false);
    expect(c.openNoticeId()).toBe('notice-1');
    // no payment while the notice is open
    expect(refusalOf(() => c.decide(disburse(c, 1)))).toMatchObject({
      code: 'industry.checkpoint_order',
      status: 409,
      data: { missing: 'noticeClosed' },
    });
  });

  it('re-examines the objections the notice closed with: upheld → rectification → a new notice due', () => {
    const { c, apply } = accepted();
    apply({ type: 'noticePublished', noticeId: 'notice-1' });
    const reexamine = { outcome: 'upheld' as const, reason: '受益户名单有误', signer: township };
    expect(refusalOf(() => c.reexamination(reexamine))).toMatchObject({
      code: 'industry.no_objections_awaiting',
      status: 409,
    });
    c.closedWithObjections(2, [
      { objectionId: 'o-1', entryId: null, text: '名单不实' },
      { objectionId: 'o-2', entryId: null, text: '金额有误' },
    ]);
    expect(c.view().objectionsAwaiting).toBe(2);
    expect(c.openNoticeId()).toBeNull(); // closed already: the main line does not close it again
    expect(refusalOf(() => c.reexamination({ ...reexamine, signer: finance }))).toMatchObject({
      code: 'industry.wrong_role',
      status: 403,
    });
    expect(refusalOf(() => c.reexamination({ ...reexamine, reason: ' ' }))).toMatchObject({
      code: 'industry.reason_required',
      status: 400,
      field: 'reason',
    });
    expect(c.reexamination({ ...reexamine, signer: countyApprover })).toEqual({
      type: 'noticeClosed',
      noticeId: 'notice-1',
      objectionUpheld: true,
    });
    const closed = apply(c.reexamination(reexamine));
    expect(closed).toMatchObject({ step: 'rectification', noticeId: 'notice-1' });
    expect(closed.entries).toMatchObject([{ checkpoint: 'noticeClosed', objectionUpheld: true, by: 'system' }]);
    expect(c.view().objectionsAwaiting).toBe(0);
    expect(c.objections()).toEqual([]);
    expect(refusalOf(() => c.decide(disburse(c, 1)))).toMatchObject({ code: 'industry.objection_upheld', status: 409 });
    expect(refusalOf(() => c.decide(commands.rectify({ evidenceRef: 'rect-1', signer: finance })))).toMatchObject({
      code: 'industry.wrong_role',
      status: 403,
    });
    apply(commands.rectify({ evidenceRef: 'rect-1', signer: industryOffice }));
    expect(c.noticeDue()).toBe(true);
    expect(refusalOf(() => c.decide({ type: 'noticePublished', noticeId: 'notice-1' }))).toMatchObject({
      code: 'industry.notice_reused',
    });
    expect(apply({ type: 'noticePublished', noticeId: 'notice-2' })).toMatchObject({ noticeId: 'notice-2' });
    expect(c.state.notices.map((n) => [n.noticeId, n.objectionUpheld])).toEqual([
      ['notice-1', true],
      ['notice-2', null],
    ]);
  });

  it('disburses once, never above the allocation, to the partner account only', () => {
    const { c, apply } = accepted();
    apply({ type: 'noticePublished', noticeId: 'notice-1' });
    apply({ type: 'noticeClosed', noticeId: 'notice-1', objectionUpheld: false });
    expect(c.view().pending).toMatchObject({ kind: 'human', checkpoint: 'disbursed' });
    expect(refusalOf(() => c.decide(disburse(c, 40_000_001)))).toMatchObject({
      code: 'industry.over_allocation',
      status: 422,
      field: 'amountFen',
    });
    expect(
      refusalOf(() => c.decide(commands.disburse({ amountFen: 1, signer: finance }, 'someone-else'))),
    ).toMatchObject({ code: 'industry.wrong_account', status: 422 });
    expect(
      refusalOf(() => c.decide(commands.disburse({ amountFen: 1, signer: countyApprover }, ACCOUNT))),
    ).toMatchObject({ code: 'industry.wrong_role', status: 403 });
    c.decide(disburse(c, 40_000_000)); // the validator's decision, before the payment is made
    const paid = apply(disburse(c, 40_000_000, 'PAY-1'));
    expect(paid.entries).toMatchObject([
      { checkpoint: 'disbursed', to: 'disbursed', amountFen: 40_000_000, paymentRef: 'PAY-1', toAccountRef: ACCOUNT },
    ]);
    expect(c.finished()).toBe(true);
    expect(c.view().pending).toEqual({ kind: 'none' });
    expect(refusalOf(() => c.decide(disburse(c, 1)))).toMatchObject({
      code: 'industry.already_disbursed',
      status: 409,
      data: { payment: { paymentRef: 'PAY-1', amountFen: 40_000_000 } },
    });
  });

  it('never dates an event before the last entry, whatever the workflow clock says', () => {
    const { c, clock, apply } = projectAt();
    clock.now = T0 - HOUR;
    apply(commands.allocate({ amountFen: 1, signer: finance }));
    expect(c.state.history[1].at).toBe(new Date(T0).toISOString());
  });

  it('answers objections as the signer notice-service records (jurisdiction as a label)', () => {
    expect(noticeSigner(township)).toEqual({ subject: 'twn-1', role: 'township_reviewer', jurisdiction: '430524101' });
    expect(noticeSigner({ ...finance, name: '财政甲' })).toEqual({
      subject: 'fin-1',
      role: 'department_officer',
      jurisdiction: 'dept:finance@430524',
    });
  });

  it('refuses to start a project the procedure refuses (registered by a village cadre, a bad credit code)', () => {
    const byCadre = input();
    byCadre.project = { ...byCadre.project, by: cadre };
    expect(refusalOf(() => new ProjectFunds(byCadre))).toMatchObject({ code: 'industry.wrong_role', status: 403 });
    const badCode = input();
    badCode.project = { ...badCode.project, partner: { ...badCode.project.partner, creditCode: '93430524MA4L00001X' } };
    expect(refusalOf(() => new ProjectFunds(badCode))).toMatchObject({
      code: 'industry.credit_code_check',
      status: 422,
    });
  });
});
