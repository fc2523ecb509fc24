import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { TableError } from './tabular';
import {
  XLSX_MAX_UNCOMPRESSED_BYTES,
  cellText,
  checkZipInflatedSize,
  parseXlsx,
  parseXlsxWithExcelJs,
} from './xlsx-reader';
import { UnsupportedXlsx, readXlsxFast } from './xlsx-fast';
import { xlsxBomb, zip } from './test-support';
import { checkInflatedSize } from './zip-inflate';

async function workbook(rows: ExcelJS.CellValue[][], sheets = 1): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (let s = 1; s < sheets; s++) wb.addWorksheet(`empty${s}`);
  const ws = wb.addWorksheet('花名册');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('XLSX reading', () => {
  it('reads the first sheet with data: header, row numbers, dates, numbers, formulas, rich text', async () => {
    const buffer = await workbook(
      [
        [],
        ['户编号', '出生日期', '人数', '姓名'],
        ['H1', new Date('1980-03-07T00:00:00Z'), 3, { richText: [{ text: '阿依古丽' }, { text: '·买买提' }] }],
        ['H2', '1981-01-01', { formula: '1+1', result: 2 }, '  王五 '],
      ],
      2,
    );
    const table = await parseXlsx(buffer);
    expect(table.headers).toEqual(['户编号', '出生日期', '人数', '姓名']);
    expect(table.rows.map((r) => [r.row, r.cells])).toEqual([
      [3, ['H1', '1980-03-07', '3', '阿依古丽·买买提']],
      [4, ['H2', '1981-01-01', '2', '王五']],
    ]);
    expect([...(table.rows[0].numericCells ?? [])]).toEqual([2]);
  });

  it('marks long numbers as numeric so an ID number Excel mangled can be refused', () => {
    expect(cellText(430523198003071234)).toEqual({ text: '430523198003071200', numeric: true });
    expect(cellText(null)).toEqual({ text: '', numeric: false });
    expect(cellText(true)).toEqual({ text: 'true', numeric: false });
    expect(cellText({ text: '链接', hyperlink: 'http://x' })).toEqual({ text: '链接', numeric: false });
  });

  it('refuses damaged files and archives that would inflate beyond the limit', async () => {
    await expect(parseXlsx(Buffer.from('PK\u0003\u0004 not really a zip'))).rejects.toBeInstanceOf(TableError);
    const buffer = await workbook([['a'], ['b']]);
    expect(checkZipInflatedSize(buffer)).toBeGreaterThan(0);
    expect(() => checkZipInflatedSize(buffer, 10)).toThrow(/inflates to more than/);
  });

  it('counts what a streaming reader inflates, entry by entry in file order, sizes after the data included', async () => {
    const buffer = await workbook([['户编号'], ['H1']]);
    expect(await checkInflatedSize(buffer)).toBe(checkZipInflatedSize(buffer));
    const entry = (name: string, text: string) => ({
      name,
      data: deflateRawSync(Buffer.from(text.repeat(1000))),
      declaredSize: 1,
    });
    const streamed = zip([entry('a.xml', '<a/>'), entry('b.xml', '<bb/>')], true);
    expect(await checkInflatedSize(streamed)).toBe(9000);
    await expect(checkInflatedSize(streamed, 8999)).rejects.toMatchObject({ rule: 'xlsx_too_large' });
  });

  it('refuses more data rows than asked while reading, in the fast reader and in exceljs', async () => {
    const buffer = await workbook([['户编号'], ['H1'], [], ['H2'], ['H3']]);
    expect((await parseXlsx(buffer, { maxRows: 3 })).rows).toHaveLength(3);
    await expect(parseXlsx(buffer, { maxRows: 2 })).rejects.toMatchObject({ rule: 'too_many_rows' });
    await expect(parseXlsxWithExcelJs(buffer, { maxRows: 2 })).rejects.toMatchObject({ rule: 'too_many_rows' });
  });
});

