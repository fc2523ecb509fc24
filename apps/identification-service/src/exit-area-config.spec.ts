import { resolveProcedureConfig, type ProcedureConfig } from '@fupin/identification-rules';
import { loadExitAreaConfig } from './exit-area-config';

const procedure = (testMode: boolean) =>
  (
    resolveProcedureConfig({ testMode, ...(testMode ? { noticeSeconds: { township_notice: 3 } } : {}) }) as {
      ok: true;
      value: ProcedureConfig;
    }
  ).value;

describe('exit area configuration (贫困村退出, 第三方评估)', () => {
  it('defaults: 2 % / 3 % lines, the 12 western provinces, the township notice length, 200 households, 2 % / 2 % / 90 %', () => {
    const { config, problems } = loadExitAreaConfig('t', {}, procedure(false));
    expect(problems).toEqual([]);
    expect(config.incidence).toEqual({
      thresholdBp: 200,
      westernThresholdBp: 300,
      westernProvinces: ['15', '45', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
    });
    expect(config.villageExitNoticeSeconds).toBe(7 * 24 * 3600);
    expect(config.assessment).toEqual({
      sampleSize: 200,
      thresholds: { wrongExitBelowBp: 200, missedBelowBp: 200, satisfactionAboveBp: 9000 },
    });
  });

  it('takes its settings from the environment', () => {
    const { config } = loadExitAreaConfig(
      't',
      {
        INCIDENCE_LINE_BP: '150',
        WESTERN_PROVINCES: '52, 53',
        ASSESSMENT_WRONG_EXIT_BELOW_BP: '150',
        ASSESSMENT_MISSED_BELOW_BP: '250',
        ASSESSMENT_SATISFACTION_ABOVE_BP: '9500',
      },
      procedure(false),
    );
    expect(config.incidence).toMatchObject({ thresholdBp: 150, westernProvinces: ['52', '53'] });
    expect(config.assessment.thresholds).toEqual({
      wrongExitBelowBp: 150,
      missedBelowBp: 250,
      satisfactionAboveBp: 9500,
    });
  });

  it('refuses to boot while an old (inclusive) threshold name is still set, naming the new one', () => {
    const { problems } = loadExitAreaConfig(
      't',
      { ASSESSMENT_WRONG_EXIT_MAX_BP: '200', ASSESSMENT_MISSED_MAX_BP: '200', ASSESSMENT_SATISFACTION_MIN_BP: '9000' },
      procedure(false),
    );
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/^ASSESSMENT_WRONG_EXIT_MAX_BP: renamed ASSESSMENT_WRONG_EXIT_BELOW_BP/);
    expect(problems[1]).toContain('ASSESSMENT_MISSED_BELOW_BP');
    expect(problems[2]).toContain('ASSESSMENT_SATISFACTION_ABOVE_BP');
  });

  it("a short village exit notice only in test mode; the test procedure's township notice is the default", () => {
    expect(loadExitAreaConfig('t', { VILLAGE_EXIT_NOTICE_SECONDS: '5' }, procedure(false)).problems[0]).toContain(
      'VILLAGE_EXIT_NOTICE_SECONDS',
    );
    expect(loadExitAreaConfig('t', { VILLAGE_EXIT_NOTICE_SECONDS: '5' }, procedure(true))).toMatchObject({
      problems: [],
      config: { villageExitNoticeSeconds: 5 },
    });
    expect(loadExitAreaConfig('t', {}, procedure(true)).config.villageExitNoticeSeconds).toBe(3);
  });

  it('refuses malformed values at boot', () => {
    expect(() => loadExitAreaConfig('t', { WESTERN_PROVINCES: '52,5x' }, procedure(false))).toThrow(
      /WESTERN_PROVINCES/,
    );
    expect(() => loadExitAreaConfig('t', { INCIDENCE_LINE_BP: '10001' }, procedure(false))).toThrow(
      /INCIDENCE_LINE_BP/,
    );
  });
});
