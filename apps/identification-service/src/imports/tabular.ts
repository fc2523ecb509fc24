/**
 * Uploaded spreadsheets as plain tables: a header row and data rows of trimmed strings, each data row
 * with the line number a person sees in Excel (header = row 1, first data row = row 2).
 * CSV decoding and parsing are pure and here; XLSX reading (exceljs) is in xlsx-reader.ts.
 */

export type UploadFormat = 'csv' | 'xlsx';

export interface TableRow {
  /** Spreadsheet row number (1-based, the header is row 1). */
  row: number;
  cells: string[];
  /** Cells that the spreadsheet stored as numbers (XLSX only): a long ID number stored so has lost digits. */
  numericCells?: ReadonlySet<number>;
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

export class TableError extends Error {
  constructor(
    readonly rule: string,
    readonly text: { 'zh-CN': string; en: string },
  ) {
    super(text.en);
    this.name = 'TableError';
  }
}

/** What the bytes are, whatever the Content-Type said: XLSX is a ZIP (PK\3\4); legacy .xls (OLE2) is refused. */
export function sniffFormat(buffer: Uint8Array): UploadFormat | 'xls' {
  if (buffer.length >= 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04)
    return 'xlsx';
  if (buffer.length >= 4 && buffer[0] === 0xd0 && buffer[1] === 0xcf && buffer[2] === 0x11 && buffer[3] === 0xe0)
    return 'xls';
  return 'csv';
}

/**
 * Text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 — what Excel on a
 * Chinese Windows writes when "CSV" is chosen (GBK is a subset of GB18030).
 */
export function decodeText(buffer: Uint8Array): string {
  if (buffer.length >= 3 && buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf)
    return new TextDecoder('utf-8').decode(buffer.subarray(3));
  if (buffer.length >= 2 && buffer[0] === 0xff && buffer[1] === 0xfe)
    return new TextDecoder('utf-16le').decode(buffer.subarray(2));
  if (buffer.length >= 2 && buffer[0] === 0xfe && buffer[1] === 0xff)
    return new TextDecoder('utf-16be').decode(buffer.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** The delimiter of the header line: comma unless the line has none and has tabs or semicolons. */
function detectDelimiter(text: string): string {
  const end = text.search(/\r|\n/);
  const first = end < 0 ? text : text.slice(0, end);
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}

/** Excel's widest sheet (column XFD): no spreadsheet has more columns, so a record with more fields is refused. */
export const MAX_COLUMNS = 16_384;

function tooManyColumns(line: number): TableError {
  return new TableError('too_many_columns', {
    'zh-CN': `第${line}行超过 ${MAX_COLUMNS} 列（Excel 的最大列数）`,
    en: `row ${line} has more than ${MAX_COLUMNS.toLocaleString('en')} columns (the most Excel allows)`,
  });
}

/** More data rows than one import takes: refused while reading, before the rows fill the memory. */
export function tooManyRows(max: number): TableError {
  return new TableError('too_many_rows', {
    'zh-CN': `文件超过 ${max} 行数据，一次最多导入 ${max} 行：请按乡镇拆分后分别上传`,
    en: `the file has more than ${max.toLocaleString('en')} data rows; at most ${max.toLocaleString('en')} per import: split it by township`,
  });
}

/**
 * RFC 4180 CSV: quoted fields with "" escapes and embedded line breaks, CRLF, LF or CR, any delimiter
 * detected from the header line. Returns the records with their row numbers as Excel shows them
 * (the n-th record is row n, blank lines included; a line break inside quotes does not start a row).
 */
export function parseCsvRecords(input: string): { line: number; cells: string[] }[] {
  const out: { line: number; cells: string[] }[] = [];
  eachCsvRecord(input, (line, cells) => out.push({ line, cells }));
  return out;
}

/**
 * The records of `parseCsvRecords`, one at a time (nothing is kept here). Lines without a quote take a fast
 * path (one charCodeAt pass); the others go through the full state machine.
 */
export function eachCsvRecord(input: string, onRecord: (line: number, cells: string[]) => void): void {
  const text = input.includes('\n') || !input.includes('\r') ? input : input.replace(/\r/g, '\n');
  const delimiter = detectDelimiter(text).charCodeAt(0);
  const n = text.length;
  let line = 0;
  let i = 0;
  // one pass with charCodeAt (repeated indexOf from an offset hits a slow path in optimised V8 code)
  while (i < n) {
    const cells: string[] = [];
    let from = i;
    let j = i;
    let quoted = false;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c === 10) break;
      if (c === delimiter) {
        if (cells.length === MAX_COLUMNS - 1) throw tooManyColumns(line + 1);
        cells.push(text.slice(from, j));
        from = j + 1;
      } else if (c === 34) {
        quoted = true;
        break;
      }
    }
    line++;
    if (quoted) {
      const record = parseQuotedRecord(text, i, String.fromCharCode(delimiter), line);
      onRecord(line, record.cells);
      i = record.next;
      continue;
    }
    const end = j > from && text.charCodeAt(j - 1) === 13 ? j - 1 : j;
    cells.push(text.slice(from, end));
    onRecord(line, cells);
    i = j + 1;
  }
}

/** The record on `line` that has quotes, from `start`; `next` is the index after its line break. */
function parseQuotedRecord(
  text: string,
  start: number,
  delimiter: string,
  line: number,
): { cells: string[]; next: number } {
  const cells: string[] = [];
  let field = '';
  let quoted = false;
  let fieldStarted = false;
  const n = text.length;
  for (let i = start; i < n; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      if (cells.length === MAX_COLUMNS - 1) throw tooManyColumns(line);
      cells.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      cells.push(field);
      return { cells, next: ch === '\r' && text[i + 1] === '\n' ? i + 2 : i + 1 };
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted)
    throw new TableError('unterminated_quote', {
      'zh-CN': `第${line}行的引号未闭合`,
      en: `a quoted field in row ${line} is never closed`,
    });
  cells.push(field);
  return { cells, next: n };
}

/** Header + data rows built record by record: blank rows dropped, cells trimmed, short rows padded. */
class TableAssembler {
  private headers: string[] | null = null;
  private readonly rows: TableRow[] = [];

