import { previousMonth } from './definitions';

describe('previousMonth (Asia/Shanghai calendar)', () => {
  it('is the month before, across a year end and at the UTC/local day boundary', () => {
    expect(previousMonth(new Date('2026-12-01T02:00:00+08:00'))).toBe('2026-11');
    expect(previousMonth(new Date('2027-01-01T01:00:00+08:00'))).toBe('2026-12');
    // 2026-11-30T17:00Z is already 1 December in Shanghai
    expect(previousMonth(new Date('2026-11-30T17:00:00Z'))).toBe('2026-11');
  });
});
