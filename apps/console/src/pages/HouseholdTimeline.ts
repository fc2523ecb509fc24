// 一户一档: one timeline of a household from the four services' histories (GET /households/{id}/history), each read
// from that service's own audit chain; a service that does not know the household (404) simply adds nothing.
import type { IdentificationPaths } from '@fupin/api-client';

export type HouseholdHistory =
  IdentificationPaths['/households/{id}/history']['get']['responses'][200]['content']['application/json'];
export type HistoryEntry = HouseholdHistory['entries'][number];

export const HISTORY_SERVICES = [
  'identification-service',
  'medical-aid-service',
  'relocation-service',
  'industry-service',
] as const;
export type HistoryService = (typeof HISTORY_SERVICES)[number];

/** What one service answered: its entries, nothing (it does not know the household), or why not. */
export type HistorySource =
  | { service: HistoryService; history: HouseholdHistory }
  | { service: HistoryService; unknown: true }
  | { service: HistoryService; refused: true }
  | { service: HistoryService; error: string };

/** Every service's entries in one list by time (UTC instants), ties in a fixed order: service, then chain order. */
export function mergeHistories(sources: readonly HistorySource[]): HistoryEntry[] {
  const order = (s: string) => HISTORY_SERVICES.indexOf(s as HistoryService);
  return sources
    .flatMap((s) => ('history' in s ? s.history.entries : []))
    .sort(
      (a, b) =>
        Date.parse(a.at) - Date.parse(b.at) ||
        order(a.service) - order(b.service) ||
        Number(BigInt(a.seq) - BigInt(b.seq)),
    );
}

/** Whether any service left older entries out (their limit was reached). */
export const anyTruncated = (sources: readonly HistorySource[]) =>
  sources.some((s) => 'history' in s && s.history.truncated);

// Instants are UTC in the APIs and shown as China Standard Time, whatever the browser's zone.
const SHANGHAI = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** '2026-03-01T01:00:00.000Z' → '2026-03-01 09:00:00' (Asia/Shanghai). */
export function shanghaiDateTime(iso: string): string {
  const p = Object.fromEntries(SHANGHAI.formatToParts(new Date(iso)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Integer fen as yuan with two decimals and grouping: 1234567 → '12,345.67'. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** The household file's address in the console. */
export const householdHref = (id: string) => `/households/${encodeURIComponent(id)}`;
