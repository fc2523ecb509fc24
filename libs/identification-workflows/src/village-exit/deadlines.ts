import { condition, patched } from '@temporalio/workflow';
import type { VillageExitInput } from './definitions';
import type { DecisionLock } from './decision-lock';
import type { VillageExitRun } from './handlers';

/**
 * The version marker of step deadlines in the village exit: runs recorded before it (no marker) wait for the
 * county without a timer, as they ran; new runs given deadlines record it.
 */
export const VILLAGE_EXIT_DEADLINES_PATCH = 'village-exit-step-deadlines';

/** Call once, at the start of the workflow: whether this run escalates the county's late steps. */
export function deadlinesOn(input: VillageExitInput): boolean {
  return input.stepDeadlineSeconds !== undefined && patched(VILLAGE_EXIT_DEADLINES_PATCH);
}

/**
 * Until the county has decided: sleep until the awaited step's deadline (or until the step changes), then record the
 * miss (逾期督办, each rung once) through the register's audit trail — in turn with the county's updates.
 */
export async function escalateUntilDecided({ c, exits }: VillageExitRun, decisions: DecisionLock): Promise<void> {
  while (!c.finished()) {
    const due = c.deadlineDueAt();
    const changed = () => c.finished() || c.deadlineDueAt() !== due;
    if (due === null) await condition(changed);
    else await condition(changed, Math.max(1, due - Date.now()));
    await decisions.mainStep(async () => {
      const missed = c.missedDeadline();
      if (!missed) return;
      await exits.recordVillageExitEscalation(missed);
      c.escalated(missed);
    });
  }
}
