import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse } from '@fupin/service-kit';
import { relocationReaders } from '../actor';
import { RENOVATION_REPORT_COLUMNS, relocationReport, relocationReportQuery, renovationReport } from './report.schema';
import { renovationXlsx, reportXlsx, XLSX_MEDIA_TYPE } from './report-xlsx';
import { ReportService, reportCsv } from './report.service';

@ApiTags('reports 报表')
@ApiBearerAuth()
@Controller('reports')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('relocation')
  @ApiOperation({
    summary:
      'Relocation figures of a division (households, people, homes, area, subsidy planned/paid, moved in, reclaimed, with follow-up) per county, township, village, site and mode, derived from the cases; format=csv or format=xlsx answers the same rows as a file (XLSX: bilingual headers, money in yuan)',
  })
  @ZodResponse(relocationReport, {
    description: 'The report (format=json); with format=csv or xlsx the same rows',
    alsoAs: {
      'text/csv': { schema: { type: 'string', description: 'one row per division, site and mode' } },
      [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary', description: 'bilingual headers, yuan' } },
    },
  })
  @Allow(...relocationReaders)
  async relocation(
    @ZodQuery(relocationReportQuery) q: z.output<typeof relocationReportQuery>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const report = await this.reports.relocation(principal, q.division);
    if (q.format === 'json') {
      res.status(200).json(report);
      return;
    }
    if (q.format === 'xlsx') {
      const body = await reportXlsx(report.rows);
      res
        .status(200)
        .type(XLSX_MEDIA_TYPE)
        .setHeader('Content-Disposition', `attachment; filename="relocation-${q.division}.xlsx"`)
        .send(body);
      return;
    }
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .setHeader('Content-Disposition', `attachment; filename="relocation-${q.division}.csv"`)
      .send(reportCsv(report.rows));
  }

  @Get('renovation')
  @ApiOperation({
    summary:
      '危房改造 figures of a division (households, grade C/D when opened, renovated and their new grade, subsidy planned/paid, withdrawn) per county, township, village and planned year, derived from the renovation cases; format=csv or xlsx answers the same rows as a file',
  })
  @ZodResponse(renovationReport, {
    description: 'The report (format=json); with format=csv or xlsx the same rows',
    alsoAs: {
      'text/csv': { schema: { type: 'string', description: 'one row per division and planned year' } },
      [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary', description: 'bilingual headers, yuan' } },
    },
  })
  @Allow(...relocationReaders)
  async renovation(
    @ZodQuery(relocationReportQuery) q: z.output<typeof relocationReportQuery>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const report = await this.reports.renovation(principal, q.division);
    if (q.format === 'json') {
      res.status(200).json(report);
      return;
    }
    res.status(200).setHeader('Content-Disposition', `attachment; filename="renovation-${q.division}.${q.format}"`);
    if (q.format === 'xlsx') res.type(XLSX_MEDIA_TYPE).send(await renovationXlsx(report.rows));
    else res.type('text/csv; charset=utf-8').send(reportCsv(report.rows, RENOVATION_REPORT_COLUMNS));
  }
}
