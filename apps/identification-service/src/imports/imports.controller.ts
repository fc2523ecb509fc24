import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodResponse } from '@fupin/service-kit';
import { BINARY, importErrorReport, importJob, importJobList } from './import.schema';
import { ImportService } from './import.service';
import { XLSX_MEDIA_TYPE, installUploadGate, readUpload } from './upload';

const READERS = [
  { role: 'county_approver' as const },
  { role: 'department_officer' as const },
  { role: 'auditor' as const },
  { role: 'workflow_operator' as const },
];

const ACCEPTED = 'Accepted: a new job queued, or an interrupted one resumed (resumed: true); poll GET /imports/{id}';
const DUPLICATE = 'The same file was uploaded before: its job (duplicate: true)';

@ApiTags('imports 导入')
@ApiBearerAuth()
@Controller('imports')
export class RosterImportController {
  constructor(
    private readonly imports: ImportService,
    adapterHost: HttpAdapterHost,
  ) {
    installUploadGate(adapterHost, [
      { method: 'POST', path: /^\/imports\/roster\/?$/ },
      { method: 'POST', path: /^\/imports\/surveys\/?$/ },
    ]);
  }

  @Post('roster')
  @ApiOperation({
    summary: 'Import a county roster (花名册, CSV or XLSX, one row per person) as a background job',
    description:
      'Body: the file itself (Content-Type text/csv or the XLSX type), at most 50 MB. Households with any bad row are skipped whole and reported; ' +
      'good ones are registered as applicants. 202 {jobId,status} for a new file; 200 with the existing job when the same file was uploaded before ' +
      '(an interrupted job is resumed instead, 202). Poll GET /imports/{id}; errors at /imports/{id}/errors(.csv).',
  })
  @ApiConsumes('text/csv', XLSX_MEDIA_TYPE)
  @ApiBody({ schema: BINARY })
  @ApiQuery({ name: 'fileName', required: false })
  @ZodResponse(importJob, { status: 202, description: ACCEPTED })
  @ZodResponse(importJob, { status: 200, description: DUPLICATE })
  @Allow({ role: 'county_approver' })
  async importRoster(
    @Req() req: Request,
    @Query('fileName') fileName: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.imports.importRoster(principal, fileName, () => readUpload(req));
    res.status(result.status).json(result.body);
  }

  @Post('surveys')
  @ApiOperation({
    summary:
      'Import household surveys (入户调查: 六算 line items in yuan + housing/water observation, CSV or XLSX, one row per household) as a background job',
    description:
      'Columns: household_id, or village_code + household_key (户编号 as imported with the roster); income_year; the ten line items in yuan with at most ' +
      'two decimals (farming_income 种植业收入 … student_costs 学生费用); optional household_size (else the members on record); housing_grade (A–D), ' +
      'drinking_water_safe (是/否); optional food_secure, clothing_secure (default 是), children_out_of_school (default 0). Per row all-or-nothing: the ' +
      'survey of the year is written or redone (net and per-capita income derived) together with a new observation. Households must be in your county ' +
      'and applicant, in_procedure or registered; registered ones get a household.updated event. 202 {jobId,status}; 200 with the existing job for ' +
      'the same file. Poll GET /imports/{id}; errors at /imports/{id}/errors(.csv).',
  })
  @ApiConsumes('text/csv', XLSX_MEDIA_TYPE)
  @ApiBody({ schema: BINARY })
  @ApiQuery({ name: 'fileName', required: false })
  @ZodResponse(importJob, { status: 202, description: ACCEPTED })
  @ZodResponse(importJob, { status: 200, description: DUPLICATE })
  @Allow({ role: 'county_approver' })
  async importSurveys(
    @Req() req: Request,
    @Query('fileName') fileName: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.imports.importSurveys(principal, fileName, () => readUpload(req));
    res.status(result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Import jobs of a county, newest first (kind: roster, surveys or exclusion)' })
  @ApiQuery({ name: 'county', required: true })
  @ApiQuery({ name: 'kind', required: false })
  @ZodResponse(importJobList, { description: "The county's import jobs (at most 100)" })
  @Allow(...READERS)
  list(@Query('county') county: unknown, @Query('kind') kind: unknown, @CurrentPrincipal() principal: Principal) {
    return this.imports.list(principal, county, kind);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'An import job: status (queued|running|done|failed|interrupted), progress, counts, elapsed time',
  })
  @ZodResponse(importJob, { description: 'The job' })
  @Allow(...READERS)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.imports.get(principal, id);
  }

  @Get(':id/errors')
  @ApiOperation({ summary: 'The error report as JSON: rows {row, column, rule, message{zh-CN,en}, householdKey}' })
  @ZodResponse(importErrorReport, { description: 'The error report, by row' })
  @Allow(...READERS)
  errors(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.imports.errors(principal, id);
  }

  @Get(':id/errors.csv')
  @ApiOperation({ summary: 'The error report as CSV (UTF-8 with BOM, opens in Excel)' })
  @ApiProduces('text/csv')
  @ApiResponse({
    status: 200,
    description: 'The error report as a CSV file (错误报告), sent as an attachment',
    content: { 'text/csv': { schema: BINARY } },
  })
  @Allow(...READERS)
  async errorsCsv(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const report = await this.imports.errorsCsv(principal, id);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="${report.asciiName}"; filename*=UTF-8''${encodeURIComponent(report.name)}`,
    );
    res.send(report.csv);
  }
}
