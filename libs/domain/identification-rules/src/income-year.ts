import { isCalendarDate } from './messages';

/**
 * Income year (收入年度): the survey period of the six calculations (六算) runs 1 October to 30 September.
 *
 * Naming: an income year is labelled by the calendar year in which it ENDS — 2019-10-01 … 2020-09-30 is income
 * year 2020. That is the year whose poverty line (贫困标准) the income is compared with: the annual review in the
 * autumn of 2020 judges the income earned from October 2019 to September 2020 against the 2020 line, so
 * `PovertyPolicy.year` and the income year are the same number.
 */
export interface IncomeYear {
  /** The calendar year in which the income year ends. */
  year: number;
  /** First day, `YYYY-10-01` of the previous calendar year. */
  start: string;
  /** Last day (inclusive), `YYYY-09-30`. */
  end: string;
  /** e.g. `2019-10-01/2020-09-30` (ISO 8601 interval of dates). */
  label: string;
}

/** First month (October) of an income year. */
export const INCOME_YEAR_START_MONTH = 10;

/** Income years that can be written with four-digit dates on both ends. */
export const MIN_INCOME_YEAR = 1001;
export const MAX_INCOME_YEAR = 9999;

/**
 * The income year a `YYYY-MM-DD` date falls in, named by the calendar year in which it ends:
 * 2019-10-01 … 2020-09-30 → 2020. Throws RangeError for a date that does not exist (a programmer error:
 * dates are validated where they enter).
 */
export function incomeYearOf(date: string): number {
  if (typeof date !== 'string' || !isCalendarDate(date))
    throw new RangeError(`not a YYYY-MM-DD date: "${String(date)}"`);
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const incomeYear = month >= INCOME_YEAR_START_MONTH ? year + 1 : year;
  if (incomeYear > MAX_INCOME_YEAR)
    throw new RangeError(`date ${date} lies in income year ${incomeYear}, beyond ${MAX_INCOME_YEAR}`);
  return incomeYear;
}

/** Start, end and label of income year `year` (2020 → 2019-10-01 … 2020-09-30). Throws RangeError for a non-year. */
export function incomeYearRange(year: number): IncomeYear {
  if (!Number.isInteger(year) || year < MIN_INCOME_YEAR || year > MAX_INCOME_YEAR)
    throw new RangeError(`not an income year: ${year}`);
  const start = `${year - 1}-10-01`;
  const end = `${year}-09-30`;
  return { year, start, end, label: `${start}/${end}` };
}

/** True when the `YYYY-MM-DD` date lies inside income year `year` (both ends inclusive). */
export function isInIncomeYear(date: string, year: number): boolean {
  const { start, end } = incomeYearRange(year);
  if (typeof date !== 'string' || !isCalendarDate(date))
    throw new RangeError(`not a YYYY-MM-DD date: "${String(date)}"`);
  return date >= start && date <= end;
}
