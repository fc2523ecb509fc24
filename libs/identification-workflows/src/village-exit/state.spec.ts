import { readRefusal, type WorkflowRefusal } from '@fupin/workflows';
import type { RoundSigner } from '../round/definitions';
import type { VillageExitAnswerInput, VillageExitDecisionInput, VillageExitInput } from './definitions';
import { VillageExitCase } from './state';

const VILLAGE = '430524101201';
const approver: RoundSigner = { subject: 'approver-1', role: 'county_approver', jurisdiction: VILLAGE.slice(0, 6) };
const otherCounty: RoundSigner = { ...approver, subject: 'approver-2', jurisdiction: '430525' };
const cadre: RoundSigner = { subject: 'cadre-1', role: 'village_cadre', jurisdiction: VILLAGE };
const input: VillageExitInput = {
  exitId: 'exit-1',
  villageCode: VILLAGE,
  year: 2020,
  attempt: 1,
  noticeSeconds: 60,
  proposedBy: approver,
};
const T = '2020-12-01T00:00:00.000Z';
const LATER = '2020-12-08T00:00:00.000Z';

/** A case whose township notice `notice-1` is open (公示中). */
function inNotice(): VillageExitCase {
  const c = new VillageExitCase(input);
  c.notice = { noticeId: 'notice-1', openedAt: T, closesAt: LATER, closedAt: null };
  c.status = 'in_notice';
  return c;
}

/** A case whose notice has closed with the given objections filed on it. */
function noticeClosed(...objectionIds: string[]): VillageExitCase {
  const c = inNotice();
  c.noticeClosed(
    LATER,
    objectionIds.map((objectionId) => ({ objectionId, entryId: 'h-1', text: '收入不实' })),
  );
  return c;
}

function refusalOf(act: () => unknown): WorkflowRefusal {
  try {
    act();
  } catch (e) {
    return readRefusal(e);
  }
  throw new Error('not refused');
}

const answer = (more: Partial<VillageExitAnswerInput> = {}): VillageExitAnswerInput => ({
  objectionId: 'o-1',
  outcome: 'dismissed',
  reason: '经核实收入属实',
  signer: approver,
  ...more,
});
const decide = (more: Partial<VillageExitDecisionInput> = {}): VillageExitDecisionInput => ({
  action: 'approve',
  signer: approver,
  ...more,
});

describe('VillageExitCase: what the state query shows', () => {
  it('waits for the incidence check, the notice, the answers, the county, then nothing', () => {
    const c = new VillageExitCase(input);
    expect(c.view().waitingFor).toBe('incidence_check');
    c.notice = { noticeId: 'notice-1', openedAt: T, closesAt: LATER, closedAt: null };
    c.status = 'in_notice';
    expect(c.view().waitingFor).toBe('notice');
    c.receive({ objectionId: 'o-1', noticeId: 'notice-1', householdId: 'h-1', text: '收入不实' });
    c.noticeClosed(LATER, []);
    expect(c.view().waitingFor).toBe('objection_answers');
    c.validateAnswer(answer()).answer = { outcome: 'dismissed', reason: '属实', by: 'approver-1', at: LATER };
    expect(c.view().waitingFor).toBe('county_decision');
    c.status = 'exited';
    expect(c.view()).toMatchObject({ status: 'exited', waitingFor: null, notice: { closedAt: LATER } });
  });

  it('a refused exit waits for nothing, even with its notice open', () => {
    const c = inNotice();
    c.status = 'refused';
    expect(c.view().waitingFor).toBeNull();
  });

  it('counts only objections on this run’s notice, each once, and one heard before the notice once it is its own', () => {
    const c = new VillageExitCase(input);
    c.receive({ objectionId: 'early', noticeId: 'notice-1', text: '早到的异议' });
    c.receive({ objectionId: 'stale', noticeId: 'notice-of-an-earlier-attempt', text: '上次的异议' });
    expect(c.view().objections).toEqual([]);
    c.notice = { noticeId: 'notice-1', openedAt: T, closesAt: LATER, closedAt: null };
    c.status = 'in_notice';
    c.receive({ objectionId: 'early', noticeId: 'notice-1', text: '重复' });
    c.noticeClosed(LATER, [
      { objectionId: 'early', entryId: null, text: '重复' },
      { objectionId: 'late', entryId: 'h-2', text: '关闭时才报来' },
    ]);
    expect(c.view().objections).toEqual([
      { objectionId: 'early', householdId: undefined, text: '早到的异议', answer: null },
      { objectionId: 'late', householdId: 'h-2', text: '关闭时才报来', answer: null },
    ]);
    expect(c.unanswered().map((o) => o.objectionId)).toEqual(['early', 'late']);
  });
});

