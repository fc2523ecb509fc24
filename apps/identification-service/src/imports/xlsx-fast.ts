import { InflateBudget, XLSX_MAX_UNCOMPRESSED_BYTES } from './zip-inflate';

/**
 * A small, fast reader for the common shape of an .xlsx file — the ZIP's central directory, deflate via
 * zlib, and a regular-expression scan of workbook, shared strings, styles and the sheet — about 15× faster
 * than exceljs on a county roster. It reads cell values only (strings, numbers, booleans, errors, and
 * numbers in a date format as dates). Anything it does not recognise throws `UnsupportedXlsx`, and the
 * caller falls back to exceljs. The bytes it inflates are counted against one budget per archive (never the
 * sizes the archive declares): past it, the too-large TableError, which is not a reason to fall back.
 */
export class UnsupportedXlsx extends Error {
  constructor(reason: string) {
    super(`fast XLSX reader: ${reason}`);
    this.name = 'UnsupportedXlsx';
  }
}

export type FastCell = string | number | boolean | Date | null;

interface ZipEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function zipEntries(buffer: Buffer): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = buffer.length - 22; i >= Math.max(0, buffer.length - 22 - 65_535); i--) {
    if (buffer.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UnsupportedXlsx('no end of central directory');
  const count = buffer.readUInt16LE(eocd + 10);
  let offset = buffer.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let e = 0; e < count; e++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== 0x02014b50)
      throw new UnsupportedXlsx('bad central directory');
    const nameLength = buffer.readUInt16LE(offset + 28);
    const name = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.set(name.replace(/^\//, ''), {
      method: buffer.readUInt16LE(offset + 10),
      compressedSize: buffer.readUInt32LE(offset + 20),
      localOffset: buffer.readUInt32LE(offset + 42),
    });
    offset += 46 + nameLength + buffer.readUInt16LE(offset + 30) + buffer.readUInt16LE(offset + 32);
  }
  return entries;
}

/** One entry's text, its inflated bytes drawn from `budget`. */
function readEntry(buffer: Buffer, entries: Map<string, ZipEntry>, name: string, budget: InflateBudget): string | null {
  const entry = entries.get(name);
  if (!entry) return null;
  const at = entry.localOffset;
  if (at + 30 > buffer.length || buffer.readUInt32LE(at) !== 0x04034b50)
    throw new UnsupportedXlsx(`bad local header for ${name}`);
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28);
  const data = buffer.subarray(start, start + entry.compressedSize);
  if (entry.method === 0) return budget.take(data).toString('utf8');
  if (entry.method !== 8) throw new UnsupportedXlsx(`compression method ${entry.method}`);
  return budget.inflate(data).toString('utf8');
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decodeXml(s: string): string {
  let out = s;
  if (out.includes('&')) {
    out = out.replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (_, e: string) =>
      e[0] === '#'
        ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)))
        : ENTITIES[e],
    );
  }
  // OOXML escapes control characters as _xHHHH_
  if (out.includes('_x'))
    out = out.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  return out;
}

const attrPatterns = new Map<string, RegExp>();

function attr(attrs: string, name: string): string | undefined {
  let re = attrPatterns.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)${name}="([^"]*)"`);
    attrPatterns.set(name, re);
  }
  const m = re.exec(attrs);
  return m ? m[1] : undefined;
}

/** Text of a string item (<si> or <is>): every <t> run, phonetic runs (<rPh>) left out. */
function runText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let text = '';
  const re = /<t(?:\s[^>]*)?>([^<]*)<\/t>/g;
  for (let m = re.exec(body); m; m = re.exec(body)) text += m[1];
  return decodeXml(text);
}

const BUILTIN_DATE_FORMATS = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56,
  57, 58,
]);

function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^general$/i.test(bare.trim());
}

/** Which cell styles (index into cellXfs) show numbers as dates. */
function dateStyles(stylesXml: string | null): Set<number> {
  const out = new Set<number>();
  if (!stylesXml) return out;
  const custom = new Map<number, string>();
  const fmtRe = /<numFmt\b([^>]*)\/?>/g;
  for (let m = fmtRe.exec(stylesXml); m; m = fmtRe.exec(stylesXml)) {
    const id = attr(m[1], 'numFmtId');
    const code = attr(m[1], 'formatCode');
    if (id !== undefined && code !== undefined) custom.set(Number(id), decodeXml(code));
  }
  const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(stylesXml);
  if (!xfs) return out;
  const xfRe = /<xf\b([^>]*?)\/?>/g;
  let index = 0;
  for (let m = xfRe.exec(xfs[1]); m; m = xfRe.exec(xfs[1]), index++) {
    const id = Number(attr(m[1], 'numFmtId') ?? 0);
    const code = custom.get(id);
    if (code !== undefined ? isDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) out.add(index);
  }
  return out;
}

function columnIndex(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n;
}

/** Excel day serial → Date (UTC midnight), in the 1900 or 1904 date system. */
function serialDate(serial: number, date1904: boolean): Date {
  const days = Math.floor(serial) + (date1904 ? 1462 : 0);
  return new Date(Date.UTC(1899, 11, 30) + days * 86_400_000);
}

