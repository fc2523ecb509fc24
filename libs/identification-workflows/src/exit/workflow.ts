import { allHandlersFinished, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  EXIT_NOTICE_STEPS,
  applyExitEvent,
  exitPending,
  isExitNoticeStep,
  isExitTerminalStep,
  joinReexamination,
  startExit,
  type ExitEvent,
  type ExitNoticeStep,
  type ExitState,
  type ExitStep,
} from '@fupin/exit-rules';
import { objectionFiledSignal, type ObjectionFiled, type RoundSigner } from '../round/definitions';
import {
  type ExitActionResult,
  type ExitActivities,
  type ExitHouseholdView,
  type ExitOutcome,
  type ExitProgressEntry,
  type ExitRoundNotice,
  type ExitRoundView,
  type HouseholdExitRoundInput,
  exitActUpdate,
  exitReexamineUpdate,
  exitRoundStateQuery,
} from './definitions';
import { registerActivities, noticeActivities, refuse } from '../activity-proxies';
import { NoticeBatches } from '../notice-batches';

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

/**
 * 贫困户退出: one village's households proposed for exit, batched like the identification round. The criteria were
 * checked before the round opened (an exit cannot be proposed for a household failing one); from there each step goes
 * through the pure rules (applyExitEvent); this workflow adds time (notice periods), batched notices, objections and
 * the activities that record and publish.
 */
