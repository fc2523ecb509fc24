import { allHandlersFinished, condition, setHandler, uuid4, workflowInfo } from '@temporalio/workflow';
import type { NoticeEntryInput, OpenNoticeInput } from '@fupin/workflows';
import { objectionFiledSignal } from '../round/definitions';
import {
  type IncidenceCheck,
  type VillageExitActivities,
  type VillageExitAnswerInput,
  type VillageExitDecisionInput,
  type VillageExitInput,
  type VillageExitView,
  answerVillageExitObjectionUpdate,
  decideVillageExitUpdate,
  villageExitStateQuery,
} from './definitions';
import { registerActivities, noticeActivities } from '../activity-proxies';
import { ProcedureLock } from '../kernel/lock';
import { DecisionLock } from './decision-lock';
import { deadlinesOn, escalateUntilDecided } from './deadlines';
import { answerObjection, decideExit, recordRefusal, type VillageExitRun } from './handlers';
import { VillageExitCase, type VillageExitDecision } from './state';

const exits = registerActivities<VillageExitActivities>('2m');
const notices = noticeActivities();

const NO_HOUSEHOLDS = '本村没有建档立卡户，无需退出 / the village has no registered households: nothing to exit from';

/** Refused at the proposal (by the figures, or nothing to exit from): recorded by the system, and the run ends. */
async function refusedAtProposal(run: VillageExitRun, shown: string, recorded: string): Promise<VillageExitView> {
  const decision: VillageExitDecision = {
    action: 'incidence',
    reason: shown,
    by: 'system',
    at: new Date().toISOString(),
  };
  const check = run.c.proposalCheck!;
  await recordRefusal(run, decision, { check, checkKind: 'proposal', reason: recorded, decidedBy: 'system' });
  await condition(allHandlersFinished);
  return run.c.view();
}

/** 乡镇公示: the village's register households, posted in its township with the village's figures in the title. */
function townshipNotice(input: VillageExitInput, check: IncidenceCheck, entries: NoticeEntryInput[]): OpenNoticeInput {
  const { villageCode, year } = input;
  const shown = `${check.poorNotExited}/${check.ruralPopulation}`;
  return {
    noticeId: uuid4(),
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
  };
}

/** The notice opened and the exit recorded as in notice; returns the notice's closing time (ms). */
async function openNotice(
  { c, exits, notices }: VillageExitRun,
  check: IncidenceCheck,
  entries: NoticeEntryInput[],
): Promise<number> {
  const notice = townshipNotice(c.input, check, entries);
  const { noticeId } = notice;
  const { openedAt, closesAt } = await notices.openNotice(notice);
  c.notice = { noticeId, openedAt, closesAt, closedAt: null };
  const at = new Date().toISOString();
  await exits.recordVillageExit({
    exitId: c.input.exitId,
    status: 'in_notice',
    noticeId,
    check,
    checkKind: 'proposal',
    at,
  });
  c.status = 'in_notice';
  return Date.parse(closesAt);
}

/** 公示期满: the notice closed, with the objections filed on it. */
async function closeNotice({ c, notices }: VillageExitRun): Promise<void> {
  const closed = await notices.closeNotice({ noticeId: c.notice!.noticeId });
  c.noticeClosed(closed.closedAt, closed.filed ?? []);
}

/**
 * 贫困村退出: incidence check → 乡镇公示 (objections answered by the county) → 县级审定 → recorded. The figures
 * are checked again at the decision: a village that has gone back above the line is not approved.
 */
export async function villageExitWorkflow(input: VillageExitInput): Promise<VillageExitView> {
  const { exitId, villageCode } = input;
  const c = new VillageExitCase(input);
  const run: VillageExitRun = { c, exits, notices };
  const decisions = new DecisionLock(ProcedureLock.start());
  const escalates = deadlinesOn(input);

  setHandler(villageExitStateQuery, () => c.view());
  setHandler(objectionFiledSignal, (o) => c.receive(o));
  setHandler(answerVillageExitObjectionUpdate, (request) => decisions.exclusive(() => answerObjection(run, request)), {
    validator: (request: VillageExitAnswerInput) => void c.validateAnswer(request),
  });
  setHandler(decideVillageExitUpdate, (request) => decisions.exclusive(() => decideExit(run, request)), {
    validator: (request: VillageExitDecisionInput) => c.validateDecision(request),
  });

  // 1. 贫困发生率: strictly below the line, or refused with the figures
  const check = await exits.checkVillageIncidence({ exitId, villageCode });
  c.proposalCheck = check;
  if (!check.ok)
    return refusedAtProposal(run, check.message['zh-CN'], `${check.message['zh-CN']} / ${check.message.en}`);

  // 2. 乡镇公示: the village's register households, with the village's figures as the reason
  const entries = await exits.villageExitNoticeEntries({ exitId, villageCode, check });
  if (entries.length === 0) return refusedAtProposal(run, NO_HOUSEHOLDS, NO_HOUSEHOLDS);
  const closesAt = await openNotice(run, check, entries);
  // the notice period; an upheld objection ends the exit early, but the notice still closes on its own terms
  await condition(() => c.finished(), Math.max(1, closesAt - Date.now()));
  await decisions.mainStep(() => closeNotice(run));

  // 3. 县级审定 (and every objection answered before it); the county's late steps escalate (runs given deadlines)
  if (escalates) await escalateUntilDecided(run, decisions);
  else await condition(() => c.finished());
  await condition(allHandlersFinished);
  return c.view();
}
