import { DEFAULT_MONITORING_LINE_FACTOR_BP, formatYuan, type LocalizedMessage } from '@fupin/identification-rules';
import { BP_PER_UNIT } from './ratio';

/**
 * 防止返贫监测 (SPEC §3.6). Monitoring line = poverty line × factor (default 1.5 ×, 15000 bp). A household enters
 * monitoring when its per-capita income is strictly below the monitoring line, or when its rigid spending (刚性支出:
 * illness, disaster, schooling) clearly exceeds its income — "clearly" is `rigidSpendingExcessBp` (default 10000:
 * spending strictly greater than income; 12000 would demand 1.2 × income).
 *
 * Categories (a household may be in more than one):
 * - `unstable_exited` 脱贫不稳定户: an exited household at risk;
 * - `edge` 边缘易致贫户: a household never registered, flagged as near the line (边缘户), at risk;
 * - `sudden_hardship` 突发严重困难户: any rural household hit by a sudden hardship (illness, disaster, accident) at risk.
 * A household that is none of those is not monitored even at risk (a registered, not-exited household is already
 * assisted; an ordinary household below the poverty line goes to identification — `belowPovertyLine` says so).
 */

export const MONITORING_CATEGORIES = ['unstable_exited', 'edge', 'sudden_hardship'] as const;
export type MonitoringCategory = (typeof MONITORING_CATEGORIES)[number];

export const MONITORING_CATEGORY_LABELS: Readonly<Record<MonitoringCategory, LocalizedMessage>> = {
  unstable_exited: { 'zh-CN': '脱贫不稳定户', en: 'unstable exited household' },
  edge: { 'zh-CN': '边缘易致贫户', en: 'edge household at risk of poverty' },
  sudden_hardship: { 'zh-CN': '突发严重困难户', en: 'household in sudden severe hardship' },
};

export type MonitoringTrigger = 'income_below_monitoring_line' | 'rigid_spending_exceeds_income';

export interface MonitoringEntryInput {
  /** 人均纯收入 in fen. */
  perCapitaFen: number;
  /** Poverty line of the income year in fen. */
  lineFen: number;
  /** Monitoring line factor, basis points of the line. Default 15000 (1.5 ×). */
  factorBp?: number;
  /** Household rigid spending (illness, disaster, schooling) in fen, ≥ 0. */
  rigidSpendingFen: number;
  /** Household net income in fen (may be negative). */
  incomeFen: number;
  /** How far spending must exceed income, basis points of income. Default 10000 (strictly more than income). */
  rigidSpendingExcessBp?: number;
  /** Has exited poverty (已脱贫户). */
  exited: boolean;
  /** Flagged as an edge household (边缘户, never registered). Cannot be true together with `exited`. */
  edge: boolean;
  /** Hit by a sudden hardship (因病、因灾、因意外). */
  suddenHardship: boolean;
}

export interface MonitoringEntryDecision {
  monitor: boolean;
  categories: MonitoringCategory[];
  triggers: MonitoringTrigger[];
  /** Monitoring line in fen (rounded half-up; the income comparison itself is exact). */
  monitoringLineFen: number;
  /** Per-capita income strictly below the poverty line itself: a relapse, to be re-registered through identification. */
  belowPovertyLine: boolean;
  /** Triggers first, then each category. */
  reasons: LocalizedMessage[];
}

function safeInt(value: unknown, name: string, min = Number.MIN_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new RangeError(`${name} must be a whole number ≥ ${min}, got ${String(value)}`);
  return value;
}

