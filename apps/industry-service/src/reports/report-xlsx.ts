import ExcelJS from 'exceljs';
import { INDUSTRY_REPORT_COLUMNS, type IndustryReportRow } from './report.schema';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Bilingual headers (中文 / English) of the report's columns, in the order of the JSON fields. */
export const INDUSTRY_REPORT_HEADERS: Readonly<Record<keyof IndustryReportRow, string>> = {
  level: '层级 / Level',
  key: '代码 / Code',
  households: '受益户数 / Households served',
  loansActive: '在贷笔数 / Loans being repaid',
  loanPrincipalFen: '在贷本金（元） / Loan principal (yuan)',
  loanRepaidFen: '已还款（元） / Repaid (yuan)',
  loansInArrears: '逾期笔数 / Loans in arrears',
  subsidyPaidFen: '已贴息（元） / Interest subsidy (yuan)',
  dividendsDue: '应付分红笔数 / Dividends due',
  dividendsPaid: '已付分红笔数 / Dividends paid',
  dividendsPaidFen: '已付分红（元） / Dividends paid (yuan)',
  dividendsMissed: '欠付分红笔数 / Dividends missed',
  dividendsMissedFen: '欠付分红（元） / Dividends missed (yuan)',
  fiscalSupports: '财政扶持户次 / Fiscal supports',
  fiscalSupportFen: '财政扶持金额（元） / Fiscal support (yuan)',
  fiscalDelivered: '已交付 / Delivered',
  jobs: '就业人数 / People placed',
  wagesFen: '工资收入（元） / Wages (yuan)',
  projects: '产业项目数 / Projects',
  fundsAllocation: '待资金安排 / Awaiting allocation',
  fundsImplementation: '待项目实施 / Awaiting implementation',
  fundsAcceptance: '待项目验收 / Awaiting acceptance',
  fundsNotice: '资金公告公示中 / In the funds notice',
  fundsDisbursement: '待资金拨付 / Awaiting disbursement',
  fundsDisbursed: '资金已拨付 / Disbursed',
  fundsDisbursedFen: '已拨付资金（元） / Funds disbursed (yuan)',
};

/** 产业扶贫统计 as a workbook: one sheet, the headers in row 1, money in yuan (two decimals). */
export async function industryReportXlsx(rows: readonly IndustryReportRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('产业扶贫统计 Industry');
  sheet.columns = INDUSTRY_REPORT_COLUMNS.map((k) => ({
    header: INDUSTRY_REPORT_HEADERS[k],
    key: k,
    width: 20,
    ...(k.endsWith('Fen') ? { style: { numFmt: '0.00' } } : {}),
  }));
  for (const r of rows)
    sheet.addRow(
      Object.fromEntries(INDUSTRY_REPORT_COLUMNS.map((k) => [k, k.endsWith('Fen') ? Number(r[k]) / 100 : r[k]])),
    );
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
