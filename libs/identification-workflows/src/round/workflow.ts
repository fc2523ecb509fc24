import { setHandler } from '@temporalio/workflow';
import {
  MAIN_STEPS,
  NOTICE_STEPS,
  STEP_LABELS,
  applyEvent,
  isNoticeStep,
  isTerminalStep,
  pendingAction,
  startProcedure,
  type HistoryEntry,
  type NoticeStep,
  type ProcedureEvent,
  type ProcedureState,
  type ProcedureStep,
} from '@fupin/identification-rules';
import {
  type HouseholdProgress,
  type IdentificationActivities,
  type IdentificationRoundInput,
  type RoundView,
  type ReexaminationInput,
  type RoundHousehold,
  type StepActionInput,
  actUpdate,
  objectionFiledSignal,
  reexamineUpdate,
  roundStateQuery,
} from './definitions';
import { registerActivities, noticeActivities } from '../activity-proxies';
import { BatchedRound, signerRecord, type BatchedRoundRules, type NoticeSpec } from '../kernel/batched-round';
import { RoundChecks } from './checks';

const identification = registerActivities<IdentificationActivities>('2m');
const notices = noticeActivities();

const NOTICE_TEXT: Record<NoticeStep, { title: { 'zh-CN': string; en: string }; decision: string }> = {
  village_notice: {
    title: { 'zh-CN': '贫困户识别村级第一次公示', en: 'Poor-household identification: first village notice' },
    decision: '拟评议为贫困户 / proposed as a poor household',
  },
  township_notice: {
    title: {
      'zh-CN': '贫困户识别乡镇审核第二次公示',
      en: 'Poor-household identification: second notice after township review',
    },
    decision: '乡镇审核通过 / passed township review',
  },
  county_announcement: {
    title: { 'zh-CN': '贫困户识别县级公告', en: 'Poor-household identification: county announcement' },
    decision: '拟建档立卡 / to be registered',
  },
};

/** The identification procedure as the batched-round kernel runs it. */
const RULES: BatchedRoundRules<ProcedureState, ProcedureEvent, NoticeStep> = {
  reduce: applyEvent,
  wording: { rules: 'procedure', round: 'round', name: { 'zh-CN': '本批次', en: 'this round' } },
  order: MAIN_STEPS,
  noticeSteps: NOTICE_STEPS,
  isNoticeStep,
  isTerminal: isTerminalStep,
  objectionFiled: (state, o, at) => {
    const result = applyEvent(state, {
      type: 'objectionFiled',
      step: state.step,
      at,
      objectionId: o.objectionId,
      reason: o.text,
    });
    return result.ok ? result.state : null;
  },
  noticeClosed: (step, at, afterReexamination) => ({
    type: 'stepCompleted',
    step,
    at,
    by: 'system',
    reason: afterReexamination
      ? 'objection dismissed after the notice closed'
      : `${STEP_LABELS[step]['zh-CN']}期满无异议 / notice period ended without objection`,
  }),
  reexamined: (step, d) => ({ type: 'reexamined', step: step as ProcedureStep, ...d }),
};

function actEvent({ step, action, reason, signer }: StepActionInput, at: string): ProcedureEvent {
  const by = signerRecord(signer);
  if (action === 'approve') return { type: 'stepCompleted', step, at, by, reason };
  if (action === 'reject') return { type: 'rejected', step, at, by, reason: reason ?? '' };
  if (action === 'send_back') return { type: 'sentBack', step, at, by, reason: reason ?? '' };
  return { type: 'withdrawn', step, at, by, reason: reason ?? '' };
}

type Round = BatchedRound<ProcedureState, ProcedureEvent, HistoryEntry, NoticeStep>;
type Heads = Map<string, RoundHousehold>;

/** A stage's notice: its title and every household waiting at it, with the reason shown. */
function noticeSpec(input: IdentificationRoundInput, heads: Heads, step: NoticeStep, ids: string[]): NoticeSpec {
  const { villageCode, incomeYear, config } = input;
  const { title, decision } = NOTICE_TEXT[step];
  return {
    kind: step,
    procedure: 'identification',
    divisionCode: villageCode.slice(0, step === 'county_announcement' ? 6 : step === 'township_notice' ? 9 : 12),
    title: { 'zh-CN': `${title['zh-CN']}（${incomeYear}年度）`, en: `${title.en} (${incomeYear})` },
    entries: ids.map((id) => {
      const { headName, headIdNumber, phone, memberCount, mainCause } = heads.get(id)!;
      const reason = mainCause ?? '—';
      return { entryId: id, headName, headIdNumber, phone, villageCode, memberCount, decision, reason };
    }),
    durationSeconds: config.noticeSeconds[step],
  };
}

