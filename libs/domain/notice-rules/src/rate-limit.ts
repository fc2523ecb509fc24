/**
 * Rate limit for objections from the public (SPEC §4: objections are accepted from anyone, rate-limited).
 * A sliding log: a client may make `limit` attempts in any window of `windowMs`. Pure; the service
 * keeps the attempt times and asks this module for the verdict.
 */

export interface RateLimit {
  limit: number;
  windowMs: number;
}

export interface RateVerdict {
  allowed: boolean;
  /** Attempts still allowed in the current window after this one (0 when refused). */
  remaining: number;
  /** When refused: whole seconds until one more attempt is allowed (≥ 1). 0 when allowed. */
  retryAfterSeconds: number;
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `5/1m` → 5 per minute; `20/1h`; `3/30s`; a bare number means per minute. Throws RangeError for anything else
 * (a configuration error the service reports at start-up).
 */
export function parseRateLimit(text: string): RateLimit {
  const m = /^\s*(\d+)\s*(?:\/\s*(\d+)?\s*(s|m|h|d))?\s*$/.exec(text);
  if (!m) throw new RangeError(`"${text}" is not a rate limit (use e.g. 5/1m, 20/1h, 3/30s)`);
  const limit = Number(m[1]);
  const windowMs = m[3] === undefined ? 60_000 : Number(m[2] ?? 1) * UNIT_MS[m[3]];
  if (!Number.isSafeInteger(limit) || limit < 1)
    throw new RangeError(`rate limit must allow at least 1 attempt, got "${text}"`);
  if (windowMs < 1000) throw new RangeError(`rate-limit window must be at least 1 second, got "${text}"`);
  return { limit, windowMs };
}

/** The attempts that still count at `nowMs`: those inside (now − window, now]. */
export function attemptsInWindow(attemptsMs: readonly number[], nowMs: number, windowMs: number): number[] {
  return attemptsMs.filter((t) => t > nowMs - windowMs && t <= nowMs).sort((a, b) => a - b);
}

/**
 * May a client with earlier attempts at `attemptsMs` make one more at `nowMs`? When refused, the retry
 * time is when enough of the counted attempts have left the window for one more to fit.
 */
export function rateLimitVerdict(attemptsMs: readonly number[], nowMs: number, rule: RateLimit): RateVerdict {
  const counted = attemptsInWindow(attemptsMs, nowMs, rule.windowMs);
  if (counted.length < rule.limit)
    return { allowed: true, remaining: rule.limit - counted.length - 1, retryAfterSeconds: 0 };
  // the attempt that must expire before one more fits: with n counted and limit L, the (n − L + 1)-th oldest
  const freeing = counted[counted.length - rule.limit];
  const waitMs = freeing + rule.windowMs - nowMs;
  return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
}
