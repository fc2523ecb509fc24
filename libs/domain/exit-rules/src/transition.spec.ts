import { shanghaiDate, transitionEndsOn } from './transition';

describe('transition period (过渡期)', () => {
  it('uses the Shanghai calendar day of the exit', () => {
    expect(shanghaiDate('2026-11-30T15:59:59Z')).toBe('2026-11-30');
    expect(shanghaiDate('2026-11-30T16:00:00Z')).toBe('2026-12-01');
  });

  it('ends the day before the same date `months` later', () => {
    expect(transitionEndsOn('2026-11-30T02:00:00Z', 60)).toBe('2031-11-29');
    expect(transitionEndsOn('2026-11-30T16:30:00Z', 60)).toBe('2031-11-30'); // already 1 December in Shanghai
    expect(transitionEndsOn('2026-01-01T00:00:00Z', 12)).toBe('2026-12-31');
  });

  it('clamps a day missing in the target month, including leap years', () => {
    expect(transitionEndsOn('2026-08-31T00:00:00Z', 6)).toBe('2027-02-27');
    expect(transitionEndsOn('2027-08-31T00:00:00Z', 6)).toBe('2028-02-28');
    expect(transitionEndsOn('2024-02-29T00:00:00Z', 12)).toBe('2025-02-27');
  });

  it('with no transition the policies end the day before the exit', () => {
    expect(transitionEndsOn('2026-05-10T00:00:00Z', 0)).toBe('2026-05-09');
    expect(() => transitionEndsOn('2026-05-10T00:00:00Z', -1)).toThrow(RangeError);
    expect(() => transitionEndsOn('nonsense', 6)).toThrow(RangeError);
  });
});
