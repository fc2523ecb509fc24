import { createHash } from 'node:crypto';

/**
 * Manual review (人工审核): a claim whose funds' share is above the threshold, or one in the random sample —
 * reproducible from the claim id (the same claim is always in or out of the sample).
 */
export function selectedForReview(
  claimId: string,
  fundsPayFen: number,
  rule: { aboveFen: number; sampleBp: number },
): boolean {
  if (fundsPayFen > rule.aboveFen) return true;
  const draw = createHash('sha256').update(claimId).digest().readUInt32BE(0) % 10_000;
  return draw < rule.sampleBp;
}
