/**
 * 过渡期 (摘帽不摘政策): an exited household keeps its policies for a number of months. Dates are Asia/Shanghai calendar
 * days (UTC+8, no daylight saving), computed without a time-zone database so workflow code can use them too.
 */

const SHANGHAI_OFFSET_MS = 8 * 3600_000;

/** The Asia/Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(instant: Date | string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * Last day of the transition period: the Shanghai date of the exit plus `months`, minus one day — exited on 2026-11-30
 * with 60 months, the household keeps its policies through 2031-11-29. A day missing in the target month clamps to its
 * last day first (2026-08-31 + 6 months → 2027-02-28 → through 2027-02-27). 0 months: the policies end the day before.
 */
export function transitionEndsOn(exitedAt: Date | string, months: number): string {
  if (!Number.isSafeInteger(months) || months < 0)
    throw new RangeError(`months must be a whole number ≥ 0, got ${months}`);
  const [y, m, d] = shanghaiDate(exitedAt).split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = total % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay)) - 86_400_000).toISOString().slice(0, 10);
}
