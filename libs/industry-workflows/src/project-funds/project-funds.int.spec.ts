/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
// The project funds (产业项目资金) on a real Temporal server (private, see identification-workflows'
// testing/private-temporal.ts) with industry-service's and notice-service's activities mocked in-process: the four
// signed checkpoints with the funds notice closed clean and one disbursement (however often it is sent); a notice
// closed with objections, re-examined and upheld, the project rectified and noticed again before it is paid.
// RECORD_HISTORIES=1 writes each run's history into ./histories for apps/orchestrator's replay test.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ProjectFundsPrincipal } from '@fupin/industry-rules';
import { TaskQueues, type FiledObjection, type NoticeActivities, type OpenNoticeInput } from '@fupin/workflows';
import {
  acceptUpdate,
  allocateUpdate,
  disburseUpdate,
  projectFundsStateQuery,
  projectFundsWorkflowId,
  rectifyUpdate,
  reexamineUpdate,
  startImplementationUpdate,
  type DisburseInput,
  type ProjectFundsActivities,
  type ProjectFundsInput,
  type ProjectFundsProgressRecord,
  type ProjectFundsView,
} from '../index';
import {
  historyOf,
  recordHistory,
  refusalOf,
  startPrivateTemporal,
  WorkflowUpdateStage,
  type PrivateTemporal,
  type WorkflowHandle,
} from '../../../identification-workflows/src/testing/private-temporal';

jest.setTimeout(180_000);

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
const township: ProjectFundsPrincipal = { subject: 'twn-1', role: 'township_reviewer', jurisdiction: '430524101' };
const committee = [
  { subject: 'expert-1', name: '张三' },
  { subject: 'expert-2', name: '李四' },
  { subject: 'villager-1', name: '王五' },
];

/** What industry-service and notice-service were asked to do. */
const calls = {
  progress: [] as ProjectFundsProgressRecord[],
  payDisbursement: [] as { projectId: string; amountFen: number; toAccountRef: string }[],
  paid: [] as { projectId: string; paid: boolean }[],
  opened: [] as OpenNoticeInput[],
  closed: [] as { noticeId: string }[],
  answered: [] as (Parameters<NoticeActivities['answerObjection']>[0] & { ownerWorkflowId: string })[],
};
const payments = new Map<string, { paymentRef: string; paidAt: string }>();
const industry: ProjectFundsActivities = {
  async recordFundsProgress(input) {
    calls.progress.push(input);
  },
  async payDisbursement(input) {
    calls.payDisbursement.push(input);
    await new Promise((r) => setTimeout(r, 300)); // a slow bank: room for a retried disbursement to race it
    const first = payments.get(input.projectId);
    calls.paid.push({ projectId: input.projectId, paid: !first });
    if (first) return { ...first, paid: false };
    const payment = { paymentRef: `PAY-${input.projectId}`, paidAt: new Date().toISOString() };
    payments.set(input.projectId, payment);
    return { ...payment, paid: true };
  },
};

/** Objections to file on the next notice of a workflow (by its id), consumed when that notice closes. */
const objectionsToFile = new Map<string, FiledObjection[]>();
const notices = new Map<string, { owner: string; objections: FiledObjection[]; openedAt: string }>();
const objectionOwner = new Map<string, string>();
const notice: NoticeActivities = {
  async openNotice(input) {
    calls.opened.push(input);
    let n = notices.get(input.noticeId);
    if (!n) {
      const objections = objectionsToFile.get(input.ownerWorkflowId) ?? [];
      objectionsToFile.delete(input.ownerWorkflowId);
      n = { owner: input.ownerWorkflowId, objections, openedAt: new Date().toISOString() };
      notices.set(input.noticeId, n);
      for (const o of objections) objectionOwner.set(o.objectionId, input.ownerWorkflowId);
    }
    const closesAt = new Date(Date.parse(n.openedAt) + input.durationSeconds * 1000).toISOString();
    return { noticeId: input.noticeId, openedAt: n.openedAt, closesAt };
  },
  async closeNotice(input) {
    calls.closed.push(input);
    const n = notices.get(input.noticeId)!;
    return { closedAt: new Date().toISOString(), objections: n.objections.length, filed: n.objections };
  },
  async answerObjection(input) {
    calls.answered.push({ ...input, ownerWorkflowId: objectionOwner.get(input.objectionId) ?? '' });
  },
};
const of = <T extends { projectId: string }>(list: T[], projectId: string) =>
  list.filter((x) => x.projectId === projectId);

