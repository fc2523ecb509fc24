/**
 * 动态监测筛查 (screening): a division's registered, exited and monitored households judged under the income year's
 * policy — who may exit, who no longer qualifies for the register, who must enter monitoring, who relapsed — each
 * with the criteria met or failing. The screening row is recorded by POST /screenings, then one short workflow per
 * screening (`screening:<screeningId>`) calls `screenHouseholds` until it reports `done`: each call works through
 * keyset chunks of households for up to ~30 s, committing each chunk's results with the checkpoint, so a retried or
 * repeated call goes on after the last committed chunk. `completeScreening` then marks it completed; when the
 * retries of a call run out it is marked failed.
 */

export function screeningWorkflowId(screeningId: string): string {
  return `screening:${screeningId}`;
}

export interface ScreeningInput {
  screeningId: string;
  /** Where the activities run; default identification's task queue (tests use their own). */
  activityTaskQueue?: string;
}

/** The outcome counts of a screening (only the first four are listed as results). */
export interface ScreeningCounts {
  mayExit: number;
  noLongerEligible: number;
  enterMonitoring: number;
  relapse: number;
  undecided: number;
}

/** What one `screenHouseholds` call did: done once no household is left after the checkpoint. */
export interface ScreeningSlice {
  done: boolean;
  /** Households screened so far (all calls), of `total`. */
  processed: number;
  total: number;
}

export interface ScreeningOutcome {
  screeningId: string;
  status: 'completed' | 'failed';
  processed: number;
  total: number;
  counts: ScreeningCounts;
}

/** What `screenHouseholds` heartbeats after each chunk. */
export interface ScreeningProgress {
  processed: number;
  total: number;
  lastHouseholdId: string | null;
}

/** identification-service's activities of a screening. */
export interface ScreeningActivities {
  /** Screen chunks after the checkpoint for up to about `budgetMs` (default 30 s); idempotent by the checkpoint. */
  screenHouseholds(input: { screeningId: string; budgetMs?: number }): Promise<ScreeningSlice>;
  /** Mark it completed (its counts as committed); a completed one answers as it is. */
  completeScreening(input: { screeningId: string }): Promise<ScreeningOutcome>;
  /** The work broke off for good: mark it failed with why (a completed one stays completed). */
  failScreening(input: { screeningId: string; reason: string }): Promise<ScreeningOutcome>;
}

/** Refusals of screenHouseholds (ApplicationFailure types, non-retryable): nothing to screen. */
export const SCREENING_REFUSALS = ['screening.not_found'] as const;
