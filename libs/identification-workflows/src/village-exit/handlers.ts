import type { NoticeActivities } from '@fupin/workflows';
import type {
  VillageExitActivities,
  VillageExitAnswerInput,
  VillageExitDecisionInput,
  VillageExitRecord,
  VillageExitView,
} from './definitions';
import type { VillageExitCase, VillageExitDecision } from './state';
import { refuse } from '../kernel/refusals';

// The update handlers of the village exit, and the refusal they share with the main line. The workflow runs each
// handler one at a time (DecisionLock); each checks again what its validator checked, since the state may have moved.

/** One village exit being run: its state and the activities it records with. */
export interface VillageExitRun {
  c: VillageExitCase;
  exits: VillageExitActivities;
  notices: NoticeActivities;
}

const now = () => new Date().toISOString();

/** The exit ends refused: the decision shown at once, the status once the register has recorded it. */
export async function recordRefusal(
  { c, exits }: VillageExitRun,
  decision: VillageExitDecision,
  record: Pick<VillageExitRecord, 'check' | 'checkKind' | 'reason' | 'decidedBy'>,
): Promise<void> {
  c.decision = decision;
  await exits.recordVillageExit({ exitId: c.input.exitId, status: 'refused', ...record, at: decision.at });
  c.status = 'refused';
}

/** 异议答复 by the county: recorded with the notice; an upheld objection (异议成立) ends this exit, refused. */
export async function answerObjection(run: VillageExitRun, request: VillageExitAnswerInput): Promise<VillageExitView> {
  const { objectionId, outcome, reason, signer } = request;
  const objection = run.c.validateAnswer(request);
  const answeredBy = { subject: signer.subject, role: signer.role, jurisdiction: signer.jurisdiction };
  await run.notices.answerObjection({ objectionId, outcome, reason, answeredBy });
  const at = now();
  objection.answer = { outcome, reason, by: signer.subject, at };
  run.c.trackStep();
  if (outcome === 'upheld') {
    // the village does not exit this time; the township may propose again once it is put right
    const decision: VillageExitDecision = { action: 'objection_upheld', reason, by: signer.subject, at };
    await recordRefusal(run, decision, { reason: `异议成立 / objection upheld: ${reason}`, decidedBy: signer });
  }
  return run.c.view();
}

/** 县级审定: a rejection with its reason, or an approval once the figures are checked again. */
export async function decideExit(run: VillageExitRun, request: VillageExitDecisionInput): Promise<VillageExitView> {
  const { action, reason, signer } = request;
  run.c.validateDecision(request);
  const at = now();
  if (action === 'reject') {
    const decision: VillageExitDecision = { action, reason: reason!, by: signer.subject, at };
    await recordRefusal(run, decision, { reason: reason!, decidedBy: signer });
  } else await approveExit(run, request, at);
  return run.c.view();
}

/** Approved only while the incidence is still below the line: a village gone back above it is refused the approval. */
async function approveExit({ c, exits }: VillageExitRun, { reason, signer }: VillageExitDecisionInput, at: string) {
  const { exitId, villageCode } = c.input;
  const check = await exits.checkVillageIncidence({ exitId, villageCode });
  c.decisionCheck = check;
  if (!check.ok)
    throw refuse('village_exit.incidence_not_below', 409, check.message['zh-CN'], check.message.en, { data: check });
  const approved = reason?.trim() || '县级审定同意退出 / approved by the county';
  c.decision = { action: 'approve', reason: approved, by: signer.subject, at };
  await exits.recordVillageExit({
    exitId,
    status: 'exited',
    check,
    checkKind: 'decision',
    reason: approved,
    decidedBy: signer,
    at,
  });
  c.status = 'exited';
}
