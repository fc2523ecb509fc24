import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { type Table, TableError, type TableRow } from './tabular';
import { readXlsxFast } from './xlsx-fast';

/** Refuse archives that inflate beyond these (a 50 MB upload must not become a zip bomb in memory). */
export const XLSX_MAX_UNCOMPRESSED_BYTES = 800 * 1024 * 1024;

/**
 * Sum of the uncompressed sizes in a ZIP's central directory, read without inflating anything.
 * Throws a TableError when the archive is malformed, ZIP64 or too large once inflated.
 */
export function checkZipInflatedSize(buffer: Buffer, limit = XLSX_MAX_UNCOMPRESSED_BYTES): number {
  const bad = () => new TableError('xlsx_unreadable', { 'zh-CN': 'XLSX 文件已损坏或不是有效的 Excel 工作簿', en: 'the XLSX file is damaged or not an Excel workbook' });
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw bad();
  const entries = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  let total = 0;
  for (let e = 0; e < entries; e++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50) throw bad();
    const size = buffer.readUInt32LE(offset + 24);
    if (size === 0xffffffff) total = Number.POSITIVE_INFINITY; // ZIP64: a spreadsheet this size is refused anyway
    else total += size;
    offset += 46 + buffer.readUInt16LE(offset + 28) + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  if (total > limit) {
    throw new TableError('xlsx_too_large', {
      'zh-CN': `XLSX 文件解压后超过 ${Math.round(limit / 1024 / 1024)} MB，请拆分后上传或另存为 CSV`,
      en: `the XLSX file inflates to more than ${Math.round(limit / 1024 / 1024)} MB; split it or save it as CSV`,
    });
  }
  return total;
}

type CellValue = ExcelJS.CellValue;

/** A cell as text the way a person reads it; `numeric` tells that Excel stored it as a number. */
export function cellText(value: CellValue): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'string') return { text: value, numeric: false };
  if (typeof value === 'number') return { text: Number.isInteger(value) && Math.abs(value) < 2 ** 53 ? value.toFixed(0) : String(value), numeric: true };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false', numeric: false };
  if (value instanceof Date) return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10), numeric: false };
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText)) return { text: value.richText.map((r) => r.text).join(''), numeric: false };
    if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result ?? null);
    if ('hyperlink' in value && 'text' in value) return { text: String(value.text ?? ''), numeric: false };
    if ('error' in value) return { text: String(value.error), numeric: false };
  }
  return { text: String(value), numeric: false };
}

/** Builds a table from rows in sheet order: the first non-blank row is the header. */
class TableBuilder {
  headers: string[] | null = null;
  readonly rows: TableRow[] = [];

  add(values: CellValue[], rowNumber: number): void {
    const texts: string[] = [];
    const numeric = new Set<number>();
    const width = this.headers ? this.headers.length : values.length - 1;
    for (let c = 1; c <= width; c++) {
      const { text, numeric: isNumber } = cellText(values[c]);
      texts.push(text.trim());
      if (isNumber) numeric.add(c - 1);
    }
    if (texts.every((t) => t === '')) return;
    if (!this.headers) {
      let last = texts.length;
      while (last > 0 && texts[last - 1] === '') last--;
      this.headers = texts.slice(0, last);
      return;
    }
    this.rows.push({ row: rowNumber, cells: texts, ...(numeric.size ? { numericCells: numeric } : {}) });
  }
}

const unreadable = () => new TableError('xlsx_unreadable', { 'zh-CN': 'XLSX 文件已损坏或不是有效的 Excel 工作簿', en: 'the XLSX file is damaged or not an Excel workbook' });

/**
 * The first worksheet that has content, as a table; the first non-blank row is the header. Read with the
 * fast reader (xlsx-fast.ts); a workbook it does not understand is read again with exceljs.
 */
export async function parseXlsx(buffer: Buffer): Promise<Table> {
  checkZipInflatedSize(buffer);
  let builder = new TableBuilder();
  try {
    readXlsxFast(
      buffer,
      (values, rowNumber) => builder.add(values, rowNumber),
      () => {
        if (builder.headers) return true;
        builder = new TableBuilder();
        return false;
      },
    );
  } catch (e) {
    if (e instanceof TableError) throw e;
    // UnsupportedXlsx, or zlib / ZIP trouble: exceljs decides (and reports a damaged file)
    return parseXlsxWithExcelJs(buffer);
  }
  if (!builder.headers) throw new TableError('empty_file', { 'zh-CN': '工作簿中没有数据', en: 'the workbook has no data' });
  return { headers: builder.headers, rows: builder.rows };
}

/** exceljs' streaming reader: slower, but reads every workbook Excel writes. */
export async function parseXlsxWithExcelJs(buffer: Buffer): Promise<Table> {
  checkZipInflatedSize(buffer);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  });
  let found: TableBuilder | null = null;
  try {
    for await (const sheet of reader) {
      const builder = new TableBuilder();
      for await (const row of sheet) builder.add(row.values as CellValue[], row.number);
      if (builder.headers) {
        found = builder;
        break;
      }
    }
  } catch {
    throw unreadable();
  }
  if (!found?.headers) throw new TableError('empty_file', { 'zh-CN': '工作簿中没有数据', en: 'the workbook has no data' });
  return { headers: found.headers, rows: found.rows };
}
