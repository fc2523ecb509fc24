import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { RetryPolicy, UpdateDefinition } from '@temporalio/common';
import { Mutex } from 'async-mutex';
import { NOTICE_REFUSALS, TaskQueues, type NoticeActivities } from '@fupin/workflows';
import {
  type ProjectFundsActivities,
  type ProjectFundsInput,
  type ProjectFundsView,
  type ReexamineInput,
  acceptUpdate,
  allocateUpdate,
  disburseUpdate,
  projectFundsStateQuery,
  rectifyUpdate,
  reexamineUpdate,
  startImplementationUpdate,
} from './definitions';
import { change, closeNotice, commands, disburse, publishNotice, reexamine, type ProjectFundsRun } from './handlers';
import { ProjectFunds, type ProjectFundsCommand } from './state';

const retry: RetryPolicy = { maximumInterval: '30s', nonRetryableErrorTypes: ['BusinessRefusal'] };
const noticeRetry: RetryPolicy = { maximumInterval: '30s', nonRetryableErrorTypes: [...NOTICE_REFUSALS] };
/** For the updates' handlers: a caller is waiting, so the attempts end (the update fails, the project stays). */
const forUpdates = proxyActivities<ProjectFundsActivities>({
  taskQueue: TaskQueues.industry,
  startToCloseTimeout: '1m',
  retry: { ...retry, maximumAttempts: 30 },
});
const noticesForUpdates = proxyActivities<NoticeActivities>({
  taskQueue: TaskQueues.notice,
  startToCloseTimeout: '1m',
  retry: { ...noticeRetry, maximumAttempts: 30 },
});
/** For the main line (the funds notice): retried until industry-service and notice-service answer. */
const forMainLine = proxyActivities<ProjectFundsActivities>({
  taskQueue: TaskQueues.industry,
  startToCloseTimeout: '1m',
  retry,
});
const noticesForMainLine = proxyActivities<NoticeActivities>({
  taskQueue: TaskQueues.notice,
  startToCloseTimeout: '1m',
  retry: noticeRetry,
});

type Act = (run: ProjectFundsRun, command: ProjectFundsCommand) => Promise<ProjectFundsView>;

/**
 * 产业项目资金 of one project (`project-funds:<projectId>`): the updates move the funds through the four signed
 * checkpoints of @fupin/industry-rules, each under one lock with the main line, which opens the funds notice after
 * the acceptance (and again after a rectification) and closes it when its period ends, until the funds are disbursed.
 */
export async function projectFundsWorkflow(input: ProjectFundsInput): Promise<ProjectFundsView> {
  const c = new ProjectFunds(input);
  // runs started before the start date was told in China Standard Time keep the UTC day they were decided with
  c.calendar = patched('project-funds-cst-days') ? 'cst' : 'utc';
  const lock = new Mutex();
  const run: ProjectFundsRun = { c, acts: forUpdates, notices: noticesForUpdates };
  const mainLine: ProjectFundsRun = { c, acts: forMainLine, notices: noticesForMainLine };

  setHandler(projectFundsStateQuery, () => c.view());
  const on = <A>(update: UpdateDefinition<ProjectFundsView, [A]>, command: (a: A) => ProjectFundsCommand, act: Act) =>
    setHandler(update, (a: A) => lock.runExclusive(() => act(run, command(a))), {
      validator: (a: A) => void c.decide(command(a)),
    });
  on(allocateUpdate, commands.allocate, change);
  on(startImplementationUpdate, commands.startImplementation, change);
  on(acceptUpdate, commands.accept, change);
  on(rectifyUpdate, commands.rectify, change);
  on(disburseUpdate, (a) => commands.disburse(a, c.state.partner.accountRef), disburse);
  setHandler(reexamineUpdate, (a) => lock.runExclusive(() => reexamine(run, a)), {
    validator: (a: ReexamineInput) => void c.decide(c.reexamination(a)),
  });

  while (!c.finished()) {
    await condition(() => c.finished() || c.noticeDue());
    if (c.finished()) break;
    await lock.runExclusive(() => publishNotice(mainLine, c.noticeInput(uuid4(), workflowInfo().workflowId)));
    await sleep(input.notice.durationSeconds * 1000); // the objection period
    await lock.runExclusive(() => closeNotice(mainLine));
  }
  await condition(allHandlersFinished);
  return c.view();
}
