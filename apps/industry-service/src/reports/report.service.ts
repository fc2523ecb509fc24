import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { rowsCsv } from '@fupin/service-kit';
import { IndustryReportRepository } from './report.repository';
import { INDUSTRY_REPORT_COLUMNS, type IndustryReport, type IndustryReportRow } from './report.schema';

/** The report's rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it as UTF-8). */
export function industryReportCsv(rows: readonly IndustryReportRow[]): string {
  return rowsCsv(rows, INDUSTRY_REPORT_COLUMNS);
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
