import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import ExcelJS from 'exceljs';
import { MAX_COLUMNS, type Table, TableError, type TableRow, tooManyRows } from './tabular';
import { readXlsxFast } from './xlsx-fast';
import { XLSX_MAX_UNCOMPRESSED_BYTES, checkInflatedSize, xlsxTooLarge } from './zip-inflate';

export { XLSX_MAX_UNCOMPRESSED_BYTES } from './zip-inflate';

export interface XlsxOptions {
  /** More data rows are refused while reading (too_many_rows). */
  maxRows?: number;
  /** Bytes the archive may inflate to, counted as they are inflated. */
  maxInflatedBytes?: number;
}

/**
 * Sum of the uncompressed sizes in a ZIP's central directory, read without inflating anything: a quick
 * refusal of archives that say they are too large. Only what they say — the readers count what they inflate.
 * Throws a TableError when the archive is malformed, ZIP64 or too large once inflated.
 */
export function checkZipInflatedSize(buffer: Buffer, limit = XLSX_MAX_UNCOMPRESSED_BYTES): number {
  const bad = () =>
    new TableError('xlsx_unreadable', {
      'zh-CN': 'XLSX 文件已损坏或不是有效的 Excel 工作簿',
      en: 'the XLSX file is damaged or not an Excel workbook',
    });
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
    if (size === 0xffffffff)
      total = Number.POSITIVE_INFINITY; // ZIP64: a spreadsheet this size is refused anyway
    else total += size;
    offset +=
      46 + buffer.readUInt16LE(offset + 28) + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  if (total > limit) throw xlsxTooLarge(limit);
  return total;
}

type CellValue = ExcelJS.CellValue;

/** A cell as text the way a person reads it; `numeric` tells that Excel stored it as a number. */
export function cellText(value: CellValue): { text: string; numeric: boolean } {
  if (value === null || value === undefined) return { text: '', numeric: false };
  if (typeof value === 'string') return { text: value, numeric: false };
  if (typeof value === 'number')
    return {
      text: Number.isInteger(value) && Math.abs(value) < 2 ** 53 ? value.toFixed(0) : String(value),
      numeric: true,
    };
  if (typeof value === 'boolean') return { text: value ? 'true' : 'false', numeric: false };
  if (value instanceof Date)
    return { text: Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10), numeric: false };
  if (typeof value === 'object') {
    if ('richText' in value && Array.isArray(value.richText))
      return { text: value.richText.map((r) => r.text).join(''), numeric: false };
    if ('formula' in value || 'sharedFormula' in value)
      return cellText((value as { result?: CellValue }).result ?? null);
    if ('hyperlink' in value && 'text' in value) return { text: String(value.text ?? ''), numeric: false };
    if ('error' in value) return { text: String(value.error), numeric: false };
  }
  return { text: String(value), numeric: false };
}

/** Builds a table from rows in sheet order: the first non-blank row is the header; refuses more than `maxRows` data rows. */
class TableBuilder {
  headers: string[] | null = null;
  readonly rows: TableRow[] = [];

  constructor(private readonly maxRows = Number.POSITIVE_INFINITY) {}

  add(values: CellValue[], rowNumber: number): void {
    const texts: string[] = [];
    const numeric = new Set<number>();
    const width = this.headers ? this.headers.length : Math.min(values.length - 1, MAX_COLUMNS);
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
    if (this.rows.length >= this.maxRows) throw tooManyRows(this.maxRows);
    this.rows.push({ row: rowNumber, cells: texts, ...(numeric.size ? { numericCells: numeric } : {}) });
  }
}

const unreadable = () =>
  new TableError('xlsx_unreadable', {
    'zh-CN': 'XLSX 文件已损坏或不是有效的 Excel 工作簿',
    en: 'the XLSX file is damaged or not an Excel workbook',
  });

/**
 * The first worksheet that has content, as a table; the first non-blank row is the header. Read with the
 * fast reader (xlsx-fast.ts); a workbook it does not understand is read again with exceljs. Either way the
 * archive inflates to at most `maxInflatedBytes` (xlsx_too_large past it).
 */
export async function parseXlsx(buffer: Buffer, options: XlsxOptions = {}): Promise<Table> {
  const limit = options.maxInflatedBytes ?? XLSX_MAX_UNCOMPRESSED_BYTES;
  checkZipInflatedSize(buffer, limit);
  let builder = new TableBuilder(options.maxRows);
  try {
    readXlsxFast(
      buffer,
      (values, rowNumber) => builder.add(values, rowNumber),
      () => {
        if (builder.headers) return true;
        builder = new TableBuilder(options.maxRows);
        return false;
      },
      limit,
    );
  } catch (e) {
    if (e instanceof TableError) throw e;
    // UnsupportedXlsx, or zlib / ZIP trouble: exceljs decides (and reports a damaged file)
    return parseXlsxWithExcelJs(buffer, options);
  }
  if (!builder.headers)
    throw new TableError('empty_file', { 'zh-CN': '工作簿中没有数据', en: 'the workbook has no data' });
  return { headers: builder.headers, rows: builder.rows };
}

/**
 * exceljs' streaming reader: slower, but reads every workbook Excel writes. It inflates without a limit of its
 * own, so every entry is first inflated here the way it will walk them, counted and thrown away.
 */
export async function parseXlsxWithExcelJs(buffer: Buffer, options: XlsxOptions = {}): Promise<Table> {
  const limit = options.maxInflatedBytes ?? XLSX_MAX_UNCOMPRESSED_BYTES;
  checkZipInflatedSize(buffer, limit);
  await checkInflatedSize(buffer, limit);
  const reader = new Utf8WorkbookReader(Readable.from([buffer]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let found: TableBuilder | null = null;
  try {
    for await (const sheet of reader) {
      const builder = new TableBuilder(options.maxRows);
      for await (const row of sheet) builder.add(row.values as CellValue[], row.number);
      if (builder.headers) {
        found = builder;
        break;
      }
    }
  } catch (e) {
    throw e instanceof TableError ? e : unreadable();
  }
  if (!found?.headers)
    throw new TableError('empty_file', { 'zh-CN': '工作簿中没有数据', en: 'the workbook has no data' });
  return { headers: found.headers, rows: found.rows };
}

/** Inflated XML as text, decoded across chunk boundaries: a character split between two chunks stays whole. */
async function* utf8Text(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of source) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

type ReaderInternals = {
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string): Generator<unknown>;
};

/**
 * exceljs 4.4's streaming reader decodes every inflated chunk on its own (utils/parse-sax.js), so a multi-byte
 * character that straddles two chunks becomes U+FFFD — on the bench county's roster, 因婚、缺资金 was read as
 * 因婚、���资金 (npm run bench:readers). Its XML parser takes text as it is, so the shared strings and worksheets are
 * handed to it already decoded, with a decoder that carries a split character over to the next chunk.
 */
class Utf8WorkbookReader extends ExcelJS.stream.xlsx.WorkbookReader {
  _parseSharedStrings(entry: Readable) {
    const parent = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
    return parent._parseSharedStrings.call(this, Readable.from(utf8Text(entry)));
  }

  _parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    const parent = ExcelJS.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
    return parent._parseWorksheet.call(this, utf8Text(iterator), sheetNo);
  }
}
