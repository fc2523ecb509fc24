import { Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { EXCLUSION_SOURCES } from '@fupin/identification-rules';
import { ZodBody, ZodResponse } from '@fupin/service-kit';
import { BINARY, importJob } from '../imports/import.schema';
import { XLSX_MEDIA_TYPE, installUploadGate, readUpload } from '../imports/upload';
import {
  cadreRelativeList,
  cadreRelativesBody,
  cadreRelativesSaved,
  exclusionBatches,
  exclusionCheck,
} from './exclusion.schema';
import { ExclusionService } from './exclusion.service';

@ApiTags('exclusions 四不列')
@ApiBearerAuth()
@Controller()
export class ExclusionController {
  constructor(
    private readonly exclusions: ExclusionService,
    adapterHost: HttpAdapterHost,
  ) {
    installUploadGate(adapterHost, [
      { method: 'POST', path: new RegExp(`^/exclusions/(${EXCLUSION_SOURCES.join('|')})/?$`) },
    ]);
  }

  @Post('exclusions/:source')
  @ApiOperation({
    summary:
      "Load a department's exclusion data (四不列: vehicle | commercial_housing | public_payroll | business_registration), CSV or XLSX, as a background job",
    description:
      'Body: the file (text/csv or XLSX), one row per record with the ID number plus detail columns. Good rows become one exclusion batch (with its load date); ' +
      "bad rows are listed in the job's error report. The same file again returns the existing job (200). Poll GET /imports/{jobId}. " +
      'Each source is loaded only by the department that keeps it (403 otherwise): vehicle — public_security (公安); commercial_housing — housing (住建); ' +
      'public_payroll — finance or human_resources (财政/人社); business_registration — market_regulation (市场监管).',
  })
  @ApiConsumes('text/csv', XLSX_MEDIA_TYPE)
  @ApiBody({ schema: BINARY })
  @ApiQuery({ name: 'fileName', required: false })
  @ApiQuery({ name: 'county', required: false, description: "needed when the caller's jurisdiction is not one county" })
  @ZodResponse(importJob, { status: 202, description: 'Accepted: the load is queued; poll GET /imports/{jobId}' })
  @ZodResponse(importJob, { status: 200, description: 'The same file was loaded before: its job (duplicate: true)' })
  @Allow({ role: 'department_officer' })
  async load(
    @Param('source') source: string,
    @Req() req: Request,
    @Query('fileName') fileName: unknown,
    @Query('county') countyQuery: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.exclusions.load(principal, source, countyQuery, fileName, () => readUpload(req));
    res.status(result.status).json(result.body);
  }

  @Get('exclusions/batches')
  @ApiOperation({
    summary: 'Exclusion data loads of a county, newest first, with who loaded them (department) and when',
  })
  @ApiQuery({ name: 'county', required: true })
  @ApiQuery({ name: 'source', required: false, enum: EXCLUSION_SOURCES })
  @ZodResponse(exclusionBatches, { description: "The county's loads (at most 200)" })
  @Allow(
    { role: 'county_approver' },
    { role: 'department_officer' },
    { role: 'auditor' },
    { role: 'workflow_operator' },
  )
  batches(
    @Query('county') county: unknown,
    @Query('source') source: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.exclusions.batches(principal, county, source);
  }

  @Get('exclusions/check/:householdId')
  @ApiOperation({
    summary:
      'Run the exclusion cross-check (四不列比对) for one household now: hits with source and load date, cadre-relative flag',
  })
  @ZodResponse(exclusionCheck, { description: 'The cross-check of the household' })
  @Allow({ role: 'county_approver' }, { role: 'township_reviewer' }, { role: 'auditor' }, { role: 'workflow_operator' })
  check(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    return this.exclusions.check(principal, householdId);
  }

  @Post('villages/:villageCode/cadre-relatives')
  @ApiOperation({
    summary:
      "Add or update relatives of the village's cadres (村干部亲属); a hit flags the household for township review",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(cadreRelativesSaved, {
    description: 'Saved (已保存); the same request again answers the first result, replayed',
  })
  @Allow({ role: 'village_cadre' }, { role: 'township_reviewer' })
  async saveRelatives(
    @Param('villageCode') villageCode: string,
    @ZodBody(cadreRelativesBody) items: z.output<typeof cadreRelativesBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.exclusions.saveRelatives(principal, villageCode, items, idempotencyKey);
    res.status(result.status).json(result.body);
  }

  @Get('villages/:villageCode/cadre-relatives')
  @ApiOperation({ summary: "The village's cadre-relative list" })
  @ZodResponse(cadreRelativeList, { description: "The village's list, by cadre name" })
  @Allow({ role: 'village_cadre' }, { role: 'township_reviewer' }, { role: 'county_approver' }, { role: 'auditor' })
  relatives(@Param('villageCode') villageCode: string, @CurrentPrincipal() principal: Principal) {
    return this.exclusions.relatives(principal, villageCode);
  }
}
