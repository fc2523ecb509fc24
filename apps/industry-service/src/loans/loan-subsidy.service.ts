import { Injectable } from '@nestjs/common';
import type { Principal } from '@fupin/auth';
import {
  loanSchedule,
  loanStatusOn,
  quarterRange,
  quarterlySubsidies,
  shanghaiDay,
  type SubsidyLoan,
} from '@fupin/industry-rules';
import { DomainError, InjectConfig } from '@fupin/service-kit';
import { actorOf } from '../actor';
import type { IndustryConfig } from '../config';
import { LoanSubsidyRepository, type SubsidyLoanRow } from './loan-subsidy.repository';
import { loanRefusals } from './loan.refusals';

/**
 * 贴息: the county pays the bank each loan's interest of an ended quarter, once per loan and quarter — suspended from
 * the first day of arrears (only loans that had arrears are re-told at the quarter's end: the servicing records every
 * episode on its day), nothing from the quarter misuse was recorded in.
 */
@Injectable()
export class LoanSubsidyService {
  constructor(
    private readonly subsidies: LoanSubsidyRepository,
    @InjectConfig() private readonly config: IndustryConfig,
  ) {}

  async run(principal: Principal, quarter: string) {
    const countyCode = countyOfPrincipal(principal);
    const { from, to } = quarterRange(quarter);
    if (to >= shanghaiDay(Date.now()) && !this.config.loans.testMode) throw loanRefusals.quarterNotEnded(quarter);
    const book = await this.subsidies.book(countyCode, from, to);
    const results = quarterlySubsidies(
      book.map((row) => this.subsidyLoan(row, to)),
      quarter,
    );
    const payments = book.flatMap((row, i) => {
      const r = results[i];
      return r.ok ? [{ loanId: row.id, subsidyFen: r.subsidyFen, suspended: r.suspended, cancelled: r.cancelled }] : [];
    });
    const figures = await this.subsidies.transaction(async (tx) => {
      const paid = await this.subsidies.pay(tx, quarter, payments);
      const summary = {
        quarter,
        countyCode,
        loans: book.length,
        paid: paid.paid,
        alreadyPaid: book.filter((row) => row.paidQuarters.includes(quarter)).length,
        subsidyFen: paid.subsidyFen,
        suspended: payments.filter((p) => p.suspended).length,
        cancelled: payments.filter((p) => p.cancelled).length,
      };
      await this.subsidies.audit(tx, actorOf(principal), countyCode, quarter, summary);
      return summary;
    });
    return figures;
  }

  private subsidyLoan(row: SubsidyLoanRow, quarterEnd: string): SubsidyLoan {
    const loan = {
      principalFen: row.principalFen,
      annualRateBp: row.annualRateBp,
      termMonths: row.termMonths + row.extensionMonths,
      repayment: row.repayment,
      disbursedOn: row.disbursedOn!,
    };
    return {
      loan,
      arrearsFrom: this.arrearsAt(row, loan, quarterEnd),
      misuseOn: row.misuseOn,
      paidQuarters: row.paidQuarters,
    };
  }

  /** The arrears episode running at the quarter's end, for a loan that has had one. */
  private arrearsAt(row: SubsidyLoanRow, loan: SubsidyLoan['loan'], quarterEnd: string): string | null {
    if (!row.arrearsFrom || !row.repayments) return null;
    const schedule = loanSchedule(loan);
    if (!schedule.ok) return null;
    const status = loanStatusOn(schedule.schedule, row.repayments, this.config.loans.graceDays, quarterEnd);
    return status.ok ? status.arrearsFrom : null;
  }
}

/** The county a subsidy run is for: the principal's own (county approver, or a county department officer). */
function countyOfPrincipal(p: Principal): string {
  const j = p.jurisdiction;
  const code = j.kind === 'division' ? j.code : j.divisionCode;
  if (code && code.length === 6) return code;
  throw new DomainError(
    403,
    'industry.county_jurisdiction',
    { 'zh-CN': '贴息须由县级部门计算发放', en: 'the subsidy run is made by a county office' },
    'quarter',
  );
}
