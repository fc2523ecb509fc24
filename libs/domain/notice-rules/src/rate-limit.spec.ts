import { attemptsInWindow, parseRateLimit, rateLimitVerdict } from './rate-limit';

describe('parseRateLimit', () => {
  it('reads count/window', () => {
    expect(parseRateLimit('5/1m')).toEqual({ limit: 5, windowMs: 60_000 });
    expect(parseRateLimit('20/1h')).toEqual({ limit: 20, windowMs: 3_600_000 });
    expect(parseRateLimit('3/30s')).toEqual({ limit: 3, windowMs: 30_000 });
    expect(parseRateLimit('3/m')).toEqual({ limit: 3, windowMs: 60_000 });
    expect(parseRateLimit(' 5 ')).toEqual({ limit: 5, windowMs: 60_000 });
  });

  it('refuses nonsense', () => {
    for (const bad of ['', 'five', '0/1m', '5/0s', '5/1y', '-1/1m', '5/1.5m'])
      expect(() => parseRateLimit(bad)).toThrow(RangeError);
  });
});

describe('rateLimitVerdict (sliding window)', () => {
  const rule = { limit: 5, windowMs: 60_000 };
  const t0 = 1_700_000_000_000;

  it('allows up to the limit within one window, then refuses', () => {
    const hits: number[] = [];
    for (let i = 0; i < 5; i++) {
      const v = rateLimitVerdict(hits, t0 + i * 1000, rule);
      expect(v).toEqual({ allowed: true, remaining: 4 - i, retryAfterSeconds: 0 });
      hits.push(t0 + i * 1000);
    }
    const refused = rateLimitVerdict(hits, t0 + 5000, rule);
    expect(refused.allowed).toBe(false);
    expect(refused.remaining).toBe(0);
    // the first attempt (t0) leaves the window at t0 + 60 s: 55 s from now
    expect(refused.retryAfterSeconds).toBe(55);
  });

  it('has no boundary burst: the window slides with the clock', () => {
    const hits = [0, 1, 2, 3, 4].map((i) => t0 + 59_000 + i * 100); // 5 just before a minute boundary
    expect(rateLimitVerdict(hits, t0 + 60_500, rule).allowed).toBe(false);
    expect(rateLimitVerdict(hits, t0 + 118_999, rule).allowed).toBe(false);
    expect(rateLimitVerdict(hits, t0 + 119_000, rule).allowed).toBe(true); // the first attempt is exactly one window old: it no longer counts
  });

  it('says when the next attempt fits, rounding up, at least 1 s', () => {
    const hits = [t0, t0 + 10, t0 + 20, t0 + 30, t0 + 40];
    expect(rateLimitVerdict(hits, t0 + 59_999, rule).retryAfterSeconds).toBe(1);
    expect(rateLimitVerdict(hits, t0 + 1_500, rule).retryAfterSeconds).toBe(59);
  });

  it('counts only attempts inside the window and handles more than the limit', () => {
    expect(attemptsInWindow([t0 - 60_000, t0 - 59_999, t0, t0 + 1], t0, 60_000)).toEqual([t0 - 59_999, t0]);
    const many = Array.from({ length: 8 }, (_, i) => t0 + i * 1000);
    // 8 counted, limit 5: the 4th oldest (t0 + 3 s) must leave before one more fits
    expect(rateLimitVerdict(many, t0 + 10_000, rule).retryAfterSeconds).toBe(53);
  });
});
