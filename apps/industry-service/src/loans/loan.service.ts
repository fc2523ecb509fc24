import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { UpdateDefinition } from '@temporalio/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import {
  checkLoanPurpose,
  checkMicrocreditOn,
  checkRepayment,
  loanOpen,
  loanStatusOn,
  shanghaiDay,
  startLoan,
  type LoanHistoryEntry,
} from '@fupin/industry-rules';
import {
  type MicrocreditInput,
  type MicrocreditView,
  microcreditWorkflow,
  microcreditWorkflowId,
  repaymentRecordedSignal,
} from '@fupin/industry-workflows';
import { onceForKey } from '@fupin/persistence';
import { InjectConfig, InjectWorkflows, ProcedureWorkflow, type Workflows } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { actorOf } from '../actor';
import type { IndustryConfig } from '../config';
import type { IndustryTx } from '../db';
import { ruleRefusal } from '../partners/partner.refusals';
import { LoanRepository, type LoanRow } from './loan.repository';
import { loanRefusals } from './loan.refusals';
import type { ApplyLoanInput, LoanView, RepaymentInput } from './loan.schema';
import { businessDayOf, scheduleOf } from './loan.terms';

/** The signer as the workflow records it (谁签字谁负责). */
const signerOf = (p: Principal) => ({
  subject: p.subject,
  role: p.role,
  jurisdiction: p.jurisdiction,
  ...(p.name ? { name: p.name } : {}),
});

/**
 * 扶贫小额信贷: the application is checked here (registered household, borrower a member aged 18–65 on the day,
 * amount, term, production use, no second active loan) and recorded with its workflow `microcredit:<loanId>` in one
 * transaction; each later signature is an update of that workflow; repayments are the bank's, recorded here under the
 * loan's lock and checked against the schedule. Reads come from the loan's row.
 */
@Injectable()
export class LoanService {
  constructor(
    private readonly loans: LoanRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: IndustryConfig,
  ) {}

  /** 申请: once per Idempotency-Key (a retried request answers the same loan, 200). */
  async apply(principal: Principal, input: ApplyLoanInput, key: string): Promise<{ created: boolean; loan: LoanView }> {
    const appliedOn = input.appliedOn ?? shanghaiDay(Date.now());
    const stored = await this.loans.transaction((tx) =>
      onceForKey(tx, 'industry.loan.apply', key, input, async () => ({
        status: 201,
        body: { id: await this.record(tx, principal, input, appliedOn) },
      })),
    );
    return { created: !stored.replayed, loan: await this.view(principal, stored.body.id) };
  }

  /** The checked application's row and its workflow, in the caller's transaction. */
  private async record(tx: IndustryTx, principal: Principal, input: ApplyLoanInput, appliedOn: string) {
    const id = randomUUID();
    const { villageCode, borrowerName } = await this.checked(tx, principal, input, appliedOn);
    const start = this.workflowInput(principal, id, villageCode, input, appliedOn);
    const started = startLoan(start.loan);
    if (!started.ok) throw ruleRefusal({ ...started.refusal, field: started.refusal.field ?? 'householdId' });
    const workflowId = microcreditWorkflowId(id);
    const { annualRateBp } = start.loan;
    const row = { ...input, id, villageCode, borrowerName, appliedOn, workflowId, annualRateBp };
    await this.loans.insert(tx, row, started.state.history[0], actorOf(principal));
    await this.procedure(workflowId).start(microcreditWorkflow, start);
    return id;
  }

  /** Registered household in jurisdiction, borrower a member, the rules of the loan, no active loan (locked). */
  private async checked(tx: IndustryTx, principal: Principal, input: ApplyLoanInput, appliedOn: string) {
    const household = await this.loans.lockHousehold(tx, input.householdId);
    if (!household) throw loanRefusals.householdNotRegistered(input.householdId);
    assertJurisdiction(principal, household.villageCode, 'householdId');
    const borrower = await this.loans.member(tx, input.householdId, input.borrowerIdNumber);
    if (!borrower) throw loanRefusals.borrowerNotMember(input.householdId);
    this.checkApplication(input, appliedOn);
    const active = await this.loans.activeLoan(tx, input.householdId);
    if (active) throw loanRefusals.secondActiveLoan(active);
    return { villageCode: household.villageCode, borrowerName: borrower.name };
  }

  private checkApplication(input: ApplyLoanInput, appliedOn: string): void {
    const today = shanghaiDay(Date.now());
    if (appliedOn > today) throw loanRefusals.appliedInFuture(appliedOn, today);
    const { maxAmountFen } = this.config.loans;
    const violations = [
      ...checkMicrocreditOn(
        {
          amountFen: input.principalFen,
          termMonths: input.termMonths,
          residentId: input.borrowerIdNumber,
          registered: true,
        },
        appliedOn,
        { maxAmountFen },
      ).map((v) => ({ ...v, field: v.field === 'amountFen' ? 'principalFen' : v.field })),
      ...checkLoanPurpose(input.purpose),
    ];
    if (violations.length) throw ruleRefusal(violations[0], violations);
  }

