import { allHandlersFinished, condition, uuid4, workflowInfo } from '@temporalio/workflow';
import type { NoticeActivities, OpenNoticeInput } from '@fupin/workflows';
import type { ObjectionFiled, ReexaminationInput, RoundSigner } from '../round/definitions';
import { NoticeBatches } from '../notice-batches';
import { Cases, type CaseWording, type ProgressOf, type Reducer } from './cases';
import { ProcedureLock } from './lock';
import { refuse } from './refusals';

/** What a batched round needs of a case of its procedure. */
export interface RoundCase<H> {
  step: string;
  history: readonly H[];
  reexamination: { fromNotice: string; objectionIds: readonly string[] } | null;
}

/** The signer as the procedures' events record it. */
export interface EventSigner {
  subject: string;
  name?: string;
  role: string;
  jurisdiction: string;
}

/** A procedure as a batched round runs it (identification 识别, household exit 退出; relocation and industry next). */
export interface BatchedRoundRules<St, E, N extends string> {
  reduce: Reducer<St, E>;
  wording: CaseWording;
  /** The main line in order: a stage's notice opens once nobody is still on the way there. */
  order: readonly string[];
  noticeSteps: readonly N[];
  isNoticeStep(step: string): step is N;
  isTerminal(step: string): boolean;
  /** The household's state once an objection to its notice is filed; null: answered as a general objection. */
  objectionFiled(state: St, objection: ObjectionFiled, at: string): St | null;
  /** The event a notice's closing moves the household on with (also after a dismissal once the notice has closed). */
  noticeClosed(step: N, at: string, afterReexamination: boolean): E;
  /** The re-examination's decision at `step`. */
  reexamined(
    step: string,
    decision: { outcome: 'upheld' | 'dismissed'; reason: string; at: string; by: EventSigner },
  ): E;
}

/** What a notice of the round shows (everything but its id and owner, which the kernel adds). */
export type NoticeSpec = Omit<OpenNoticeInput, 'noticeId' | 'ownerWorkflowId'>;

/** A step of a main-loop pass: async steps are awaited, synchronous ones are not. */
export type PassStep = () => Promise<unknown> | void;

export const signerRecord = (s: RoundSigner): EventSigner => ({
  subject: s.subject,
  name: s.name,
  role: s.role,
  jurisdiction: s.jurisdiction,
});
const answeredBy = (s: RoundSigner) => ({ subject: s.subject, role: s.role, jurisdiction: s.jurisdiction });
const now = () => new Date().toISOString();

/**
 * The procedure kernel of a batched round: one village's households through a procedure together, each case on its
 * own through the pure rules, the public notices as batches (one per stage for everybody who reached it), objections
 * routed to the household's re-examination or answered as general objections, the register's mirror flushed after
 * every pass — and the apply-under-lock: update handlers and the main loop's passes never interleave, and a batch is
 * dry-run right before it is applied (all or none, ADR 0009).
 */
export class BatchedRound<St extends RoundCase<H>, E, H, N extends string> {
  /** Decided once, at the start of the run: the kernel version, or the pre-kernel behaviour of an older history. */
  readonly lock = ProcedureLock.start();
  readonly cases: Cases<St, E, H>;
  readonly batches = new NoticeBatches<N>();
  /** Objections to a notice as a whole (no household named, or no longer routable), waiting for an answer. */
  readonly generalObjections: ObjectionFiled[] = [];
  /** every objection heard of, by the signal (Kafka) or by the notice's closing, whichever comes first */
  private readonly heard = new Set<string>();
  private readonly recorded = new Set<string>();

  constructor(
    private readonly rules: BatchedRoundRules<St, E, N>,
    private readonly notices: NoticeActivities,
  ) {
    this.cases = new Cases(rules.reduce, rules.wording);
  }

  finished(): boolean {
    return (
      [...this.cases.states.values()].every((s) => this.rules.isTerminal(s.step)) && !this.generalObjections.length
    );
  }

  /** Apply `event` to every household, all or none. */
  applyAll(householdIds: readonly string[], event: (householdId: string) => E): void {
    this.cases.applyAll(householdIds, event, this.lock.kernel);
  }

