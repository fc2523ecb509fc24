import { errorReportCsv } from './error-report';
import { parseCsvRecords } from './tabular';

describe('error report CSV', () => {
  const csv = errorReportCsv([
    {
      row: 5,
      column: '身份证号',
      rule: 'id_check_digit',
      message: { 'zh-CN': '身份证号码校验码错误', en: 'resident ID number check digit is wrong' },
      householdKey: 'H2',
    },
    {
      row: 3,
      column: 'name',
      rule: 'too_long',
      message: { 'zh-CN': '姓名过长，含逗号,和"引号"', en: 'name is too long' },
      householdKey: 'H1',
    },
    { row: 3, column: 'birth_date', rule: 'format', message: { 'zh-CN': '=HYPERLINK("x")', en: '@cmd' } },
  ]);

  it('starts with a UTF-8 BOM for Excel and uses CRLF line ends', () => {
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('has a bilingual header and one line per error sorted by row then column, quoted where needed', () => {
    const records = parseCsvRecords(csv.slice(1));
    expect(records[0].cells[0]).toBe('行号 row');
    expect(records.slice(1).map((r) => [r.cells[0], r.cells[1], r.cells[2]])).toEqual([
      ['3', 'birth_date', 'format'],
      ['3', 'name', 'too_long'],
      ['5', '身份证号', 'id_check_digit'],
    ]);
    expect(records[2].cells[3]).toBe('姓名过长，含逗号,和"引号"');
    expect(records[3].cells[5]).toBe('H2');
  });

  it('neutralises cells Excel would run as formulas', () => {
    const records = parseCsvRecords(csv.slice(1));
    expect(records[1].cells[3]).toBe(`'=HYPERLINK("x")`);
    expect(records[1].cells[4]).toBe(`'@cmd`);
  });

  it('is just the header for no errors', () => {
    expect(errorReportCsv([]).trim().split('\r\n')).toHaveLength(1);
  });
});
