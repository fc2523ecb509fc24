import { DEFAULT_EXIT_STEP_DEADLINES } from '@fupin/exit-rules';
import { loadExitConfig } from './exit-config';

describe('household exit configuration: step deadlines (办理时限)', () => {
  const load = (env: Record<string, string>, testMode = false) => {
    const problems: string[] = [];
    return { config: loadExitConfig('t', env, testMode, problems), problems };
  };

  it('defaults to each step’s deadline in days', () => {
    const { config, problems } = load({});
    expect(problems).toEqual([]);
    expect(config.round.stepDeadlineSeconds).toEqual(DEFAULT_EXIT_STEP_DEADLINES);
    expect(config.round.stepDeadlineSeconds?.village_assessment).toBe(15 * 86_400);
  });

  it('EXIT_STEP_DEADLINE_SECONDS sets every human step', () => {
    const { config } = load({ EXIT_STEP_DEADLINE_SECONDS: String(3 * 86_400) });
    expect(new Set(Object.values(config.round.stepDeadlineSeconds!))).toEqual(new Set([3 * 86_400]));
    expect(Object.keys(config.round.stepDeadlineSeconds!).sort()).toEqual(
      Object.keys(DEFAULT_EXIT_STEP_DEADLINES).sort(),
    );
  });

  it('a deadline under a day only in test mode', () => {
    expect(load({ EXIT_STEP_DEADLINE_SECONDS: '2' }).problems[0]).toMatch(/^EXIT_STEP_DEADLINE_SECONDS: .*one day/);
    const test = load({ EXIT_STEP_DEADLINE_SECONDS: '2' }, true);
    expect(test.problems).toEqual([]);
    expect(test.config.round.stepDeadlineSeconds?.county_approval).toBe(2);
  });
});
