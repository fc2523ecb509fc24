import ExcelJS from 'exceljs';
import { RENOVATION_REPORT_COLUMNS, REPORT_COLUMNS, type RenovationReportRow, type ReportRow } from './report.schema';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Bilingual headers (中文 / English) of the report's columns, in the order of the JSON fields. */
export const REPORT_XLSX_HEADERS: Readonly<Record<keyof ReportRow, string>> = {
  level: '层级 / Level',
  key: '代码 / Code',
  households: '搬迁户数 / Households',
  people: '搬迁人数 / People',
  homes: '安置住房（套） / Homes',
  areaM2: '住房面积（m²） / Area (m²)',
  subsidyPlannedFen: '计划补助（元） / Subsidy planned (yuan)',
  subsidyPaidFen: '已拨付（元） / Subsidy paid (yuan)',
  movedIn: '已入住 / Moved in',
  reclaimed: '已拆旧复垦 / Reclaimed',
  withFollowUp: '已落实后续扶持 / With follow-up',
  withdrawn: '已退出 / Withdrawn',
};

const yuan = (fen: number) => fen / 100;

/** 易地扶贫搬迁统计 as a workbook: one sheet, the headers in row 1, money in yuan (two decimals). */
export async function reportXlsx(rows: readonly ReportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('搬迁统计 Relocation');
  sheet.columns = REPORT_COLUMNS.map((k) => ({
    header: REPORT_XLSX_HEADERS[k],
    key: k,
    width: 22,
    ...(k.endsWith('Fen') ? { style: { numFmt: '0.00' } } : {}),
  }));
  for (const r of rows)
    sheet.addRow({ ...r, subsidyPlannedFen: yuan(r.subsidyPlannedFen), subsidyPaidFen: yuan(r.subsidyPaidFen) });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Bilingual headers of the renovation report's columns. */
export const RENOVATION_XLSX_HEADERS: Readonly<Record<keyof RenovationReportRow, string>> = {
  level: '层级 / Level',
  key: '代码或年度 / Code or year',
  households: '改造户数 / Households',
  gradeC: 'C级危房 / Grade C',
  gradeD: 'D级危房 / Grade D',
  renovated: '已竣工验收 / Renovated',
  nowGradeA: '改造后A级 / Now grade A',
  nowGradeB: '改造后B级 / Now grade B',
  subsidyPlannedFen: '计划补助（元） / Subsidy planned (yuan)',
  subsidyPaidFen: '已拨付（元） / Subsidy paid (yuan)',
  withdrawn: '已退出 / Withdrawn',
};

/** 危房改造统计 as a workbook: one sheet, the headers in row 1, money in yuan. */
export async function renovationXlsx(rows: readonly RenovationReportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('危房改造统计 Renovation');
  sheet.columns = RENOVATION_REPORT_COLUMNS.map((k) => ({
    header: RENOVATION_XLSX_HEADERS[k],
    key: k,
    width: 20,
    ...(k.endsWith('Fen') ? { style: { numFmt: '0.00' } } : {}),
  }));
  for (const r of rows)
    sheet.addRow({ ...r, subsidyPlannedFen: yuan(r.subsidyPlannedFen), subsidyPaidFen: yuan(r.subsidyPaidFen) });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