  constructor(private readonly maxRows = Number.POSITIVE_INFINITY) {}

  add(line: number, cells: readonly string[]): void {
    if (!cells.some((c) => c.trim() !== '')) return;
    const headers = this.headers;
    if (!headers) {
      this.headers = cells.map((h) => h.trim());
      return;
    }
    if (this.rows.length >= this.maxRows) throw tooManyRows(this.maxRows);
    this.rows.push({ row: line, cells: headers.map((_, i) => (cells[i] ?? '').trim()) });
  }

  table(): Table {
    if (!this.headers)
      throw new TableError('empty_file', { 'zh-CN': '文件为空：没有表头行', en: 'the file is empty: no header row' });
    return { headers: this.headers, rows: this.rows };
  }
}

/** Header + data rows; blank rows (every cell empty) are dropped, cells trimmed, short rows padded. */
export function toTable(records: { line: number; cells: string[] }[]): Table {
  const assembler = new TableAssembler();
  for (const r of records) assembler.add(r.line, r.cells);
  return assembler.table();
}

/** A CSV file as a table, read record by record; more than `maxRows` data rows are refused (too_many_rows). */
export function parseCsv(buffer: Uint8Array, maxRows?: number): Table {
  const assembler = new TableAssembler(maxRows);
  eachCsvRecord(decodeText(buffer), (line, cells) => assembler.add(line, cells));
  return assembler.table();
}

/** One CSV field, quoted when it must be (delimiter, quote, line break, leading/trailing space). */
export function csvField(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',');
}
