import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { IndustryReportRepository } from './report.repository';
import { INDUSTRY_REPORT_COLUMNS, type IndustryReport, type IndustryReportRow } from './report.schema';

const csvCell = (v: string | number): string => {
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The report's rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it as UTF-8). */
export function industryReportCsv(rows: readonly IndustryReportRow[]): string {
  const cols = INDUSTRY_REPORT_COLUMNS;
  const lines = [cols.join(','), ...rows.map((r) => cols.map((k) => csvCell(r[k])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** 产业扶贫统计: figures inside the caller's jurisdiction, derived from the records. */
@Injectable()
export class IndustryReportService {
  constructor(private readonly reports: IndustryReportRepository) {}

  async industry(principal: Principal, division: string): Promise<IndustryReport> {
    assertJurisdiction(principal, division, 'division');
    return { division, rows: await this.reports.industry(division) };
  }
}
