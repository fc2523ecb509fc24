import {
  townshipProgress,
  villageReviewStatus,
  type ReviewReport,
  type VillageFigures,
  type VillageReviewProgress,
} from '@fupin/exit-rules';
import type {
  AnnualReviewCarried,
  AnnualReviewInput,
  AnnualReviewView,
  ReviewPhase,
  VillageRounds,
} from './definitions';

/**
 * The campaign's state (一年一评): its phase, the county's figures before, each village's progress and which villages'
 * rounds are open. Pure and deterministic — every clock reading is passed in; carried over continue-as-new whole.
 */
export class ReviewCampaign {
  phase: ReviewPhase;
  before: VillageFigures[];
  villages: VillageReviewProgress[];
  report: ReviewReport | null = null;
  readonly opened: Set<string>;
  readonly startedAt: string;
  readonly surveyEnd: number;
  readonly deadline: number;

  constructor(
    private readonly input: AnnualReviewInput,
    now: number,
  ) {
    const { carried, config } = input;
    this.startedAt = carried?.startedAt ?? new Date(now).toISOString();
    const started = Date.parse(this.startedAt);
    this.surveyEnd = started + config.surveySeconds * 1000;
    this.deadline = started + config.deadlineSeconds * 1000;
    this.phase = carried?.phase ?? 'surveys';
    this.before = carried?.before ?? [];
    this.villages = carried?.villages ?? [];
    this.opened = new Set(carried?.opened ?? []);
  }

  /** The county's villages as of the figures before the campaign: nothing surveyed or opened yet. */
  begin(before: VillageFigures[]): void {
    this.before = before;
    this.villages = before.map((v) => ({
      villageCode: v.villageCode,
      surveysExpected: 0,
      surveysReceived: 0,
      roundsOpened: false,
      openCases: 0,
    }));
  }

  codes(): string[] {
    return this.villages.map((v) => v.villageCode);
  }

  /** The next villages whose rounds are not open yet, at most `size`. */
  unopened(size: number): string[] {
    return this.codes()
      .filter((c) => !this.opened.has(c))
      .slice(0, size);
  }

  /** Progress as read from the database; a village missing from the read keeps what it had. */
  refreshed(fresh: VillageReviewProgress[]): void {
    const byCode = new Map(fresh.map((v) => [v.villageCode, v]));
    this.villages = this.villages.map((v) => ({
      ...(byCode.get(v.villageCode) ?? v),
      roundsOpened: this.opened.has(v.villageCode),
    }));
  }

  surveysDone(now: number): boolean {
    return this.villages.every((v) => v.surveysReceived >= v.surveysExpected) || now >= this.surveyEnd;
  }

  proceduresDone(): boolean {
    return this.villages.every((v) => v.openCases === 0);
  }

  /** The households just put into rounds are open cases until the next progress read says otherwise. */
  roundsOpened(batch: string[], rounds: VillageRounds[]): void {
    for (const c of batch) this.opened.add(c);
    const cases = new Map(
      rounds.map((r) => [
        r.villageCode,
        (r.exit?.input.households.length ?? 0) + (r.identification?.input.households.length ?? 0),
      ]),
    );
    this.villages = this.villages.map((v) =>
      cases.has(v.villageCode) ? { ...v, roundsOpened: true, openCases: cases.get(v.villageCode)! } : v,
    );
  }

  carried(): AnnualReviewCarried {
    const { startedAt, phase, before, villages } = this;
    return { startedAt, phase, before, villages, opened: [...this.opened] };
  }

  view(now: number): AnnualReviewView {
    const { villages, deadline } = this;
    return {
      campaignId: this.input.campaignId,
      countyCode: this.input.countyCode,
      incomeYear: this.input.incomeYear,
      phase: this.phase,
      startedAt: this.startedAt,
      deadlineAt: new Date(deadline).toISOString(),
      surveys: {
        expected: villages.reduce((s, v) => s + v.surveysExpected, 0),
        received: villages.reduce((s, v) => s + Math.min(v.surveysReceived, v.surveysExpected), 0),
      },
      villages: villages.map((v) => ({ ...v, status: villageReviewStatus(v, now, deadline) })),
      townships: townshipProgress(villages, now, deadline),
      report: this.report,
    };
  }
}
