import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse } from '@fupin/service-kit';
import { monthlyQuery, monthlyReport } from './report.schema';
import { ReportService } from './report.service';

@ApiTags('reports 报表')
@ApiBearerAuth()
@Controller('reports')
export class ReportController {
  constructor(private readonly reports: ReportService) {}

  @Get('monthly')
  @ApiOperation({
    summary:
      "A county's monthly report: each layer's totals (fen) and the people whose share of in-policy costs went over the limit",
  })
  @ZodResponse(monthlyReport, { description: 'The report, as built on the 1st of the next month (or rebuilt since)' })
  @Allow({ role: 'department_officer', department: 'medical_aid' }, { role: 'county_approver' }, { role: 'auditor' })
  @ApiResponse({
    status: 404,
    description: 'No report has been built for that county and month yet (该月报表尚未生成)',
  })
  monthly(@ZodQuery(monthlyQuery) q: z.output<typeof monthlyQuery>, @CurrentPrincipal() principal: Principal) {
    return this.reports.monthly(principal, q.county, q.month);
  }
}
