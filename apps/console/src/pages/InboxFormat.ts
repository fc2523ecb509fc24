// Instants are UTC in the APIs and shown as China Standard Time (Asia/Shanghai), whatever the browser's zone.
const SHANGHAI = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function parts(instant: Date): Record<string, string> {
  return Object.fromEntries(SHANGHAI.formatToParts(instant).map((p) => [p.type, p.value]));
}

/** '2026-03-01T01:00:00Z' → '2026-03-01 09:00' (Asia/Shanghai). */
export function shanghaiTime(iso: string): string {
  const p = parts(new Date(iso));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** Today's date in Asia/Shanghai, YYYY-MM-DD. */
export function shanghaiToday(now = new Date()): string {
  const p = parts(now);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Past its deadline now. */
export const isOverdue = (dueAt: string | null | undefined, now = Date.now()) =>
  typeof dueAt === 'string' && Date.parse(dueAt) < now;
