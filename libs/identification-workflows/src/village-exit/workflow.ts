import { allHandlersFinished, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import { objectionFiledSignal, type ObjectionFiled, type RoundSigner } from '../round/definitions';
import {
  type IncidenceCheck,
  type VillageExitActivities,
  type VillageExitAnswerInput,
  type VillageExitDecisionInput,
  type VillageExitInput,
  type VillageExitObjection,
  type VillageExitStatus,
  type VillageExitView,
  answerVillageExitObjectionUpdate,
  decideVillageExitUpdate,
  villageExitStateQuery,
} from './definitions';
import { registerActivities, noticeActivities } from '../activity-proxies';
import { ProcedureLock } from '../kernel/lock';
import { refuse } from '../kernel/refusals';

const exits = registerActivities<VillageExitActivities>('2m');
const notices = noticeActivities();

/** Only the county's approver (县扶贫开发领导小组 / 县扶贫办) of the village's county decides and answers. */
function assertCountyApprover(signer: RoundSigner, villageCode: string): void {
  if (signer.role !== 'county_approver')
    throw refuse('village_exit.wrong_role', 403, '须由县级审批人员办理', 'only the county approver may do this');
  if (signer.jurisdiction !== villageCode.slice(0, 6))
    throw refuse(
      'village_exit.out_of_jurisdiction',
      403,
      `村 ${villageCode} 不属于您所在的县`,
      `village ${villageCode} is not in your county`,
    );
}

/**
 * 贫困村退出: incidence check → 乡镇公示 (objections answered by the county) → 县级审定 → recorded. The figures
 * are checked again at the decision: a village that has gone back above the line is not approved.
 */
export async function villageExitWorkflow(input: VillageExitInput): Promise<VillageExitView> {
  const { exitId, villageCode, year } = input;
  let status: VillageExitStatus = 'proposed';
  let proposalCheck: IncidenceCheck | null = null;
  let decisionCheck: IncidenceCheck | null = null;
  let notice: VillageExitView['notice'] = null;
  let decision: VillageExitView['decision'] = null;
  /** every objection heard of, by the signal or by the notice's closing; only those on this run's notice count */
  const heard = new Map<string, VillageExitObjection & { noticeId: string }>();
  /** one decision or answer at a time: each may call activities and change the outcome */
  let busy = false;
  const lock = ProcedureLock.start();

  const now = () => new Date().toISOString();
  const finished = () => status === 'exited' || status === 'refused';
  const ours = () => [...heard.values()].filter((o) => o.noticeId === notice?.noticeId);
  const unanswered = () => ours().filter((o) => o.answer === null);

  function view(): VillageExitView {
    const waitingFor: VillageExitView['waitingFor'] = finished()
      ? null
      : status === 'proposed'
        ? 'incidence_check'
        : !notice?.closedAt
          ? 'notice'
          : unanswered().length
            ? 'objection_answers'
            : 'county_decision';
    return {
      exitId,
      villageCode,
      year,
      attempt: input.attempt,
      status,
      waitingFor,
      proposalCheck,
      decisionCheck,
      notice,
      objections: ours().map(({ objectionId, householdId, text, answer }) => ({
        objectionId,
        householdId,
        text,
        answer,
      })),
      decision,
    };
  }

  function receive(o: ObjectionFiled): void {
    // a signal may come before this run has its notice id: kept, and counted once it is this run's notice
    if (!heard.has(o.objectionId))
      heard.set(o.objectionId, {
        objectionId: o.objectionId,
        noticeId: o.noticeId,
        householdId: o.householdId,
        text: o.text,
        answer: null,
      });
  }

  /** Before the kernel version a second decision meanwhile was refused; with it, it waits for the first. */
  async function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (lock.kernel) return lock.run(fn);
    if (busy)
      throw refuse(
        'village_exit.busy',
        409,
        '另一项决定正在办理，请稍后重试',
        'another decision is being recorded; retry shortly',
      );
    busy = true;
    try {
      return await fn();
    } finally {
      busy = false;
    }
  }

  setHandler(villageExitStateQuery, () => view());
  setHandler(objectionFiledSignal, (o) => receive(o));

  /** What workflow state decides about an answer: the update's validator, and again in the handler. */
  function validateAnswer({ objectionId, reason, signer }: VillageExitAnswerInput) {
    assertCountyApprover(signer, villageCode);
    const objection = ours().find((o) => o.objectionId === objectionId);
    if (!objection)
      throw refuse(
        'village_exit.unknown_objection',
        400,
        `本次退出没有异议 ${objectionId}`,
        `no objection ${objectionId} on this exit`,
      );
    if (objection.answer)
      throw refuse('village_exit.objection_answered', 409, '该异议已答复', 'this objection has already been answered');
    if (!reason?.trim())
      throw refuse('village_exit.reason_required', 400, '答复须写明理由', 'an answer needs its reason', {
        field: 'reason',
      });
    if (finished()) throw refuse('village_exit.finished', 409, '本次退出已办结', 'this exit has already been decided');
    return objection;
  }

  /** What workflow state decides about the county's decision: the update's validator, and again in the handler. */
  function validateDecision({ action, reason, signer }: VillageExitDecisionInput): void {
    assertCountyApprover(signer, villageCode);
    if (finished()) throw refuse('village_exit.finished', 409, '本次退出已办结', 'this exit has already been decided');
    if (status !== 'in_notice' || !notice?.closedAt)
      throw refuse(
        'village_exit.notice_open',
        409,
        '乡镇公示期未满，不能审定',
        'the township notice has not ended yet',
      );
    const open = unanswered();
    if (open.length)
      throw refuse(
        'village_exit.objections_unanswered',
        409,
        `以下异议尚未答复：${open.map((o) => o.objectionId).join('、')}`,
        `objections not answered yet: ${open.map((o) => o.objectionId).join(', ')}`,
      );
    if (action === 'reject' && !reason?.trim())
      throw refuse('village_exit.reason_required', 400, '不予退出须写明理由', 'a rejection needs its reason', {
        field: 'reason',
      });
  }

  setHandler(
    answerVillageExitObjectionUpdate,
    (request) =>
      exclusive(async () => {
        const { objectionId, outcome, reason, signer } = request;
        const objection = validateAnswer(request);
        await notices.answerObjection({
          objectionId,
          outcome,
          reason,
          answeredBy: { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction },
        });
        const at = now();
        objection.answer = { outcome, reason, by: signer.subject, at };
        if (outcome === 'upheld') {
          // 异议成立: the village does not exit this time; the township may propose again once it is put right
          decision = { action: 'objection_upheld', reason, by: signer.subject, at };
          await exits.recordVillageExit({
            exitId,
            status: 'refused',
            reason: `异议成立 / objection upheld: ${reason}`,
            decidedBy: signer,
            at,
          });
          status = 'refused';
        }
        return view();
      }),
    { validator: (request: VillageExitAnswerInput) => void validateAnswer(request) },
  );

  setHandler(
    decideVillageExitUpdate,
    (request) =>
      exclusive(async () => {
        const { action, reason, signer } = request;
        validateDecision(request);
        const at = now();
        if (action === 'reject') {
          decision = { action, reason: reason!, by: signer.subject, at };
          await exits.recordVillageExit({ exitId, status: 'refused', reason: reason!, decidedBy: signer, at });
          status = 'refused';
          return view();
        }
        const check = await exits.checkVillageIncidence({ exitId, villageCode });
        if (!check.ok) {
          decisionCheck = check;
          throw refuse('village_exit.incidence_not_below', 409, check.message['zh-CN'], check.message.en, {
            data: check,
          });
        }
        decisionCheck = check;
        decision = {
          action,
          reason: reason?.trim() || '县级审定同意退出 / approved by the county',
          by: signer.subject,
          at,
        };
        await exits.recordVillageExit({
          exitId,
          status: 'exited',
          check,
          checkKind: 'decision',
          reason: decision.reason,
          decidedBy: signer,
          at,
        });
        status = 'exited';
        return view();
      }),
    { validator: (request: VillageExitDecisionInput) => validateDecision(request) },
  );

  // 1. 贫困发生率: strictly below the line, or refused with the figures
  proposalCheck = await exits.checkVillageIncidence({ exitId, villageCode });
  if (!proposalCheck.ok) {
    decision = { action: 'incidence', reason: proposalCheck.message['zh-CN'], by: 'system', at: now() };
    await exits.recordVillageExit({
      exitId,
      status: 'refused',
      check: proposalCheck,
      checkKind: 'proposal',
      reason: `${proposalCheck.message['zh-CN']} / ${proposalCheck.message.en}`,
      decidedBy: 'system',
      at: now(),
    });
    status = 'refused';
    await condition(allHandlersFinished);
    return view();
  }

  // 2. 乡镇公示: the village's register households, with the village's figures as the reason
  const entries = await exits.villageExitNoticeEntries({ exitId, villageCode, check: proposalCheck });
  if (entries.length === 0) {
    const reason = '本村没有建档立卡户，无需退出 / the village has no registered households: nothing to exit from';
    decision = { action: 'incidence', reason, by: 'system', at: now() };
    await exits.recordVillageExit({
      exitId,
      status: 'refused',
      check: proposalCheck,
      checkKind: 'proposal',
      reason,
      decidedBy: 'system',
      at: now(),
    });
    status = 'refused';
    await condition(allHandlersFinished);
    return view();
  }
  const noticeId = uuid4();
  const shown = `${proposalCheck.poorNotExited}/${proposalCheck.ruralPopulation}`;
  const opened = await notices.openNotice({
    noticeId,
    kind: 'township_notice',
    procedure: 'exit',
    divisionCode: villageCode.slice(0, 9),
    title: {
      'zh-CN': `贫困村退出乡镇公示：村 ${villageCode}（${year}年度，贫困发生率 ${shown}）`,
      en: `Village exit, township notice: village ${villageCode} (${year}, incidence ${shown})`,
    },
    entries,
    durationSeconds: input.noticeSeconds,
    ownerWorkflowId: workflowInfo().workflowId,
  });
  notice = { noticeId, openedAt: opened.openedAt, closesAt: opened.closesAt, closedAt: null };
  await exits.recordVillageExit({
    exitId,
    status: 'in_notice',
    noticeId,
    check: proposalCheck,
    checkKind: 'proposal',
    at: now(),
  });
  status = 'in_notice';

  // the notice period; an upheld objection ends the exit early, but the notice still closes on its own terms
  await condition(() => finished(), Math.max(1, Date.parse(opened.closesAt) - Date.now()));
  const close = async () => {
    const closed = await notices.closeNotice({ noticeId });
    for (const f of closed.filed ?? [])
      receive({ objectionId: f.objectionId, noticeId, householdId: f.entryId ?? undefined, text: f.text });
    notice = { ...notice!, closedAt: closed.closedAt };
  };
  if (lock.kernel) await lock.run(close);
  else {
    await condition(() => !busy);
    await close();
  }

  // 3. 县级审定 (and every objection answered before it)
  await condition(() => finished());
  await condition(allHandlersFinished);
  return view();
}
