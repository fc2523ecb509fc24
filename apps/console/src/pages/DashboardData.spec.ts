import { describe, expect, it } from '@jest/globals';
import { jurisdictionDivision, percent, reportMonths, yuan } from './DashboardData';

describe('dashboard figures', () => {
  it('asks for the 12 months before the current Asia/Shanghai month, oldest first', () => {
    // 2026-02-28 16:30 UTC is already 1 March in Shanghai: February's report may exist, March's cannot
    expect(reportMonths(12, new Date('2026-02-28T16:30:00Z'))).toEqual([
      '2025-03',
      '2025-04',
      '2025-05',
      '2025-06',
      '2025-07',
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(reportMonths(2, new Date('2026-02-28T15:59:00Z'))).toEqual(['2025-12', '2026-01']);
    expect(reportMonths(1, new Date('2026-01-15T00:00:00Z'))).toEqual(['2025-12']);
  });

  it('writes integer fen as yuan with two decimals in either language', () => {
    expect(yuan(123456, 'zh-CN')).toBe('¥1,234.56');
    expect(yuan(123456, 'en')).toBe('CN¥1,234.56');
    expect(yuan(5, 'zh-CN')).toBe('¥0.05');
    expect(yuan(0, 'en')).toBe('CN¥0.00');
    expect(yuan(123_456_789_012, 'zh-CN')).toBe('¥1,234,567,890.12');
  });

  it('writes basis points as a percentage and reads the division of a jurisdiction', () => {
    expect(percent(150)).toBe('1.50%');
    expect(percent(200)).toBe('2.00%');
    expect(percent(5)).toBe('0.05%');
    expect(jurisdictionDivision('dept:medical_aid@430523')).toBe('430523');
    expect(jurisdictionDivision('430523101')).toBe('430523101');
  });
});
