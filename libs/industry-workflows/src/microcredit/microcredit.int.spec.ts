/* eslint-disable @nx/enforce-module-boundaries -- test support: a private Temporal server with the workflows from source */
// 扶贫小额信贷 on a real Temporal server (private, see identification-workflows' testing/private-temporal.ts) with
// industry-service's activities mocked in-process: application → village check → bank approval → disbursement, the
// servicing waking on the days industry-service names and when a repayment is signalled, closing once repaid; a
// refusal by the village ends it. Updates out of turn or by the wrong role are refused by their validators and leave
// no trace in the history. RECORD_HISTORIES=1 writes each run's history into ./histories for the replay test.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ProjectFundsPrincipal } from '@fupin/industry-rules';
import { TaskQueues } from '@fupin/workflows';
import {
  bankDecisionUpdate,
  loanDisburseUpdate,
  microcreditStateQuery,
  microcreditWorkflowId,
  repaymentRecordedSignal,
  villageCheckUpdate,
  type LoanProgressRecord,
  type MicrocreditActivities,
  type MicrocreditInput,
  type MicrocreditView,
} from '../index';
import {
  historyOf,
  recordHistory,
  refusalOf,
  startPrivateTemporal,
  type PrivateTemporal,
  type WorkflowHandle,
} from '../../../identification-workflows/src/testing/private-temporal';

jest.setTimeout(120_000);

const VILLAGE = '430524101201';
const cadre: ProjectFundsPrincipal = { subject: 'cadre-1', role: 'village_cadre', jurisdiction: VILLAGE };
const bank: ProjectFundsPrincipal = { subject: 'bank-1', name: '农商行', role: 'bank', jurisdiction: '430524' };

const progress: LoanProgressRecord[] = [];
const serviced = new Map<string, number>();
/** Loans the mocked industry-service says are repaid (a repayment recorded). */
const repaid = new Set<string>();
const industry: MicrocreditActivities = {
  async recordLoanProgress(input) {
    progress.push(input);
  },
  async serviceLoan({ loanId }) {
    serviced.set(loanId, (serviced.get(loanId) ?? 0) + 1);
    const done = repaid.has(loanId);
    return { businessDay: '2026-12-05', repaid: done, wakeAtMs: done ? null : Date.now() + 400 };
  },
};

let temporal: PrivateTemporal;
beforeAll(async () => {
  temporal = await startPrivateTemporal(path.join(__dirname, '..', 'index.ts'), { [TaskQueues.industry]: industry });
});
afterAll(async () => {
  await temporal?.stop();
});

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
function loanInput(): MicrocreditInput {
  return {
    loan: {
      loanId: randomUUID(),
      householdId: randomUUID(),
      villageCode: VILLAGE,
      principalFen: 3_000_000,
      annualRateBp: 435,
      termMonths: 12,
      repayment: 'equal_instalment',
      appliedOn: today(),
      appliedBy: cadre,
      at: new Date().toISOString(),
    },
    daySeconds: 86_400,
  };
}
const start = (input: MicrocreditInput) =>
  temporal.client.workflow.start('microcreditWorkflow', {
    taskQueue: temporal.taskQueue,
    workflowId: microcreditWorkflowId(input.loan.loanId),
    args: [input],
  });

async function until(handle: WorkflowHandle, done: (v: MicrocreditView) => boolean): Promise<MicrocreditView> {
  for (const deadline = Date.now() + 30_000; ;) {
    const view = await handle.query(microcreditStateQuery);
    if (done(view)) return view;
    if (Date.now() > deadline) throw new Error(`timed out waiting; last: ${JSON.stringify(view)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function ended(handle: WorkflowHandle, name: string, refusedUpdateIds: string[]): Promise<MicrocreditView> {
  const result = (await handle.result()) as MicrocreditView;
  const history = await historyOf(handle);
  const text = JSON.stringify(history);
  expect(refusedUpdateIds.filter((id) => text.includes(id))).toEqual([]);
  recordHistory(history, __dirname, name);
  return result;
}

describe('microcredit workflow (microcredit:<loanId>)', () => {
  it('application → village → bank → disbursed → serviced until repaid', async () => {
    const input = loanInput();
    const { loanId } = input.loan;
    const handle = await start(input);
    const refusedIds = ['refused-early-bank', 'refused-bank-as-village'];
    expect(
      await refusalOf(
        handle.executeUpdate(bankDecisionUpdate, { args: [{ approved: true, signer: bank }], updateId: refusedIds[0] }),
      ),
    ).toMatchObject({ code: 'industry.wrong_step', status: 409 });
    expect(
      await refusalOf(
        handle.executeUpdate(villageCheckUpdate, { args: [{ approved: true, signer: bank }], updateId: refusedIds[1] }),
      ),
    ).toMatchObject({ code: 'industry.wrong_role', status: 403 });
    await handle.executeUpdate(villageCheckUpdate, { args: [{ approved: true, signer: cadre }] });
    await handle.executeUpdate(bankDecisionUpdate, { args: [{ approved: true, signer: bank }] });
    const disbursed = await handle.executeUpdate(loanDisburseUpdate, {
      args: [{ disbursedOn: today(), paymentRef: 'FK-1', signer: bank }],
    });
    expect(disbursed.step).toBe('servicing');
    await until(handle, () => (serviced.get(loanId) ?? 0) >= 3); // woken on the days industry-service named
    repaid.add(loanId);
    await handle.signal(repaymentRecordedSignal);
    const result = await ended(handle, 'v1-disbursed-serviced-repaid', refusedIds);
    expect(result.step).toBe('repaid');
    expect(progress.filter((p) => p.loanId === loanId).map((p) => p.step)).toEqual([
      'bank_approval',
      'disbursement',
      'servicing',
      'repaid',
    ]);
  });

  it('a refusal at the village check ends the application', async () => {
    const input = loanInput();
    const handle = await start(input);
    await handle.executeUpdate(villageCheckUpdate, { args: [{ approved: false, note: '非生产用途', signer: cadre }] });
    const result = await ended(handle, 'v1-village-refused', []);
    expect(result.step).toBe('refused');
    expect(serviced.get(input.loan.loanId)).toBeUndefined();
  });
});
