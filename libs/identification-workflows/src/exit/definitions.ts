import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ExitHistoryEntry, ExitHumanStep, ExitPending, ExitSignature, ExitStep } from '@fupin/exit-rules';
import type { ObjectionFiled, RoundSigner } from '../round/definitions';

/**
 * An exit round (退出批次): one village's registered households proposed for exit in an income year go through the
 * exit procedure together — each household moves on its own (@fupin/exit-rules decides every step), the public
 * notices are batches (one village notice, one county announcement per batch of households reaching them).
 */

export interface ExitRoundHousehold {
  householdId: string;
  headName: string;
  headIdNumber: string;
  phone?: string;
  memberCount: number;
  /** 人均纯收入 of the survey the criteria were checked on, fen — shown on the notices as the reason. */
  perCapitaFen: number;
}

export interface ExitRoundConfig {
  /** Notice periods in seconds (village notice ≥ 7 days unless the test mode shortened it). */
  noticeSeconds: { village_notice: number; county_announcement: number };
  /** Months the household keeps its policies after the announcement (摘帽不摘政策). */
  transitionMonths: number;
  /**
   * Time for each human step before it escalates (办理时限, village → township → county), in seconds. Absent in runs
   * started before step deadlines: those never escalate.
   */
  stepDeadlineSeconds?: Record<ExitHumanStep, number>;
}

export interface HouseholdExitRoundInput {
  roundId: string;
  villageCode: string;
  incomeYear: number;
  households: ExitRoundHousehold[];
  config: ExitRoundConfig;
}

export interface ExitActionInput {
  /** The step the signer sees the households at; households elsewhere are refused as stale. */
  step: ExitStep;
  householdIds: string[];
  /** approve (agree, at household_agreement) or reject (the household does not agree, at household_agreement). */
  action: 'approve' | 'reject';
  reason?: string;
  /** At household_agreement: each household's own signature (贫困户签字认可), by household id. */
  signatures?: Record<string, ExitSignature>;
  signer: RoundSigner;
}

export interface ExitReexaminationInput {
  householdId?: string;
  objectionId?: string;
  outcome: 'upheld' | 'dismissed';
  reason: string;
  signer: RoundSigner;
}

export interface ExitRoundNotice {
  noticeId: string;
  step: 'village_notice' | 'county_announcement';
  householdIds: string[];
  openedAt: string;
  closesAt: string;
  closedAt: string | null;
}

export interface ExitHouseholdView {
  householdId: string;
  headName: string;
  step: ExitStep;
  /** Who must act; a human step's deadline (dueAt) and its last escalation (escalatedTo), or a notice's closing. */
  pending: ExitPending & { dueAt?: string | null };
  signature: ExitSignature | null;
  outcome: { result: string; step: ExitStep; reason: string | null; at: string } | null;
  history: readonly ExitHistoryEntry[];
}

export interface ExitRoundView {
  roundId: string;
  villageCode: string;
  incomeYear: number;
  counts: Partial<Record<ExitStep, number>>;
  notices: ExitRoundNotice[];
  households: ExitHouseholdView[];
  /** Objections to a notice as a whole (no household named), waiting for an answer. */
  generalObjections: ObjectionFiled[];
  finished: boolean;
}

export interface ExitActionResult {
  applied: { householdId: string; step: ExitStep }[];
}

export interface ExitProgressEntry {
  householdId: string;
  entry: ExitHistoryEntry;
}

export interface ExitOutcome {
  householdId: string;
  outcome: 'exited' | 'stays_registered';
  /** The step where it ended. */
  step: ExitStep;
  reason: string | null;
  at: string;
}

/** Activities on the identification task queue: only identification-service writes the register. */
export interface ExitActivities {
  /** Mirror of each household's step in exit_household, and every signature and notice closing in the audit chain. */
  recordExitProgress(input: { roundId: string; entries: ExitProgressEntry[] }): Promise<void>;
  /** 销号 (household.exited, transition period) or stays registered (household.exit-refused): status, audit, events. */
  recordExitOutcomes(input: { roundId: string; transitionMonths: number; outcomes: ExitOutcome[] }): Promise<void>;
}

export const exitActUpdate = defineUpdate<ExitActionResult, [ExitActionInput]>('exitAct');
export const exitReexamineUpdate = defineUpdate<ExitActionResult, [ExitReexaminationInput]>('exitReexamine');
export const exitRoundStateQuery = defineQuery<ExitRoundView, [{ householdId?: string }?]>('exitRoundState');

export function householdExitWorkflowId(villageCode: string, incomeYear: number): string {
  return `household-exit:${villageCode}:${incomeYear}`;
}
