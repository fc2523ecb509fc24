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
      thresholds: { wrongExitMaxBp: 200, missedMaxBp: 200, satisfactionMinBp: 9000 },
    });
  });

  it('takes its settings from the environment', () => {
    const { config } = loadExitAreaConfig(
      't',
      { INCIDENCE_LINE_BP: '150', WESTERN_PROVINCES: '52, 53', ASSESSMENT_SATISFACTION_MIN_BP: '9500' },
      procedure(false),
    );
    expect(config.incidence).toMatchObject({ thresholdBp: 150, westernProvinces: ['52', '53'] });
    expect(config.assessment.thresholds.satisfactionMinBp).toBe(9500);
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