describe('VillageExitCase: answering an objection (异议答复)', () => {
  it('returns the objection to answer', () => {
    expect(noticeClosed('o-1').validateAnswer(answer())).toMatchObject({ objectionId: 'o-1', answer: null });
  });

  it.each([
    ['a village cadre', answer({ signer: cadre }), 'village_exit.wrong_role', 403],
    ['another county', answer({ signer: otherCounty }), 'village_exit.out_of_jurisdiction', 403],
    ['an objection not on this notice', answer({ objectionId: 'o-9' }), 'village_exit.unknown_objection', 400],
    ['a blank reason', answer({ reason: '  ' }), 'village_exit.reason_required', 400],
  ])('refuses %s', (_, request, code, status) => {
    expect(refusalOf(() => noticeClosed('o-1').validateAnswer(request))).toMatchObject({ code, status });
  });

  it('names the reason field when it is missing', () => {
    expect(refusalOf(() => noticeClosed('o-1').validateAnswer(answer({ reason: '' })))).toMatchObject({
      field: 'reason',
    });
  });

  it('refuses an objection already answered, and any answer once the exit is decided', () => {
    const c = noticeClosed('o-1', 'o-2');
    c.validateAnswer(answer()).answer = { outcome: 'dismissed', reason: '属实', by: 'approver-1', at: LATER };
    expect(refusalOf(() => c.validateAnswer(answer()))).toMatchObject({
      code: 'village_exit.objection_answered',
      status: 409,
    });
    c.status = 'refused';
    expect(refusalOf(() => c.validateAnswer(answer({ objectionId: 'o-2' })))).toMatchObject({
      code: 'village_exit.finished',
      status: 409,
    });
  });
});

describe('VillageExitCase: the county’s decision (县级审定)', () => {
  it('accepts an approval once the notice has closed and every objection is answered', () => {
    expect(() => noticeClosed().validateDecision(decide())).not.toThrow();
  });

  it.each([
    ['a village cadre', noticeClosed, decide({ signer: cadre }), 'village_exit.wrong_role', 403],
    ['another county', noticeClosed, decide({ signer: otherCounty }), 'village_exit.out_of_jurisdiction', 403],
    ['before the notice', () => new VillageExitCase(input), decide(), 'village_exit.notice_open', 409],
    ['while the notice is open', inNotice, decide(), 'village_exit.notice_open', 409],
    ['a rejection without its reason', noticeClosed, decide({ action: 'reject' }), 'village_exit.reason_required', 400],
  ])('refuses %s', (_, made, request, code, status) => {
    expect(refusalOf(() => made().validateDecision(request))).toMatchObject({ code, status });
  });

  it('refuses while objections are unanswered, naming them', () => {
    const refusal = refusalOf(() => noticeClosed('o-1', 'o-2').validateDecision(decide()));
    expect(refusal).toMatchObject({ code: 'village_exit.objections_unanswered', status: 409 });
    expect(refusal.message.en).toBe('objections not answered yet: o-1, o-2');
  });

  it('refuses a second decision once the exit is decided', () => {
    const c = noticeClosed();
    c.status = 'exited';
    expect(refusalOf(() => c.validateDecision(decide()))).toMatchObject({ code: 'village_exit.finished', status: 409 });
  });
});

