import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { ReportRepository } from './report.repository';
import { REPORT_COLUMNS, type RelocationReport, type RenovationReport } from './report.schema';

const csvCell = (v: string | number): string => {
  const text = String(v);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** A report's rows as CSV (UTF-8 with a byte-order mark, so spreadsheet programs read it as UTF-8). */
export function reportCsv<R extends object>(
  rows: readonly R[],
  columns: readonly (keyof R & string)[] = REPORT_COLUMNS as unknown as (keyof R & string)[],
): string {
  const cell = (r: R, k: keyof R & string) => csvCell(r[k] as string | number);
  const lines = [columns.join(','), ...rows.map((r) => columns.map((k) => cell(r, k)).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
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