/** Whether a household enters relapse monitoring, in which categories, and why. Malformed inputs throw RangeError. */
export function monitoringEntry(input: MonitoringEntryInput): MonitoringEntryDecision {
  const perCapita = BigInt(safeInt(input.perCapitaFen, 'perCapitaFen'));
  const line = BigInt(safeInt(input.lineFen, 'lineFen', 1));
  const factor = BigInt(safeInt(input.factorBp ?? DEFAULT_MONITORING_LINE_FACTOR_BP, 'factorBp', BP_PER_UNIT));
  const spending = BigInt(safeInt(input.rigidSpendingFen, 'rigidSpendingFen', 0));
  const income = BigInt(safeInt(input.incomeFen, 'incomeFen'));
  const excess = BigInt(safeInt(input.rigidSpendingExcessBp ?? BP_PER_UNIT, 'rigidSpendingExcessBp', 0));
  for (const flag of ['exited', 'edge', 'suddenHardship'] as const) {
    if (typeof input[flag] !== 'boolean') throw new RangeError(`${flag} must be true or false`);
  }
  if (input.exited && input.edge) throw new RangeError('an exited household is not an edge household');

  const bp = BigInt(BP_PER_UNIT);
  const product = line * factor;
  const monitoringLine = Number(product / bp + ((product % bp) * 2n >= bp ? 1n : 0n));
  const triggers: MonitoringTrigger[] = [];
  const reasons: LocalizedMessage[] = [];
  // perCapita < line × factor / 10000, exactly
  if (perCapita * bp < product) {
    triggers.push('income_below_monitoring_line');
    const shown = formatYuan(input.perCapitaFen);
    const ml = formatYuan(monitoringLine);
    reasons.push({
      'zh-CN': `人均纯收入${shown}元低于监测线${ml}元`,
      en: `per-capita net income ${shown} yuan is below the monitoring line of ${ml} yuan`,
    });
  }
  // spending > 0 and spending > income × excess / 10000, exactly (any positive spending exceeds a zero or negative income)
  if (spending > 0n && spending * bp > income * excess) {
    triggers.push('rigid_spending_exceeds_income');
    const s = formatYuan(input.rigidSpendingFen);
    const i = formatYuan(input.incomeFen);
    reasons.push({
      'zh-CN': `刚性支出${s}元明显超过家庭纯收入${i}元`,
      en: `rigid spending ${s} yuan clearly exceeds household net income ${i} yuan`,
    });
  }

  const categories: MonitoringCategory[] = [];
  if (triggers.length > 0) {
    if (input.exited) categories.push('unstable_exited');
    if (input.edge) categories.push('edge');
    if (input.suddenHardship) categories.push('sudden_hardship');
  }
  for (const c of categories)
    reasons.push({
      'zh-CN': `纳入监测：${MONITORING_CATEGORY_LABELS[c]['zh-CN']}`,
      en: `monitored as: ${MONITORING_CATEGORY_LABELS[c].en}`,
    });
  return {
    monitor: categories.length > 0,
    categories,
    triggers,
    monitoringLineFen: monitoringLine,
    belowPovertyLine: perCapita < line,
    reasons,
  };
}

export const DEFAULT_MIN_STABLE_MONTHS = 6;

export type RiskClearingCondition = 'stable_months' | 'labour' | 'measures';

export interface RiskClearingInput {
  /** Consecutive months with income stably above the monitoring line, up to the assessment. */
  monthsStableAboveMonitoringLine: number;
  /** The household has labour ability (有劳动能力); households without labour are never cleared. */
  hasLabour: boolean;
  /** Support measures applied (帮扶措施), at least one. */
  measuresApplied: number;
  /** Default 6. */
  minStableMonths?: number;
}

export interface RiskClearingDecision {
  ok: boolean;
  failed: { condition: RiskClearingCondition; message: LocalizedMessage }[];
}

/**
 * 风险消除 may be PROPOSED: ≥ 6 stable months above the monitoring line, labour ability, ≥ 1 measure applied. Each
 * failing condition is listed. The proposal then goes through assessment, notice and county approval like an exit.
 */
export function mayClearRisk(input: RiskClearingInput): RiskClearingDecision {
  const months = safeInt(input.monthsStableAboveMonitoringLine, 'monthsStableAboveMonitoringLine', 0);
  const measures = safeInt(input.measuresApplied, 'measuresApplied', 0);
  const min = safeInt(input.minStableMonths ?? DEFAULT_MIN_STABLE_MONTHS, 'minStableMonths', 1);
  if (typeof input.hasLabour !== 'boolean') throw new RangeError('hasLabour must be true or false');
  const failed: RiskClearingDecision['failed'] = [];
  if (months < min) {
    failed.push({
      condition: 'stable_months',
      message: {
        'zh-CN': `收入稳定超过监测线仅${months}个月，须满${min}个月`,
        en: `income stably above the monitoring line for ${months} month(s), needs ${min}`,
      },
    });
  }
  if (!input.hasLabour) {
    failed.push({
      condition: 'labour',
      message: {
        'zh-CN': '无劳动能力的户不消除风险，持续监测',
        en: 'a household without labour ability is not cleared; monitoring continues',
      },
    });
  }
  if (measures < 1) {
    failed.push({
      condition: 'measures',
      message: { 'zh-CN': '尚未落实任何帮扶措施', en: 'no support measure applied yet' },
    });
  }
  return { ok: failed.length === 0, failed };
}

// ── 帮扶措施 deadline and escalation ──────────────────────────────────────────────────────────────────────────

