import { csvLine } from './tabular';

export interface LocalizedText {
  'zh-CN': string;
  en: string;
}

/** One row of an import's error report: where (row, column), which rule, and why in both languages. */
export interface ImportError {
  /** Spreadsheet row number (header = 1); 1 for problems with the header itself, 0 for the whole file. */
  row: number;
  /** The column as the file names it (or the canonical name when the column is missing). */
  column: string;
  rule: string;
  message: LocalizedText;
  /** The household the row belongs to (roster imports), when known. */
  householdKey?: string;
}

export const ERROR_CSV_HEADER = ['行号 row', '列 column', '规则 rule', '说明 message (zh-CN)', 'message (en)', '户编号 household_key'];

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
  for (const e of sorted) lines.push(csvLine([e.row, inert(e.column), inert(e.rule), inert(e.message['zh-CN']), inert(e.message.en), inert(e.householdKey)]));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
