import { Context } from '@temporalio/activity';
import type {
  ScreeningActivities,
  ScreeningOutcome as ScreeningEnd,
  ScreeningProgress,
  ScreeningSlice,
} from '@fupin/identification-workflows';
import type { Logger } from '@fupin/observability';
import type { TransactionalClient } from '@fupin/persistence';
import { refusalFailure } from '@fupin/workflows';
import { isoDay } from '../db';
import type { IdentificationConfig } from '../config';
import { ScreeningJudge } from './screening-judge';
import {
  type ChunkTally,
  type NewScreeningResult,
  type ScreeningHouseholdRow,
  type ScreeningRow,
  commitScreeningChunk,
  loadScreening,
  markScreeningCompleted,
  markScreeningFailed,
  screeningChunk,
} from './screening.repository';

/**
 * The screening's activities on identification's task queue (workflow `screening:<id>`, see
 * libs/identification-workflows/src/screening).
 *
 * `screenHouseholds` reads the checkpoint from the screening row and works through keyset chunks after it for about
 * `budgetMs`: each chunk is read in one statement (the next one is read while this one is judged and committed),
 * judged in memory with the services' rules, and committed — results and checkpoint in one transaction. It heartbeats
 * the progress after each chunk. Retried after a crash (or called again), it goes on after the last committed chunk.
 */

export interface ScreeningOptions {
  /** Households per chunk (default 5000). */
  chunkSize?: number;
  /** How long one call works before it returns `done: false` (default 30 s). */
  budgetMs?: number;
  /** Called after each committed chunk (tests stop a run between chunks). */
  afterChunk?: (progress: ScreeningProgress) => void | Promise<void>;
}

const DEFAULT_CHUNK = 5000;
const DEFAULT_BUDGET_MS = 30_000;

export function screeningActivities(
  runtime: { db: TransactionalClient; logger: Logger; config: IdentificationConfig },
  options: ScreeningOptions = {},
): ScreeningActivities {
  const { db, logger, config } = runtime;
  return {
    async screenHouseholds({ screeningId, budgetMs }) {
      const heartbeat = heartbeater();
      const slice = await screenSlice(db, config, screeningId, {
        ...options,
        budgetMs: budgetMs ?? options.budgetMs,
        afterChunk: async (p) => {
          heartbeat(p);
          await options.afterChunk?.(p);
        },
      });
      logger.debug({ screeningId, ...slice }, 'screening slice');
      return slice;
    },

    async completeScreening({ screeningId }) {
      await markScreeningCompleted(db, screeningId);
      return endOf(await mustLoad(db, screeningId));
    },

    async failScreening({ screeningId, reason }) {
      const failure = { 'zh-CN': `筛查中断：${reason}`, en: `screening broke off: ${reason}` };
      await markScreeningFailed(db, screeningId, failure);
      return endOf(await mustLoad(db, screeningId));
    },
  };
}

/** Heartbeat inside an activity; a no-op when called outside one (tests run the slice directly). */
function heartbeater(): (p: ScreeningProgress) => void {
  try {
    const context = Context.current();
    return (p) => context.heartbeat(p);
  } catch {
    return () => undefined;
  }
}

/** Screen chunks after the checkpoint until none is left (done) or the budget is spent. */
export async function screenSlice(
  db: TransactionalClient,
  config: Pick<IdentificationConfig, 'policyOverrides' | 'exit'>,
  screeningId: string,
  options: ScreeningOptions = {},
): Promise<ScreeningSlice> {
  const started = Date.now();
  const budget = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const limit = options.chunkSize ?? DEFAULT_CHUNK;
  let s = await mustLoad(db, screeningId);
  if (s.status !== 'running') return { done: true, processed: s.processed, total: s.total };
  const stability = config.exit.stability;
  const judge = new ScreeningJudge({ incomeYear: s.income_year, policyOverrides: config.policyOverrides, stability });
  const surveyCount = stability.yearsAbove + stability.yearsNotBelow;
  const read = (afterId: string | null) =>
    screeningChunk(db, {
      divisionCode: s.division_code,
      afterId,
      limit,
      asOf: isoDay(s.as_of),
      incomeYear: s.income_year,
      surveyCount,
    });
  let next = read(s.last_household_id);
  for (;;) {
    const rows = await next;
    const full = rows.length === limit;
    if (rows.length === 0) return { done: true, processed: s.processed, total: s.total };
    // read the next chunk while this one is judged and committed
    next = full ? read(rows[rows.length - 1].id) : Promise.resolve([]);
    next.catch(() => undefined); // awaited on the next turn; a failure there is thrown then
    const chunk = judgeChunk(judge, rows);
    const committed = await commitScreeningChunk(db, screeningId, {
      fromId: s.last_household_id,
      toId: rows[rows.length - 1].id,
      ...chunk,
    });
    s = await mustLoad(db, screeningId);
    if (s.status !== 'running') return { done: true, processed: s.processed, total: s.total };
    // another attempt moved the checkpoint first: go on after where it is now
    if (!committed) next = read(s.last_household_id);
    await options.afterChunk?.({ processed: s.processed, total: s.total, lastHouseholdId: s.last_household_id });
    if (!full && committed) return { done: true, processed: s.processed, total: s.total };
    if (Date.now() - started >= budget) return { done: false, processed: s.processed, total: s.total };
  }
}

/** The chunk's results (actionable outcomes only, criteria as JSON text) and its tally. */
function judgeChunk(
  judge: ScreeningJudge,
  rows: readonly ScreeningHouseholdRow[],
): { tally: ChunkTally; results: NewScreeningResult[] } {
  const tally: ChunkTally = {
    processed: rows.length,
    mayExit: 0,
    noLongerEligible: 0,
    enterMonitoring: 0,
    relapse: 0,
    undecided: 0,
  };
  const results: NewScreeningResult[] = [];
  for (const row of rows) {
    const { decision, perCapitaFen } = judge.judge(row);
    if (decision.outcome === 'none') continue;
    if (decision.outcome === 'undecided') {
      tally.undecided++;
      continue;
    }
    tally[TALLY_OF[decision.outcome]]++;
    results.push({
      householdId: row.id,
      villageCode: row.village_code,
      outcome: decision.outcome,
      perCapitaFen,
      criteria: JSON.stringify(decision.criteria),
    });
  }
  return { tally, results };
}

const TALLY_OF = {
  may_exit: 'mayExit',
  no_longer_eligible: 'noLongerEligible',
  enter_monitoring: 'enterMonitoring',
  relapse: 'relapse',
} as const;

async function mustLoad(db: TransactionalClient, id: string): Promise<ScreeningRow> {
  const s = await loadScreening(db, id);
  if (!s)
    throw refusalFailure({
      code: 'screening.not_found',
      status: 409,
      message: { 'zh-CN': `筛查 ${id} 不存在`, en: `screening ${id} does not exist` },
    });
  return s;
}

function endOf(s: ScreeningRow): ScreeningEnd {
  return {
    screeningId: s.id,
    status: s.status === 'completed' ? 'completed' : 'failed',
    processed: s.processed,
    total: s.total,
    counts: {
      mayExit: s.may_exit,
      noLongerEligible: s.no_longer_eligible,
      enterMonitoring: s.enter_monitoring,
      relapse: s.relapse,
      undecided: s.undecided,
    },
  };
}