export async function householdExitWorkflow(input: HouseholdExitRoundInput): Promise<ExitRoundView> {
  const { config } = input;
  const cases = new Map<string, ExitState>();
  const heads = new Map(input.households.map((h) => [h.householdId, h]));
  const batches = new NoticeBatches<ExitNoticeStep>();
  const generalObjections: ObjectionFiled[] = [];
  const knownObjections = new Set<string>();
  let progress: ExitProgressEntry[] = [];
  const recorded = new Set<string>();
  let version = 0;

  for (const h of input.households) cases.set(h.householdId, startExit(input.villageCode));
  const now = () => new Date().toISOString();

  function apply(householdId: string, event: ExitEvent): void {
    const before = cases.get(householdId)!;
    const result = applyExitEvent(before, event);
    if (!result.ok) throw refuse(`exit.${result.rule}`, result.message['zh-CN'], result.message.en, { householdId });
    cases.set(householdId, result.state);
    for (const entry of result.state.history.slice(before.history.length)) progress.push({ householdId, entry });
    version++;
  }

  function check(householdIds: string[], event: (id: string) => ExitEvent): void {
    if (householdIds.length === 0) throw refuse('exit.no_households', '未选择任何户', 'no households given');
    for (const id of householdIds) {
      const state = cases.get(id);
      if (!state)
        throw refuse('exit.unknown_household', `户 ${id} 不在本退出批次`, `household ${id} is not in this exit round`, {
          householdId: id,
        });
      const result = applyExitEvent(state, event(id));
      if (!result.ok)
        throw refuse(
          `exit.${result.rule}`,
          `户 ${id}：${result.message['zh-CN']}`,
          `household ${id}: ${result.message.en}`,
          { householdId: id },
        );
    }
  }

  const principal = (s: RoundSigner) => ({
    subject: s.subject,
    name: s.name,
    role: s.role,
    jurisdiction: s.jurisdiction,
  });

  setHandler(
    exitActUpdate,
    async ({ step, householdIds, action, reason, signatures, signer }): Promise<ExitActionResult> => {
      const ids = [...new Set(householdIds)];
      const at = now();
      const by = principal(signer);
      const event = (id: string): ExitEvent =>
        action === 'approve'
          ? { type: 'approved', step, at, by, reason, signature: signatures?.[id] }
          : { type: 'rejected', step, at, by, reason: reason ?? '' };
      check(ids, event);
      for (const id of ids) apply(id, event(id));
      return { applied: ids.map((id) => ({ householdId: id, step: cases.get(id)!.step })) };
    },
  );

  setHandler(
    exitReexamineUpdate,
    async ({ householdId, objectionId, outcome, reason, signer }): Promise<ExitActionResult> => {
      const answeredBy = { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction };
      if (!householdId) {
        const general = generalObjections.find((o) => o.objectionId === objectionId);
        if (!general)
          throw refuse(
            'exit.unknown_objection',
            `本批次没有未答复的异议 ${objectionId}`,
            `no unanswered objection ${objectionId} in this exit round`,
          );
        await notices.answerObjection({ objectionId: general.objectionId, outcome, reason, answeredBy });
        generalObjections.splice(generalObjections.indexOf(general), 1);
        version++;
        return { applied: [] };
      }
      const state = cases.get(householdId);
      if (!state)
        throw refuse(
          'exit.unknown_household',
          `户 ${householdId} 不在本退出批次`,
          `household ${householdId} is not in this exit round`,
        );
      const event: ExitEvent = {
        type: 'reexamined',
        step: state.step,
        outcome,
        reason,
        at: now(),
        by: principal(signer),
      };
      check([householdId], () => event);
      for (const id of state.reexamination?.objectionIds ?? [])
        await notices.answerObjection({ objectionId: id, outcome, reason, answeredBy });
      apply(householdId, { ...event, at: now() });
      const after = cases.get(householdId)!;
      const notice = batches.of(householdId);
      if (isExitNoticeStep(after.step) && notice?.closedAt) {
        // the notice closed during the re-examination: the dismissed objection lets the household pass it now
        apply(householdId, { type: 'noticeClosed', step: after.step, at: now() });
      }
      return { applied: [{ householdId, step: cases.get(householdId)!.step }] };
    },
  );

  setHandler(objectionFiledSignal, (objection) => receiveObjection(objection));

  function receiveObjection(objection: ObjectionFiled): void {
    if (knownObjections.has(objection.objectionId)) return;
    knownObjections.add(objection.objectionId);
    const id = objection.householdId;
    const state = id ? cases.get(id) : undefined;
    const notice = id ? batches.of(id) : undefined;
    const general = () => {
      if (!generalObjections.some((o) => o.objectionId === objection.objectionId)) generalObjections.push(objection);
      version++;
    };
    if (!id || !state || !notice || notice.noticeId !== objection.noticeId || isExitTerminalStep(state.step))
      return general();
    const joined = joinReexamination(state, objection.objectionId);
    if (joined) {
      cases.set(id, joined);
      version++;
      return;
    }
    const result = applyExitEvent(state, {
      type: 'objectionFiled',
      step: state.step,
      at: now(),
      objectionId: objection.objectionId,
      reason: objection.text,
    });
    if (!result.ok) return general();
    cases.set(id, result.state);
    for (const entry of result.state.history.slice(state.history.length)) progress.push({ householdId: id, entry });
    version++;
  }

  setHandler(exitRoundStateQuery, (filter) => view(filter?.householdId));

  function view(householdId?: string): ExitRoundView {
    const households: ExitHouseholdView[] = [];
    const counts: Partial<Record<ExitStep, number>> = {};
    for (const [id, state] of cases) {
      counts[state.step] = (counts[state.step] ?? 0) + 1;
      if (householdId && id !== householdId) continue;
      const pending = exitPending(state);
      const dueAt = pending.kind === 'notice' ? batches.closesAt(id, state.step) : undefined;
      households.push({
        householdId: id,
        headName: heads.get(id)!.headName,
        step: state.step,
        pending: dueAt === undefined ? pending : { ...pending, dueAt },
        signature: state.signature,
        outcome: state.outcome,
        history: householdId ? state.history : state.history.slice(-3),
      });
    }
    return {
      roundId: input.roundId,
      villageCode: input.villageCode,
      incomeYear: input.incomeYear,
      counts,
      notices: batches.all,
      households,
      generalObjections,
      finished: allFinished(),
    };
  }

  const allFinished = () =>
    [...cases.values()].every((s) => isExitTerminalStep(s.step)) && generalObjections.length === 0;
  const at = (step: ExitStep) => [...cases.entries()].filter(([, s]) => s.step === step).map(([id]) => id);
  const ORDER: readonly ExitStep[] = [
    'village_assessment',
    'task_force_check',
    'household_agreement',
    'village_notice',
    'county_approval',
    'county_announcement',
  ];

  /** One notice per stage for everybody waiting at it, once nobody is still on the way there. */
  async function openNotices(): Promise<void> {
    for (const step of EXIT_NOTICE_STEPS) {
      const waiting = batches.waiting(at(step), step);
      if (waiting.length === 0) continue;
      const before = (s: ExitState) =>
        !isExitTerminalStep(s.step) &&
        ((ORDER.indexOf(s.step) >= 0 && ORDER.indexOf(s.step) < ORDER.indexOf(step)) ||
          (s.reexamination !== null && ORDER.indexOf(s.reexamination.fromNotice) < ORDER.indexOf(step)));
      if ([...cases.values()].some(before)) continue;
      const noticeId = uuid4();
      const text = NOTICE_TEXT[step];
      const opened = await notices.openNotice({
        noticeId,
        kind: step,
        procedure: 'exit',
        divisionCode: step === 'county_announcement' ? input.villageCode.slice(0, 6) : input.villageCode,
        title: {
          'zh-CN': `${text.title['zh-CN']}（${input.incomeYear}年度）`,
          en: `${text.title.en} (${input.incomeYear})`,
        },
        entries: waiting.map((id) => {
          const h = heads.get(id)!;
          return {
            entryId: id,
            headName: h.headName,
            headIdNumber: h.headIdNumber,
            phone: h.phone,
            villageCode: input.villageCode,
            memberCount: h.memberCount,
            decision: text.decision,
            reason: `人均纯收入${yuan(h.perCapitaFen)}元，两不愁三保障已实现 / per-capita income ${yuan(h.perCapitaFen)} yuan, basic needs and the three guarantees met`,
          };
        }),
        durationSeconds: config.noticeSeconds[step],
        ownerWorkflowId: workflowInfo().workflowId,
      });
      const notice: ExitRoundNotice = {
        noticeId,
        step,
        householdIds: waiting,
        openedAt: opened.openedAt,
        closesAt: opened.closesAt,
        closedAt: null,
      };
      batches.record(notice);
      version++;
    }
  }

  async function closeDueNotices(): Promise<void> {
    for (const notice of batches.all) {
      if (!batches.isDue(notice, Date.now())) continue;
      const closed = await notices.closeNotice({ noticeId: notice.noticeId });
      for (const f of closed.filed ?? [])
        receiveObjection({
          objectionId: f.objectionId,
          noticeId: notice.noticeId,
          householdId: f.entryId ?? undefined,
          text: f.text,
        });
      notice.closedAt = closed.closedAt;
      for (const id of notice.householdIds) {
        const state = cases.get(id)!;
        if (batches.carries(notice, id, state.step)) apply(id, { type: 'noticeClosed', step: notice.step, at: now() });
      }
      version++;
    }
  }

  async function flush(): Promise<void> {
    const outcomes: ExitOutcome[] = [...cases.entries()]
      .filter(([id, s]) => isExitTerminalStep(s.step) && !recorded.has(id))
      .map(([id, s]) => ({
        householdId: id,
        outcome: s.step as 'exited' | 'stays_registered',
        step: s.outcome!.step,
        reason: s.outcome!.reason,
        at: s.outcome!.at,
      }));
    if (progress.length) {
      const batch = progress;
      progress = [];
      await register.recordExitProgress({ roundId: input.roundId, entries: batch });
    }
    if (outcomes.length) {
      await register.recordExitOutcomes({
        roundId: input.roundId,
        transitionMonths: config.transitionMonths,
        outcomes,
      });
      for (const o of outcomes) recorded.add(o.householdId);
    }
  }

  function nextWake(): number | undefined {
    const open = batches.openClosings();
    return open.length === 0 ? undefined : Math.max(1, Math.min(...open) - Date.now());
  }

  for (;;) {
    const seen = version;
    await closeDueNotices();
    await openNotices();
    await flush();
    if (allFinished() && progress.length === 0) break;
    const wait = nextWake();
    const woken = () => version !== seen || progress.length > 0;
    if (wait === undefined) await condition(woken);
    else await condition(woken, wait);
  }
  await condition(allHandlersFinished);
  return view();
}
