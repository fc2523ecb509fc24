import {
  applyLoanEvent,
  loanBusinessDay,
  loanMaturity,
  startLoan,
  type LoanEvent,
  type LoanRefusal,
  type LoanResult,
  type MicrocreditState,
} from '@fupin/industry-rules';
import { refusalFailure, type RefusalStatus } from '@fupin/workflows';
import type { LoanProgressRecord, MicrocreditInput, MicrocreditView } from './definitions';

/** An event as an update brings it: the loan adds the time (and today, where the rule needs it). */
export type LoanCommand = LoanEvent extends infer E ? (E extends LoanEvent ? Omit<E, 'at' | 'today'> : never) : never;

/** Rules of the loan procedure that answer other than 409 (the wrong moment or state). */
const RULE_STATUS: Readonly<Record<string, RefusalStatus>> = {
  wrong_role: 403,
  wrong_level: 403,
  out_of_jurisdiction: 403,
  date: 400,
  payment_ref_required: 400,
  reason_required: 400,
  unknown_event: 400,
  date_too_early: 422,
  date_in_future: 422,
  extension_months: 422,
  extension_after_maturity: 422,
  extension_principal_at_term_only: 422,
};

/** A refusal of the loan procedure as the typed failure an update is rejected with (`industry.<rule>`). */
export function loanRefusal(r: LoanRefusal) {
  return refusalFailure({
    code: `industry.${r.rule}`,
    status: RULE_STATUS[r.rule] ?? 409,
    message: r.message,
    ...(r.field ? { field: r.field } : {}),
  });
}

function accepted(result: LoanResult): MicrocreditState {
  if (!result.ok) throw loanRefusal(result.refusal);
  return result.state;
}

/** One loan as workflow state, without activities: the reducer run over the updates and what the query shows. */
export class Microcredit {
  private current: MicrocreditState;

  constructor(
    readonly input: MicrocreditInput,
    private readonly now: () => number = () => Date.now(),
  ) {
    this.current = input.resume ?? accepted(startLoan(input.loan));
  }

  get state(): MicrocreditState {
    return this.current;
  }

  /** Disbursed and not yet repaid: the workflow services it. */
  servicing(): boolean {
    return this.current.step === 'servicing';
  }

  /** Waiting for the village, the bank or the disbursement. */
  beforeDisbursement(): boolean {
    return ['village_check', 'bank_approval', 'disbursement'].includes(this.current.step);
  }

  /** The loan's business day (China Standard Time; scaled from the disbursement in tests). */
  today(): string {
    const disbursal = this.current.history.find((h) => h.event === 'disbursed');
    const { disbursedOn } = this.current;
    const clock =
      disbursedOn && disbursal
        ? { disbursedOn, disbursedAtMs: Date.parse(disbursal.at), daySeconds: this.input.daySeconds }
        : { disbursedOn: '1970-01-01', disbursedAtMs: 0, daySeconds: 86_400 };
    return loanBusinessDay(clock, this.now());
  }

  view(): MicrocreditView {
    return { ...this.current, maturity: loanMaturity(this.current), businessDay: this.today() };
  }

  /** Now, but never before the last entry. */
  private at(): string {
    const last = this.current.history[this.current.history.length - 1];
    return new Date(Math.max(this.now(), Date.parse(last.at))).toISOString();
  }

  /** What `command` makes of the loan now: the next state, or the typed refusal thrown (validator and handler). */
  decide(command: LoanCommand): MicrocreditState {
    const event = { ...command, at: this.at(), today: this.today() } as LoanEvent;
    return accepted(applyLoanEvent(this.current, event));
  }

  /** The change, as industry-service records it. */
  progress(next: MicrocreditState): LoanProgressRecord {
    const fromSeq = this.current.history.length;
    const { loanId, step, disbursedOn, paymentRef, misuseOn, extensionMonths } = next;
    return {
      loanId,
      step,
      fromSeq,
      entries: next.history.slice(fromSeq),
      disbursedOn,
      paymentRef,
      misuseOn,
      extensionMonths,
    };
  }

  commit(next: MicrocreditState): void {
    this.current = next;
  }
}
