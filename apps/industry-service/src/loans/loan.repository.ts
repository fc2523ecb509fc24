import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import type { z } from 'zod';
import { buildEvent, contracts, type EventActor, type EventDefinition } from '@fupin/contracts';
import type { LoanHistoryEntry, LoanStep, Repayment } from '@fupin/industry-rules';
import type { LoanProgressRecord } from '@fupin/industry-workflows';
import { addToOutbox } from '@fupin/messaging';
import { InjectDb } from '@fupin/service-kit';
import type { Actor } from '../actor';
import type { IndustryDb, IndustryTx } from '../db';

/** A loan's row as servicing and the views read it (dates as YYYY-MM-DD, money as numbers of fen). */
export interface LoanRow {
  id: string;
  householdId: string;
  villageCode: string;
  countyCode: string;
  borrowerName: string;
  principalFen: number;
  termMonths: number;
  extensionMonths: number;
  annualRateBp: number;
  repayment: 'equal_instalment' | 'interest_quarterly';
  purpose: string;
  purposeDetail: string;
  appliedOn: string;
  step: LoanStep;
  recordedSeq: number;
  disbursedOn: string | null;
  disbursedAt: Date | null;
  paymentRef: string | null;
  misuseOn: string | null;
  inArrears: boolean;
  arrearsFrom: string | null;
  repaidOn: string | null;
  workflowId: string;
}

export interface NewLoan {
  id: string;
  householdId: string;
  villageCode: string;
  borrowerIdNumber: string;
  borrowerName: string;
  principalFen: number;
  termMonths: number;
  annualRateBp: number;
  repayment: string;
  purpose: string;
  purposeDetail: string;
  appliedOn: string;
  workflowId: string;
}

export interface SubsidyRow {
  loanId: string;
  quarter: string;
  subsidyFen: number;
  suspended: boolean;
  cancelled: boolean;
  clawbackFen: number;
  paymentRef: string;
}

const SYSTEM: EventActor = { system: 'industry-service.microcredit' };
const SYSTEM_ACTOR: Actor = { subject: 'system:microcredit', role: 'system', jurisdiction: 'system' };
const signerOf = (e: LoanHistoryEntry): Actor => (typeof e.by === 'string' ? SYSTEM_ACTOR : e.by);

const LOAN_COLUMNS = `id::text, household_id::text AS "householdId", village_code AS "villageCode",
  county_code AS "countyCode", borrower_name AS "borrowerName", principal_fen::float8 AS "principalFen",
  term_months AS "termMonths", extension_months AS "extensionMonths", annual_rate_bp AS "annualRateBp", repayment,
  purpose, purpose_detail AS "purposeDetail", to_char(applied_on, 'YYYY-MM-DD') AS "appliedOn", step,
  recorded_seq AS "recordedSeq", to_char(disbursed_on, 'YYYY-MM-DD') AS "disbursedOn", disbursed_at AS "disbursedAt",
  payment_ref AS "paymentRef", to_char(misuse_on, 'YYYY-MM-DD') AS "misuseOn", in_arrears AS "inArrears",
  to_char(arrears_from, 'YYYY-MM-DD') AS "arrearsFrom", to_char(repaid_on, 'YYYY-MM-DD') AS "repaidOn",
  workflow_id AS "workflowId"`;

const isUuid = (id: string) => /^[0-9a-f-]{36}$/i.test(id);

