import {
  MAX_COLUMNS,
  TableError,
  csvField,
  csvLine,
  decodeText,
  parseCsv,
  parseCsvRecords,
  sniffFormat,
  toTable,
} from './tabular';

describe('CSV parsing', () => {
  it('reads quoted fields with escaped quotes, delimiters and line breaks; numbers rows as Excel does', () => {
    const records = parseCsvRecords('a,b,c\r\n1,"x, ""y""",3\r\n2,"line1\nline2",4\n\n5,,\n');
    expect(records).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, "y"', '3'] },
      { line: 3, cells: ['2', 'line1\nline2', '4'] },
      { line: 4, cells: [''] },
      { line: 5, cells: ['5', '', ''] },
    ]);
  });

  it('handles a last line without a line break, CR-only files, and tab or semicolon delimiters', () => {
    expect(parseCsvRecords('a,b\n1,2')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
    expect(parseCsvRecords('a,b\r1,2\r')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
    expect(parseCsvRecords('姓名\t身份证号\n张三\t1\n')[1].cells).toEqual(['张三', '1']);
    expect(parseCsvRecords('a;b\n1;2\n')[1].cells).toEqual(['1', '2']);
  });

  it('refuses an unterminated quote, naming the row', () => {
    expect(() => parseCsvRecords('a,b\n1,"open\n')).toThrow(TableError);
    try {
      parseCsvRecords('a,b\n1,"open\n');
    } catch (e) {
      expect((e as TableError).rule).toBe('unterminated_quote');
      expect((e as TableError).text['zh-CN']).toContain('第2行');
    }
  });

  it('builds a table: trimmed cells, padded short rows, blank rows dropped, header required', () => {
    const table = toTable(parseCsvRecords(' 户编号 , 姓名 \n\nH1, 张三 \nH2\n'));
    expect(table).toEqual({
      headers: ['户编号', '姓名'],
      rows: [
        { row: 3, cells: ['H1', '张三'] },
        { row: 4, cells: ['H2', ''] },
      ],
    });
    expect(() => toTable(parseCsvRecords('\n\n'))).toThrow(/empty/);
  });

  it('refuses more data rows than asked while reading, naming the limit; blank lines do not count', () => {
    const csv = `a,b\n${'1,2\n\n'.repeat(5)}`;
    expect(parseCsv(Buffer.from(csv), 5).rows).toHaveLength(5);
    const refused = (() => {
      try {
        parseCsv(Buffer.from(`${csv}3,4\n`), 5);
      } catch (e) {
        return e as TableError;
      }
    })();
    expect(refused).toBeInstanceOf(TableError);
    expect(refused).toMatchObject({ rule: 'too_many_rows' });
    expect(refused!.text['zh-CN']).toContain('最多导入 5 行');
    expect(refused!.text.en).toContain('at most 5 per import');
  });

  it('refuses a record with more fields than Excel has columns, quoted or not', () => {
    const widest = 'a'.padEnd(MAX_COLUMNS, ',');
    expect(parseCsvRecords(`${widest}\n`)[0].cells).toHaveLength(MAX_COLUMNS);
    expect(() => parseCsvRecords(`${widest},\n`)).toThrow(expect.objectContaining({ rule: 'too_many_columns' }));
    expect(() => parseCsvRecords(`a\n"x"${','.repeat(MAX_COLUMNS)}\n`)).toThrow(/row 2 has more than 16,384 columns/);
  });
});

describe('decoding', () => {
  it('reads UTF-8 with and without BOM, UTF-16LE with BOM, and GB18030 (Excel on Chinese Windows)', () => {
    expect(decodeText(Buffer.from('\uFEFF姓名,张三', 'utf8'))).toBe('姓名,张三');
    expect(decodeText(Buffer.from('姓名,张三', 'utf8'))).toBe('姓名,张三');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('姓名', 'utf16le')]))).toBe('姓名');
    // 姓名,张三 in GBK
    expect(decodeText(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd]))).toBe('姓名,张三');
    expect(parseCsv(Buffer.from([0xd0, 0xd5, 0xc3, 0xfb, 0x0a, 0xd5, 0xc5, 0xc8, 0xfd, 0x0a])).rows[0].cells).toEqual([
      '张三',
    ]);
  });

  it('tells XLSX (ZIP) and legacy XLS (OLE2) from text by their first bytes', () => {
    expect(sniffFormat(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0]))).toBe('xlsx');
    expect(sniffFormat(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0]))).toBe('xls');
    expect(sniffFormat(Buffer.from('a,b\n'))).toBe('csv');
  });
});

describe('CSV writing', () => {
  it('quotes only what needs quoting', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvLine([1, '张三', ' lead'])).toBe('1,张三," lead"');
  });

  it('round-trips through the parser', () => {
    const values = ['a,b', 'say "hi"', 'two\r\nlines', '阿依古丽·买买提', ''];
    expect(parseCsvRecords(`${csvLine(values)}\r\n`)[0].cells).toEqual(values);
  });
});
