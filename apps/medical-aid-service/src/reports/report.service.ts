import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { DomainError } from '@fupin/service-kit';
import { ReportRepository } from './report.repository';
import type { MonthlyReportView } from './report.schema';

/** 月度报表: reading a county's built report (the schedule's workflow builds them, see monthly-report.ts). */
@Injectable()
export class ReportService {
  constructor(private readonly reports: ReportRepository) {}

  async monthly(principal: Principal, countyCode: string, month: string): Promise<MonthlyReportView> {
    assertJurisdiction(principal, countyCode, 'county');
    const report = await this.reports.find(countyCode, month);
    if (!report)
      throw new DomainError(
        404,
        'report.not_built',
        {
          'zh-CN': `县 ${countyCode} ${month} 的月度报表尚未生成`,
          en: `No monthly report for ${countyCode} ${month} yet`,
        },
        'month',
      );
    return {
      countyCode,
      month,
      totals: report.totals,
      flagged: report.flagged,
      builtAt: report.builtAt.toISOString(),
    };
  }
}
