import { missedCheckDelayMs } from './state';

describe('missedCheckDelayMs', () => {
  const now = Date.parse('2027-03-15T01:00:00.000Z');
  it('waits until the latest check instant of the items raised', () => {
    const raised = [{ missedCheckAt: '2027-04-15T16:00:00.000Z' }, { missedCheckAt: '2027-04-14T16:00:00.000Z' }];
    expect(missedCheckDelayMs(raised, now)).toBe(Date.parse('2027-04-15T16:00:00.000Z') - now);
  });
  it('does not wait for a check instant already past, nor when nothing was raised', () => {
    expect(missedCheckDelayMs([{ missedCheckAt: '2027-03-15T00:59:59.000Z' }], now)).toBe(0);
    expect(missedCheckDelayMs([], now)).toBe(0);
  });
});
