import { setHandler } from '@temporalio/workflow';
import {
  EXIT_NOTICE_STEPS,
  applyExitEvent,
  exitPending,
  isExitNoticeStep,
  isExitTerminalStep,
  joinReexamination,
  startExit,
  type ExitEvent,
  type ExitHistoryEntry,
  type ExitNoticeStep,
  type ExitState,
  type ExitStep,
} from '@fupin/exit-rules';
import { objectionFiledSignal } from '../round/definitions';
import {
  type ExitActionInput,
  type ExitActivities,
  type ExitHouseholdView,
  type ExitReexaminationInput,
  type ExitRoundHousehold,
  type ExitRoundView,
  type HouseholdExitRoundInput,
  exitActUpdate,
  exitReexamineUpdate,
  exitRoundStateQuery,
} from './definitions';
import { registerActivities, noticeActivities } from '../activity-proxies';
import { BatchedRound, signerRecord, type BatchedRoundRules, type NoticeSpec } from '../kernel/batched-round';
import { ExitDeadlines } from './deadlines';

const register = registerActivities<ExitActivities>('2m');
const notices = noticeActivities();

const NOTICE_TEXT: Record<ExitNoticeStep, { title: { 'zh-CN': string; en: string }; decision: string }> = {
  village_notice: {
    title: { 'zh-CN': '贫困户拟退出村内公示', en: 'Households proposed to exit poverty: village notice' },
    decision: '拟退出 / proposed to exit',
  },
  county_announcement: {
    title: { 'zh-CN': '贫困户退出县级公告', en: 'Households exiting poverty: county announcement' },
    decision: '退出（销号），过渡期内政策不变 / exits; policies kept through the transition period',
  },
};

const yuan = (fen: number) => (fen / 100).toFixed(2);

/** The exit procedure as the batched-round kernel runs it. */
const RULES: BatchedRoundRules<ExitState, ExitEvent, ExitNoticeStep> = {
  reduce: applyExitEvent,
  wording: { rules: 'exit', round: 'exit', name: { 'zh-CN': '本退出批次', en: 'this exit round' } },
  order: [
    'village_assessment',
    'task_force_check',
    'household_agreement',
    'village_notice',
    'county_approval',
    'county_announcement',
  ],
  noticeSteps: EXIT_NOTICE_STEPS,
  isNoticeStep: isExitNoticeStep,
  isTerminal: isExitTerminalStep,
  objectionFiled: (state, o, at) => {
    const joined = joinReexamination(state, o.objectionId);
    if (joined) return joined;
    const result = applyExitEvent(state, {
      type: 'objectionFiled',
      step: state.step,
      at,
      objectionId: o.objectionId,
      reason: o.text,
    });
    return result.ok ? result.state : null;
  },
  noticeClosed: (step, at) => ({ type: 'noticeClosed', step, at }),
  reexamined: (step, d) => ({ type: 'reexamined', step: step as ExitStep, ...d }),
};

function exitEvent({ step, action, reason, signatures, signer }: ExitActionInput, id: string, at: string): ExitEvent {
  const by = signerRecord(signer);
  return action === 'approve'
    ? { type: 'approved', step, at, by, reason, signature: signatures?.[id] }
    : { type: 'rejected', step, at, by, reason: reason ?? '' };
}

type Round = BatchedRound<ExitState, ExitEvent, ExitHistoryEntry, ExitNoticeStep>;
type Heads = Map<string, ExitRoundHousehold>;

/** A stage's notice: its title and every household waiting at it, with its income as the reason. */
function noticeSpec(input: HouseholdExitRoundInput, heads: Heads, step: ExitNoticeStep, ids: string[]): NoticeSpec {
  const { villageCode, incomeYear, config } = input;
  const { title, decision } = NOTICE_TEXT[step];
  return {
    kind: step,
    procedure: 'exit',
    divisionCode: step === 'county_announcement' ? villageCode.slice(0, 6) : villageCode,
    title: { 'zh-CN': `${title['zh-CN']}（${incomeYear}年度）`, en: `${title.en} (${incomeYear})` },
    entries: ids.map((id) => {
      const { headName, headIdNumber, phone, memberCount, perCapitaFen } = heads.get(id)!;
      const fen = yuan(perCapitaFen);
      const reason = `人均纯收入${fen}元，两不愁三保障已实现 / per-capita income ${fen} yuan, basic needs and the three guarantees met`;
      return { entryId: id, headName, headIdNumber, phone, villageCode, memberCount, decision, reason };
    }),
    durationSeconds: config.noticeSeconds[step],
  };
}

