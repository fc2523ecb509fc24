import type { RaisedDividend } from './definitions';

/**
 * How long a fire waits before it checks its raised items: until the latest `missedCheckAt` among them (never
 * negative; 0 when nothing was raised). Pure, for the workflow (whose clock is `Date.now()` of its history).
 */
export function missedCheckDelayMs(raised: readonly Pick<RaisedDividend, 'missedCheckAt'>[], nowMs: number): number {
  const at = raised.reduce((latest, r) => Math.max(latest, Date.parse(r.missedCheckAt)), Number.NEGATIVE_INFINITY);
  if (!Number.isFinite(at)) return 0;
  return Math.max(0, at - nowMs);
}
