import { EXIT_CRITERIA } from '@fupin/exit-rules';
import { ScreeningJudge } from './screening-judge';
import { type ScreeningFacts, criterionLabel, decideScreening } from './screening-outcome';
import type { ScreeningHouseholdRow } from './screening.repository';

const msg = (en: string) => ({ 'zh-CN': en, en });

const facts = (over: Partial<ScreeningFacts>): ScreeningFacts => ({
  status: 'registered',
  monitored: false,
  exit: { ok: false, failed: [], problems: [] },
  eligibility: { eligible: true, reasons: [msg('below the line')] },
  entry: null,
  perCapitaFen: 300_000,
  lineFen: 400_000,
  problems: [],
  ...over,
});

const entry = (over: Partial<NonNullable<ScreeningFacts['entry']>> = {}): NonNullable<ScreeningFacts['entry']> => ({
  monitor: false,
  categories: [],
  triggers: [],
  belowPovertyLine: false,
  reasons: [],
  ...over,
});

describe('decideScreening: registered households', () => {
  it('may exit when every exit criterion is met, all listed as met', () => {
    const d = decideScreening(facts({ exit: { ok: true, failed: [], problems: [] } }));
    expect(d).toMatchObject({ outcome: 'may_exit', criteria: { met: [...EXIT_CRITERIA], failing: [] } });
  });

  it('no longer eligible when not eligible but an exit criterion fails: the failing one is named, the rest met', () => {
    const failed = [{ criterion: 'income_stable' as const, message: msg('one year only') }];
    const d = decideScreening(
      facts({
        exit: { ok: false, failed, problems: [] },
        eligibility: { eligible: false, reasons: [msg('not below')] },
      }),
    );
    expect(d).toEqual({
      outcome: 'no_longer_eligible',
      criteria: {
        met: EXIT_CRITERIA.filter((c) => c !== 'income_stable'),
        failing: [{ criterion: 'income_stable', message: msg('one year only') }],
        reasons: [msg('not below')],
      },
    });
  });

  it('names a stale observation among the failing criteria as a data problem', () => {
    const d = decideScreening(
      facts({
        exit: { ok: false, failed: [], problems: [msg('no observation of 2020')] },
        eligibility: { eligible: false, reasons: [] },
      }),
    );
    expect(d.outcome === 'no_longer_eligible' && d.criteria.failing).toEqual([
      { criterion: 'data', message: msg('no observation of 2020') },
    ]);
  });

  it('nothing to act on while still eligible; undecided when eligibility cannot be judged', () => {
    expect(decideScreening(facts({}))).toEqual({ outcome: 'none' });
    expect(decideScreening(facts({ eligibility: null, problems: [msg('no survey')] }))).toEqual({
      outcome: 'undecided',
      reasons: [msg('no survey')],
    });
  });
});

