import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { RetryPolicy, UpdateDefinition } from '@temporalio/common';
import { Mutex } from 'async-mutex';
import { TaskQueues } from '@fupin/workflows';
import {
  type MicrocreditActivities,
  type MicrocreditInput,
  type MicrocreditView,
  bankDecisionUpdate,
  loanDisburseUpdate,
  loanExtendUpdate,
  loanMisuseUpdate,
  loanWithdrawUpdate,
  microcreditStateQuery,
  repaymentRecordedSignal,
  villageCheckUpdate,
} from './definitions';
import { Microcredit, type LoanCommand } from './state';

const retry: RetryPolicy = { maximumInterval: '30s', nonRetryableErrorTypes: ['BusinessRefusal'] };
/** For the updates' handlers: a caller is waiting, so the attempts end (the update fails, the loan stays). */
const forUpdates = proxyActivities<MicrocreditActivities>({
  taskQueue: TaskQueues.industry,
  startToCloseTimeout: '1m',
  retry: { ...retry, maximumAttempts: 30 },
});
/** For servicing: retried until industry-service answers. */
const forServicing = proxyActivities<MicrocreditActivities>({
  taskQueue: TaskQueues.industry,
  startToCloseTimeout: '1m',
  retry,
});
/** Servicing a 3-year loan wakes about 110 times: start afresh well before the history grows long. */
const MAX_HISTORY = 2_000;

/** A change of the loan: decided, recorded with industry-service (row, audit, events), then committed. */
async function change(loan: Microcredit, acts: MicrocreditActivities, command: LoanCommand): Promise<MicrocreditView> {
  const next = loan.decide(command);
  await acts.recordLoanProgress(loan.progress(next));
  loan.commit(next);
  return loan.view();
}

/**
 * 扶贫小额信贷 of one loan (`microcredit:<loanId>`): the updates move it to disbursement, each under one lock with the
 * servicing, which then wakes on each reminder day and grace-period end, or when a repayment is recorded, until the
 * loan is repaid.
 */
export async function microcreditWorkflow(input: MicrocreditInput): Promise<MicrocreditView> {
  const loan = new Microcredit(input);
  const lock = new Mutex();
  let poked = true;
  setHandler(microcreditStateQuery, () => loan.view());
  setHandler(repaymentRecordedSignal, () => void (poked = true));
  const on = <A>(update: UpdateDefinition<MicrocreditView, [A]>, command: (a: A) => LoanCommand) =>
    setHandler(update, (a: A) => lock.runExclusive(() => change(loan, forUpdates, command(a))), {
      validator: (a: A) => void loan.decide(command(a)),
    });
  on(villageCheckUpdate, ({ approved, note, signer }) => ({ type: 'villageChecked', approved, note, by: signer }));
  on(bankDecisionUpdate, ({ approved, note, signer }) => ({ type: 'bankDecided', approved, note, by: signer }));
  on(loanDisburseUpdate, ({ disbursedOn, paymentRef, signer }) => ({
    type: 'disbursed',
    disbursedOn,
    paymentRef,
    by: signer,
  }));
  on(loanWithdrawUpdate, ({ reason, signer }) => ({ type: 'withdrawn', reason, by: signer }));
  on(loanMisuseUpdate, ({ misuseOn, note, signer }) => ({ type: 'misused', misuseOn, note, by: signer }));
  on(loanExtendUpdate, ({ months, signer }) => {
    poked = true; // the schedule changes: service again
    return { type: 'extended', months, by: signer };
  });

  await condition(() => !loan.beforeDisbursement());
  while (loan.servicing()) {
    poked = false;
    const serviced = await lock.runExclusive(async () => {
      const s = await forServicing.serviceLoan({ loanId: loan.state.loanId });
      if (s.repaid && loan.servicing()) await change(loan, forServicing, { type: 'repaid', repaidOn: s.businessDay });
      return s;
    });
    if (!loan.servicing()) break;
    if (serviced.wakeAtMs === null) await condition(() => poked);
    else await condition(() => poked, Math.max(1_000, serviced.wakeAtMs - Date.now()));
    if (workflowInfo().historyLength > MAX_HISTORY || workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof microcreditWorkflow>({ ...input, resume: loan.state });
    }
  }
  await condition(allHandlersFinished);
  return loan.view();
}
