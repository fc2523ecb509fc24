import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { HistoryEntry, PendingAction, ProcedureConfig, ProcedureStep } from '@fupin/identification-rules';

/**
 * An identification round (识别批次): one village's applying households go through
 * "two assessments, two notices, one cross-check, one announcement" together. Each household moves on
 * its own (the rules in @fupin/identification-rules decide every step); the public notices are batches:
 * one notice per stage for every household that reached it, so a county needs hundreds of notices, not
 * thousands.
 */

/** A household in the round, with what its public notices show. */
export interface RoundHousehold {
  householdId: string;
  headName: string;
  headIdNumber: string;
  phone?: string;
  memberCount: number;
  /** 主要致贫原因 label, shown on notices as the reason. */
  mainCause?: string;
}

export interface IdentificationRoundInput {
  roundId: string;
  villageCode: string;
  incomeYear: number;
  households: RoundHousehold[];
  config: ProcedureConfig;
}

/** The signer of an action, from the verified token (谁签字谁负责). */
export interface RoundSigner {
  subject: string;
  name?: string;
  role: string;
  /** Division code of the signer's jurisdiction. */
  jurisdiction: string;
}

export type RoundAction = 'approve' | 'reject' | 'send_back' | 'withdraw';

export interface StepActionInput {
  /** The step the signer sees the households at; households elsewhere are refused as stale. */
  step: ProcedureStep;
  householdIds: string[];
  action: RoundAction;
  reason?: string;
  signer: RoundSigner;
}

export interface ReexaminationInput {
  /** The household whose re-examination (复核) is decided; omit it to answer an objection to the notice as a whole. */
  householdId?: string;
  /** With no householdId: the objection answered. */
  objectionId?: string;
  outcome: 'upheld' | 'dismissed';
  reason: string;
  signer: RoundSigner;
}

export interface ObjectionFiled {
  objectionId: string;
  noticeId: string;
  householdId?: string;
  text?: string;
}

export interface HouseholdProgress {
  householdId: string;
  headName: string;
  step: ProcedureStep;
  pending: PendingAction;
  /** Checks recorded on the way: eligibility at the survey, 四不列 at the county cross-check. */
  checks: { eligibility?: EligibilityCheck; exclusions?: ExclusionCheck };
  history: readonly HistoryEntry[];
}

export interface RoundNotice {
  noticeId: string;
  step: 'village_notice' | 'township_notice' | 'county_announcement';
  householdIds: string[];
  openedAt: string;
  closesAt: string;
  closedAt: string | null;
}

export interface RoundView {
  roundId: string;
  villageCode: string;
  incomeYear: number;
  /** Households per step. */
  counts: Partial<Record<ProcedureStep, number>>;
  notices: RoundNotice[];
  households: HouseholdProgress[];
  finished: boolean;
}

export interface ActionResult {
  applied: { householdId: string; step: ProcedureStep }[];
}

export const actUpdate = defineUpdate<ActionResult, [StepActionInput]>('act');
export const reexamineUpdate = defineUpdate<ActionResult, [ReexaminationInput]>('reexamine');
export const objectionFiledSignal = defineSignal<[ObjectionFiled]>('objectionFiled');
/** The round; pass householdId to get one household with its full history, or omit it for all. */
export const roundStateQuery = defineQuery<RoundView, [{ householdId?: string }?]>('roundState');

export function identificationRoundWorkflowId(villageCode: string, incomeYear: number): string {
  return `identification-round:${villageCode}:${incomeYear}`;
}

export interface EligibilityCheck {
  eligible: boolean;
  basis: 'below_line' | 'guarantee_unmet' | null;
  perCapitaFen: number | null;
  lineFen: number | null;
  /** Why not: no survey of the income year, above the line with every guarantee met, … (bilingual). */
  problems: { 'zh-CN': string; en: string }[];
}

export interface ExclusionCheck {
  excluded: boolean;
  flaggedForTownshipReview: boolean;
  hits: { source: string; idNumber: string; memberName: string; detail: unknown; loadedAt: string }[];
}

export interface ProgressEntry {
  householdId: string;
  entry: HistoryEntry;
}

/** Activities on the identification task queue (identification-service owns the register's tables). */
export interface IdentificationActivities {
  /** Per-capita income against the province's line of the income year, and 两不愁三保障 from the latest observation. */
  evaluateEligibility(input: {
    roundId: string;
    incomeYear: number;
    householdIds: string[];
  }): Promise<Record<string, EligibilityCheck>>;
  /** 四不列 cross-check of every member against the departments' loaded data; records each hit with its source. */
  crossCheck(input: { roundId: string; householdIds: string[] }): Promise<Record<string, ExclusionCheck>>;
  /** Mirror of each household's step for the register's own queries, and every signature in the audit chain. */
  recordProgress(input: { roundId: string; entries: ProgressEntry[] }): Promise<void>;
  /** The end: registered (household.registered), refused or withdrawn (identification.decided) — status, audit, events. */
  recordOutcomes(input: {
    roundId: string;
    outcomes: {
      householdId: string;
      outcome: 'registered' | 'refused' | 'withdrawn';
      reason: string | null;
      at: string;
    }[];
  }): Promise<void>;
}
