/**
 * Reports as CSV, one way for every service: UTF-8 with a byte-order mark (spreadsheet programs then read the Chinese
 * text as UTF-8), CRLF line ends, quoting where a cell needs it, and text that a spreadsheet would run as a formula
 * (= + - @ tab CR first) made inert with a leading apostrophe. Numbers are written as they are.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The rows as a CSV document with `columns` as its header, in that order. */
export function rowsCsv<R extends object>(rows: readonly R[], columns: readonly (keyof R & string)[]): string {
  const cell = (r: R, k: keyof R & string) => csvCell(r[k] as string | number | null | undefined);
  const lines = [columns.join(','), ...rows.map((r) => columns.map((k) => cell(r, k)).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