/**
 * Every worksheet's rows in workbook order, as 1-based sparse value arrays (the shape of exceljs'
 * `row.values`), calling `onRow` for each; stops at the first sheet `onSheetEnd` accepts. Inflates at most
 * `maxInflatedBytes` in all.
 */
export function readXlsxFast(
  buffer: Buffer,
  onRow: (values: FastCell[], rowNumber: number) => void,
  onSheetEnd: () => boolean,
  maxInflatedBytes = XLSX_MAX_UNCOMPRESSED_BYTES,
): void {
  const entries = zipEntries(buffer);
  const budget = new InflateBudget(maxInflatedBytes);
  const read = (name: string) => readEntry(buffer, entries, name, budget);
  const workbook = read('xl/workbook.xml');
  const rels = read('xl/_rels/workbook.xml.rels');
  if (!workbook || !rels) throw new UnsupportedXlsx('no xl/workbook.xml');
  if (!workbook.includes('<sheets') || !workbook.includes('<sheet '))
    throw new UnsupportedXlsx('workbook uses a namespace prefix');
  const date1904 = /<workbookPr\b[^>]*\sdate1904="(1|true)"/.test(workbook);
  const targets = new Map<string, string>();
  let sharedStringsPath = 'xl/sharedStrings.xml';
  let stylesPath = 'xl/styles.xml';
  const relRe = /<Relationship\b([^>]*)\/?>/g;
  for (let m = relRe.exec(rels); m; m = relRe.exec(rels)) {
    const id = attr(m[1], 'Id');
    const target = attr(m[1], 'Target');
    const type = attr(m[1], 'Type') ?? '';
    if (!id || !target) continue;
    const path = target.startsWith('/') ? target.slice(1) : `xl/${target}`;
    targets.set(id, path);
    if (type.endsWith('/sharedStrings')) sharedStringsPath = path;
    if (type.endsWith('/styles')) stylesPath = path;
  }
  const sheetPaths: string[] = [];
  const sheetRe = /<sheet\b([^>]*)\/?>/g;
  for (let m = sheetRe.exec(workbook); m; m = sheetRe.exec(workbook)) {
    const id = /\s(?:[A-Za-z_][\w.-]*:)?id="([^"]*)"/.exec(m[1])?.[1];
    const path = id ? targets.get(id) : undefined;
    if (!path) throw new UnsupportedXlsx('sheet without a relationship');
    sheetPaths.push(path);
  }

  const shared: string[] = [];
  const sst = read(sharedStringsPath);
  if (sst) {
    const siRe = /<si>([\s\S]*?)<\/si>|<si\/>/g;
    for (let m = siRe.exec(sst); m; m = siRe.exec(sst)) shared.push(m[1] === undefined ? '' : runText(m[1]));
  }
  const dates = dateStyles(read(stylesPath));

  for (const path of sheetPaths) {
    const xml = read(path);
    if (xml === null) throw new UnsupportedXlsx(`missing ${path}`);
    const data = /<sheetData\s*\/>|<sheetData>([\s\S]*)<\/sheetData>/.exec(xml);
    if (!data) throw new UnsupportedXlsx('sheet uses a namespace prefix');
    const rowsXml = data[1] ?? '';
    const rowRe = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
    let nextRow = 1;
    for (let r = rowRe.exec(rowsXml); r; r = rowRe.exec(rowsXml)) {
      const rowNumber = Number(attr(r[1], 'r') ?? nextRow);
      nextRow = rowNumber + 1;
      const values: FastCell[] = [];
      const cellsXml = r[2] ?? '';
      const cellRe = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
      let nextColumn = 1;
      for (let c = cellRe.exec(cellsXml); c; c = cellRe.exec(cellsXml)) {
        const ref = attr(c[1], 'r');
        const column = ref ? columnIndex(ref) : nextColumn;
        nextColumn = column + 1;
        const inner = c[2];
        if (inner === undefined) continue;
        const type = attr(c[1], 't') ?? 'n';
        if (type === 'inlineStr') {
          const is = /<is>([\s\S]*?)<\/is>/.exec(inner);
          values[column] = is ? runText(is[1]) : '';
          continue;
        }
        const v = /<v(?:\s[^>]*)?>([^<]*)<\/v>/.exec(inner)?.[1];
        if (v === undefined) continue;
        if (type === 's') values[column] = shared[Number(v)] ?? '';
        else if (type === 'str' || type === 'e') values[column] = decodeXml(v);
        else if (type === 'b') values[column] = v === '1' || v === 'true';
        else if (type === 'd') values[column] = new Date(v);
        else {
          const n = Number(v);
          if (Number.isNaN(n)) throw new UnsupportedXlsx(`unreadable number ${v}`);
          const style = Number(attr(c[1], 's') ?? 0);
          values[column] = dates.has(style) ? serialDate(n, date1904) : n;
        }
      }
      onRow(values, rowNumber);
    }
    if (onSheetEnd()) return;
  }
}
