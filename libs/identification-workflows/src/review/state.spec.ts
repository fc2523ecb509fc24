import type { AnnualReviewInput, VillageRounds } from './definitions';
import { ReviewCampaign } from './state';

const T0 = Date.parse('2026-10-01T00:00:00Z');
const input: AnnualReviewInput = {
  campaignId: 'c-1',
  countyCode: '430524',
  incomeYear: 2026,
  config: { checkSeconds: 60, surveySeconds: 3600, deadlineSeconds: 7200, villageBatch: 2 },
};
const V = ['430524101201', '430524101202', '430524102201'];
const figures = V.map((villageCode) => ({ villageCode, poorNotExited: 10, ruralPopulation: 1000 }));
const progress = (villageCode: string, surveysExpected: number, surveysReceived: number, openCases = 0) => ({
  villageCode,
  surveysExpected,
  surveysReceived,
  roundsOpened: false,
  openCases,
});
const rounds = (villageCode: string, exits: number, entries: number): VillageRounds =>
  ({
    villageCode,
    exit: exits ? { workflowId: `e-${villageCode}`, input: { households: new Array(exits) } } : undefined,
    identification: entries ? { workflowId: `i-${villageCode}`, input: { households: new Array(entries) } } : undefined,
  }) as unknown as VillageRounds;

function begun(): ReviewCampaign {
  const c = new ReviewCampaign(input, T0);
  c.begin(figures);
  return c;
}

describe('ReviewCampaign (一年一评 state)', () => {
  it('starts in the survey phase with every village unsurveyed and unopened', () => {
    const c = begun();
    expect(c.view(T0)).toMatchObject({
      phase: 'surveys',
      startedAt: new Date(T0).toISOString(),
      deadlineAt: new Date(T0 + 7_200_000).toISOString(),
      surveys: { expected: 0, received: 0 },
    });
    expect(c.unopened(2)).toEqual(V.slice(0, 2));
  });

  it('surveys are done when every village has them all, or when the survey period ends', () => {
    const c = begun();
    c.refreshed([progress(V[0], 5, 5), progress(V[1], 3, 2), progress(V[2], 0, 0)]);
    expect(c.surveysDone(T0)).toBe(false);
    expect(c.surveysDone(T0 + 3_600_000)).toBe(true);
    c.refreshed([progress(V[1], 3, 4)]);
    expect(c.surveysDone(T0)).toBe(true);
    expect(c.view(T0).surveys).toEqual({ expected: 8, received: 8 }); // surplus surveys do not count twice
  });

  it('opening rounds counts their households as open cases until progress says otherwise', () => {
    const c = begun();
    c.roundsOpened(V.slice(0, 2), [rounds(V[0], 3, 1), rounds(V[1], 0, 0)]);
    expect(c.unopened(2)).toEqual([V[2]]);
    expect(c.villages.map((v) => [v.roundsOpened, v.openCases])).toEqual([
      [true, 4],
      [true, 0],
      [false, 0],
    ]);
    expect(c.proceduresDone()).toBe(false);
    c.refreshed([progress(V[0], 0, 0, 0)]);
    expect(c.villages[0]).toMatchObject({ roundsOpened: true, openCases: 0 });
    expect(c.proceduresDone()).toBe(true);
  });

  it('a village not done by the deadline is overdue', () => {
    const c = begun();
    c.roundsOpened([V[0]], [rounds(V[0], 1, 0)]);
    const statuses = (now: number) => c.view(now).villages.map((v) => v.status);
    expect(statuses(T0)).toEqual(['waiting', 'waiting', 'waiting']);
    expect(statuses(T0 + 7_200_000)).toEqual(['overdue', 'overdue', 'overdue']);
  });

  it('is carried over continue-as-new whole', () => {
    const c = begun();
    c.phase = 'procedures';
    c.roundsOpened([V[1]], [rounds(V[1], 2, 0)]);
    const again = new ReviewCampaign({ ...input, carried: c.carried() }, T0 + 999_000);
    expect(again.view(T0 + 10)).toEqual(c.view(T0 + 10));
    expect(again.unopened(5)).toEqual([V[0], V[2]]);
  });
});
