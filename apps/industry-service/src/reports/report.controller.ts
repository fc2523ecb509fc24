import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse } from '@fupin/service-kit';
import { industryReaders } from '../actor';
import { industryReportXlsx, XLSX_MEDIA_TYPE } from './report-xlsx';
import { industryReport, industryReportQuery } from './report.schema';
import { IndustryReportService, industryReportCsv } from './report.service';

const finance = { role: 'department_officer', department: 'finance' } as const;

@ApiTags('reports 报表')
@ApiBearerAuth()
@Controller('reports')
export class IndustryReportController {
  constructor(private readonly reports: IndustryReportService) {}

  @Get('industry')
  @ApiOperation({
    summary:
      'Industry-support figures of a division per county, township and village — households served, loans being repaid / in arrears, subsidy paid, dividends due / paid / missed, fiscal support, jobs and wages, projects per funds checkpoint — derived from the records; format=csv or format=xlsx answers the same rows as a file (XLSX: bilingual headers, money in yuan)',
  })
  @ZodResponse(industryReport, {
    description: 'The report (format=json); with format=csv or xlsx the same rows',
    alsoAs: {
      'text/csv': { schema: { type: 'string', description: 'one row per division' } },
      [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary', description: 'bilingual headers, yuan' } },
    },
  })
  @Allow(...industryReaders, finance)
  async industry(
    @ZodQuery(industryReportQuery) q: z.output<typeof industryReportQuery>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const report = await this.reports.industry(principal, q.division);
    if (q.format === 'json') {
      res.status(200).json(report);
      return;
    }
    const file = `industry-${q.division}.${q.format}`;
    res.status(200).setHeader('Content-Disposition', `attachment; filename="${file}"`);
    if (q.format === 'xlsx') res.type(XLSX_MEDIA_TYPE).send(await industryReportXlsx(report.rows));
    else res.type('text/csv; charset=utf-8').send(industryReportCsv(report.rows));
  }
}
