/** Calendar days of the dividends are Asia/Shanghai days (UTC+8, no daylight saving). */
const CST_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

/** The Asia/Shanghai calendar day of an instant. */
export const shanghaiDay = (ms: number = Date.now()): string => new Date(ms + CST_OFFSET_MS).toISOString().slice(0, 10);

/** The instant an Asia/Shanghai calendar day begins, `plusDays` after `day`. */
export const shanghaiDayStart = (day: string, plusDays = 0): Date =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + plusDays * DAY_MS - CST_OFFSET_MS);

/** A DATE column (midnight UTC in Prisma) as YYYY-MM-DD. */
export const dateOf = (d: Date): string => d.toISOString().slice(0, 10);
/** YYYY-MM-DD for a DATE column. */
export const dateColumn = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
