import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { rowsCsv } from '@fupin/service-kit';
import { ReportRepository } from './report.repository';
import { REPORT_COLUMNS, type RelocationReport, type RenovationReport } from './report.schema';

/** A report's rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it as UTF-8). */
export function reportCsv<R extends object>(
  rows: readonly R[],
  columns: readonly (keyof R & string)[] = REPORT_COLUMNS as unknown as (keyof R & string)[],
): string {
  return rowsCsv(rows, columns);
}

/** 易地扶贫搬迁统计 and 危房改造统计: figures inside the caller's jurisdiction, derived from the cases. */
@Injectable()
export class ReportService {
  constructor(private readonly reports: ReportRepository) {}

  async relocation(principal: Principal, division: string): Promise<RelocationReport> {
    assertJurisdiction(principal, division, 'division');
    return { division, rows: await this.reports.relocation(division) };
  }

  async renovation(principal: Principal, division: string): Promise<RenovationReport> {
    assertJurisdiction(principal, division, 'division');
    return { division, rows: await this.reports.renovation(division) };
  }
}
