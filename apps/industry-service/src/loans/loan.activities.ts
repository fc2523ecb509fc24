import { loanDayStartMs, planLoanServicing } from '@fupin/industry-rules';
import type { LoanServiced, MicrocreditActivities } from '@fupin/industry-workflows';
import type { ServiceRuntime } from '@fupin/service-kit';
import type { IndustryConfig } from '../config';
import { industryDb, type IndustryTx } from '../db';
import { LoanRepository, type LoanRow } from './loan.repository';
import { businessDayOf, clockOf, scheduleOf } from './loan.terms';

/**
 * The loan workflow's activities on industry's queue. Each works under the loan's row lock and records once: history
 * entries below `recorded_seq` are skipped, reminders are keyed by instalment and days before, an arrears episode by
 * its first day — a worker killed mid-call repeats nothing when retried.
 */
export function microcreditActivities(
  runtime: Pick<ServiceRuntime<IndustryConfig>, 'db' | 'config'>,
): MicrocreditActivities {
  const loans = new LoanRepository(industryDb(runtime));
  const { daySeconds, graceDays } = runtime.config.loans;
  const locked = async (tx: IndustryTx, loanId: string): Promise<LoanRow> => {
    const row = await loans.lock(tx, loanId);
    if (!row) throw new Error(`loan ${loanId} is not in industry-service's database`);
    return row;
  };

  async function service(tx: IndustryTx, row: LoanRow): Promise<LoanServiced> {
    const businessDay = businessDayOf(row, daySeconds);
    const schedule = scheduleOf(row);
    if (row.step !== 'servicing' || !schedule) return { businessDay, repaid: row.step === 'repaid', wakeAtMs: null };
    const planned = planLoanServicing({
      schedule,
      repayments: await loans.repayments(row.id, tx),
      graceDays,
      asOf: businessDay,
      sentReminders: await loans.sentReminders(tx, row.id),
      recordedArrearsFrom: row.arrearsFrom,
    });
    if (!planned.ok) throw new Error(`loan ${row.id}: ${planned.violations[0].rule}`);
    const { plan } = planned;
    for (const reminder of plan.reminders) await loans.remind(tx, row, reminder, businessDay);
    if (plan.arrears) await loans.enterArrears(tx, row, plan.arrears);
    else if (row.inArrears !== (plan.status.status === 'arrears'))
      await loans.setInArrears(tx, row.id, plan.status.status === 'arrears');
    const clock = clockOf(row, daySeconds)!;
    return { businessDay, repaid: plan.repaid, wakeAtMs: plan.nextDay ? loanDayStartMs(clock, plan.nextDay) : null };
  }

  return {
    async recordLoanProgress(record) {
      await loans.transaction(async (tx) => {
        const row = await locked(tx, record.loanId);
        if (row.recordedSeq >= record.fromSeq + record.entries.length) return; // recorded by an earlier attempt
        await loans.recordProgress(tx, row, record);
      });
    },

    async serviceLoan({ loanId }) {
      return loans.transaction(async (tx) => service(tx, await locked(tx, loanId)));
    },
  };
}
