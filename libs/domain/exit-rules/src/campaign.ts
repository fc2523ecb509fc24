import { type Incidence, aggregateIncidence, povertyIncidence } from './incidence';

/**
 * 一年一评、有进有出: the county's annual review campaign. Pure pieces: each village's progress (done / waiting /
 * overdue), the roll-up per township, and the before/after report with incidence per village.
 */

export type VillageReviewStatus = 'waiting' | 'done' | 'overdue';

export interface VillageReviewProgress {
  villageCode: string;
  /** Registered households that need a survey of the review's income year. */
  surveysExpected: number;
  surveysReceived: number;
  /** The village's exit and identification rounds of the year have been opened (or it needed none). */
  roundsOpened: boolean;
  /** Households still inside an exit or identification procedure of the year. */
  openCases: number;
}

/** Done once its rounds are opened and every case in them has ended; overdue when not done by the deadline. */
export function villageReviewStatus(v: VillageReviewProgress, now: number, deadline: number): VillageReviewStatus {
  if (v.roundsOpened && v.openCases === 0) return 'done';
  return now >= deadline ? 'overdue' : 'waiting';
}

export interface TownshipProgress {
  townshipCode: string;
  villages: number;
  done: number;
  waiting: number;
  overdue: number;
  /** Overdue villages, for the county to chase. */
  overdueVillages: string[];
}

/** Progress per township (the first 9 digits of the village code), townships in code order. */
export function townshipProgress(
  villages: readonly VillageReviewProgress[],
  now: number,
  deadline: number,
): TownshipProgress[] {
  const by = new Map<string, TownshipProgress>();
  for (const v of villages) {
    const code = v.villageCode.slice(0, 9);
    const t = by.get(code) ?? { townshipCode: code, villages: 0, done: 0, waiting: 0, overdue: 0, overdueVillages: [] };
    const status = villageReviewStatus(v, now, deadline);
    t.villages++;
    t[status]++;
    if (status === 'overdue') t.overdueVillages.push(v.villageCode);
    by.set(code, t);
  }
  return [...by.values()].sort((a, b) => a.townshipCode.localeCompare(b.townshipCode));
}

export interface VillageFigures {
  villageCode: string;
  /** Registered poor people not exited. */
  poorNotExited: number;
  /** Rural population from the division register; null when not recorded. */
  ruralPopulation: number | null;
}

export interface IncidenceFigure {
  poorNotExited: number;
  ruralPopulation: number | null;
  /** Basis points, half-up; null when the population is missing or smaller than the poor count. */
  bp: number | null;
}

export interface ReviewReportInput {
  before: readonly VillageFigures[];
  after: readonly VillageFigures[];
  /** Households registered by the campaign's identification rounds (有进). */
  entered: number;
  /** Households that exited through the campaign's exit rounds (有出). */
  exited: number;
  /** Households proposed for exit that stay registered (did not agree, rejected, objection upheld). */
  stayedRegistered: number;
  /** Households under relapse monitoring at the end. */
  monitored: number;
}

export interface ReviewReport {
  entered: number;
  exited: number;
  stayedRegistered: number;
  monitored: number;
  villages: { villageCode: string; before: IncidenceFigure; after: IncidenceFigure }[];
  county: { before: IncidenceFigure; after: IncidenceFigure };
}

function figure(poor: number, population: number | null): IncidenceFigure {
  const valid = population !== null && population >= 1 && poor <= population;
  return {
    poorNotExited: poor,
    ruralPopulation: population,
    bp: valid ? povertyIncidence({ poorNotExited: poor, ruralPopulation: population }).bp : null,
  };
}

function countyFigure(villages: readonly VillageFigures[]): IncidenceFigure {
  const poor = villages.reduce((s, v) => s + v.poorNotExited, 0);
  const complete = villages.every(
    (v) => v.ruralPopulation !== null && v.ruralPopulation >= 1 && v.poorNotExited <= v.ruralPopulation,
  );
  if (!complete || villages.length === 0) return { poorNotExited: poor, ruralPopulation: null, bp: null };
  const agg: Incidence = aggregateIncidence(
    villages.map((v) => ({ poorNotExited: v.poorNotExited, ruralPopulation: v.ruralPopulation! })),
  );
  return { poorNotExited: poor, ruralPopulation: agg.ruralPopulation, bp: agg.bp };
}

/** The campaign's report: who entered and left, and incidence per village and for the county, before and after. */
export function reviewReport(input: ReviewReportInput): ReviewReport {
  const after = new Map(input.after.map((v) => [v.villageCode, v]));
  const before = new Map(input.before.map((v) => [v.villageCode, v]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort();
  const none = (code: string): VillageFigures => ({
    villageCode: code,
    poorNotExited: 0,
    ruralPopulation: (before.get(code) ?? after.get(code))?.ruralPopulation ?? null,
  });
  return {
    entered: input.entered,
    exited: input.exited,
    stayedRegistered: input.stayedRegistered,
    monitored: input.monitored,
    villages: codes.map((code) => {
      const b = before.get(code) ?? none(code);
      const a = after.get(code) ?? none(code);
      return {
        villageCode: code,
        before: figure(b.poorNotExited, b.ruralPopulation),
        after: figure(a.poorNotExited, a.ruralPopulation),
      };
    }),
    county: {
      before: countyFigure(codes.map((c) => before.get(c) ?? none(c))),
      after: countyFigure(codes.map((c) => after.get(c) ?? none(c))),
    },
  };
}