/** The round as the state query shows it: one household with its full history, or all with their last entries. */
function roundView(input: IdentificationRoundInput, round: Round, heads: Heads, checks: RoundChecks, only?: string) {
  const { cases, batches } = round;
  const households: HouseholdProgress[] = [];
  const counts: Partial<Record<ProcedureStep, number>> = {};
  for (const [id, state] of cases.states) {
    counts[state.step] = (counts[state.step] ?? 0) + 1;
    if (only && id !== only) continue;
    const pending = pendingAction(state, input.config);
    if (pending.kind === 'notice') pending.dueAt = batches.closesAt(id, state.step);
    const history = only ? state.history : state.history.slice(-3);
    const { headName } = heads.get(id)!;
    households.push({ householdId: id, headName, step: state.step, pending, checks: checks.of(id), history });
  }
  const { roundId, villageCode, incomeYear } = input;
  const finished = round.finished();
  return { roundId, villageCode, incomeYear, counts, notices: batches.all, households, finished } satisfies RoundView;
}

/**
 * 识别批次: one village's households through "two assessments, two notices, one cross-check, one
 * announcement". Every step change goes through the pure rules (applyEvent); the kernel adds the batched notices,
 * objections and the apply-under-lock; this workflow adds the checks (eligibility, 四不列) and the deadlines.
 */
export async function identificationRoundWorkflow(input: IdentificationRoundInput): Promise<RoundView> {
  const { config, roundId } = input;
  const startedAt = new Date().toISOString();
  const round: Round = new BatchedRound(RULES, notices);
  const { cases } = round;
  const heads: Heads = new Map(input.households.map((h) => [h.householdId, h]));
  const checks = new RoundChecks(
    input.households.map((h) => h.householdId),
    identification,
  );
  for (const h of input.households)
    cases.states.set(h.householdId, startProcedure({ villageCode: input.villageCode, at: startedAt }));
  const now = () => new Date().toISOString();
  const unique = (ids: string[]) => [...new Set(ids)];

  /** What workflow state alone decides about an action: the update's validator, and again under the lock. */
  function validateAct(request: StepActionInput, ids: string[]): void {
    cases.check(ids, () => actEvent(request, now()));
    checks.refuseAction(request, ids);
  }

  setHandler(
    actUpdate,
    (request) =>
      round.lock.run(async () => {
        const ids = unique(request.householdIds);
        const event = actEvent(request, now());
        validateAct(request, ids);
        if (request.action === 'approve' && request.step === 'household_survey')
          await checks.evaluateEligibility(input, ids);
        const applied = round.lock.kernel ? actEvent(request, now()) : event; // the kernel applies at the time it applies
        round.applyAll(ids, () => applied);
        return { applied: ids.map((id) => ({ householdId: id, step: cases.get(id)!.step })) };
      }),
    { validator: (request: StepActionInput) => validateAct(request, unique(request.householdIds)) },
  );
  setHandler(reexamineUpdate, (request) => round.reexamine(request), {
    validator: (request: ReexaminationInput) => round.validateReexamination(request),
  });
  setHandler(objectionFiledSignal, (objection) => round.receiveObjection(objection));
  setHandler(roundStateQuery, (filter) => roundView(input, round, heads, checks, filter?.householdId));

  /** Human steps past their deadline escalate (逾期上报); each miss is recorded once per rung. */
  const humanDeadlines = () =>
    [...cases.states].flatMap(([id, state]) => {
      const pending = pendingAction(state, config);
      return pending.kind === 'human' && pending.dueAt ? [{ id, state, dueAt: Date.parse(pending.dueAt) }] : [];
    });
  function markMissedDeadlines(): void {
    for (const { id, state, dueAt } of humanDeadlines())
      if (dueAt <= Date.now()) cases.apply(id, { type: 'deadlineMissed', step: state.step, at: now() });
  }

  const flush = () =>
    round.flush({
      outcome: (householdId, s) => ({
        householdId,
        outcome: s.step as 'registered' | 'refused' | 'withdrawn',
        reason: s.outcome?.reason ?? null,
        at: s.outcome?.at ?? now(),
      }),
      progress: (entries) => identification.recordProgress({ roundId, entries }),
      outcomes: (outcomes) => identification.recordOutcomes({ roundId, outcomes }),
    });

  await round.run(
    [
      () => checks.crossCheck(roundId, cases),
      () => round.closeDueNotices(),
      markMissedDeadlines,
      () => round.openNotices((step, ids) => noticeSpec(input, heads, step, ids)),
    ],
    flush,
    () => round.wakeIn(humanDeadlines().map((d) => d.dueAt)),
  );
  return roundView(input, round, heads, checks);
}
