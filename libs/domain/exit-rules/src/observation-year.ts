import { incomeYearRange, type LocalizedMessage } from '@fupin/identification-rules';
import { shanghaiDate } from './transition';

/** Why an exit of income year `incomeYear` cannot rest on the household's latest living-condition observation. */
export interface ObservationNotOfIncomeYear {
  incomeYear: number;
  /** First day of the income year (`incomeYearRange(incomeYear).start`), an Asia/Shanghai calendar date. */
  since: string;
  message: LocalizedMessage;
}

/**
 * Whether the latest living-condition observation (看房、看水、两不愁) is one of income year `incomeYear`: made on or
 * after the year's first day (1 October of the year before, Asia/Shanghai). An observation made after the year
 * ended (the autumn review) counts; one from before it does not. null when it counts, else the failure naming the year.
 */
export function observationOfIncomeYear(
  observedAt: Date | string | null,
  incomeYear: number,
): ObservationNotOfIncomeYear | null {
  const since = incomeYearRange(incomeYear).start;
  if (observedAt !== null && shanghaiDate(observedAt) >= since) return null;
  return {
    incomeYear,
    since,
    message: {
      'zh-CN': `没有${incomeYear}年度（${since}起）的入户观察记录`,
      en: `no living-condition observation of income year ${incomeYear} (since ${since})`,
    },
  };
}
