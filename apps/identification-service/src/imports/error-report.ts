import type { LocalizedMessage } from '@fupin/localized';
import { csvLine } from './tabular';

/** One row of an import's error report: where (row, column), which rule, and why in both languages. */
export interface ImportError {
  /** Spreadsheet row number (header = 1); 1 for problems with the header itself, 0 for the whole file. */
  row: number;
  /** The column as the file names it (or the canonical name when the column is missing). */
  column: string;
  rule: string;
  message: LocalizedMessage;
  /** The household the row belongs to (roster imports), when known. */
  householdKey?: string;
  /** On the `errors_truncated` line only: how many errors the report does not list. */
  omitted?: number;
}

/** A count as a person reads it in English (50,000). */
export function count(n: number): string {
  return n.toLocaleString('en');
}

/**
 * Where else a value repeated `times` times in the file is: the first other row, and how many more — bounded
 * however often it repeats (listing every other row on every occurrence grows with the square of the repeats).
 */
export function otherRows(firstOther: number, times: number): LocalizedMessage {
  const more = times - 2;
  if (more <= 0) return { 'zh-CN': `第${firstOther}行`, en: `row ${firstOther}` };
  return {
    'zh-CN': `第${firstOther}行及其他${more}行`,
    en: `row ${firstOther} and ${count(more)} other row${more === 1 ? '' : 's'}`,
  };
}

/** "2次 / twice", "5000次 / 5,000 times". */
export function times(n: number): LocalizedMessage {
  return { 'zh-CN': `${n}次`, en: n === 2 ? 'twice' : `${count(n)} times` };
}

export const ERROR_CSV_HEADER = [
  '行号 row',
  '列 column',
  '规则 rule',
  '说明 message (zh-CN)',
  'message (en)',
  '户编号 household_key',
];

/** A cell Excel would run as a formula (=, +, -, @) is prefixed with ' (CSV injection). */
function inert(value: string | number | undefined): string {
  const s = value === undefined ? '' : String(value);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
}

/**
 * The error report as CSV: UTF-8 with a BOM so Excel opens the Chinese text correctly, CRLF line ends,
 * sorted by row then column.
 */
export function errorReportCsv(errors: readonly ImportError[]): string {
  const sorted = [...errors].sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  const lines = [csvLine(ERROR_CSV_HEADER)];
  for (const e of sorted)
    lines.push(
      csvLine([
        e.row,
        inert(e.column),
        inert(e.rule),
        inert(e.message['zh-CN']),
        inert(e.message.en),
        inert(e.householdKey),
      ]),
    );
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
