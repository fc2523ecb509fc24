import type { Draws } from './random';

export const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` by day (from 1696 on), and back: a generator formats the same few tens of thousands of days. */
const dates: string[] = [];
const dayOf = new Map<string, number>();

/** `YYYY-MM-DD` of a UTC epoch-ms at midnight, cached. */
export function isoDate(ms: number): string {
  const day = ms / DAY_MS + 100_000;
  let s = dates[day];
  if (s === undefined) {
    dates[day] = s = new Date(ms).toISOString().slice(0, 10);
    dayOf.set(s, ms);
  }
  return s;
}

/** UTC epoch-ms of a `YYYY-MM-DD`. */
export function epochDay(date: string): number {
  return dayOf.get(date) ?? Date.parse(date);
}

/**
 * A birth date of someone who is `age` on the day `ageOn` (month 1–12): one of the 365 days up to it,
 * e.g. age 40 on 2020-09-30 → born 1979-10-01 … 1980-09-29.
 */
export function birthDateOf(age: number, ageOn: { year: number; month: number; day: number }, d: Draws): string {
  return isoDate(Date.UTC(ageOn.year - age - 1, ageOn.month - 1, ageOn.day + 1) + d.int(0, 364) * DAY_MS);
}
