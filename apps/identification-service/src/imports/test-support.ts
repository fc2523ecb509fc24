// Helpers for this folder's tests (not used by the service).
import { constants as zlibConstants, deflateRawSync } from 'node:zlib';
import { residentIdCheckDigit } from '@fupin/identification-rules';
import { csvLine } from './tabular';

export const ROSTER_HEADERS_EN = [
  'household_key',
  'village_code',
  'id_number',
  'name',
  'birth_date',
  'relation',
  'ethnicity',
  'education',
  'student_status',
  'health',
  'labour_ability',
  'basic_medical_insured',
  'pension_insured',
  'phone',
  'main_cause',
  'other_causes',
  'assistance_category',
] as const;

export type RosterRow = Record<(typeof ROSTER_HEADERS_EN)[number], string>;

let sequence = 0;

/** A valid resident ID for a county and birth date (sequence numbers unique within the process). */
export function residentId(county: string, birthDate: string, sex: 'male' | 'female' = 'male'): string {
  sequence = (sequence + 1) % 500;
  const seq = sequence * 2 + (sex === 'male' ? 1 : 0);
  const first17 = `${county}${birthDate.replace(/-/g, '')}${String(seq).padStart(3, '0')}`;
  return first17 + residentIdCheckDigit(first17);
}

/** A household of `size` rows: head first; household-level values on the head's row. */
export function householdRows(
  key: string,
  village: string,
  size: number,
  overrides: Partial<RosterRow>[] = [],
): RosterRow[] {
  const county = village.slice(0, 6);
  return Array.from({ length: size }, (_, i) => {
    const birth =
      i === 0
        ? '1968-05-17'
        : i === 1
          ? '1970-02-03'
          : `20${String(5 + i).padStart(2, '0')}-0${(i % 9) + 1}-1${i % 10}`;
    const sex = i === 1 ? 'female' : 'male';
    const row: RosterRow = {
      household_key: key,
      village_code: village,
      id_number: residentId(county, birth, sex),
      name: ['王建国', '李秀英', '王小明', '王小红', '阿依古丽·买买提'][i % 5],
      birth_date: birth,
      relation: i === 0 ? '户主' : i === 1 ? '配偶' : '子女',
      ethnicity: '汉族',
      education: '初中',
      student_status: i >= 2 ? '小学在读' : '非在校生',
      health: i === 0 ? '长期慢性病' : '健康',
      labour_ability: i >= 2 ? '无劳动力' : '普通劳动力',
      basic_medical_insured: '是',
      pension_insured: i < 2 ? '是' : '否',
      phone: i === 0 ? '13807301234' : '',
      main_cause: i === 0 ? '因病' : '',
      other_causes: i === 0 ? '缺技术' : '',
      assistance_category: i === 0 ? '发展生产脱贫一批' : '',
    };
    return { ...row, ...(overrides[i] ?? {}) };
  });
}

export function rosterCsv(rows: RosterRow[], headers: readonly string[] = ROSTER_HEADERS_EN): string {
  return [csvLine(headers), ...rows.map((r) => csvLine(ROSTER_HEADERS_EN.map((h) => r[h])))].join('\r\n') + '\r\n';
}

/**
 * A ZIP written by hand: each entry deflated (`data` already raw deflate) with the sizes we choose to declare —
 * in the local header, or (`descriptors`) in a data descriptor after the data, as streaming writers do.
 */
export function zip(entries: { name: string; data: Buffer; declaredSize: number }[], descriptors = false): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(descriptors ? 0x08 : 0, 6);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(descriptors ? 0 : e.data.length, 18);
    local.writeUInt32LE(descriptors ? 0 : e.declaredSize, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(descriptors ? 16 : 0);
    if (descriptors) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(e.data.length, 8);
      descriptor.writeUInt32LE(e.declaredSize, 12);
    }
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.declaredSize, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data, descriptor);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length + descriptor.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Raw deflate of `head`, then `body` `times` over, then `tail` — built without ever holding the inflated text. */
function deflateRepeated(head: string, body: string, times: number, tail: string): Buffer {
  const flush = (s: string) => deflateRawSync(Buffer.from(s, 'utf8'), { finishFlush: zlibConstants.Z_FULL_FLUSH });
  const block = flush(body); // full flush: no back-references across blocks, so the block can be repeated as it is
  return Buffer.concat([
    flush(head),
    ...Array.from({ length: times }, () => block),
    deflateRawSync(Buffer.from(tail, 'utf8')),
  ]);
}

/**
 * An .xlsx zip bomb: a sheet of about `inflatedBytes` of rows whose central directory claims 4 KB per entry.
 * `odd` breaks the workbook's <sheet> tag over two lines: valid XML, which the fast reader leaves to exceljs.
 */
export function xlsxBomb(inflatedBytes: number, odd = false): Buffer {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const small = (text: string) => ({
    data: deflateRawSync(Buffer.from(text, 'utf8')),
    declaredSize: Buffer.byteLength(text),
  });
  const cell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
  const header = `<row r="1">${cell('A1', '户编号')}${cell('B1', '身份证号')}</row>`;
  const rows = Array.from(
    { length: 4000 },
    () => `<row r="2">${cell('A2', 'H1')}${cell('B2', '430523198003071234')}</row>`,
  ).join('');
  const head = `<?xml version="1.0"?><worksheet xmlns="${main}"><sheetData>${header}`;
  const sheet = deflateRepeated(
    head,
    rows,
    Math.ceil(inflatedBytes / Buffer.byteLength(rows)),
    '</sheetData></worksheet>',
  );
  const workbook =
    `<?xml version="1.0"?><workbook xmlns="${main}" xmlns:r="${rel}">` +
    `<sheets><sheet${odd ? '\n' : ' '}name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>`;
  const type = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const types =
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="xml" ContentType="application/xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${type}.sheet.main+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${type}.worksheet+xml"/></Types>`;
  const relationships = (type: string, target: string) =>
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
    `<Relationship Id="rId1" Type="${rel}/${type}" Target="${target}"/></Relationships>`;
  return zip([
    { name: '[Content_Types].xml', ...small(types) },
    { name: '_rels/.rels', ...small(relationships('officeDocument', 'xl/workbook.xml')) },
    { name: 'xl/workbook.xml', ...small(workbook) },
    { name: 'xl/_rels/workbook.xml.rels', ...small(relationships('worksheet', 'worksheets/sheet1.xml')) },
    { name: 'xl/worksheets/sheet1.xml', data: sheet, declaredSize: 4096 },
  ]);
}
