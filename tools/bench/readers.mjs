// Benchmark: the import readers against the libraries (issue 11, "one job system": use exceljs' streaming reader and
// csv-parse instead of the hand-written readers unless the library is more than 2× slower on the bench county's
// roster). Reads the same roster (default: the bench county, 34,677 people) as CSV and as XLSX with each reader,
// checks they produce the same table, and prints rows/s, the ratio and the verdict. In-process, no servers.
// Uses the built code (dist/, run `npm run build` first).
//   npm run bench:readers [-- --households 10750 --people 34677 --rounds 3]
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { parse as csvParse } from 'csv-parse/sync';
import { dist, fmt, log } from './harness.mjs';

const { values: argv } = parseArgs({
  options: {
    households: { type: 'string', default: '10750' },
    people: { type: 'string', default: '34677' },
    villages: { type: 'string', default: '98' },
    townships: { type: 'string', default: '15' },
    rounds: { type: 'string', default: '3' },
  },
  strict: true,
});
const { generateRosterCsv } = dist('libs/population/src/index.js');
const { parseCsv, toTable, decodeText } = dist('apps/identification-service/src/imports/tabular.js');
const { parseXlsx, parseXlsxWithExcelJs } = dist('apps/identification-service/src/imports/xlsx-reader.js');

const roster = generateRosterCsv({
  county: '522634',
  townships: Number(argv.townships),
  villages: Number(argv.villages),
  households: Number(argv.households),
  people: Number(argv.people),
  seed: 20141,
});
const csv = Buffer.from(roster.csv, 'utf8');
const xlsx = await toXlsx(roster.csv);
log(
  `roster: ${fmt(roster.people)} people — CSV ${(csv.length / 1e6).toFixed(1)} MB, XLSX ${(xlsx.length / 1e6).toFixed(1)} MB`,
);

/** The same sheet as an XLSX workbook, written by exceljs (strings as Excel keeps them: shared strings). */
async function toXlsx(text) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('roster');
  for (const record of csvParse(text, { relax_column_count: true })) sheet.addRow(record);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** csv-parse into the importers' table shape (line numbers as the hand-written reader counts them). */
function csvParseTable(buffer) {
  const records = csvParse(decodeText(buffer), { relax_column_count: true, info: true, skip_empty_lines: true });
  return toTable(records.map((r) => ({ line: r.info.lines, cells: r.record })));
}

async function best(label, fn) {
  let ms = Infinity;
  let table;
  for (let i = 0; i < Number(argv.rounds); i++) {
    const t0 = performance.now();
    table = await fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  const perSec = Math.round((table.rows.length * 1000) / ms);
  log(`  ${label.padEnd(34)} ${fmt(table.rows.length)} rows in ${(ms / 1000).toFixed(2)} s = ${fmt(perSec)} rows/s`);
  return { table, perSec };
}

/** Cells where the library's table differs from ours (the first one shown): both must read the same roster. */
function differences(ours, theirs) {
  let count = 0;
  let first = null;
  ours.rows.forEach((r, i) =>
    r.cells.forEach((cell, j) => {
      const other = theirs.rows[i]?.cells[j];
      if (cell === other) return;
      count++;
      first ??= `row ${r.row} column ${j + 1}: ours ${JSON.stringify(cell)}, library ${JSON.stringify(other)}`;
    }),
  );
  log(`  differing cells: ${count}${first ? ` (first: ${first})` : ''}`);
  return count;
}

function verdict(kind, own, library, name) {
  const ratio = own.perSec / library.perSec;
  const keep = ratio > 2;
  log(
    `  ${kind}: ${name} is ${ratio.toFixed(2)}× slower than ours → ${keep ? 'keep the hand-written reader (> 2×)' : `use ${name} (≤ 2×)`}`,
  );
  return { ratio: Number(ratio.toFixed(2)), keepOwn: keep };
}

log('CSV');
const ownCsv = await best('hand-written (tabular.ts)', () => parseCsv(csv));
const libCsv = await best('csv-parse (sync)', () => csvParseTable(csv));
const csvDiff = differences(ownCsv.table, libCsv.table);
const csvVerdict = verdict('CSV', ownCsv, libCsv, 'csv-parse');
log('XLSX');
const ownXlsx = await best('hand-written (xlsx-fast.ts)', () => parseXlsx(xlsx));
const libXlsx = await best('exceljs streaming WorkbookReader', () => parseXlsxWithExcelJs(xlsx));
const xlsxDiff = differences(ownXlsx.table, libXlsx.table);
const xlsxVerdict = verdict('XLSX', ownXlsx, libXlsx, 'exceljs');
console.log(
  JSON.stringify({
    people: roster.people,
    csv: { own: ownCsv.perSec, csvParse: libCsv.perSec, differingCells: csvDiff, ...csvVerdict },
    xlsx: { own: ownXlsx.perSec, exceljs: libXlsx.perSec, differingCells: xlsxDiff, ...xlsxVerdict },
  }),
);