/** 扶贫小额信贷: the only place loans' SQL lives. Every write is once: by key, or under the loan's row lock. */
@Injectable()
export class LoanRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  transaction<T>(work: (tx: IndustryTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work, { timeout: 60_000 });
  }

  /** The registered household, locked (one application at a time per household), or null. */
  async lockHousehold(tx: IndustryTx, householdId: string): Promise<{ villageCode: string } | null> {
    if (!isUuid(householdId)) return null;
    const rows = await tx.$queryRawUnsafe<{ villageCode: string }[]>(
      `SELECT village_code AS "villageCode" FROM registered_household WHERE household_id = $1::uuid FOR UPDATE`,
      householdId,
    );
    return rows[0] ?? null;
  }

  async member(tx: IndustryTx, householdId: string, idNumber: string): Promise<{ name: string } | null> {
    const rows = await tx.$queryRawUnsafe<{ name: string }[]>(
      `SELECT name FROM registered_person WHERE household_id = $1::uuid AND upper(id_number) = upper($2)`,
      householdId,
      idNumber,
    );
    return rows[0] ?? null;
  }

  /** The household's loan not yet repaid, refused or withdrawn, if any. */
  async activeLoan(tx: IndustryTx, householdId: string): Promise<string | null> {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id::text FROM microcredit_loan
        WHERE household_id = $1::uuid AND step NOT IN ('repaid', 'refused', 'withdrawn') LIMIT 1`,
      householdId,
    );
    return rows[0]?.id ?? null;
  }

  /** The application's row at the village check, and its audit record. */
  async insert(tx: IndustryTx, loan: NewLoan, applied: LoanHistoryEntry, actor: Actor): Promise<void> {
    await tx.$executeRawUnsafe(
      `INSERT INTO microcredit_loan (id, household_id, village_code, county_code, borrower_id_number, borrower_name,
         principal_fen, term_months, annual_rate_bp, repayment, purpose, purpose_detail, applied_on, step, recorded_seq,
         workflow_id, created_by, history, step_since)
       VALUES ($1::uuid, $2::uuid, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::date, 'village_check', 1, $14, $15,
               jsonb_build_array($16::jsonb), ($16::jsonb ->> 'at')::timestamptz)`,
      loan.id,
      loan.householdId,
      loan.villageCode,
      loan.villageCode.slice(0, 6),
      loan.borrowerIdNumber.toUpperCase(),
      loan.borrowerName,
      BigInt(loan.principalFen),
      loan.termMonths,
      loan.annualRateBp,
      loan.repayment,
      loan.purpose,
      loan.purposeDetail,
      loan.appliedOn,
      loan.workflowId,
      actor.subject,
      JSON.stringify(applied),
    );
    const { borrowerIdNumber: _id, ...after } = loan;
    await this.audit(tx, actor, loan.id, 'industry.loan.applied', after, 'loan application (贷款申请)');
  }

  async find(id: string): Promise<LoanRow | null> {
    if (!isUuid(id)) return null;
    const rows = await this.db.$queryRawUnsafe<LoanRow[]>(
      `SELECT ${LOAN_COLUMNS} FROM microcredit_loan WHERE id = $1::uuid`,
      id,
    );
    return rows[0] ?? null;
  }

  async lock(tx: IndustryTx, id: string): Promise<LoanRow | null> {
    if (!isUuid(id)) return null;
    const rows = await tx.$queryRawUnsafe<LoanRow[]>(
      `SELECT ${LOAN_COLUMNS} FROM microcredit_loan WHERE id = $1::uuid FOR UPDATE`,
      id,
    );
    return rows[0] ?? null;
  }

  /** Loans in a division (county, township or village prefix), optionally of one household or step. */
  async list(divisionCode: string, filter: { householdId?: string; step?: string }): Promise<LoanRow[]> {
    return this.db.$queryRawUnsafe<LoanRow[]>(
      `SELECT ${LOAN_COLUMNS} FROM microcredit_loan
        WHERE village_code LIKE $1 || '%' AND ($2::uuid IS NULL OR household_id = $2::uuid)
          AND ($3::text IS NULL OR step = $3)
        ORDER BY applied_on DESC, id LIMIT 500`,
      divisionCode,
      filter.householdId ?? null,
      filter.step ?? null,
    );
  }

  async history(id: string): Promise<LoanHistoryEntry[]> {
    const rows = await this.db.$queryRawUnsafe<{ history: LoanHistoryEntry[] }[]>(
      `SELECT history FROM microcredit_loan WHERE id = $1::uuid`,
      id,
    );
    return rows[0]?.history ?? [];
  }

  async repayments(loanId: string, tx?: IndustryTx): Promise<(Repayment & { bankRef: string })[]> {
    return (tx ?? this.db).$queryRawUnsafe(
      `SELECT bank_ref AS "bankRef", to_char(paid_on, 'YYYY-MM-DD') AS "paidOn", amount_fen::float8 AS "amountFen"
         FROM loan_repayment WHERE loan_id = $1::uuid ORDER BY paid_on, recorded_at, bank_ref`,
      loanId,
    );
  }

  /** A repayment by the bank's reference: false when that reference was recorded before (nothing written). */
  async insertRepayment(
    tx: IndustryTx,
    r: { loanId: string; bankRef: string; paidOn: string; amountFen: number },
    actor: Actor,
  ): Promise<boolean> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO loan_repayment (loan_id, bank_ref, paid_on, amount_fen, recorded_by)
       VALUES ($1::uuid, $2, $3::date, $4, $5) ON CONFLICT DO NOTHING`,
      r.loanId,
      r.bankRef,
      r.paidOn,
      BigInt(r.amountFen),
      actor.subject,
    );
    if (inserted === 1) await this.audit(tx, actor, r.loanId, 'industry.loan.repayment', r, 'repayment (还款)');
    return inserted === 1;
  }

  async subsidies(loanId: string, tx?: IndustryTx): Promise<SubsidyRow[]> {
    return (tx ?? this.db).$queryRawUnsafe(
      `SELECT loan_id::text AS "loanId", quarter, subsidy_fen::float8 AS "subsidyFen", suspended, cancelled,
              clawback_fen::float8 AS "clawbackFen", payment_ref AS "paymentRef"
         FROM loan_subsidy WHERE loan_id = $1::uuid ORDER BY quarter`,
      loanId,
    );
  }

  /**
   * The workflow's new entries: one audit record each (skipping those recorded before), the row (with when it reached
   * its step, 待办: the last entry that moved it), the events.
   */
  async recordProgress(tx: IndustryTx, row: LoanRow, r: LoanProgressRecord): Promise<void> {
    const fresh: LoanHistoryEntry[] = [];
    for (const [i, e] of r.entries.entries()) {
      const seq = r.fromSeq + i;
      if (seq < row.recordedSeq) continue;
      fresh.push(e);
      await this.audit(
        tx,
        signerOf(e),
        r.loanId,
        `industry.loan.step.${e.event}`,
        { seq, ...e },
        `${e.from} → ${e.to}`,
      );
      await this.publishStep(tx, row, e);
    }
    await tx.$executeRawUnsafe(
      `UPDATE microcredit_loan SET step = $2, recorded_seq = $3, disbursed_on = $4::date, payment_ref = $5,
              misuse_on = $6::date, extension_months = $7,
              disbursed_at = CASE WHEN $4::date IS NULL THEN NULL ELSE coalesce(disbursed_at, now()) END,
              repaid_on = CASE WHEN $2 = 'repaid' THEN $8::date ELSE repaid_on END, history = history || $9::jsonb,
              step_since = COALESCE($10::timestamptz, step_since)
        WHERE id = $1::uuid`,
      r.loanId,
      r.step,
      r.fromSeq + r.entries.length,
      r.disbursedOn,
      r.paymentRef,
      r.misuseOn,
      r.extensionMonths,
      r.entries.find((e) => e.repaidOn)?.repaidOn ?? null,
      JSON.stringify(fresh),
      r.entries.findLast((e) => e.to !== e.from)?.at ?? null,
    );
  }

  private async publishStep(tx: IndustryTx, row: LoanRow, e: LoanHistoryEntry): Promise<void> {
    const ref = { loanId: row.id, householdId: row.householdId, villageCode: row.villageCode };
    if (e.event === 'disbursed')
      await this.emit(tx, row.id, contracts.loanDisbursed, {
        ...ref,
        principalFen: row.principalFen,
        termMonths: row.termMonths,
        annualRateBp: row.annualRateBp,
        repayment: row.repayment,
        disbursedOn: e.disbursedOn!,
      });
    else if (e.event === 'misused') {
      const clawbackFen = await this.clawBack(tx, row.id, e.misuseOn!);
      await this.emit(tx, row.id, contracts.loanMisused, { ...ref, misuseOn: e.misuseOn!, clawbackFen });
    } else if (e.event === 'repaid')
      await this.emit(tx, row.id, contracts.loanRepaid, { ...ref, repaidOn: e.repaidOn! });
  }

  /** Misuse: the subsidy paid for the quarter of `misuseOn`, if any, is clawed back (追回), once. */
  private async clawBack(tx: IndustryTx, loanId: string, misuseOn: string): Promise<number> {
    const quarter = `${misuseOn.slice(0, 4)}-Q${Math.floor((Number(misuseOn.slice(5, 7)) - 1) / 3) + 1}`;
    const rows = await tx.$queryRawUnsafe<{ clawback: number }[]>(
      `UPDATE loan_subsidy SET clawback_fen = subsidy_fen, cancelled = true
        WHERE loan_id = $1::uuid AND quarter = $2 RETURNING clawback_fen::float8 AS clawback`,
      loanId,
      quarter,
    );
    return rows[0]?.clawback ?? 0;
  }

  /** Reminders already sent (`dueOn/daysBefore`). */
  async sentReminders(tx: IndustryTx, loanId: string): Promise<string[]> {
    const rows = await tx.$queryRawUnsafe<{ key: string }[]>(
      `SELECT to_char(due_on, 'YYYY-MM-DD') || '/' || days_before AS key FROM loan_reminder WHERE loan_id = $1::uuid`,
      loanId,
    );
    return rows.map((r) => r.key);
  }

  /** A reminder, once (loan.reminder through the outbox when it is new). */
  async remind(
    tx: IndustryTx,
    row: LoanRow,
    r: { dueOn: string; daysBefore: number; amountFen: number },
    sentOn: string,
  ): Promise<void> {
    const inserted = await tx.$executeRawUnsafe(
      `INSERT INTO loan_reminder (loan_id, due_on, days_before, amount_fen, sent_on)
       VALUES ($1::uuid, $2::date, $3, $4, $5::date) ON CONFLICT DO NOTHING`,
      row.id,
      r.dueOn,
      r.daysBefore,
      BigInt(r.amountFen),
      sentOn,
    );
    if (inserted === 1)
      await this.emit(tx, row.id, contracts.loanReminder, {
        loanId: row.id,
        householdId: row.householdId,
        villageCode: row.villageCode,
        dueOn: r.dueOn,
        daysBefore: r.daysBefore,
        amountFen: r.amountFen,
      });
  }

  /** A new arrears episode: recorded on the row, escalated to the township (audit + loan.in-arrears), once. */
  async enterArrears(tx: IndustryTx, row: LoanRow, a: { arrearsFrom: string; overdueFen: number }): Promise<void> {
    const township = row.villageCode.slice(0, 9);
    await tx.$executeRawUnsafe(
      `UPDATE microcredit_loan SET in_arrears = true, arrears_from = $2::date WHERE id = $1::uuid`,
      row.id,
      a.arrearsFrom,
    );
    const reason = `逾期上报乡镇 ${township} (arrears escalated to the township)`;
    await this.audit(tx, SYSTEM_ACTOR, row.id, 'industry.loan.arrears', { ...a, escalatedTo: township }, reason);
    await this.emit(tx, row.id, contracts.loanInArrears, {
      loanId: row.id,
      householdId: row.householdId,
      villageCode: row.villageCode,
      arrearsFrom: a.arrearsFrom,
      overdueFen: a.overdueFen,
      escalatedTo: township,
    });
  }

  async setInArrears(tx: IndustryTx, loanId: string, inArrears: boolean): Promise<void> {
    await tx.$executeRawUnsafe(`UPDATE microcredit_loan SET in_arrears = $2 WHERE id = $1::uuid`, loanId, inArrears);
  }

  private async emit<T extends string, V extends number, S extends z.ZodType>(
    tx: IndustryTx,
    loanId: string,
    contract: EventDefinition<T, V, string, S>,
    payload: z.input<S>,
  ) {
    await addToOutbox(tx, contract.topic, buildEvent(contract, { aggregateId: loanId, actor: SYSTEM, payload }));
  }

  async audit(tx: IndustryTx, actor: Actor, loanId: string, action: string, after: unknown, reason: string) {
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action,
      subjectType: 'microcredit_loan',
      subjectId: loanId,
      after,
      reason,
    });
  }
}
