import type { DividendKind } from '@fupin/industry-rules';

/**
 * 入股分红: each dividend contract has a Temporal schedule `dividend:<contractId>` (created by industry-service on the
 * orchestration queue). In production it fires at 09:00 Asia/Shanghai on each due date; in tests every few seconds.
 * Each fire starts `dividendDueWorkflow` (id `dividend-due:<contractId>-<fire time>`): industry-service raises the
 * items that fell due (in tests: the next one) — marked due, `dividend.due` once per item —, the workflow sleeps the
 * missed period, then industry-service marks those still unpaid missed (`dividend.missed`, escalated to the county
 * industry office) and deletes the schedule once every item is paid or missed.
 */

export const dividendScheduleId = (contractId: string): string => `dividend:${contractId}`;
/** The id of the scheduled workflow; Temporal appends the fire time to it. */
export const dividendDueWorkflowId = (contractId: string): string => `dividend-due:${contractId}`;

export interface DividendDueInput {
  contractId: string;
}

/** An item of the contract (a dividend or the principal) by its due date and kind. */
export interface DividendItemKey {
  dueOn: string;
  kind: DividendKind;
}

/** An item raised as due by one fire of the schedule. */
export interface RaisedDividend extends DividendItemKey {
  amountFen: number;
  /** ISO instant from which it is missed if still unpaid (the day after the grace period, Asia/Shanghai). */
  missedCheckAt: string;
}

export interface DividendDueResult {
  raised: RaisedDividend[];
  /** Of those, the ones not paid within the period. */
  missed: DividendItemKey[];
}

/** Activities on the industry task queue (industry-service owns the contracts, their items and the schedules). */
export interface DividendActivities {
  /**
   * Marks due the items this fire raises (production: every item due by today; tests: the next one) and emits
   * `dividend.due` for each, once: a retried call of the same fire (`firedBy`, the workflow id) returns the same items.
   */
  raiseDividendDue(input: { contractId: string; firedBy: string }): Promise<{ raised: RaisedDividend[] }>;
  /**
   * Marks missed the given items still unpaid after their period (`dividend.missed`, audit escalation to the county
   * industry office), each once; deletes the contract's schedule when every item is paid or missed.
   */
  checkDividendsMissed(input: {
    contractId: string;
    items: DividendItemKey[];
  }): Promise<{ missed: DividendItemKey[]; settled: boolean }>;
}
