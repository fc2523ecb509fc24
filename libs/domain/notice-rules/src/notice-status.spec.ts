import { isKnownTimeZone, localDateTime, noticeScopeProblems, noticeStatusAt, villageCodeRange } from './notice-status';

describe('noticeStatusAt', () => {
  const notice = { opensAt: '2026-11-23T08:00:00.000Z', closesAt: '2026-11-30T08:00:00.000Z', closedAt: null };

  it('is scheduled, open, then closed by the clock', () => {
    expect(noticeStatusAt(notice, '2026-11-23T07:59:59.999Z')).toBe('scheduled');
    expect(noticeStatusAt(notice, '2026-11-23T08:00:00.000Z')).toBe('open');
    expect(noticeStatusAt(notice, '2026-11-30T07:59:59.999Z')).toBe('open');
    // closesAt passed: closed even though nobody recorded the closing yet
    expect(noticeStatusAt(notice, '2026-11-30T08:00:00.000Z')).toBe('closed');
  });

  it('is closed from an early closing on', () => {
    const early = { ...notice, closedAt: new Date('2026-11-25T00:00:00Z') };
    expect(noticeStatusAt(early, '2026-11-24T23:59:59Z')).toBe('open');
    expect(noticeStatusAt(early, '2026-11-25T00:00:00Z')).toBe('closed');
  });

  it('refuses a non-date', () => {
    expect(() => noticeStatusAt(notice, 'tomorrow')).toThrow(RangeError);
  });
});

describe('localDateTime', () => {
  it('shows Beijing time with its offset', () => {
    expect(localDateTime('2026-11-23T08:00:00.000Z', 'Asia/Shanghai')).toBe('2026-11-23T16:00:00+08:00');
    expect(localDateTime('2026-11-23T20:30:15.999Z', 'Asia/Shanghai')).toBe('2026-11-24T04:30:15+08:00');
    expect(localDateTime(new Date('2026-01-01T00:00:00Z'), 'UTC')).toBe('2026-01-01T00:00:00+00:00');
  });

  it('handles negative and half-hour offsets', () => {
    expect(localDateTime('2026-01-15T12:00:00Z', 'America/New_York')).toBe('2026-01-15T07:00:00-05:00');
    expect(localDateTime('2026-01-15T12:00:00Z', 'Asia/Kolkata')).toBe('2026-01-15T17:30:00+05:30');
  });

  it('knows which time zones exist', () => {
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimeZone('Asia/Nowhere')).toBe(false);
  });
});

describe('noticeScopeProblems', () => {
  it('accepts households inside the division', () => {
    expect(noticeScopeProblems('village_notice', '430523101201', ['430523101201', '430523101201'])).toEqual([]);
    expect(noticeScopeProblems('township_notice', '430523101', ['430523101201', '430523101202'])).toEqual([]);
    expect(noticeScopeProblems('county_announcement', '430523', ['430523101201', '430523205301'])).toEqual([]);
  });

  it('names the household outside, and a village notice above village level', () => {
    expect(noticeScopeProblems('township_notice', '430523101', ['430523101201', '430523102201'])).toEqual([
      { field: 'entries.1.villageCode', message: "village 430523102201 is outside the notice's division 430523101" },
    ]);
    expect(noticeScopeProblems('village_notice', '430523101', ['430523101201'])[0].field).toBe('divisionCode');
    expect(noticeScopeProblems('county_announcement', '4305', ['430523101201'])[0].field).toBe('divisionCode');
  });
});

describe('villageCodeRange', () => {
  it('spans every village below a division', () => {
    expect(villageCodeRange('430523')).toEqual(['430523000000', '430523999999']);
    expect(villageCodeRange('430523101201')).toEqual(['430523101201', '430523101201']);
    expect(() => villageCodeRange('43052')).toThrow(RangeError);
  });
});