/** The exit round as the state query shows it: one household with its full history, or all with their last entries. */
function exitView(
  input: HouseholdExitRoundInput,
  round: Round,
  heads: Heads,
  deadlines: ExitDeadlines | null,
  only?: string,
): ExitRoundView {
  const { cases, batches, generalObjections } = round;
  const households: ExitHouseholdView[] = [];
  const counts: Partial<Record<ExitStep, number>> = {};
  for (const [id, state] of cases.states) {
    counts[state.step] = (counts[state.step] ?? 0) + 1;
    if (only && id !== only) continue;
    const due = exitPending(state, deadlines?.seconds);
    const pending = due.kind === 'notice' ? { ...due, dueAt: batches.closesAt(id, state.step) } : due;
    households.push({
      householdId: id,
      headName: heads.get(id)!.headName,
      step: state.step,
      pending,
      signature: state.signature,
      outcome: state.outcome,
      history: only ? state.history : state.history.slice(-3),
    });
  }
  const { roundId, villageCode, incomeYear } = input;
  const finished = round.finished();
  return { roundId, villageCode, incomeYear, counts, notices: batches.all, households, generalObjections, finished };
}

/**
 * 贫困户退出: one village's households proposed for exit, batched like the identification round. The criteria were
 * checked before the round opened (an exit cannot be proposed for a household failing one); from there each step goes
 * through the pure rules (applyExitEvent); the kernel adds the batched notices, objections and the apply-under-lock.
 */
export async function householdExitWorkflow(input: HouseholdExitRoundInput): Promise<ExitRoundView> {
  const { config } = input;
  const round: Round = new BatchedRound(RULES, notices);
  const deadlines = ExitDeadlines.start(config);
  const { cases } = round;
  const heads: Heads = new Map(input.households.map((h) => [h.householdId, h]));
  const now = () => new Date().toISOString();
  const clock = deadlines ? now() : undefined; // each step's deadline counts from here (runs given deadlines)
  for (const h of input.households) cases.states.set(h.householdId, startExit(input.villageCode, clock));

  setHandler(
    exitActUpdate,
    (request) =>
      round.lock.run(async () => {
        const ids = [...new Set(request.householdIds)];
        const at = now();
        const event = (id: string) => exitEvent(request, id, at);
        cases.check(ids, event); // again under the lock: the state may have moved since the validator ran
        round.applyAll(ids, event);
        return { applied: ids.map((id) => ({ householdId: id, step: cases.get(id)!.step })) };
      }),
    {
      validator: (request: ExitActionInput) =>
        cases.check([...new Set(request.householdIds)], (id) => exitEvent(request, id, now())),
    },
  );
  setHandler(exitReexamineUpdate, (request) => round.reexamine(request), {
    validator: (request: ExitReexaminationInput) => round.validateReexamination(request),
  });
  setHandler(objectionFiledSignal, (objection) => round.receiveObjection(objection));
  setHandler(exitRoundStateQuery, (filter) => exitView(input, round, heads, deadlines, filter?.householdId));

  const flush = () =>
    round.flush({
      outcome: (householdId, s) => ({
        householdId,
        outcome: s.step as 'exited' | 'stays_registered',
        step: s.outcome!.step,
        reason: s.outcome!.reason,
        at: s.outcome!.at,
      }),
      progress: (entries) => register.recordExitProgress({ roundId: input.roundId, entries }),
      outcomes: (outcomes) =>
        register.recordExitOutcomes({ roundId: input.roundId, transitionMonths: config.transitionMonths, outcomes }),
    });

  const openNotices = () => round.openNotices((step, ids) => noticeSpec(input, heads, step, ids));
  const missed = deadlines ? [() => deadlines.markMissed(cases)] : []; // 逾期督办, before the deadlines' version: none
  const dueTimes = () => deadlines?.due(cases).map((d) => d.dueAt) ?? [];
  await round.run([() => round.closeDueNotices(), ...missed, openNotices], flush, () => round.wakeIn(dueTimes()));
  return exitView(input, round, heads, deadlines);
}
