import { allHandlersFinished, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import {
  MAIN_STEPS,
  NOTICE_STEPS,
  STEP_LABELS,
  applyEvent,
  isNoticeStep,
  isTerminalStep,
  pendingAction,
  startProcedure,
  type NoticeStep,
  type ProcedureEvent,
  type ProcedureState,
  type ProcedureStep,
} from '@fupin/identification-rules';
import {
  type ActionResult,
  type EligibilityCheck,
  type ExclusionCheck,
  type HouseholdProgress,
  type IdentificationActivities,
  type IdentificationRoundInput,
  type ObjectionFiled,
  type ProgressEntry,
  type RoundNotice,
  type RoundSigner,
  type RoundView,
  actUpdate,
  objectionFiledSignal,
  reexamineUpdate,
  roundStateQuery,
} from './definitions';
import { registerActivities, noticeActivities, refuse } from '../activity-proxies';
import { NoticeBatches } from '../notice-batches';

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

/**
 * 识别批次: one village's households through "two assessments, two notices, one cross-check, one
 * announcement". Every step change goes through the pure rules (applyEvent); this workflow only adds
 * time (deadlines, notice periods), batching of notices, and the activities that record and publish.
 */
export async function identificationRoundWorkflow(input: IdentificationRoundInput): Promise<RoundView> {
  const { config } = input;
  const startedAt = new Date().toISOString();
  const cases = new Map<string, ProcedureState>();
  const heads = new Map(input.households.map((h) => [h.householdId, h]));
  const checks = new Map<
    string,
    { eligibility?: EligibilityCheck; exclusions?: ExclusionCheck; relativesCheckedAt?: ProcedureStep }
  >();
  /** the round's notices, and which one each household is listed on for its current (or suspended) notice step */
  const batches = new NoticeBatches<NoticeStep>();
  const generalObjections: ObjectionFiled[] = [];
  /** every objection heard of, by the signal (Kafka) or by the notice's closing, whichever comes first */
  const knownObjections = new Set<string>();
  let progress: ProgressEntry[] = [];
  const recorded = new Set<string>();
  let version = 0;

  for (const h of input.households) {
    cases.set(h.householdId, startProcedure({ villageCode: input.villageCode, at: startedAt }));
    checks.set(h.householdId, {});
  }

  const now = () => new Date().toISOString();

  /** Apply one event to one household; every new history entry is queued for the register's mirror and audit. */
  function apply(householdId: string, event: ProcedureEvent): void {
    const before = cases.get(householdId)!;
    const result = applyEvent(before, event);
    if (!result.ok)
      throw refuse(`procedure.${result.rule}`, result.message['zh-CN'], result.message.en, { householdId });
    cases.set(householdId, result.state);
    for (const entry of result.state.history.slice(before.history.length)) progress.push({ householdId, entry });
    version++;
  }

  /** Dry run: would this event be accepted for every household? Refuses the whole action otherwise. */
  function check(householdIds: string[], event: (id: string) => ProcedureEvent): void {
    if (householdIds.length === 0) throw refuse('round.no_households', '未选择任何户', 'no households given');
    for (const id of householdIds) {
      const state = cases.get(id);
      if (!state)
        throw refuse('round.unknown_household', `户 ${id} 不在本批次`, `household ${id} is not in this round`, {
          householdId: id,
        });
      const result = applyEvent(state, event(id));
      if (!result.ok)
        throw refuse(
          `procedure.${result.rule}`,
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

  setHandler(actUpdate, async ({ step, householdIds, action, reason, signer }): Promise<ActionResult> => {
    const ids = [...new Set(householdIds)];
    const at = now();
    const by = principal(signer);
    const event = (): ProcedureEvent =>
      action === 'approve'
        ? { type: 'stepCompleted', step, at, by, reason }
        : action === 'reject'
          ? { type: 'rejected', step, at, by, reason: reason ?? '' }
          : action === 'send_back'
            ? { type: 'sentBack', step, at, by, reason: reason ?? '' }
            : { type: 'withdrawn', step, at, by, reason: reason ?? '' };
    check(ids, event);
    if (action === 'approve' && step === 'household_survey') {
      // 评议前先核算: only a household that qualifies by the income survey and 两不愁三保障 goes on.
      const results = await identification.evaluateEligibility({
        roundId: input.roundId,
        incomeYear: input.incomeYear,
        householdIds: ids,
      });
      for (const id of ids) checks.get(id)!.eligibility = results[id];
      const ineligible = ids.filter((id) => !results[id]?.eligible);
      if (ineligible.length) {
        throw refuse(
          'round.ineligible',
          `以下户不符合识别标准，请否决并说明理由：${ineligible.join('、')}`,
          `not eligible, reject them with a reason: ${ineligible.join(', ')}`,
          ineligible.map((id) => ({ householdId: id, ...results[id] })),
        );
      }
    }
    if (action === 'approve' && step === 'county_cross_check') {
      const excluded = ids.filter((id) => checks.get(id)!.exclusions?.excluded);
      if (excluded.length) {
        throw refuse(
          'round.excluded',
          `以下户命中“四不列”比对，不能通过：${excluded.join('、')}`,
          `excluded by the cross-check (四不列), cannot pass: ${excluded.join(', ')}`,
          excluded.map((id) => ({ householdId: id, hits: checks.get(id)!.exclusions!.hits })),
        );
      }
      const unchecked = ids.filter((id) => !checks.get(id)!.exclusions);
      if (unchecked.length)
        throw refuse(
          'round.not_cross_checked',
          `比对尚未完成：${unchecked.join('、')}`,
          `cross-check not finished yet: ${unchecked.join(', ')}`,
        );
    }
    if (action === 'approve' && step === 'township_review') {
      // 优亲厚友: a cadre's relative is not excluded, but the township must say why it passes.
      const flagged = ids.filter((id) => checks.get(id)!.exclusions?.flaggedForTownshipReview);
      if (flagged.length && !reason?.trim()) {
        throw refuse(
          'round.relative_needs_reason',
          `以下户为村干部亲属，乡镇审核通过须写明核查理由：${flagged.join('、')}`,
          `relatives of village cadres; the township must give its reason to pass them: ${flagged.join(', ')}`,
        );
      }
    }
    for (const id of ids) apply(id, event());
    return { applied: ids.map((id) => ({ householdId: id, step: cases.get(id)!.step })) };
  });

  setHandler(reexamineUpdate, async ({ householdId, objectionId, outcome, reason, signer }): Promise<ActionResult> => {
    const answeredBy = { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction };
    if (!householdId) {
      // an objection to the notice as a whole (no household named): answered, nothing moves
      const general = generalObjections.find((o) => o.objectionId === objectionId);
      if (!general)
        throw refuse(
          'round.unknown_objection',
          `本批次没有未答复的异议 ${objectionId}`,
          `no unanswered objection ${objectionId} in this round`,
        );
      await notices.answerObjection({ objectionId: general.objectionId, outcome, reason, answeredBy });
      generalObjections.splice(generalObjections.indexOf(general), 1);
      version++;
      return { applied: [] };
    }
    const state = cases.get(householdId);
    if (!state)
      throw refuse(
        'round.unknown_household',
        `户 ${householdId} 不在本批次`,
        `household ${householdId} is not in this round`,
      );
    const at = now();
    const event: ProcedureEvent = { type: 'reexamined', step: state.step, outcome, reason, at, by: principal(signer) };
    check([householdId], () => event);
    for (const id of state.reexamination?.objectionIds ?? [])
      await notices.answerObjection({ objectionId: id, outcome, reason, answeredBy });
    apply(householdId, { ...event, at: now() });
    const after = cases.get(householdId)!;
    const notice = batches.of(householdId);
    if (isNoticeStep(after.step) && notice && notice.closedAt) {
      // the notice closed during the re-examination: the dismissed objection lets the household pass it now
      apply(householdId, {
        type: 'stepCompleted',
        step: after.step,
        at: now(),
        by: 'system',
        reason: 'objection dismissed after the notice closed',
      });
    }
    return { applied: [{ householdId, step: cases.get(householdId)!.step }] };
  });

  setHandler(objectionFiledSignal, (objection) => receiveObjection(objection));

  function receiveObjection(objection: ObjectionFiled): void {
    if (knownObjections.has(objection.objectionId)) return; // already heard of (the notice's closing reported it first)
    knownObjections.add(objection.objectionId);
    const id = objection.householdId;
    const state = id ? cases.get(id) : undefined;
    const notice = id ? batches.of(id) : undefined;
    if (!id || !state || !notice || notice.noticeId !== objection.noticeId || isTerminalStep(state.step)) {
      if (!generalObjections.some((o) => o.objectionId === objection.objectionId)) generalObjections.push(objection);
      version++;
      return;
    }
    const result = applyEvent(state, {
      type: 'objectionFiled',
      step: state.step,
      at: now(),
      objectionId: objection.objectionId,
      reason: objection.text,
    });
    if (result.ok) {
      cases.set(id, result.state);
      for (const entry of result.state.history.slice(state.history.length)) progress.push({ householdId: id, entry });
    } else if (!generalObjections.some((o) => o.objectionId === objection.objectionId)) {
      generalObjections.push(objection); // e.g. the household's notice already closed: still answered
    }
    version++;
  }

  setHandler(roundStateQuery, (filter) => view(filter?.householdId));

  function view(householdId?: string): RoundView {
    const households: HouseholdProgress[] = [];
    const counts: Partial<Record<ProcedureStep, number>> = {};
    for (const [id, state] of cases) {
      counts[state.step] = (counts[state.step] ?? 0) + 1;
      if (householdId && id !== householdId) continue;
      const pending = pendingAction(state, config);
      if (pending.kind === 'notice') pending.dueAt = batches.closesAt(id, state.step);
      const c = checks.get(id)!;
      households.push({
        householdId: id,
        headName: heads.get(id)!.headName,
        step: state.step,
        pending,
        checks: { eligibility: c.eligibility, exclusions: c.exclusions },
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
      finished: allFinished(),
    };
  }

  const allFinished = () => [...cases.values()].every((s) => isTerminalStep(s.step)) && generalObjections.length === 0;
  const at = (step: ProcedureStep) => [...cases.entries()].filter(([, s]) => s.step === step).map(([id]) => id);
  const stepIndex = (step: ProcedureStep) => (MAIN_STEPS as readonly string[]).indexOf(step);

  /** Households that arrived at a step needing a check run it in one activity call. */
  async function runChecks(): Promise<void> {
    const needRelatives = at('township_review').filter(
      (id) => checks.get(id)!.relativesCheckedAt !== 'township_review',
    );
    const needExclusions = at('county_cross_check').filter(
      (id) => checks.get(id)!.relativesCheckedAt !== 'county_cross_check',
    );
    for (const [ids, step] of [
      [needRelatives, 'township_review'],
      [needExclusions, 'county_cross_check'],
    ] as const) {
      if (ids.length === 0) continue;
      const results = await identification.crossCheck({ roundId: input.roundId, householdIds: ids });
      for (const id of ids) {
        const c = checks.get(id)!;
        c.exclusions = results[id];
        c.relativesCheckedAt = step;
      }
      version++;
    }
  }

  /** Open one notice per stage for everybody waiting at it, once nobody is still on the way there. */
  async function openNotices(): Promise<void> {
    for (const step of NOTICE_STEPS) {
      // listed on this stage's notice already (open, or closed while it was in re-examination) → not waiting;
      // back here after a send-back, its old notice is closed → it needs a new one (a changed decision is republished)
      const waiting = batches.waiting(at(step), step);
      if (waiting.length === 0) continue;
      const stragglers = [...cases.values()].some(
        (s) =>
          !isTerminalStep(s.step) &&
          ((stepIndex(s.step) >= 0 && stepIndex(s.step) < stepIndex(step)) ||
            (s.reexamination !== null && stepIndex(s.reexamination.fromNotice) < stepIndex(step))),
      );
      if (stragglers) continue;
      const noticeId = uuid4();
      const text = NOTICE_TEXT[step];
      const divisionCode =
        step === 'county_announcement'
          ? input.villageCode.slice(0, 6)
          : step === 'township_notice'
            ? input.villageCode.slice(0, 9)
            : input.villageCode;
      const opened = await notices.openNotice({
        noticeId,
        kind: step,
        procedure: 'identification',
        divisionCode,
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
            reason: h.mainCause ?? '—',
          };
        }),
        durationSeconds: config.noticeSeconds[step],
        ownerWorkflowId: workflowInfo().workflowId,
      });
      const notice: RoundNotice = {
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
      // objections filed while the notice was open count even if their event has not arrived yet
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
        if (batches.carries(notice, id, state.step)) {
          apply(id, {
            type: 'stepCompleted',
            step: notice.step,
            at: now(),
            by: 'system',
            reason: `${STEP_LABELS[notice.step]['zh-CN']}期满无异议 / notice period ended without objection`,
          });
        }
      }
      version++;
    }
  }

  function markMissedDeadlines(): void {
    const t = Date.now();
    for (const [id, state] of cases) {
      const pending = pendingAction(state, config);
      if (pending.kind === 'human' && pending.dueAt && Date.parse(pending.dueAt) <= t)
        apply(id, { type: 'deadlineMissed', step: state.step, at: now() });
    }
  }

  async function flush(): Promise<void> {
    const outcomes = [...cases.entries()]
      .filter(([id, s]) => isTerminalStep(s.step) && !recorded.has(id))
      .map(([id, s]) => ({
        householdId: id,
        outcome: s.step as 'registered' | 'refused' | 'withdrawn',
        reason: s.outcome?.reason ?? null,
        at: s.outcome?.at ?? now(),
      }));
    if (progress.length) {
      const batch = progress;
      progress = [];
      await identification.recordProgress({ roundId: input.roundId, entries: batch });
    }
    if (outcomes.length) {
      await identification.recordOutcomes({ roundId: input.roundId, outcomes });
      for (const o of outcomes) recorded.add(o.householdId);
    }
  }

  function nextWake(): number | undefined {
    const times = batches.openClosings();
    for (const state of cases.values()) {
      const pending = pendingAction(state, config);
      if (pending.kind === 'human' && pending.dueAt) times.push(Date.parse(pending.dueAt));
    }
    if (times.length === 0) return undefined;
    return Math.max(1, Math.min(...times) - Date.now());
  }

  for (;;) {
    // anything that changes during a pass (a notice closing moves households on, …) runs the pass again at once
    const seen = version;
    await runChecks();
    await closeDueNotices();
    markMissedDeadlines();
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
