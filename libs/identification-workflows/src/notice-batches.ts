/**
 * The public notices of a round, as batches: which notice each household is listed on for its current (or suspended)
 * notice step, which are due to close, and when the next one closes. Shared by the identification and exit rounds;
 * in-memory workflow state only (no I/O).
 */
export interface BatchNotice<S extends string> {
  noticeId: string;
  step: S;
  householdIds: string[];
  openedAt: string;
  closesAt: string;
  closedAt: string | null;
}

export class NoticeBatches<S extends string> {
  /** Every notice of the round, in the order opened (what the round's state shows). */
  readonly all: BatchNotice<S>[] = [];
  private readonly listedOn = new Map<string, BatchNotice<S>>();

  /** The notice the household is listed on for its current (or suspended) notice step. */
  of(householdId: string): BatchNotice<S> | undefined {
    return this.listedOn.get(householdId);
  }

  /**
   * Households at `step` that need a notice: not listed on this stage's notice yet, or back here after a send-back
   * with their old notice closed (a changed decision is republished).
   */
  waiting(householdIdsAtStep: readonly string[], step: S): string[] {
    return householdIdsAtStep.filter((id) => {
      const n = this.listedOn.get(id);
      return !n || n.step !== step || n.closedAt !== null;
    });
  }

  record(notice: BatchNotice<S>): void {
    this.all.push(notice);
    for (const id of notice.householdIds) this.listedOn.set(id, notice);
  }

  /** Still open and its period has ended at `now` (ms). Asked per notice as the workflow goes (time moves across awaits). */
  isDue(notice: BatchNotice<S>, now: number): boolean {
    return !notice.closedAt && Date.parse(notice.closesAt) <= now;
  }

  /** When the household's notice at `step` closes, while it is open; null otherwise. */
  closesAt(householdId: string, step: string): string | null {
    const n = this.listedOn.get(householdId);
    return n && !n.closedAt && n.step === step ? n.closesAt : null;
  }

  /** The household is on `notice` at its step: the notice's closing moves it on. */
  carries(notice: BatchNotice<S>, householdId: string, step: string): boolean {
    return step === notice.step && this.listedOn.get(householdId) === notice;
  }

  /** Closing times (ms) of the notices still open. */
  openClosings(): number[] {
    return this.all.filter((n) => !n.closedAt).map((n) => Date.parse(n.closesAt));
  }
}
