import {
  EXIT_CRITERIA,
  EXIT_CRITERION_LABELS,
  type ExitCriterion,
  type FailedExitCriterion,
  type MonitoringEntryDecision,
} from '@fupin/exit-rules';
import { type EligibilityAssessment, formatYuan, type LocalizedMessage } from '@fupin/identification-rules';

/**
 * 动态监测筛查: what a screening concludes for one household, from facts the services' own rules produced (the exit
 * criteria of exits/exit-criteria.ts, `assessEligibility` under the income year's policy, `monitoringEntry`). Pure.
 *
 * - `may_exit` 可退出: a registered household meeting every exit criterion (贫困户退出标准) on an observation of the year;
 * - `no_longer_eligible` 不再符合识别标准: a registered household that is not eligible under the year's policy (income not
 *   below the line, 两不愁三保障 met) yet does not meet every exit criterion — the failing ones are named (e.g. income
 *   above the line for one year only, an observation older than the year): to be re-examined, not simply exited;
 * - `enter_monitoring` 应纳入监测: an exited household not under monitoring for which the monitoring entry rule
 *   triggers (脱贫不稳定户: income below the monitoring line, or rigid spending clearly above income);
 * - `relapse` 返贫: a household under monitoring whose per-capita income is below the poverty line itself: to be
 *   re-registered through identification.
 * Anything else is `none` (nothing to act on) or `undecided` (a fact is missing: no survey of the year, no observation,
 * no policy for the year) — both counted, neither listed.
 */

export const SCREENING_OUTCOMES = ['may_exit', 'no_longer_eligible', 'enter_monitoring', 'relapse'] as const;
export type ScreeningOutcome = (typeof SCREENING_OUTCOMES)[number];

export const SCREENING_OUTCOME_LABELS: Readonly<Record<ScreeningOutcome, LocalizedMessage>> = {
  may_exit: { 'zh-CN': '可退出', en: 'may exit' },
  no_longer_eligible: { 'zh-CN': '不再符合识别标准', en: 'no longer eligible' },
  enter_monitoring: { 'zh-CN': '应纳入监测', en: 'must enter monitoring' },
  relapse: { 'zh-CN': '返贫（低于贫困标准）', en: 'relapsed below the poverty line' },
};

/** A criterion as a result row keeps it: exit criteria, monitoring triggers, below_poverty_line, or a data problem. */
export interface ScreeningCriterion {
  criterion: string;
  message: LocalizedMessage;
}

export interface ScreeningCriteria {
  /** Exit criteria met (in `EXIT_CRITERIA` order). */
  met: ExitCriterion[];
  /** Criteria failing or triggering, each named with its message. */
  failing: ScreeningCriterion[];
  /** The eligibility or monitoring reasons behind the outcome. */
  reasons: LocalizedMessage[];
  /** Monitoring categories (enter_monitoring). */
  categories?: string[];
}

export type ScreeningDecision =
  | { outcome: ScreeningOutcome; criteria: ScreeningCriteria }
  | { outcome: 'none' }
  | { outcome: 'undecided'; reasons: LocalizedMessage[] };

/** The exit criteria as exits/exit-criteria.ts judged them (registered households only). */
export interface ExitFacts {
  ok: boolean;
  failed: readonly Pick<FailedExitCriterion, 'criterion' | 'message'>[];
  /** Missing facts or an observation older than the income year. */
  problems: readonly LocalizedMessage[];
}

export interface ScreeningFacts {
  /** Register status: registered, exited, refused, … */
  status: string;
  /** In an active monitoring period (monitoring or clearing). */
  monitored: boolean;
  exit: ExitFacts | null;
  /** Eligibility on the survey of the income year; null when it cannot be judged (see `problems`). */
  eligibility: Pick<EligibilityAssessment, 'eligible' | 'reasons'> | null;
  /** The monitoring entry rule on the survey of the income year; null without one. */
  entry: Pick<MonitoringEntryDecision, 'monitor' | 'categories' | 'triggers' | 'belowPovertyLine' | 'reasons'> | null;
  /** Per-capita income and poverty line of the survey judged (fen), for the relapse message. */
  perCapitaFen: number | null;
  lineFen: number | null;
  /** Why a fact is missing (no survey of the year, no observation, no policy). */
  problems: readonly LocalizedMessage[];
}

