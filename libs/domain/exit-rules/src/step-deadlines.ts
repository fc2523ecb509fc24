import {
  SECONDS_PER_DAY,
  type LocalizedMessage,
  divisionAt,
  escalationAt,
  type ActorLevel,
  type Escalation,
} from '@fupin/identification-rules';

/**
 * Deadlines (办理时限) on the human steps of the exit procedures — the household exit, the village exit and the risk
 * clearing of relapse monitoring — with identification's escalation ladder (督办, `escalationAt`): a step signed in
 * the village escalates to the township, then the county, then the county with the workflow operator; a township step
 * starts at the county; a county step alerts the county and the operator at once. Escalation alerts and records; it
 * never moves the case. Pure: every time is passed in.
 */

/** The misses at the current step: how many, the last one, who it alerted. Reset when the step changes. */
export interface StepEscalation {
  readonly times: number;
  readonly at: string;
  readonly to: Escalation;
}

/** The next rung at a step signed at `level`: one more miss than `current`, recorded at `at`. */
export function nextEscalation(level: ActorLevel, current: StepEscalation | null, at: string): StepEscalation {
  const times = (current?.times ?? 0) + 1;
  return { times, at, to: escalationAt(level, times) };
}

const LEVEL = { township: { zh: '乡镇', en: 'township' }, county: { zh: '县', en: 'county' } } as const;

/** The audit trail's reason for a miss: the step, the rung, who is alerted (e.g. 村级民主评议逾期未办理，第1次督办：乡镇). */
export function escalationReason(step: LocalizedMessage, e: StepEscalation): string {
  const { zh, en } = LEVEL[e.to.level];
  const operator = e.to.alertWorkflowOperator
    ? { zh: '并通知流程运维', en: ' and the workflow operator' }
    : { zh: '', en: '' };
  return (
    `${step['zh-CN']}逾期未办理，第${e.times}次督办：${zh}${operator.zh} / ` +
    `${step.en} overdue (${e.times}): escalated to the ${en}${operator.en}`
  );
}

/** When the step's deadline falls: `seconds` after it began, or after its last escalation (each rung gets the time again). */
export function deadlineDueAt(since: string, escalation: StepEscalation | null, seconds: number): string {
  return new Date(Date.parse(escalation?.at ?? since) + seconds * 1000).toISOString();
}

/** A pending step's deadline as a state view shows it. */
export interface StepDeadlineView {
  dueAt: string;
  /** The last escalation at this step, with the division alerted; null before the first miss. */
  escalatedTo: (Escalation & { times: number; at: string; divisionCode: string }) | null;
}

export function stepDeadlineView(
  since: string,
  escalation: StepEscalation | null,
  seconds: number,
  villageCode: string,
): StepDeadlineView {
  const e = escalation;
  return {
    dueAt: deadlineDueAt(since, e, seconds),
    escalatedTo: e ? { ...e.to, times: e.times, at: e.at, divisionCode: divisionAt(e.to.level, villageCode) } : null,
  };
}

export type StepDeadlinesResult<S extends string> =
  { ok: true; value: Readonly<Record<S, number>> } | { ok: false; problems: string[] };

/**
 * The deadlines of a procedure's human steps: `defaults` overridden by `overrides`. Unknown steps are refused, and
 * each deadline is whole seconds ≥ 1 — at least one day unless `testMode` (tests run a deadline in seconds).
 */
export function resolveStepDeadlines<S extends string>(
  defaults: Readonly<Record<S, number>>,
  overrides: Readonly<Partial<Record<string, number>>>,
  testMode: boolean,
): StepDeadlinesResult<S> {
  const problems: string[] = [];
  const value = { ...defaults } as Record<S, number>;
  for (const [step, seconds] of Object.entries(overrides)) {
    if (seconds === undefined) continue;
    if (!(step in defaults)) problems.push(`${step}: not a human step (${Object.keys(defaults).join(', ')})`);
    else if (!Number.isSafeInteger(seconds) || seconds < 1) problems.push(`${step}: whole seconds ≥ 1, got ${seconds}`);
    else if (!testMode && seconds < SECONDS_PER_DAY)
      problems.push(`${step}: at least one day (${SECONDS_PER_DAY} s) unless in test mode, got ${seconds}`);
    else value[step as S] = seconds;
  }
  return problems.length ? { ok: false, problems } : { ok: true, value: Object.freeze(value) };
}

/** Days → seconds, for the defaults. */
export const days = (n: number): number => n * SECONDS_PER_DAY;