describe('fast XLSX reader against exceljs', () => {
  async function both(buffer: Buffer) {
    expect(() =>
      readXlsxFast(
        buffer,
        () => undefined,
        () => false,
      ),
    ).not.toThrow(); // the fast path, not the fallback
    return { fast: await parseXlsx(buffer), slow: await parseXlsxWithExcelJs(buffer) };
  }
  const rows: ExcelJS.CellValue[][] = [
    ['户编号', '身份证号', '出生日期', '人数', '已参保', '备注', '公式'],
    [
      'H1',
      '43052319800307123X',
      new Date('1980-03-07T00:00:00Z'),
      3,
      true,
      'a & b <c> "d"',
      { formula: 'D2*2', result: 6 },
    ],
    [
      'H2',
      430523198003071234,
      new Date('2001-12-31T00:00:00Z'),
      2.5,
      false,
      { richText: [{ text: '阿依古丽' }, { text: '·买买提' }] },
      { formula: 'A3', result: 'H2' },
    ],
    [],
    ['H3', null, '1990-01-01', null, null, '  spaced  ', null],
  ];

  it('reads what exceljs reads, with shared strings', async () => {
    const { fast, slow } = await both(await workbook(rows));
    expect(fast).toEqual(slow);
    expect(fast.rows[0].cells).toEqual(['H1', '43052319800307123X', '1980-03-07', '3', 'true', 'a & b <c> "d"', '6']);
    expect(fast.rows.map((r) => r.row)).toEqual([2, 3, 5]);
  });

  it('reads what exceljs reads, with inline strings and a sheet before the data sheet', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明');
    const ws = wb.addWorksheet('花名册');
    for (const r of rows) ws.addRow(r);
    const buffer = Buffer.from(await wb.xlsx.writeBuffer({ useSharedStrings: false } as ExcelJS.XlsxWriteOptions));
    const { fast, slow } = await both(buffer);
    expect(fast).toEqual(slow);
  });

  it('keeps a Chinese character whole where it straddles two inflated chunks (exceljs alone breaks it into U+FFFD)', async () => {
    // ~600 KB of three-byte characters: dozens of 16 KB chunk boundaries fall inside a character
    const names =
      '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈';
    const many: ExcelJS.CellValue[][] = [['户编号', '备注']];
    for (let i = 0; i < 4_000; i++) many.push([`H${i}`, `${names.slice(i % 40)}${names.slice(0, i % 40)}${i}`]);
    const buffer = await workbook(many);
    const slow = await parseXlsxWithExcelJs(buffer);
    expect(slow.rows.filter((r) => r.cells.some((c) => c.includes('\uFFFD'))).map((r) => r.row)).toEqual([]);
    expect(slow).toEqual(await parseXlsx(buffer));
  });

  it('is fast on a county-sized roster', async () => {
    const many: ExcelJS.CellValue[][] = [rows[0]];
    for (let i = 0; i < 20_000; i++)
      many.push([
        `H${i}`,
        `43052319800307${String(i % 1000).padStart(3, '0')}X`,
        new Date('1980-03-07T00:00:00Z'),
        i,
        true,
        '王建国',
        'x',
      ]);
    const buffer = await workbook(many);
    const t = Date.now();
    const table = await parseXlsx(buffer);
    expect(table.rows).toHaveLength(20_000);
    expect(Date.now() - t).toBeLessThan(1500);
  });
});

describe('XLSX zip bombs (sizes understated in the central directory)', () => {
  const limitMb = Math.round(XLSX_MAX_UNCOMPRESSED_BYTES / 1024 / 1024);
  const tooLarge = async (buffer: Buffer) => {
    const e = await parseXlsx(buffer).then(
      () => null,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(TableError);
    expect((e as TableError).rule).toBe('xlsx_too_large');
    expect((e as TableError).text.en).toContain(`${limitMb} MB`);
    expect((e as TableError).text['zh-CN']).toContain(`${limitMb} MB`);
  };

  it('passes the central-directory check (it only reads the declared sizes)', () => {
    const bomb = xlsxBomb(XLSX_MAX_UNCOMPRESSED_BYTES + 8 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(8 * 1024 * 1024);
    expect(checkZipInflatedSize(bomb)).toBeLessThan(64 * 1024);
  });

  it('is refused by the fast reader once the bytes actually inflated pass the limit, naming it', async () => {
    await tooLarge(xlsxBomb(XLSX_MAX_UNCOMPRESSED_BYTES + 8 * 1024 * 1024));
  }, 30_000);

  it('is refused before exceljs reads it when the fast reader hands the workbook over (a <sheet> tag over two lines)', async () => {
    const bomb = xlsxBomb(XLSX_MAX_UNCOMPRESSED_BYTES + 8 * 1024 * 1024, true);
    expect(() =>
      readXlsxFast(
        bomb,
        () => undefined,
        () => true,
      ),
    ).toThrow(UnsupportedXlsx);
    await tooLarge(bomb);
  }, 30_000);
});
