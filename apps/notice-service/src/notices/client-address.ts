import { createHash } from 'node:crypto';

/**
 * The client's address for rate limiting. With no trusted proxy the TCP peer is the client (a forged
 * X-Forwarded-For is ignored). Behind `hops` proxies that each append the address they saw, the client
 * is the `hops`-th entry from the right; anything further left was written by the client and is not trusted.
 */
export function clientAddress(
  peer: string | undefined,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string {
  const fallback = peer ?? 'unknown';
  if (hops <= 0 || forwardedFor === undefined) return fallback;
  const chain = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return chain[chain.length - hops] ?? chain[0] ?? fallback;
}

/** What is stored instead of the address: a hash (rate limiting and abuse review need equality, not the address). */
export function clientKey(address: string): string {
  return createHash('sha256').update(`notice-objection-client:${address}`).digest('hex');
}
