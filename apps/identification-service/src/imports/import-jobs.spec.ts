import type { ImportError } from './error-report';
import { MAX_STORED_ERRORS, NO_ERRORS, capErrors } from './import-jobs';

const error = (row: number): ImportError => ({
  row,
  column: '身份证号',
  rule: 'duplicate_in_file',
  message: { 'zh-CN': '重复', en: 'repeated' },
});
const errors = (n: number, from = 2) => Array.from({ length: n }, (_, i) => error(from + i));

describe('the stored error report', () => {
  it('keeps every error up to the cap, with no summary line', () => {
    const capped = capErrors(NO_ERRORS, errors(3));
    expect(capped).toEqual({ append: errors(3), dropLast: false, tally: { stored: 3, omitted: 0 } });
  });

  it('past the cap, ends with one summary line that counts the errors not listed, in both languages', () => {
    const first = capErrors(NO_ERRORS, errors(MAX_STORED_ERRORS - 1));
    const second = capErrors(first.tally, errors(3, 90_000));
    expect(second.tally).toEqual({ stored: MAX_STORED_ERRORS, omitted: 2 });
    expect(second.dropLast).toBe(false);
    expect(second.append).toHaveLength(2);
    expect(second.append[0]).toEqual(error(90_000));
    expect(second.append[1]).toMatchObject({ row: 0, rule: 'errors_truncated', omitted: 2 });
    expect(second.append[1].message).toEqual({
      'zh-CN': `共有 ${MAX_STORED_ERRORS + 2} 条错误，只列出前 ${MAX_STORED_ERRORS} 条，另有 2 条未列出`,
      en: `${(MAX_STORED_ERRORS + 2).toLocaleString('en')} errors in all: the first ${MAX_STORED_ERRORS.toLocaleString('en')} are listed, 2 more are not listed`,
    });
  });

  it('later batches replace the summary line (still last) with the new count, and leave it alone when they add nothing', () => {
    const full = capErrors(NO_ERRORS, errors(MAX_STORED_ERRORS + 5)).tally;
    const next = capErrors(full, errors(50_000));
    expect(next.dropLast).toBe(true);
    expect(next.append).toEqual([expect.objectContaining({ rule: 'errors_truncated', omitted: 50_005 })]);
    expect(next.append[0].message.en).toContain('50,005 more are not listed');
    expect(capErrors(next.tally, [])).toEqual({ append: [], dropLast: false, tally: next.tally });
  });
});
