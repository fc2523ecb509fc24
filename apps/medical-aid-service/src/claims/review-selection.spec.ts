import { randomUUID } from 'node:crypto';
import { selectedForReview } from './review-selection';

describe('selection for manual review', () => {
  it('always reviews claims above the threshold', () => {
    expect(selectedForReview(randomUUID(), 5_000_001, { aboveFen: 5_000_000, sampleBp: 0 })).toBe(true);
    expect(selectedForReview(randomUUID(), 5_000_000, { aboveFen: 5_000_000, sampleBp: 0 })).toBe(false);
  });

  it('samples about the configured share, the same way every time for the same claim', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const picked = ids.filter((id) => selectedForReview(id, 1, { aboveFen: 5_000_000, sampleBp: 500 }));
    expect(picked.length / ids.length).toBeGreaterThan(0.04);
    expect(picked.length / ids.length).toBeLessThan(0.06);
    expect(ids.filter((id) => selectedForReview(id, 1, { aboveFen: 5_000_000, sampleBp: 500 }))).toEqual(picked);
    expect(ids.some((id) => selectedForReview(id, 1, { aboveFen: 5_000_000, sampleBp: 0 }))).toBe(false);
    expect(ids.every((id) => selectedForReview(id, 1, { aboveFen: 5_000_000, sampleBp: 10_000 }))).toBe(true);
  });
});
