import { reviewReport, townshipProgress, villageReviewStatus, type VillageReviewProgress } from './campaign';

const v = (villageCode: string, over: Partial<VillageReviewProgress> = {}): VillageReviewProgress => ({
  villageCode,
  surveysExpected: 10,
  surveysReceived: 10,
  roundsOpened: true,
  openCases: 0,
  ...over,
});

describe('annual review progress', () => {
  it('a village is done only when its rounds are open and every case ended; overdue from the deadline on', () => {
    expect(villageReviewStatus(v('430523101201'), 100, 200)).toBe('done');
    expect(villageReviewStatus(v('430523101201', { openCases: 1 }), 199, 200)).toBe('waiting');
    expect(villageReviewStatus(v('430523101201', { openCases: 1 }), 200, 200)).toBe('overdue');
    expect(villageReviewStatus(v('430523101201', { roundsOpened: false, openCases: 0 }), 250, 200)).toBe('overdue');
    // done stays done after the deadline
    expect(villageReviewStatus(v('430523101201'), 250, 200)).toBe('done');
  });

  it('rolls villages up per township, in code order, naming the overdue ones', () => {
    const t = townshipProgress(
      [
        v('430523102201', { openCases: 2 }),
        v('430523101201'),
        v('430523101202', { roundsOpened: false }),
        v('430523102202'),
      ],
      300,
      200,
    );
    expect(t).toEqual([
      { townshipCode: '430523101', villages: 2, done: 1, waiting: 0, overdue: 1, overdueVillages: ['430523101202'] },
      { townshipCode: '430523102', villages: 2, done: 1, waiting: 0, overdue: 1, overdueVillages: ['430523102201'] },
    ]);
    expect(townshipProgress([v('430523101201', { openCases: 1 })], 100, 200)[0]).toMatchObject({
      waiting: 1,
      overdue: 0,
    });
  });
});

describe('annual review report', () => {
  it('gives incidence per village and for the county (Σ poor / Σ population) before and after', () => {
    const report = reviewReport({
      before: [
        { villageCode: '430523101201', poorNotExited: 30, ruralPopulation: 1000 },
        { villageCode: '430523101202', poorNotExited: 10, ruralPopulation: 500 },
      ],
      after: [
        { villageCode: '430523101201', poorNotExited: 20, ruralPopulation: 1000 },
        { villageCode: '430523101202', poorNotExited: 12, ruralPopulation: 500 },
      ],
      entered: 1,
      exited: 4,
      stayedRegistered: 1,
      monitored: 3,
    });
    expect(report.villages).toEqual([
      {
        villageCode: '430523101201',
        before: { poorNotExited: 30, ruralPopulation: 1000, bp: 300 },
        after: { poorNotExited: 20, ruralPopulation: 1000, bp: 200 },
      },
      {
        villageCode: '430523101202',
        before: { poorNotExited: 10, ruralPopulation: 500, bp: 200 },
        after: { poorNotExited: 12, ruralPopulation: 500, bp: 240 },
      },
    ]);
    expect(report.county).toEqual({
      before: { poorNotExited: 40, ruralPopulation: 1500, bp: 267 },
      after: { poorNotExited: 32, ruralPopulation: 1500, bp: 213 },
    });
    expect(report).toMatchObject({ entered: 1, exited: 4, stayedRegistered: 1, monitored: 3 });
  });

  it('shows no rate where the population is missing, and a village that appears only after counts from zero', () => {
    const report = reviewReport({
      before: [{ villageCode: '430523101201', poorNotExited: 5, ruralPopulation: null }],
      after: [
        { villageCode: '430523101201', poorNotExited: 0, ruralPopulation: null },
        { villageCode: '430523101203', poorNotExited: 4, ruralPopulation: 400 },
      ],
      entered: 4,
      exited: 5,
      stayedRegistered: 0,
      monitored: 0,
    });
    expect(report.villages[0]).toEqual({
      villageCode: '430523101201',
      before: { poorNotExited: 5, ruralPopulation: null, bp: null },
      after: { poorNotExited: 0, ruralPopulation: null, bp: null },
    });
    expect(report.villages[1].before).toEqual({ poorNotExited: 0, ruralPopulation: 400, bp: 0 });
    expect(report.county.before.bp).toBeNull();
  });
});