  receiveObjection(objection: ObjectionFiled): void {
    if (this.heard.has(objection.objectionId)) return; // already heard of (the notice's closing reported it first)
    this.heard.add(objection.objectionId);
    const id = objection.householdId;
    const state = id ? this.cases.get(id) : undefined;
    const notice = id ? this.batches.of(id) : undefined;
    const routable = id && state && notice?.noticeId === objection.noticeId && !this.rules.isTerminal(state.step);
    const next = routable ? this.rules.objectionFiled(state, objection, now()) : null;
    if (next) this.cases.put(id!, next);
    else if (!this.generalObjections.some((o) => o.objectionId === objection.objectionId))
      this.generalObjections.push(objection); // e.g. the household's notice already closed: still answered
    this.cases.version++;
  }

  // -- 复核: a household's re-examination, or an answer to an objection to the notice as a whole ------------------

  /** Everything about a re-examination that workflow state decides (the update's validator; again under the lock). */
  validateReexamination({ householdId, objectionId, outcome, reason, signer }: ReexaminationInput): void {
    if (!householdId) {
      this.general(objectionId);
      return;
    }
    const state = this.cases.known(householdId);
    const event = this.rules.reexamined(state.step, { outcome, reason, at: now(), by: signerRecord(signer) });
    this.cases.check([householdId], () => event);
  }

  reexamine(input: ReexaminationInput): Promise<{ applied: { householdId: string; step: St['step'] }[] }> {
    return this.lock.run(() => (input.householdId ? this.reexamineHousehold(input) : this.answerGeneral(input)));
  }

  private general(objectionId: string | undefined): ObjectionFiled {
    const general = this.generalObjections.find((o) => o.objectionId === objectionId);
    if (general) return general;
    const { round, name } = this.rules.wording;
    throw refuse(
      `${round}.unknown_objection`,
      400,
      `本批次没有未答复的异议 ${objectionId}`,
      `no unanswered objection ${objectionId} in ${name.en}`,
    );
  }

  private async answerGeneral({ objectionId, outcome, reason, signer }: ReexaminationInput) {
    // an objection to the notice as a whole (no household named): answered, nothing moves
    const general = this.general(objectionId);
    await this.notices.answerObjection({
      objectionId: general.objectionId,
      outcome,
      reason,
      answeredBy: answeredBy(signer),
    });
    this.generalObjections.splice(this.generalObjections.indexOf(general), 1);
    this.cases.version++;
    return { applied: [] };
  }

  private async reexamineHousehold(input: ReexaminationInput & { householdId?: string }) {
    const { outcome, reason, signer } = input;
    const householdId = input.householdId!;
    const state = this.cases.known(householdId);
    const event = (at: string) => this.rules.reexamined(state.step, { outcome, reason, at, by: signerRecord(signer) });
    const first = event(now());
    this.cases.check([householdId], () => first);
    // every objection the re-examination answers; the kernel version also answers those that joined meanwhile
    const objections = () =>
      (this.lock.kernel ? this.cases.get(householdId)! : state).reexamination?.objectionIds ?? [];
    const answered = new Set<string>();
    for (
      let next: string | undefined = objections()[0];
      next !== undefined;
      next = objections().find((o) => !answered.has(o))
    ) {
      await this.notices.answerObjection({ objectionId: next, outcome, reason, answeredBy: answeredBy(signer) });
      answered.add(next);
    }
    const decided = event(now());
    this.applyAll([householdId], () => decided);
    const after = this.cases.get(householdId)!;
    if (this.rules.isNoticeStep(after.step) && this.batches.of(householdId)?.closedAt) {
      // the notice closed during the re-examination: the dismissed objection lets the household pass it now
      this.cases.apply(householdId, this.rules.noticeClosed(after.step, now(), true));
    }
    return { applied: [{ householdId, step: this.cases.get(householdId)!.step }] };
  }

  // -- notices --------------------------------------------------------------------------------------------------

