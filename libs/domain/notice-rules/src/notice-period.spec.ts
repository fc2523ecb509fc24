import { isNoticeOpen, noticeClosesAt } from './notice-period';

describe('noticeClosesAt (公示截止时间)', () => {
  it('adds the configured duration', () => {
    expect(noticeClosesAt('2019-03-01T08:00:00.000Z', 7 * 24 * 3600)).toBe('2019-03-08T08:00:00.000Z');
    expect(noticeClosesAt('2019-03-01T16:00:00+08:00', 30)).toBe('2019-03-01T08:00:30.000Z');
  });

  it('refuses bad input', () => {
    expect(() => noticeClosesAt('2019-03-01', 30)).toThrow(RangeError); // no time zone
    expect(() => noticeClosesAt('2019-03-01T08:00:00', 30)).toThrow(RangeError);
    expect(() => noticeClosesAt('not a date', 30)).toThrow(RangeError);
    expect(() => noticeClosesAt('2019-03-01T08:00:00Z', 0)).toThrow(RangeError);
    expect(() => noticeClosesAt('2019-03-01T08:00:00Z', 1.5)).toThrow(RangeError);
  });
});

describe('isNoticeOpen', () => {
  const opened = '2019-03-01T08:00:00Z';
  it('is open from opening until (not including) closing', () => {
    expect(isNoticeOpen(opened, 60, '2019-03-01T07:59:59Z')).toBe(false);
    expect(isNoticeOpen(opened, 60, '2019-03-01T08:00:00Z')).toBe(true);
    expect(isNoticeOpen(opened, 60, '2019-03-01T08:00:59.999Z')).toBe(true);
    expect(isNoticeOpen(opened, 60, '2019-03-01T08:01:00Z')).toBe(false);
  });
});
