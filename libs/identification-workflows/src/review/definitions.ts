import { defineQuery } from '@temporalio/workflow';
import type {
  ReviewReport,
  TownshipProgress,
  VillageFigures,
  VillageReviewProgress,
  VillageReviewStatus,
} from '@fupin/exit-rules';
import type { HouseholdExitRoundInput } from '../exit/definitions';
import type { IdentificationRoundInput } from '../round/definitions';

/**
 * 一年一评、有进有出: a county's annual review campaign. Fans out over the county's villages in batches: collects the
 * year's surveys, opens each village's exit round (households meeting the exit criteria) and identification round
 * (new applications) as child workflows, tracks progress per township, and ends with the report.
 */

export interface ReviewConfig {
  /** How often survey collection and round progress are re-read. */
  checkSeconds: number;
  /** Survey collection ends at this many seconds after the start, surveys complete or not. */
  surveySeconds: number;
  /** Villages not done this many seconds after the start are overdue. */
  deadlineSeconds: number;
  /** Villages per activity call when opening rounds. */
  villageBatch: number;
}

export interface AnnualReviewInput {
  campaignId: string;
  countyCode: string;
  incomeYear: number;
  config: ReviewConfig;
  /** Carried over continue-as-new. */
  carried?: AnnualReviewCarried;
}

export type ReviewPhase = 'surveys' | 'rounds' | 'procedures' | 'report' | 'finished';

export interface AnnualReviewCarried {
  startedAt: string;
  phase: ReviewPhase;
  before: VillageFigures[];
  villages: VillageReviewProgress[];
  opened: string[];
}

export interface VillageRounds {
  villageCode: string;
  exit?: { workflowId: string; input: HouseholdExitRoundInput };
  identification?: { workflowId: string; input: IdentificationRoundInput };
}

export interface ReviewActivities {
  /** Poor people not exited and rural population per village of the county: the "before" and "after" figures. */
  reviewFigures(input: { countyCode: string }): Promise<VillageFigures[]>;
  /** Per village: registered households needing a survey of the year, surveys received, cases still open. */
  reviewProgress(input: {
    countyCode: string;
    incomeYear: number;
    villageCodes: string[];
  }): Promise<VillageReviewProgress[]>;
  /** Open the villages' exit rounds (criteria met) and identification rounds (applications); the campaign starts them. */
  openReviewRounds(input: { campaignId: string; incomeYear: number; villageCodes: string[] }): Promise<VillageRounds[]>;
  /** Households the year's rounds registered (entered), exited and kept registered, and those monitored now. */
  reviewOutcomes(input: {
    countyCode: string;
    incomeYear: number;
  }): Promise<{ entered: number; exited: number; stayedRegistered: number; monitored: number }>;
  /** The report, stored with the campaign (and audited). */
  recordReviewReport(input: { campaignId: string; report: ReviewReport }): Promise<void>;
}

export interface AnnualReviewView {
  campaignId: string;
  countyCode: string;
  incomeYear: number;
  phase: ReviewPhase;
  startedAt: string;
  deadlineAt: string;
  surveys: { expected: number; received: number };
  villages: (VillageReviewProgress & { status: VillageReviewStatus })[];
  townships: TownshipProgress[];
  report: ReviewReport | null;
}

export const reviewStateQuery = defineQuery<AnnualReviewView>('reviewState');

export function annualReviewWorkflowId(countyCode: string, incomeYear: number): string {
  return `annual-review:${countyCode}:${incomeYear}`;
}
