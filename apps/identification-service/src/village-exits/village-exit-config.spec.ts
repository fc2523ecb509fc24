import { DEFAULT_VILLAGE_EXIT_STEP_DEADLINES, loadVillageExitConfig } from './village-exit-config';

describe('village exit configuration: the county steps’ deadlines (办理时限)', () => {
  const load = (env: Record<string, string>, testMode = false) => {
    const problems: string[] = [];
    return { config: loadVillageExitConfig('t', env, testMode, problems), problems };
  };

  it('defaults to 10 days for the answers to objections and 15 for the decision', () => {
    expect(load({})).toEqual({ config: { stepDeadlineSeconds: DEFAULT_VILLAGE_EXIT_STEP_DEADLINES }, problems: [] });
    expect(DEFAULT_VILLAGE_EXIT_STEP_DEADLINES).toEqual({ objection_answers: 864_000, county_decision: 1_296_000 });
  });

  it('VILLAGE_EXIT_STEP_DEADLINE_SECONDS sets both; under a day only in test mode', () => {
    expect(load({ VILLAGE_EXIT_STEP_DEADLINE_SECONDS: '172800' }).config.stepDeadlineSeconds).toEqual({
      objection_answers: 172_800,
      county_decision: 172_800,
    });
    expect(load({ VILLAGE_EXIT_STEP_DEADLINE_SECONDS: '2' }).problems).toHaveLength(2);
    expect(load({ VILLAGE_EXIT_STEP_DEADLINE_SECONDS: '2' }, true).config.stepDeadlineSeconds.county_decision).toBe(2);
  });
});