/** Who is reminded when a monitored household still has no support measure: village → township → county. */
export const ESCALATION_LEVELS = ['village', 'township', 'county'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const DEFAULT_MEASURE_DEADLINE_SECONDS = 15 * 86_400;
export const DEFAULT_ESCALATION_STEP_SECONDS = 7 * 86_400;

export interface MeasureDeadlineConfig {
  /** Time from entry into monitoring until at least one measure must be assigned. Default 15 days. */
  deadlineSeconds?: number;
  /** Time on each escalation rung before the next one. Default 7 days. */
  escalationStepSeconds?: number;
}

export interface MeasureStatusInput {
  /** Entry into monitoring (ISO-8601 UTC). */
  enteredAt: string;
  /** Support measures assigned so far (帮扶措施), each with its time (ISO-8601 UTC). */
  measures: readonly { assignedAt: string }[];
  /** ISO-8601 UTC. */
  now: string;
  config?: MeasureDeadlineConfig;
}

export interface MeasureStatus {
  /** When the first measure is (was) due. */
  due: string;
  /** At least one measure assigned by `now`. */
  met: boolean;
  /** The first measure came after the deadline (met late). */
  metLate: boolean;
  /** No measure and the deadline has passed. */
  overdue: boolean;
  /** Who is reminded now (null while not overdue): the village at the deadline, the township one step later, the county after that. */
  escalationLevel: EscalationLevel | null;
  /** When this status next changes without a new measure (the deadline or the next rung); null when it cannot change any more. */
  nextCheckAt: string | null;
}

function instant(value: unknown, name: string): number {
  const t = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(t)) throw new RangeError(`${name} must be an ISO-8601 instant, got ${String(value)}`);
  return t;
}

/**
 * Each monitored household gets at least one support measure within the deadline after entry (default 15 days);
 * otherwise the missing measure escalates village → township → county, one rung per step (default 7 days).
 * Exactly at the deadline counts as overdue (the deadline is the last moment before it). Malformed inputs throw.
 */
export function measureStatus(input: MeasureStatusInput): MeasureStatus {
  const entered = instant(input.enteredAt, 'enteredAt');
  const now = instant(input.now, 'now');
  const deadline = safeInt(input.config?.deadlineSeconds ?? DEFAULT_MEASURE_DEADLINE_SECONDS, 'deadlineSeconds', 1);
  const step = safeInt(
    input.config?.escalationStepSeconds ?? DEFAULT_ESCALATION_STEP_SECONDS,
    'escalationStepSeconds',
    1,
  );
  if (!Array.isArray(input.measures)) throw new RangeError('measures must be a list');
  const dueMs = entered + deadline * 1000;
  const due = new Date(dueMs).toISOString();
  const assigned = input.measures
    .map((m, i) => instant(m?.assignedAt, `measures[${i}].assignedAt`))
    .filter((t) => t <= now);
  if (assigned.length > 0) {
    return {
      due,
      met: true,
      metLate: Math.min(...assigned) >= dueMs,
      overdue: false,
      escalationLevel: null,
      nextCheckAt: null,
    };
  }
  if (now < dueMs) return { due, met: false, metLate: false, overdue: false, escalationLevel: null, nextCheckAt: due };
  const rung = Math.min(Math.floor((now - dueMs) / (step * 1000)), ESCALATION_LEVELS.length - 1);
  const last = rung === ESCALATION_LEVELS.length - 1;
  return {
    due,
    met: false,
    metLate: false,
    overdue: true,
    escalationLevel: ESCALATION_LEVELS[rung],
    nextCheckAt: last ? null : new Date(dueMs + (rung + 1) * step * 1000).toISOString(),
  };
}

/**
 * Months the income has stayed at or above the monitoring line, for 风险消除: the unbroken run of the latest re-checks
 * that were stable, counted from the first of them to `now`, in whole calendar months (UTC) — or in whole
 * `monthSeconds` when given (tests). 0 when the latest check is not stable or there is none.
 */
export function monthsStableAboveMonitoringLine(
  checks: readonly { checkedAt: string; stable: boolean }[],
  now: string,
  monthSeconds?: number | null,
): number {
  const nowMs = instant(now, 'now');
  const sorted = checks
    .map((c, i) => ({ at: instant(c?.checkedAt, `checks[${i}].checkedAt`), stable: c.stable === true }))
    .filter((c) => c.at <= nowMs)
    .sort((a, b) => a.at - b.at);
  let start: number | null = null;
  for (const c of sorted) start = c.stable ? (start ?? c.at) : null;
  if (start === null) return 0;
  if (monthSeconds !== undefined && monthSeconds !== null)
    return Math.floor((nowMs - start) / (safeInt(monthSeconds, 'monthSeconds', 1) * 1000));
  const a = new Date(start);
  const b = new Date(nowMs);
  let months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + (b.getUTCMonth() - a.getUTCMonth());
  const restA =
    ((a.getUTCDate() * 24 + a.getUTCHours()) * 60 + a.getUTCMinutes()) * 60_000 +
    a.getUTCSeconds() * 1000 +
    a.getUTCMilliseconds();
  const restB =
    ((b.getUTCDate() * 24 + b.getUTCHours()) * 60 + b.getUTCMinutes()) * 60_000 +
    b.getUTCSeconds() * 1000 +
    b.getUTCMilliseconds();
  if (restB < restA) months--;
  return Math.max(0, months);
}
