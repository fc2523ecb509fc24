/** One CSV field, quoted when it must be (delimiter, quote, line break, leading/trailing space). */
function csvField(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return values.map(csvField).join(',');
}

/** Lines as one CSV text, CRLF-terminated like a spreadsheet's export. */
export function csvText(lines: readonly string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The first two cells of every record after the header of a roster written by `generateRosterCsv` (keys may have
 * been rewritten since, e.g. prefixed): its cells are never quoted nor span lines, so records are lines.
 */
export function leadingCells(csv: string): [string, string][] {
  return csv
    .split('\r\n')
    .slice(1)
    .filter((line) => line !== '')
    .map((line) => {
      const [first, second = ''] = line.split(',', 2);
      return [first, second];
    });
}
