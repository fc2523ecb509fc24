import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { ReportRepository } from './report.repository';
import { REPORT_COLUMNS, type RelocationReport, type ReportRow } from './report.schema';

const csvCell = (v: string | number): string => {
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** The report's rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it as UTF-8). */
export function reportCsv(rows: readonly ReportRow[]): string {
  const lines = [REPORT_COLUMNS.join(','), ...rows.map((r) => REPORT_COLUMNS.map((k) => csvCell(r[k])).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** 易地扶贫搬迁统计: figures inside the caller's jurisdiction, derived from the cases. */
@Injectable()
export class ReportService {
  constructor(private readonly reports: ReportRepository) {}

  async relocation(principal: Principal, division: string): Promise<RelocationReport> {
    assertJurisdiction(principal, division, 'division');
    return { division, rows: await this.reports.relocation(division) };
  }
}
