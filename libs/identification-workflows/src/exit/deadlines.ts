import { patched } from '@temporalio/workflow';
import {
  exitPending,
  type ExitEvent,
  type ExitHistoryEntry,
  type ExitHumanStep,
  type ExitState,
} from '@fupin/exit-rules';
import type { Cases } from '../kernel/cases';
import type { ExitRoundConfig } from './definitions';

/**
 * The version marker of step deadlines in the exit round: runs recorded before it (no marker) never wake for a
 * deadline nor record a miss, so they replay as they ran; new runs given deadlines record it.
 */
export const EXIT_STEP_DEADLINES_PATCH = 'exit-step-deadlines';

type ExitCases = Cases<ExitState, ExitEvent, ExitHistoryEntry>;

/** 办理时限 of the exit round's human steps: when each household's step is due, and the misses (逾期督办) recorded. */
export class ExitDeadlines {
  private constructor(readonly seconds: Readonly<Record<ExitHumanStep, number>>) {}

  /** Call once, at the start of the workflow: the deadlines of this run, or null (none configured, or an older run). */
  static start(config: ExitRoundConfig): ExitDeadlines | null {
    const seconds = config.stepDeadlineSeconds;
    return seconds && patched(EXIT_STEP_DEADLINES_PATCH) ? new ExitDeadlines(seconds) : null;
  }

  /** Households at a human step, with the time (ms) its deadline falls. */
  due(cases: ExitCases): { id: string; state: ExitState; dueAt: number }[] {
    return [...cases.states].flatMap(([id, state]) => {
      const pending = exitPending(state, this.seconds);
      return pending.kind === 'human' && pending.dueAt ? [{ id, state, dueAt: Date.parse(pending.dueAt) }] : [];
    });
  }

  /** Every deadline passed: the next rung recorded once (the miss restarts the clock), the case stays at its step. */
  markMissed(cases: ExitCases): void {
    const at = new Date().toISOString();
    for (const { id, state, dueAt } of this.due(cases))
      if (dueAt <= Date.now()) cases.apply(id, { type: 'deadlineMissed', step: state.step, at });
  }
}
