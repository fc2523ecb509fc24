import {
  type AssessmentFinding,
  type AssessmentThresholds,
  type IncidenceReport,
  computeAssessmentRates,
  countyMayExit,
} from '@fupin/exit-rules';
import type { LocalizedMessage } from '@fupin/identification-rules';
import type { SampleRow } from './assessment.repository';

/** 第三方评估: the county's standing from the findings recorded so far (pure; no SQL). */

function findingOf(r: SampleRow): AssessmentFinding | null {
  if (r.satisfied === null) return null;
  return {
    householdId: r.household_id,
    group: r.grp,
    satisfied: r.satisfied,
    ...(r.grp === 'inside' && r.wrongly_exited !== null ? { wronglyExited: r.wrongly_exited } : {}),
    ...(r.grp === 'outside' ? { missedIdentification: r.missed_identification ?? undefined } : {}),
  };
}

export interface AssessmentReason {
  /** wrong_exit, missed_identification, satisfaction, incidence or findings_missing */
  rate: string;
  message: LocalizedMessage;
}

/**
 * The county's standing: the three rates from the findings so far (computeAssessmentRates, countyMayExit), the
 * county incidence, and whether it may exit — only with every finding recorded, every rate passing and the
 * incidence below the line. Every reason against is named.
 */
export function evaluateAssessment(rows: SampleRow[], incidence: IncidenceReport, thresholds: AssessmentThresholds) {
  const findings = rows.map(findingOf).filter((f): f is AssessmentFinding => f !== null);
  const rates = computeAssessmentRates(findings);
  if (!rates.ok) throw new Error(`stored findings are invalid: ${JSON.stringify(rates.violations)}`);
  const decision = countyMayExit(rates.value, thresholds);
  const complete = findings.length === rows.length;
  const reasons: AssessmentReason[] = [];
  if (!complete) {
    const missing = rows.length - findings.length;
    reasons.push({
      rate: 'findings_missing',
      message: {
        'zh-CN': `尚有 ${missing} 户样本未记录评估结论`,
        en: `${missing} sampled households have no finding yet`,
      },
    });
  }
  for (const c of decision.failing) reasons.push({ rate: c.rate, message: c.message });
  if (!incidence.aggregate.belowLine) reasons.push({ rate: 'incidence', message: incidence.aggregate.message });
  return {
    progress: { recorded: findings.length, size: rows.length, complete },
    rates: rates.value,
    thresholds,
    checks: decision.checks.map((c) => ({
      rate: c.rate,
      ok: c.ok,
      limitBp: c.limit,
      bound: c.bound,
      valueBp: c.value.bp,
      count: c.value.count,
      of: c.value.of,
      message: c.message,
    })),
    incidence: {
      incidence: incidence.aggregate.incidence,
      thresholdBp: incidence.thresholdBp,
      western: incidence.western,
      belowLine: incidence.aggregate.belowLine,
      message: incidence.aggregate.message,
      missingRuralPopulation: incidence.missingRuralPopulation,
    },
    mayExit: complete && decision.ok && incidence.aggregate.belowLine,
    reasons,
  };
}

export type AssessmentEvaluation = ReturnType<typeof evaluateAssessment>;
