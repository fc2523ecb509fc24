import { csvCell, rowsCsv } from './csv';

describe('CSV of reports', () => {
  it('quotes cells with commas, quotes or line breaks', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('平安村')).toBe('平安村');
  });

  it('makes text a spreadsheet would run as a formula inert, and leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-12)).toBe('-12');
    expect(csvCell(null)).toBe('');
  });

  it('writes a BOM, the header and CRLF rows in the columns given', () => {
    const csv = rowsCsv([{ key: '430523', n: 3 }], ['n', 'key']);
    expect(csv).toBe('\uFEFFn,key\r\n3,430523\r\n');
  });
});
