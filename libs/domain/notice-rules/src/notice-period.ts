/** Notice periods (公示期): a village notice or county announcement is open from `openedAt` for a configured time. */

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function instantMs(value: string, name: string): number {
  const ms = ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be an ISO 8601 date-time with a time zone, got "${value}"`);
  return ms;
}

function checkDuration(durationSeconds: number): void {
  if (!Number.isSafeInteger(durationSeconds) || durationSeconds < 1) {
    throw new RangeError(`durationSeconds must be a whole number of seconds ≥ 1, got ${durationSeconds}`);
  }
}

/**
 * When a notice opened at `openedAt` closes (公示截止时间), as an ISO 8601 UTC string.
 * Durations are configuration (e.g. 7 days = 604800 s; tests use seconds).
 */
export function noticeClosesAt(openedAt: string, durationSeconds: number): string {
  checkDuration(durationSeconds);
  return new Date(instantMs(openedAt, 'openedAt') + durationSeconds * 1000).toISOString();
}

/** True while the notice is open at instant `at`: openedAt ≤ at < closesAt (objections are accepted, 异议受理). */
export function isNoticeOpen(openedAt: string, durationSeconds: number, at: string): boolean {
  checkDuration(durationSeconds);
  const opened = instantMs(openedAt, 'openedAt');
  const now = instantMs(at, 'at');
  return now >= opened && now < opened + durationSeconds * 1000;
}