  /** Open one notice per stage for everybody waiting at it, once nobody is still on the way there. */
  async openNotices(spec: (step: N, householdIds: string[]) => NoticeSpec): Promise<void> {
    for (const step of this.rules.noticeSteps) {
      // listed on this stage's notice already (open, or closed while it was in re-examination) → not waiting;
      // back here after a send-back, its old notice is closed → it needs a new one (a changed decision is republished)
      const waiting = this.batches.waiting(this.cases.at(step), step);
      if (waiting.length === 0 || this.stragglers(step)) continue;
      const noticeId = uuid4();
      const opened = await this.notices.openNotice({
        noticeId,
        ...spec(step, waiting),
        ownerWorkflowId: workflowInfo().workflowId,
      });
      this.batches.record({
        noticeId,
        step,
        householdIds: waiting,
        openedAt: opened.openedAt,
        closesAt: opened.closesAt,
        closedAt: null,
      });
      this.cases.version++;
    }
  }

  private stragglers(step: N): boolean {
    const index = (s: string) => this.rules.order.indexOf(s);
    return [...this.cases.states.values()].some(
      (s) =>
        !this.rules.isTerminal(s.step) &&
        ((index(s.step) >= 0 && index(s.step) < index(step)) ||
          (s.reexamination !== null && index(s.reexamination.fromNotice) < index(step))),
    );
  }

  /** Close the notices whose period has ended: objections filed meanwhile are routed, the others move on. */
  async closeDueNotices(): Promise<void> {
    for (const notice of this.batches.all) {
      if (!this.batches.isDue(notice, Date.now())) continue;
      const closed = await this.notices.closeNotice({ noticeId: notice.noticeId });
      // objections filed while the notice was open count even if their event has not arrived yet
      for (const f of closed.filed ?? [])
        this.receiveObjection({
          objectionId: f.objectionId,
          noticeId: notice.noticeId,
          householdId: f.entryId ?? undefined,
          text: f.text,
        });
      notice.closedAt = closed.closedAt;
      for (const id of notice.householdIds) {
        if (this.batches.carries(notice, id, this.cases.get(id)!.step))
          this.cases.apply(id, this.rules.noticeClosed(notice.step, now(), false));
      }
      this.cases.version++;
    }
  }

  // -- the register's mirror, and the main loop -----------------------------------------------------------------

  /** Send the queued history entries, then the outcomes of households that ended (each once). */
  async flush<O extends { householdId: string }>(record: {
    outcome: (householdId: string, state: St) => O;
    progress: (entries: ProgressOf<H>[]) => Promise<void>;
    outcomes: (outcomes: O[]) => Promise<void>;
  }): Promise<void> {
    const outcomes = [...this.cases.states.entries()]
      .filter(([id, s]) => this.rules.isTerminal(s.step) && !this.recorded.has(id))
      .map(([id, s]) => record.outcome(id, s));
    if (this.cases.progress.length) {
      const batch = this.cases.progress;
      this.cases.progress = [];
      await record.progress(batch);
    }
    if (outcomes.length) {
      await record.outcomes(outcomes);
      for (const o of outcomes) this.recorded.add(o.householdId);
    }
  }

  /**
   * Until every case has ended and every objection is answered: a pass (under the lock), the flush, then sleep until
   * the next due time or a change. Anything that changes during a pass (a notice closing moves households on, …)
   * runs the pass again at once. Returns once every handler has finished.
   */
  async run(pass: readonly PassStep[], flush: () => Promise<void>, nextWake: () => number | undefined): Promise<void> {
    const { cases } = this;
    for (;;) {
      const seen = cases.version;
      if (this.lock.kernel) await this.lock.run(() => runSteps(pass));
      else
        for (const step of pass) {
          // before the kernel version: the steps inline, as the pre-kernel loop ran them (no extra awaits)
          const pending = step();
          if (pending) await pending;
        }
      await flush();
      if (this.finished() && cases.progress.length === 0) break;
      const wait = nextWake();
      const woken = () => cases.version !== seen || cases.progress.length > 0;
      if (wait === undefined) await condition(woken);
      else await condition(woken, wait);
    }
    await condition(allHandlersFinished);
  }

  /** Closing times (ms) of the notices still open, and the sleep until the earliest of them and `times`. */
  wakeIn(times: number[] = []): number | undefined {
    const all = [...this.batches.openClosings(), ...times];
    return all.length === 0 ? undefined : Math.max(1, Math.min(...all) - Date.now());
  }
}

async function runSteps(steps: readonly PassStep[]): Promise<void> {
  for (const step of steps) {
    const pending = step();
    if (pending) await pending;
  }
}
