import type { NoticeActivities, OpenNoticeInput } from '@fupin/workflows';
import type {
  AcceptInput,
  AllocateInput,
  DisburseInput,
  ProjectFundsActivities,
  ProjectFundsView,
  RectifyInput,
  ReexamineInput,
  StartImplementationInput,
} from './definitions';
import { noticeSigner, UNPAID_REF, type ProjectFunds, type ProjectFundsCommand } from './state';

// The steps of the project funds: the updates' handlers and the main line's notice. The workflow runs each under one
// lock; each decides again what its validator decided, since the project may have moved meanwhile.

/** One project being run: its state and the activities it records with (industry-service, notice-service). */
export interface ProjectFundsRun {
  c: ProjectFunds;
  acts: ProjectFundsActivities;
  notices: NoticeActivities;
}

/** Each update as the procedure's event (the time is the project's). */
export const commands = {
  allocate: ({ amountFen, signer }: AllocateInput): ProjectFundsCommand => ({
    type: 'allocated',
    by: signer,
    amountFen,
  }),
  startImplementation: ({ startedOn, signer }: StartImplementationInput): ProjectFundsCommand => ({
    type: 'implementationStarted',
    by: signer,
    startedOn,
  }),
  /** The committee signs; who entered its record is audited by industry-service with the update. */
  accept: ({ committee, evidenceRef }: AcceptInput): ProjectFundsCommand => ({
    type: 'accepted',
    committee,
    evidenceRef,
  }),
  rectify: ({ evidenceRef, signer }: RectifyInput): ProjectFundsCommand => ({
    type: 'rectified',
    by: signer,
    evidenceRef,
  }),
  /** The payment to the partner's registered account; decided with `paymentRef` unpaid until it is made. */
  disburse: (
    { amountFen, signer }: DisburseInput,
    toAccountRef: string,
    paymentRef = UNPAID_REF,
  ): ProjectFundsCommand => ({
    type: 'disbursed',
    by: signer,
    amountFen,
    paymentRef,
    toAccountRef,
  }),
};

/** A step of the project: decided, recorded with industry-service (funds row, audit), then committed. */
export async function change({ c, acts }: ProjectFundsRun, command: ProjectFundsCommand): Promise<ProjectFundsView> {
  const next = c.decide(command);
  await acts.recordFundsProgress(c.progress(next));
  c.commit(next);
  return c.view();
}

/** 资金拨付: decided first (over the allocation, the account, a second payment), paid once, then recorded. */
export async function disburse(run: ProjectFundsRun, command: ProjectFundsCommand): Promise<ProjectFundsView> {
  run.c.decide(command);
  if (command.type !== 'disbursed') throw new TypeError(`not a disbursement: ${command.type}`);
  const { amountFen, toAccountRef } = command;
  const { paymentRef } = await run.acts.payDisbursement({ projectId: run.c.state.projectId, amountFen, toAccountRef });
  return change(run, { ...command, paymentRef });
}

/** 异议复核: each objection filed on the notice answered on notice-service, then the notice's closing recorded. */
export async function reexamine(run: ProjectFundsRun, input: ReexamineInput): Promise<ProjectFundsView> {
  const { c, notices } = run;
  const command = c.reexamination(input);
  c.decide(command);
  const { outcome, reason } = input;
  const answeredBy = noticeSigner(input.signer);
  for (const { objectionId } of c.objections())
    await notices.answerObjection({ objectionId, outcome, reason: reason.trim(), answeredBy });
  return change(run, command);
}

/** 资金公告公示: the notice opened on notice-service (idempotent by its id), then recorded as published. */
export async function publishNotice(run: ProjectFundsRun, notice: OpenNoticeInput): Promise<void> {
  if (!run.c.noticeDue()) return;
  await run.notices.openNotice(notice);
  await change(run, { type: 'noticePublished', noticeId: notice.noticeId });
}

/** 公示期满: the notice closed; without objections the project moves on to the disbursement, else they wait. */
export async function closeNotice(run: ProjectFundsRun): Promise<void> {
  const noticeId = run.c.openNoticeId();
  if (!noticeId) return;
  const { objections, filed } = await run.notices.closeNotice({ noticeId });
  if (objections > 0) run.c.closedWithObjections(objections, filed ?? []);
  else await change(run, { type: 'noticeClosed', noticeId, objectionUpheld: false });
}
