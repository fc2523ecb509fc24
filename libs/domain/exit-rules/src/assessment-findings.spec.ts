import { checkFinding } from './assessment-findings';
import { computeAssessmentRates } from './assessment-rates';

const exited = { householdId: 'h1', group: 'inside' as const, registerStatus: 'exited' };
const registered = { householdId: 'h2', group: 'inside' as const, registerStatus: 'registered' };
const outside = { householdId: 'h3', group: 'outside' as const, registerStatus: 'refused' };
const fields = (r: ReturnType<typeof checkFinding>) => (r.ok ? [] : r.violations.map((v) => `${v.field}:${v.rule}`));

describe('checkFinding (评估结论 against the sample)', () => {
  it('an exited household is judged for wrong exit; a registered one is not', () => {
    expect(checkFinding({ householdId: 'h1', wronglyExited: false, satisfied: true }, exited)).toEqual({
      ok: true,
      value: { householdId: 'h1', group: 'inside', wronglyExited: false, satisfied: true },
    });
    expect(fields(checkFinding({ householdId: 'h1', satisfied: true }, exited))).toEqual(['wronglyExited:required']);
    expect(checkFinding({ householdId: 'h2', satisfied: false }, registered)).toEqual({
      ok: true,
      value: { householdId: 'h2', group: 'inside', satisfied: false },
    });
    expect(fields(checkFinding({ householdId: 'h2', wronglyExited: true, satisfied: true }, registered))).toEqual([
      'wronglyExited:not_applicable',
    ]);
    expect(
      fields(
        checkFinding({ householdId: 'h1', wronglyExited: false, missedIdentification: false, satisfied: true }, exited),
      ),
    ).toEqual(['missedIdentification:not_applicable']);
  });

  it('an outside household is judged for missed identification only', () => {
    expect(checkFinding({ householdId: 'h3', missedIdentification: true, satisfied: true }, outside)).toEqual({
      ok: true,
      value: { householdId: 'h3', group: 'outside', missedIdentification: true, satisfied: true },
    });
    expect(fields(checkFinding({ householdId: 'h3', satisfied: true }, outside, 'findings.0'))).toEqual([
      'findings.0.missedIdentification:required',
    ]);
    expect(
      fields(
        checkFinding(
          { householdId: 'h3', wronglyExited: false, missedIdentification: false, satisfied: true },
          outside,
        ),
      ),
    ).toEqual(['wronglyExited:not_applicable']);
  });

  it('needs satisfaction and the right household', () => {
    expect(fields(checkFinding({ householdId: 'h9', satisfied: undefined as unknown as boolean }, registered))).toEqual(
      ['householdId:not_this_household', 'satisfied:required'],
    );
  });

  it('gives findings computeAssessmentRates accepts', () => {
    const values = [
      checkFinding({ householdId: 'h1', wronglyExited: true, satisfied: true }, exited),
      checkFinding({ householdId: 'h2', satisfied: true }, registered),
      checkFinding({ householdId: 'h3', missedIdentification: false, satisfied: false }, outside),
    ].map((r) => (r.ok ? r.value : null)!);
    const rates = computeAssessmentRates(values);
    expect(rates.ok && rates.value.wrongExit).toMatchObject({ count: 1, of: 1 });
    expect(rates.ok && rates.value.satisfaction).toMatchObject({ count: 2, of: 3 });
  });
});