const TRIGGER_LABELS: Readonly<Record<string, LocalizedMessage>> = {
  income_below_monitoring_line: { 'zh-CN': '人均纯收入低于监测线', en: 'income below the monitoring line' },
  rigid_spending_exceeds_income: { 'zh-CN': '刚性支出明显超过收入', en: 'rigid spending clearly exceeds income' },
};

/** The outcome of one household. */
export function decideScreening(facts: ScreeningFacts): ScreeningDecision {
  if (facts.status === 'registered') return registered(facts);
  if (facts.monitored) return monitored(facts);
  if (facts.status === 'exited') return exited(facts);
  return { outcome: 'none' };
}

function registered(facts: ScreeningFacts): ScreeningDecision {
  const exit = facts.exit;
  if (exit?.ok) {
    return { outcome: 'may_exit', criteria: { met: [...EXIT_CRITERIA], failing: [], reasons: reasonsOf(facts) } };
  }
  if (!facts.eligibility) return undecided(facts);
  if (facts.eligibility.eligible) return { outcome: 'none' };
  const failed = exit?.failed ?? [];
  const failing = [
    ...failed.map((f) => ({ criterion: f.criterion, message: f.message })),
    ...(exit?.problems ?? []).map((message) => ({ criterion: 'data', message })),
  ];
  const met = EXIT_CRITERIA.filter((c) => exit !== null && !failed.some((f) => f.criterion === c));
  return { outcome: 'no_longer_eligible', criteria: { met, failing, reasons: facts.eligibility.reasons } };
}

function exited(facts: ScreeningFacts): ScreeningDecision {
  const entry = facts.entry;
  if (!entry) return undecided(facts);
  if (!entry.monitor) return { outcome: 'none' };
  const failing = entry.triggers.map((t) => ({ criterion: t, message: TRIGGER_LABELS[t] ?? { 'zh-CN': t, en: t } }));
  return {
    outcome: 'enter_monitoring',
    criteria: { met: [], failing, reasons: entry.reasons, categories: [...entry.categories] },
  };
}

function monitored(facts: ScreeningFacts): ScreeningDecision {
  const entry = facts.entry;
  if (!entry || facts.perCapitaFen === null || facts.lineFen === null) return undecided(facts);
  if (!entry.belowPovertyLine) return { outcome: 'none' };
  const income = formatYuan(facts.perCapitaFen);
  const line = formatYuan(facts.lineFen);
  const message = {
    'zh-CN': `人均纯收入${income}元低于贫困标准${line}元`,
    en: `per-capita net income ${income} yuan is below the poverty line of ${line} yuan`,
  };
  return {
    outcome: 'relapse',
    criteria: { met: [], failing: [{ criterion: 'below_poverty_line', message }], reasons: [message] },
  };
}

function undecided(facts: ScreeningFacts): ScreeningDecision {
  const reasons = facts.problems.length
    ? [...facts.problems]
    : [{ 'zh-CN': '缺少判断所需的数据', en: 'a fact needed to judge is missing' }];
  return { outcome: 'undecided', reasons };
}

function reasonsOf(facts: ScreeningFacts): LocalizedMessage[] {
  return facts.eligibility ? [...facts.eligibility.reasons] : [];
}

/** A criterion's name in Chinese and English, for the XLSX export. */
export function criterionLabel(criterion: string): LocalizedMessage {
  if ((EXIT_CRITERIA as readonly string[]).includes(criterion))
    return EXIT_CRITERION_LABELS[criterion as ExitCriterion];
  if (TRIGGER_LABELS[criterion]) return TRIGGER_LABELS[criterion];
  if (criterion === 'below_poverty_line') return { 'zh-CN': '低于贫困标准', en: 'below the poverty line' };
  return { 'zh-CN': '数据问题', en: 'data problem' };
}
