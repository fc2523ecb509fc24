import type { LocalizedMessage } from '@fupin/localized';
import { refuse, ruleRefusal } from './refusals';

/** A pure procedure's reducer (@fupin/identification-rules' applyEvent, @fupin/exit-rules' applyExitEvent). */
export type Reducer<St, E> = (
  state: St,
  event: E,
) => { ok: true; state: St } | { ok: false; rule: string; message: LocalizedMessage };

/** How a round names its refusals: the rules' code prefix, its own, and itself in messages. */
export interface CaseWording {
  /** `procedure` (identification rules), `exit` (exit rules). */
  rules: string;
  /** `round`, `exit`: the prefix of the round's own refusals (no households, unknown household, …). */
  round: string;
  /** 本批次 / this round */
  name: LocalizedMessage;
}

export interface ProgressOf<H> {
  householdId: string;
  entry: H;
}

/**
 * The households of a batched round, each a case of the pure procedure: every change goes through the reducer,
 * every new history entry is queued for the register's mirror and audit, and `version` counts changes (the main
 * loop wakes on it).
 */
export class Cases<St extends { step: string; history: readonly H[] }, E, H> {
  readonly states = new Map<string, St>();
  progress: ProgressOf<H>[] = [];
  version = 0;

  constructor(
    private readonly reduce: Reducer<St, E>,
    private readonly wording: CaseWording,
  ) {}

  get(householdId: string): St | undefined {
    return this.states.get(householdId);
  }

  /** Store a household's new state; its new history entries go to the register's mirror. */
  put(householdId: string, state: St): void {
    const before = this.states.get(householdId)?.history.length ?? 0;
    this.states.set(householdId, state);
    for (const entry of state.history.slice(before)) this.progress.push({ householdId, entry });
  }

  /** Apply one event to one household, or refuse it. */
  apply(householdId: string, event: E): void {
    const result = this.reduce(this.states.get(householdId)!, event);
    if (!result.ok) throw ruleRefusal(this.wording.rules, result, householdId, false);
    this.put(householdId, result.state);
    this.version++;
  }

  /** Dry run: would the event be accepted for every household? Refuses the whole action, naming the first that fails. */
  check(householdIds: readonly string[], event: (householdId: string) => E): void {
    if (householdIds.length === 0)
      throw refuse(`${this.wording.round}.no_households`, 400, '未选择任何户', 'no households given');
    for (const id of householdIds) {
      const state = this.known(id, true);
      const result = this.reduce(state, event(id));
      if (!result.ok) throw ruleRefusal(this.wording.rules, result, id, true);
    }
  }

  /**
   * All or none (ADR 0009): with `recheck` (the kernel version) the whole batch is dry-run first, right before it is
   * applied, so a change made meanwhile refuses the action instead of stopping it halfway.
   */
  applyAll(householdIds: readonly string[], event: (householdId: string) => E, recheck: boolean): void {
    if (recheck) this.check(householdIds, event);
    for (const id of householdIds) this.apply(id, event(id));
  }

  /** The household's case, or the round's refusal: it is not in this round. */
  known(householdId: string, withData = false): St {
    const state = this.states.get(householdId);
    if (state) return state;
    const { round, name } = this.wording;
    throw refuse(
      `${round}.unknown_household`,
      400,
      `户 ${householdId} 不在${name['zh-CN']}`,
      `household ${householdId} is not in ${name.en}`,
      withData ? { data: { householdId } } : {},
    );
  }

  /** Households at `step`. */
  at(step: string): string[] {
    return [...this.states.entries()].filter(([, s]) => s.step === step).map(([id]) => id);
  }
}