describe('VillageExitCase: the county steps’ deadlines (办理时限, 逾期督办)', () => {
  const DAY = 86_400_000;
  const closed = Date.parse(LATER);
  /** A case on a settable clock, with 5-day deadlines for the answers and 10 for the decision. */
  function onClock(start = closed) {
    let now = start;
    const c = new VillageExitCase(
      { ...input, stepDeadlineSeconds: { objection_answers: 5 * 86_400, county_decision: 10 * 86_400 } },
      () => now,
    );
    c.notice = { noticeId: 'notice-1', openedAt: T, closesAt: LATER, closedAt: null };
    c.status = 'in_notice';
    return { c, at: (ms: number) => (now = ms) };
  }
  const record = (c: VillageExitCase) => {
    const missed = c.missedDeadline();
    if (missed) c.escalated(missed);
    return missed;
  };

  it('the decision is due its deadline after the notice closed; every miss alerts the county and the operator', () => {
    const { c, at } = onClock();
    expect(c.view().deadline).toBeNull(); // the notice is open: nobody is late
    c.noticeClosed(LATER, []);
    expect(c.view().deadline).toMatchObject({
      step: 'county_decision',
      since: LATER,
      dueAt: new Date(closed + 10 * DAY).toISOString(),
      escalatedTo: null,
    });
    at(closed + 10 * DAY - 1);
    expect(record(c)).toBeNull();
    at(closed + 10 * DAY);
    expect(record(c)).toMatchObject({
      exitId: 'exit-1',
      step: 'county_decision',
      due: new Date(closed + 10 * DAY).toISOString(),
      escalation: { times: 1, to: { level: 'county', role: 'county_approver', alertWorkflowOperator: true } },
    });
    expect(record(c)).toBeNull(); // recorded once: the next rung counts from this miss
    at(closed + 20 * DAY);
    expect(record(c)?.escalation.times).toBe(2);
    expect(c.view().deadline).toMatchObject({
      dueAt: new Date(closed + 30 * DAY).toISOString(),
      escalatedTo: { level: 'county', times: 2, divisionCode: VILLAGE.slice(0, 6), alertWorkflowOperator: true },
    });
  });

  it('answering the objections starts the decision’s clock afresh, without the escalation', () => {
    const { c, at } = onClock();
    c.noticeClosed(LATER, [{ objectionId: 'o-1', entryId: 'h-1', text: '收入不实' }]);
    expect(c.view().deadline).toMatchObject({
      step: 'objection_answers',
      dueAt: new Date(closed + 5 * DAY).toISOString(),
    });
    at(closed + 5 * DAY);
    expect(record(c)).toMatchObject({ step: 'objection_answers', escalation: { times: 1 } });
    at(closed + 6 * DAY);
    c.validateAnswer(answer()).answer = { outcome: 'dismissed', reason: '属实', by: 'approver-1', at: LATER };
    c.trackStep();
    expect(c.view().deadline).toMatchObject({
      step: 'county_decision',
      since: new Date(closed + 6 * DAY).toISOString(),
      dueAt: new Date(closed + 16 * DAY).toISOString(),
      escalatedTo: null,
    });
  });

  it('a decided exit has no deadline; a run without deadlines never escalates', () => {
    const { c, at } = onClock();
    c.noticeClosed(LATER, []);
    c.status = 'exited';
    at(closed + 100 * DAY);
    expect([c.view().deadline, c.deadlineDueAt(), c.missedDeadline()]).toEqual([null, null, null]);
    const old = noticeClosed();
    expect([old.view().deadline, old.deadlineDueAt(), old.missedDeadline()]).toEqual([null, null, null]);
  });
});
