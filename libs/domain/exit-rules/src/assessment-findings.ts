import type { RuleViolation } from '@fupin/identification-rules';
import type { AssessmentFinding, AssessmentGroup } from './assessment-rates';

/**
 * 评估结论 of one sampled household, checked against how it was sampled: a household inside the register that has
 * EXITED is judged for wrong exit (错退); one still registered is not (it has not exited); a household outside is
 * judged for missed identification (漏评). Every sampled household says whether it is satisfied (认可).
 */

export interface SampledHousehold {
  householdId: string;
  group: AssessmentGroup;
  /** Register status when the sample was drawn: 'exited' households are the wrong-exit denominator. */
  registerStatus: string;
}

export interface FindingInput {
  householdId: string;
  wronglyExited?: boolean;
  missedIdentification?: boolean;
  satisfied: boolean;
}

export type FindingResult = { ok: true; value: AssessmentFinding } | { ok: false; violations: RuleViolation[] };

const v = (field: string, rule: string, zh: string, en: string): RuleViolation => ({
  field,
  rule,
  message: { 'zh-CN': zh, en },
});

/** The finding as `computeAssessmentRates` takes it, or what is wrong with it (fields named under `at`). */
export function checkFinding(finding: FindingInput, sampled: SampledHousehold, at = ''): FindingResult {
  const f = (name: string) => (at ? `${at}.${name}` : name);
  const out: RuleViolation[] = [];
  if (finding.householdId !== sampled.householdId)
    out.push(
      v(
        f('householdId'),
        'not_this_household',
        '户编号与样本不符',
        'household id does not match the sampled household',
      ),
    );
  if (typeof finding.satisfied !== 'boolean')
    out.push(v(f('satisfied'), 'required', '须评估是否认可', 'satisfied (true or false) is required'));
  if (sampled.group === 'inside') {
    if (finding.missedIdentification !== undefined)
      out.push(
        v(
          f('missedIdentification'),
          'not_applicable',
          '册内户不评估漏评',
          'missed identification applies only outside the register',
        ),
      );
    const exited = sampled.registerStatus === 'exited';
    if (exited && typeof finding.wronglyExited !== 'boolean')
      out.push(
        v(
          f('wronglyExited'),
          'required',
          '已脱贫户须评估是否错退',
          'an exited household must be judged for wrong exit',
        ),
      );
    if (!exited && finding.wronglyExited !== undefined)
      out.push(
        v(
          f('wronglyExited'),
          'not_applicable',
          '未脱贫的在册户不评估错退',
          'wrong exit applies only to households that have exited',
        ),
      );
  } else {
    if (finding.wronglyExited !== undefined)
      out.push(
        v(f('wronglyExited'), 'not_applicable', '册外户不评估错退', 'wrong exit applies only inside the register'),
      );
    if (typeof finding.missedIdentification !== 'boolean')
      out.push(
        v(
          f('missedIdentification'),
          'required',
          '册外户须评估是否漏评',
          'an outside household must be judged for missed identification',
        ),
      );
  }
  if (out.length > 0) return { ok: false, violations: out };
  return {
    ok: true,
    value: {
      householdId: sampled.householdId,
      group: sampled.group,
      satisfied: finding.satisfied,
      ...(sampled.group === 'inside' && finding.wronglyExited !== undefined
        ? { wronglyExited: finding.wronglyExited }
        : {}),
      ...(sampled.group === 'outside' ? { missedIdentification: finding.missedIdentification } : {}),
    },
  };
}