let temporal: PrivateTemporal;
beforeAll(async () => {
  temporal = await startPrivateTemporal(path.join(__dirname, '..', 'index.ts'), {
    [TaskQueues.industry]: industry,
    [TaskQueues.notice]: notice,
  });
});
afterAll(async () => {
  await temporal?.stop();
});

function fundsInput(durationSeconds: number): ProjectFundsInput {
  return {
    project: {
      projectId: randomUUID(),
      villageCode: VILLAGE,
      budgetFen: 50_000_000,
      partner: { creditCode: PARTNER_CODE, accountRef: ACCOUNT, name: '某某种植专业合作社' },
      implementer: { kind: 'partner', contactSubject: 'partner-contact' },
      by: industryOffice,
      at: new Date().toISOString(),
    },
    notice: {
      kind: 'village_notice',
      divisionCode: VILLAGE,
      durationSeconds,
      title: { 'zh-CN': '产业项目资金公告', en: 'Industry project funds notice' },
      entries: [
        {
          entryId: randomUUID(),
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

const start = (input: ProjectFundsInput) =>
  temporal.client.workflow.start('projectFundsWorkflow', {
    taskQueue: temporal.taskQueue,
    workflowId: projectFundsWorkflowId(input.project.projectId),
    args: [input],
  });

async function until(handle: WorkflowHandle, done: (v: ProjectFundsView) => boolean): Promise<ProjectFundsView> {
  for (const deadline = Date.now() + 30_000; ;) {
    const view = await handle.query(projectFundsStateQuery);
    if (done(view)) return view;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10); // China Standard Time

/** 资金安排 → 项目实施 → 项目验收: the funds notice is then due. */
async function throughAcceptance(handle: WorkflowHandle) {
  await handle.executeUpdate(allocateUpdate, { args: [{ amountFen: 40_000_000, signer: finance }] });
  await handle.executeUpdate(startImplementationUpdate, { args: [{ startedOn: today(), signer: township }] });
  return handle.executeUpdate(acceptUpdate, {
    args: [{ committee, evidenceRef: 'acceptance-report-1', signer: industryOffice }],
  });
}

async function ended(handle: WorkflowHandle, name: string, refusedUpdateIds: string[]): Promise<ProjectFundsView> {
  const result = (await handle.result()) as ProjectFundsView;
  const history = await historyOf(handle);
  const text = JSON.stringify(history);
  expect(refusedUpdateIds.filter((id) => text.includes(id))).toEqual([]); // validators' refusals leave no trace
  recordHistory(history, __dirname, name);
  return result;
}

describe('project funds workflow (project-funds:<projectId>)', () => {
  it('allocation → implementation → acceptance → notice closed clean → disbursed once', async () => {
    const input = fundsInput(1);
    const { projectId } = input.project;
    const handle = await start(input);
    expect(
      await refusalOf(
        handle.executeUpdate(startImplementationUpdate, {
          args: [{ startedOn: today(), signer: township }],
          updateId: 'too-early',
        }),
      ),
    ).toMatchObject({ code: 'industry.checkpoint_order', status: 409, data: { missing: 'allocated' } });
    expect(
      await refusalOf(
        handle.executeUpdate(allocateUpdate, {
          args: [{ amountFen: 40_000_000, signer: township }],
          updateId: 'not-finance',
        }),
      ),
    ).toMatchObject({ code: 'industry.wrong_role', status: 403 });
    await handle.executeUpdate(allocateUpdate, { args: [{ amountFen: 40_000_000, signer: finance }] });
    await handle.executeUpdate(startImplementationUpdate, { args: [{ startedOn: today(), signer: township }] });

    const accept = (members: typeof committee, updateId: string) =>
      handle.executeUpdate(acceptUpdate, {
        args: [{ committee: members, evidenceRef: 'acceptance-report-1', signer: industryOffice }],
        updateId,
      });
    expect(await refusalOf(accept(committee.slice(0, 2), 'committee-of-2'))).toMatchObject({
      code: 'industry.committee_too_small',
      status: 422,
    });
    expect(
      await refusalOf(
        accept([...committee.slice(0, 2), { subject: 'partner-contact', name: '赵六' }], 'implementer-signs'),
      ),
    ).toMatchObject({ code: 'industry.signer_is_implementer', status: 422, field: 'committee[2]' });
    const acceptedView = await accept(committee, 'accept');
    expect(acceptedView).toMatchObject({ step: 'notice', pending: { kind: 'system', checkpoint: 'noticePublished' } });

    // the main line opens the notice, sleeps its period (1 s) and closes it without objections
    const open = await until(handle, (v) => v.step === 'publicity');
    expect(open.notices).toHaveLength(1);
    expect(
      await refusalOf(
        handle.executeUpdate(disburseUpdate, {
          args: [{ amountFen: 40_000_000, signer: finance }],
          updateId: 'during-notice',
        }),
      ),
    ).toMatchObject({ code: 'industry.checkpoint_order', status: 409, data: { missing: 'noticeClosed' } });
    await until(handle, (v) => v.step === 'disbursement');

    expect(
      await refusalOf(
        handle.executeUpdate(disburseUpdate, {
          args: [{ amountFen: 40_000_001, signer: finance }],
          updateId: 'over-allocation',
        }),
      ),
    ).toMatchObject({ code: 'industry.over_allocation', status: 422, field: 'amountFen' });

    // the finance office's client retries its disbursement (same update id) while the first is being paid, and a
    // second disbursement under a new id arrives meanwhile: it is refused once the first is recorded
    const disburse = { args: [{ amountFen: 39_000_000, signer: finance }] as [DisburseInput] };
    const pay = (updateId: string) => handle.executeUpdate(disburseUpdate, { ...disburse, updateId });
    const paying = await handle.startUpdate(disburseUpdate, {
      ...disburse,
      updateId: 'disburse-1',
      waitForStage: WorkflowUpdateStage.ACCEPTED,
    });
    const [retried, second] = await Promise.all([pay('disburse-1'), refusalOf(pay('disburse-2'))]);
    const first = await paying.result();
    expect(retried).toEqual(first);
    expect(first).toMatchObject({
      step: 'disbursed',
      pending: { kind: 'none' },
      disbursement: { amountFen: 39_000_000, paymentRef: `PAY-${projectId}`, toAccountRef: ACCOUNT },
    });
    expect(second).toMatchObject({
      code: 'industry.already_disbursed',
      status: 409,
      data: { payment: { paymentRef: `PAY-${projectId}` } },
    });

    const result = await ended(handle, 'v1-four-checkpoints-disbursed', [
      'too-early',
      'not-finance',
      'committee-of-2',
      'implementer-signs',
      'during-notice',
      'over-allocation',
    ]);
    expect(result.step).toBe('disbursed');
    expect(of(calls.paid, projectId).filter((p) => p.paid)).toHaveLength(1); // a second call, if any, paid nothing
    expect(of(calls.payDisbursement, projectId)).toEqual([{ projectId, amountFen: 39_000_000, toAccountRef: ACCOUNT }]);
    const opened = calls.opened.filter((n) => n.ownerWorkflowId === handle.workflowId);
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({
      procedure: 'industry',
      kind: 'village_notice',
      divisionCode: VILLAGE,
      durationSeconds: 1,
      entries: input.notice.entries,
    });
    const progress = of(calls.progress, projectId);
    expect(progress.map((p) => p.step)).toEqual([
      'implementation',
      'acceptance',
      'notice',
      'publicity',
      'disbursement',
      'disbursed',
    ]);
    expect(progress[3]).toMatchObject({ noticeId: opened[0].noticeId, allocatedFen: 40_000_000 });
    // every entry recorded once, in order
    const seqs = progress.flatMap((p) => p.entries.map((_, i) => p.fromSeq + i));
    expect(seqs).toEqual(seqs.map((_, i) => i + 1));
  });

  it('objections on the notice → re-examined, upheld → rectified → a second notice closed clean → disbursed', async () => {
    const input = fundsInput(2);
    const { projectId } = input.project;
    const workflowId = projectFundsWorkflowId(projectId);
    objectionsToFile.set(workflowId, [
      { objectionId: randomUUID(), entryId: input.notice.entries[0].entryId, text: '该户未实际入股' },
      { objectionId: randomUUID(), entryId: null, text: '资金用途与公示不符' },
    ]);
    const handle = await start(input);
    await throughAcceptance(handle);
    const reexamine = (updateId: string, signer = township) =>
      handle.executeUpdate(reexamineUpdate, {
        args: [{ outcome: 'upheld', reason: '经核实，受益户名单有误', signer }],
        updateId,
      });
    // while the notice is open, there is nothing to re-examine
    await until(handle, (v) => v.step === 'publicity');
    expect(await refusalOf(reexamine('notice-open'))).toMatchObject({
      code: 'industry.no_objections_awaiting',
      status: 409,
    });
    const awaiting = await until(handle, (v) => v.objectionsAwaiting > 0);
    expect(awaiting).toMatchObject({ step: 'publicity', objectionsAwaiting: 2 });
    expect(await refusalOf(reexamine('by-finance', finance))).toMatchObject({
      code: 'industry.wrong_role',
      status: 403,
    });

    const upheld = await reexamine('reexamine');
    expect(upheld).toMatchObject({
      step: 'rectification',
      objectionsAwaiting: 0,
      pending: { kind: 'human', checkpoint: 'rectified' },
    });
    const answered = calls.answered.filter((a) => a.ownerWorkflowId === workflowId);
    expect(answered.map((a) => [a.outcome, a.reason, a.answeredBy])).toEqual([
      ['upheld', '经核实，受益户名单有误', { subject: 'twn-1', role: 'township_reviewer', jurisdiction: '430524101' }],
      ['upheld', '经核实，受益户名单有误', { subject: 'twn-1', role: 'township_reviewer', jurisdiction: '430524101' }],
    ]);
    expect(
      await refusalOf(
        handle.executeUpdate(disburseUpdate, {
          args: [{ amountFen: 40_000_000, signer: finance }],
          updateId: 'before-rectification',
        }),
      ),
    ).toMatchObject({ code: 'industry.objection_upheld', status: 409 });

    const rectified = await handle.executeUpdate(rectifyUpdate, {
      args: [{ evidenceRef: 'rectification-report-1', signer: industryOffice }],
    });
    expect(rectified.step).toBe('notice');
    // a new notice, its own id, closed without objections
    await until(handle, (v) => v.step === 'disbursement');
    const paid = await handle.executeUpdate(disburseUpdate, { args: [{ amountFen: 40_000_000, signer: finance }] });
    expect(paid).toMatchObject({ step: 'disbursed', disbursement: { amountFen: 40_000_000 } });

    const result = await ended(handle, 'v1-objection-upheld-rectified', [
      'notice-open',
      'by-finance',
      'before-rectification',
    ]);
    expect(result.notices.map((n) => n.objectionUpheld)).toEqual([true, false]);
    const opened = calls.opened.filter((n) => n.ownerWorkflowId === workflowId).map((n) => n.noticeId);
    expect(new Set(opened).size).toBe(2);
    expect(result.notices.map((n) => n.noticeId)).toEqual(opened);
    expect(of(calls.progress, projectId).map((p) => p.step)).toEqual([
      'implementation',
      'acceptance',
      'notice',
      'publicity',
      'rectification',
      'notice',
      'publicity',
      'disbursement',
      'disbursed',
    ]);
    expect(of(calls.payDisbursement, projectId)).toHaveLength(1);
  });
});
