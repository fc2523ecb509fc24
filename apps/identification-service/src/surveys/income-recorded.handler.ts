import type { EventEnvelope, IncomeRecordedV1 } from '@fupin/contracts';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { recordKnownIncome } from './known-income.repository';

/**
 * income.recorded (industry support: dividends, wages, production income) → known income of the household for the
 * income year of earnedOn, shown pre-filled with the survey (六算) for the cadre to confirm; in the consumer's
 * transaction (processed once with the event's id, and each incomeId once). A household this register does not hold
 * is logged and skipped.
 */
export function incomeRecordedHandler(runtime: Pick<ServiceRuntime, 'logger'>) {
  return async (event: EventEnvelope<unknown>, tx: SqlExecutor) => {
    const income = event.payload as IncomeRecordedV1;
    const outcome = await recordKnownIncome(tx, income, event.id);
    if (outcome === 'unknown_household')
      runtime.logger.warn(
        { householdId: income.householdId, incomeId: income.incomeId },
        'income.recorded for a household not in the register: skipped',
      );
  };
}