  private workflowInput(
    principal: Principal,
    loanId: string,
    villageCode: string,
    input: ApplyLoanInput,
    appliedOn: string,
  ): MicrocreditInput {
    const { principalFen, termMonths, repayment, householdId } = input;
    const loan = { loanId, householdId, villageCode, principalFen, termMonths, repayment, appliedOn };
    const at = new Date().toISOString();
    return {
      loan: { ...loan, annualRateBp: this.config.loans.rateBp, appliedBy: signerOf(principal), at },
      daySeconds: this.config.loans.daySeconds,
    };
  }

  /** A signed step sent to the workflow as an update (a closed loan answers 409 from its row). */
  async act<A extends { signer?: unknown }>(
    principal: Principal,
    id: string,
    update: UpdateDefinition<MicrocreditView, [A]>,
    input: Omit<A, 'signer'>,
  ): Promise<LoanView> {
    const row = await this.row(principal, id);
    if (!loanOpen(row)) throw loanRefusals.closed(id, row.step);
    await this.procedure(row.workflowId).update(update, { ...input, signer: signerOf(principal) } as A);
    return this.view(principal, id);
  }

  /** 还款: the bank's repayment, once by its reference, never over what is owed; the workflow is told. */
  async repay(principal: Principal, id: string, input: RepaymentInput): Promise<LoanView> {
    const row = await this.loans.transaction(async (tx) => {
      const loan = await this.loans.lock(tx, id);
      if (!loan) throw loanRefusals.notFound(id);
      assertJurisdiction(principal, loan.villageCode);
      const repayments = await this.loans.repayments(id, tx);
      const earlier = repayments.find((r) => r.bankRef === input.bankRef);
      if (earlier) {
        const same = earlier.amountFen === input.amountFen && (!input.paidOn || input.paidOn === earlier.paidOn);
        if (same) return loan; // a retried request
        throw loanRefusals.repaymentRefTaken(input.bankRef);
      }
      if (loan.step !== 'servicing') throw loanRefusals.notServicing(id);
      const today = businessDayOf(loan, this.config.loans.daySeconds);
      const paidOn = input.paidOn ?? today;
      if (paidOn < loan.disbursedOn! || paidOn > today)
        throw loanRefusals.paidOnOutOfRange(paidOn, loan.disbursedOn!, today);
      const repayment = { paidOn, amountFen: input.amountFen };
      const violations = checkRepayment(scheduleOf(loan)!, repayments, repayment);
      if (violations.length) throw ruleRefusal({ ...violations[0], field: 'amountFen' }, violations);
      await this.loans.insertRepayment(tx, { loanId: id, bankRef: input.bankRef, ...repayment }, actorOf(principal));
      return loan;
    });
    await this.workflows.temporal.workflow.getHandle(row.workflowId).signal(repaymentRecordedSignal);
    return this.view(principal, id);
  }

  async view(principal: Principal, id: string): Promise<LoanView> {
    const row = await this.row(principal, id);
    const [history, repayments, subsidies] = await Promise.all([
      this.loans.history(id),
      this.loans.repayments(id),
      this.loans.subsidies(id),
    ]);
    return {
      ...this.summary(row, repayments),
      schedule: scheduleOf(row),
      subsidies,
      history: history as LoanHistoryEntry[] as LoanView['history'],
    };
  }

  async list(principal: Principal, division: string, filter: { householdId?: string; step?: string }) {
    assertJurisdiction(principal, division, 'division');
    const rows = await this.loans.list(division, filter);
    const loans = await Promise.all(
      rows.map(async (row) => {
        const repayments = await this.loans.repayments(row.id);
        const subsidies = await this.loans.subsidies(row.id);
        return { ...this.summary(row, repayments), subsidies };
      }),
    );
    return { loans };
  }

  /** The row's figures, the repayments and the status on the loan's business day. */
  private summary(row: LoanRow, repayments: { bankRef: string; paidOn: string; amountFen: number }[]) {
    const businessDay = businessDayOf(row, this.config.loans.daySeconds);
    const schedule = scheduleOf(row);
    const status = schedule ? loanStatusOn(schedule, repayments, this.config.loans.graceDays, businessDay) : null;
    const { ok: _ok, ...figures } = status?.ok ? status : { ok: false };
    const {
      recordedSeq: _s,
      disbursedAt: _a,
      workflowId: _w,
      countyCode: _c,
      inArrears: _i,
      arrearsFrom: _f,
      ...shown
    } = row;
    return { ...shown, businessDay, status: status?.ok ? (figures as LoanView['status']) : null, repayments };
  }

  private async row(principal: Principal, id: string): Promise<LoanRow> {
    const row = await this.loans.find(id);
    if (!row) throw loanRefusals.notFound(id);
    assertJurisdiction(principal, row.villageCode);
    return row;
  }

  private procedure(workflowId: string): ProcedureWorkflow {
    return new ProcedureWorkflow(this.workflows, workflowId, TaskQueues.orchestration);
  }
}
