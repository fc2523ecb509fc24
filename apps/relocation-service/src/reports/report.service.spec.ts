import type { ReportRow } from './report.schema';
import { reportXlsx } from './report-xlsx';
import { reportCsv } from './report.service';

const row = (level: ReportRow['level'], key: string, households: number): ReportRow => ({
  level,
  key,
  households,
  people: households * 4,
  homes: households,
  areaM2: households * 100,
  subsidyPlannedFen: households * 8_000_000,
  subsidyPaidFen: 0,
  movedIn: 0,
  reclaimed: 0,
  withFollowUp: 0,
  withdrawn: 0,
});

it('writes the header and one line per row, in the order of the JSON fields, with a UTF-8 byte-order mark', () => {
  const csv = reportCsv([row('total', '430523', 2), row('site', 'XZ-01', 1)]);
  expect(csv.startsWith('\uFEFF')).toBe(true);
  expect(csv.slice(1).split('\r\n')).toEqual([
    'level,key,households,people,homes,areaM2,subsidyPlannedFen,subsidyPaidFen,movedIn,reclaimed,withFollowUp,withdrawn',
    'total,430523,2,8,2,200,16000000,0,0,0,0,0',
    'site,XZ-01,1,4,1,100,8000000,0,0,0,0,0',
    '',
  ]);
});

it('quotes a cell holding a comma or a quote', () => {
  const csv = reportCsv([row('site', 'a,"b"', 1)]);
  expect(csv).toContain('site,"a,""b""",1,');
});

it('writes the same rows as XLSX with bilingual headers and money in yuan', async () => {
  const ExcelJS = (await import('exceljs')).default;
  const workbook = new ExcelJS.Workbook();
  const file = await reportXlsx([row('total', '430523', 2), row('site', 'XZ-01', 1)]);
  await workbook.xlsx.load(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  expect(sheet.getRow(1).getCell(3).value).toBe('搬迁户数 / Households');
  expect(sheet.getRow(2).values).toEqual([undefined, 'total', '430523', 2, 8, 2, 200, 160_000, 0, 0, 0, 0, 0]);
  expect(sheet.getRow(3).getCell(2).value).toBe('XZ-01');
  expect(sheet.rowCount).toBe(3);
});