describe('decideScreening: exited and monitored households', () => {
  it('an exited household not monitored enters monitoring when the entry rule triggers, with triggers and categories', () => {
    const d = decideScreening(
      facts({
        status: 'exited',
        exit: null,
        eligibility: null,
        entry: entry({
          monitor: true,
          categories: ['unstable_exited'],
          triggers: ['income_below_monitoring_line'],
          reasons: [msg('below the monitoring line')],
        }),
      }),
    );
    expect(d).toMatchObject({
      outcome: 'enter_monitoring',
      criteria: {
        met: [],
        failing: [{ criterion: 'income_below_monitoring_line' }],
        categories: ['unstable_exited'],
        reasons: [msg('below the monitoring line')],
      },
    });
  });

  it('an exited household the rule does not trigger for: none; without a survey of the year: undecided', () => {
    expect(decideScreening(facts({ status: 'exited', entry: entry() }))).toEqual({ outcome: 'none' });
    expect(decideScreening(facts({ status: 'exited', entry: null })).outcome).toBe('undecided');
  });

  it('a monitored household below the poverty line relapsed; above it, nothing; it never "enters" monitoring again', () => {
    const below = entry({ monitor: true, triggers: ['income_below_monitoring_line'], belowPovertyLine: true });
    const d = decideScreening(facts({ status: 'exited', monitored: true, entry: below, perCapitaFen: 300_000 }));
    expect(d).toMatchObject({ outcome: 'relapse', criteria: { failing: [{ criterion: 'below_poverty_line' }] } });
    expect(d.outcome === 'relapse' && d.criteria.failing[0].message.en).toContain('3000.00 yuan');
    const edge = decideScreening(facts({ status: 'refused', monitored: true, entry: below }));
    expect(edge.outcome).toBe('relapse');
    const above = entry({ monitor: true, triggers: ['income_below_monitoring_line'] });
    expect(decideScreening(facts({ status: 'exited', monitored: true, entry: above }))).toEqual({ outcome: 'none' });
  });

  it('other households (applicants, refused and not monitored) are nothing to act on', () => {
    expect(decideScreening(facts({ status: 'applicant' }))).toEqual({ outcome: 'none' });
  });

  it('labels every criterion in both languages', () => {
    expect(criterionLabel('food_secure')).toEqual({ 'zh-CN': '不愁吃', en: 'enough to eat' });
    expect(criterionLabel('below_poverty_line')['zh-CN']).toBe('低于贫困标准');
    expect(criterionLabel('data').en).toBe('data problem');
  });
});

describe('ScreeningJudge: rows judged with the services’ rules (income year 2020, line 4000 yuan)', () => {
  const judge = new ScreeningJudge({
    incomeYear: 2020,
    policyOverrides: [],
    stability: { yearsAbove: 1, yearsNotBelow: 1 },
  });
  const survey = (incomeYear: number, perCapitaFen: number, rigidSpendingFen = 0) => ({
    incomeYear,
    perCapitaFen: String(perCapitaFen),
    netIncomeFen: String(perCapitaFen * 3),
    rigidSpendingFen: String(rigidSpendingFen),
  });
  const row = (over: Partial<ScreeningHouseholdRow>): ScreeningHouseholdRow => ({
    id: '00000000-0000-4000-8000-000000000001',
    village_code: '430523101201',
    status: 'registered',
    monitored: false,
    surveys: [survey(2020, 600_000), survey(2019, 500_000)],
    members: [{ age: 40, insured: true, studentStatus: null }],
    housing_grade: 'A',
    drinking_water_safe: true,
    food_secure: true,
    clothing_secure: true,
    children_out_of_school: 0,
    observed_at: new Date('2020-06-01T00:00:00Z'),
    ...over,
  });

  it('two years above the line, guarantees met, observed in the year: may exit', () => {
    expect(judge.judge(row({})).decision.outcome).toBe('may_exit');
  });

  it('above the line this year but below it the year before: no longer eligible, income_stable failing', () => {
    const { decision, perCapitaFen } = judge.judge(row({ surveys: [survey(2020, 600_000), survey(2019, 200_000)] }));
    expect(perCapitaFen).toBe(600_000);
    expect(decision).toMatchObject({
      outcome: 'no_longer_eligible',
      criteria: { failing: [{ criterion: 'income_stable' }] },
    });
  });

  it('lacking food (不愁吃) keeps a household eligible: nothing to act on', () => {
    expect(judge.judge(row({ food_secure: false })).decision).toEqual({ outcome: 'none' });
  });

  it('an exited household below the monitoring line (6000 yuan) must enter monitoring', () => {
    const d = judge.judge(row({ status: 'exited', surveys: [survey(2020, 450_000)] })).decision;
    expect(d).toMatchObject({ outcome: 'enter_monitoring', criteria: { categories: ['unstable_exited'] } });
  });

  it('without a survey of the income year a registered household is undecided, naming the year', () => {
    const d = judge.judge(row({ surveys: [survey(2019, 500_000)] })).decision;
    expect(d.outcome).toBe('undecided');
    expect(d.outcome === 'undecided' && d.reasons.map((r) => r.en)).toContain('no income survey for income year 2020');
  });
});
