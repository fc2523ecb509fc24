import { Injectable } from '@nestjs/common';
import { appendAudit } from '@fupin/audit';
import type { Repayment } from '@fupin/industry-rules';
import { InjectDb } from '@fupin/service-kit';
import type { Actor } from '../actor';
import type { IndustryDb, IndustryTx } from '../db';
import type { LoanRow } from './loan.repository';

/** A loan as the quarterly subsidy run reads it. */
export type SubsidyLoanRow = Pick<
  LoanRow,
  | 'id'
  | 'principalFen'
  | 'annualRateBp'
  | 'termMonths'
  | 'extensionMonths'
  | 'repayment'
  | 'disbursedOn'
  | 'misuseOn'
  | 'arrearsFrom'
> & {
  /** Only for loans that have had arrears (the run re-tells their status at the quarter's end). */
  repayments: Repayment[] | null;
  paidQuarters: string[];
};

export interface SubsidyPayment {
  loanId: string;
  subsidyFen: number;
  suspended: boolean;
  cancelled: boolean;
}

/** 贴息: the county's quarterly run reads its book in one query and pays in one statement, each loan once. */
@Injectable()
export class LoanSubsidyRepository {
  constructor(@InjectDb() private readonly db: IndustryDb) {}

  transaction<T>(work: (tx: IndustryTx) => Promise<T>): Promise<T> {
    return this.db.$transaction(work, { timeout: 120_000 });
  }

  /** The county's loans disbursed by `quarterEnd` and not closed before the quarter began. */
  async book(countyCode: string, quarterStart: string, quarterEnd: string): Promise<SubsidyLoanRow[]> {
    return this.db.$queryRawUnsafe<SubsidyLoanRow[]>(
      `SELECT l.id::text, l.principal_fen::float8 AS "principalFen", l.annual_rate_bp AS "annualRateBp",
              l.term_months AS "termMonths", l.extension_months AS "extensionMonths", l.repayment,
              to_char(l.disbursed_on, 'YYYY-MM-DD') AS "disbursedOn", to_char(l.misuse_on, 'YYYY-MM-DD') AS "misuseOn",
              to_char(l.arrears_from, 'YYYY-MM-DD') AS "arrearsFrom",
              CASE WHEN l.arrears_from IS NULL THEN NULL ELSE
                (SELECT coalesce(json_agg(json_build_object('paidOn', to_char(r.paid_on, 'YYYY-MM-DD'),
                        'amountFen', r.amount_fen::float8) ORDER BY r.paid_on, r.recorded_at, r.bank_ref), '[]'::json)
                   FROM loan_repayment r WHERE r.loan_id = l.id) END AS repayments,
              coalesce((SELECT array_agg(s.quarter) FROM loan_subsidy s WHERE s.loan_id = l.id), '{}') AS "paidQuarters"
         FROM microcredit_loan l
        WHERE l.county_code = $1 AND l.disbursed_on <= $3::date
          AND (l.repaid_on IS NULL OR l.repaid_on >= $2::date)`,
      countyCode,
      quarterStart,
      quarterEnd,
    );
  }

  /** The quarter's subsidies, each (loan, quarter) once: how many were new, and their sum. */
  async pay(
    tx: IndustryTx,
    quarter: string,
    payments: SubsidyPayment[],
  ): Promise<{ paid: number; subsidyFen: number }> {
    const rows = await tx.$queryRawUnsafe<{ paid: number; total: number | null }[]>(
      `WITH inserted AS (
         INSERT INTO loan_subsidy (loan_id, quarter, subsidy_fen, suspended, cancelled, payment_ref)
         SELECT p.loan_id, $1::varchar, p.fen, p.suspended, p.cancelled, 'LS-' || p.loan_id || '-' || $1::varchar
           FROM unnest($2::uuid[], $3::bigint[], $4::boolean[], $5::boolean[]) AS p(loan_id, fen, suspended, cancelled)
         ON CONFLICT DO NOTHING RETURNING subsidy_fen)
       SELECT count(*)::int AS paid, sum(subsidy_fen)::float8 AS total FROM inserted`,
      quarter,
      payments.map((p) => p.loanId),
      payments.map((p) => BigInt(p.subsidyFen)),
      payments.map((p) => p.suspended),
      payments.map((p) => p.cancelled),
    );
    return { paid: rows[0].paid, subsidyFen: rows[0].total ?? 0 };
  }

  async audit(tx: IndustryTx, actor: Actor, countyCode: string, quarter: string, after: unknown): Promise<void> {
    await appendAudit(tx, {
      actorSubject: actor.subject,
      actorRole: actor.role,
      jurisdiction: actor.jurisdiction,
      action: 'industry.loan.subsidy_run',
      subjectType: 'loan_subsidy_run',
      subjectId: `${countyCode}:${quarter}`,
      after,
      reason: `贴息 ${quarter} (quarterly interest subsidy)`,
    });
  }
}
