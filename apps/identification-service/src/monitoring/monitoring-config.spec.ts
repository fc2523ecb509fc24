import { DEFAULT_CLEARING_DEADLINES, loadMonitoringConfig } from './monitoring-config';

describe('monitoring configuration: the risk clearing’s stage deadlines (办理时限)', () => {
  const load = (env: Record<string, string>, testMode = false) => {
    const problems: string[] = [];
    return { config: loadMonitoringConfig('t', env, testMode, problems), problems };
  };

  it('defaults to 10 days for the township’s answers and 15 for the county’s approval', () => {
    const { config, problems } = load({});
    expect(problems).toEqual([]);
    expect(config.workflow.clearingDeadlineSeconds).toEqual({ objections: 864_000, approval: 1_296_000 });
    expect(DEFAULT_CLEARING_DEADLINES).toEqual(config.workflow.clearingDeadlineSeconds);
  });

  it('MONITORING_CLEARING_DEADLINE_SECONDS sets both; under a day only in test mode', () => {
    expect(load({ MONITORING_CLEARING_DEADLINE_SECONDS: '172800' }).config.workflow.clearingDeadlineSeconds).toEqual({
      objections: 172_800,
      approval: 172_800,
    });
    expect(load({ MONITORING_CLEARING_DEADLINE_SECONDS: '2' }).problems.join()).toMatch(
      /MONITORING_CLEARING_DEADLINE_SECONDS: objections: at least one day/,
    );
    expect(load({ MONITORING_CLEARING_DEADLINE_SECONDS: '2' }, true).problems).toEqual([]);
  });
});
