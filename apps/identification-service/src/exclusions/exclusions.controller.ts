import { Controller, Get, Headers, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow, CurrentPrincipal, assertJurisdiction, type Principal } from '@fupin/auth';
import { EXCLUSION_SOURCES, isExclusionSource } from '@fupin/identification-rules';
import { onceForKey } from '@fupin/persistence';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime, ZodBody, requireIdempotencyKey } from '@fupin/service-kit';
import type { z } from 'zod';
import { actorOf } from '../imports/imports.controller';
import { jobRunnerFor, type JobRunner } from '../imports/job-runner';
import { submitJob } from '../imports/job-submit';
import { XLSX_MEDIA_TYPE, installUploadGate, readUpload, uploadFileName } from '../imports/upload';
import { cadreRelativesBody, listCadreRelatives, saveCadreRelatives } from './cadre-relatives';
import { checkExclusions } from './check-exclusions';
import { assertSourceOwner } from './exclusion-owners';
import { exclusionJobKind, listExclusionBatches, runExclusionLoad } from './exclusion-load';

function invalid(field: string, zh: string, en: string): DomainError {
  return new DomainError(
    400,
    'request.invalid_field',
    { 'zh-CN': `字段 ${field} 无效：${zh}`, en: `Field ${field} is invalid: ${en}` },
    field,
  );
}

function villageParam(code: string): string {
  if (!/^\d{12}$/.test(code)) throw invalid('villageCode', '须为12位村级代码', 'must be a 12-digit village code');
  return code;
}

/**
 * The county an exclusion load is for: a county approver's own county; a department officer's
 * `dept:<department>@<county>` jurisdiction, or `?county=` inside a wider department jurisdiction.
 */
function loadCounty(principal: Principal, query: unknown): string {
  const j = principal.jurisdiction;
  const asked = typeof query === 'string' && query !== '' ? query : undefined;
  if (asked !== undefined && !/^\d{6}$/.test(asked))
    throw invalid('county', '须为6位县级代码', 'must be a 6-digit county code');
  const own = j.kind === 'division' ? j.code : j.divisionCode;
  const county = asked ?? (own?.length === 6 ? own : undefined);
  if (!county)
    throw invalid('county', '请用 ?county= 指明数据所属的县', 'name the county the data is for with ?county=');
  assertJurisdiction(principal, county, 'county');
  return county;
}

@ApiTags('exclusions 四不列')
@ApiBearerAuth()
@Controller()
export class ExclusionController {
  private readonly runner: JobRunner;

  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    adapterHost: HttpAdapterHost,
  ) {
    this.runner = jobRunnerFor(runtime);
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
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'fileName', required: false })
  @ApiQuery({ name: 'county', required: false, description: "needed when the caller's jurisdiction is not one county" })
  @Allow({ role: 'department_officer' })
  async load(
    @Param('source') source: string,
    @Req() req: Request,
    @Query('fileName') fileName: unknown,
    @Query('county') countyQuery: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    if (!isExclusionSource(source))
      throw invalid(
        'source',
        `须为 ${EXCLUSION_SOURCES.join('、')} 之一`,
        `must be one of ${EXCLUSION_SOURCES.join(', ')}`,
      );
    assertSourceOwner(principal, source);
    const county = loadCounty(principal, countyQuery);
    const upload = await readUpload(req);
    const actor = actorOf(principal);
    const result = await submitJob(
      this.runtime,
      this.runner,
      { kind: exclusionJobKind(source), countyCode: county, fileName: uploadFileName(fileName, upload), upload, actor },
      (jobId, control) => runExclusionLoad(this.runtime.db, jobId, source, upload, actor, control),
    );
    res.status(result.status).json(result.body);
  }

  @Get('exclusions/batches')
  @ApiOperation({
    summary: 'Exclusion data loads of a county, newest first, with who loaded them (department) and when',
  })
  @ApiQuery({ name: 'county', required: true })
  @ApiQuery({ name: 'source', required: false, enum: EXCLUSION_SOURCES })
  @Allow(
    { role: 'county_approver' },
    { role: 'department_officer' },
    { role: 'auditor' },
    { role: 'workflow_operator' },
  )
  async batches(
    @Query('county') county: unknown,
    @Query('source') source: unknown,
    @CurrentPrincipal() principal: Principal,
  ) {
    if (typeof county !== 'string' || !/^\d{6}$/.test(county))
      throw invalid('county', '须为6位县级代码', 'must be a 6-digit county code');
    if (source !== undefined && !isExclusionSource(source))
      throw invalid(
        'source',
        `须为 ${EXCLUSION_SOURCES.join('、')} 之一`,
        `must be one of ${EXCLUSION_SOURCES.join(', ')}`,
      );
    assertJurisdiction(principal, county, 'county');
    const batches = await listExclusionBatches(this.runtime.db, { countyCode: county, source, limit: 200 });
    return { county, batches };
  }

  @Get('exclusions/check/:householdId')
  @ApiOperation({
    summary:
      'Run the exclusion cross-check (四不列比对) for one household now: hits with source and load date, cadre-relative flag',
  })
  @Allow({ role: 'county_approver' }, { role: 'township_reviewer' }, { role: 'auditor' }, { role: 'workflow_operator' })
  async check(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    const result = await checkExclusions(this.runtime.db, householdId);
    assertJurisdiction(principal, result.villageCode);
    return result;
  }

  @Post('villages/:villageCode/cadre-relatives')
  @ApiOperation({
    summary:
      "Add or update relatives of the village's cadres (村干部亲属); a hit flags the household for township review",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow({ role: 'village_cadre' }, { role: 'township_reviewer' })
  async saveRelatives(
    @Param('villageCode') villageCode: string,
    @ZodBody(cadreRelativesBody) items: z.output<typeof cadreRelativesBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const village = villageParam(villageCode);
    assertJurisdiction(principal, village, 'villageCode');
    const key = requireIdempotencyKey(idempotencyKey);
    const actor = actorOf(principal);
    const result = await this.runtime.db.$transaction((tx) =>
      onceForKey(tx, `cadre-relatives:${village}`, key, items, async () => ({
        status: 200,
        body: await saveCadreRelatives(tx, village, items, actor),
      })),
    );
    res.status(result.status).json(result.body);
  }

  @Get('villages/:villageCode/cadre-relatives')
  @ApiOperation({ summary: "The village's cadre-relative list" })
  @Allow({ role: 'village_cadre' }, { role: 'township_reviewer' }, { role: 'county_approver' }, { role: 'auditor' })
  async relatives(@Param('villageCode') villageCode: string, @CurrentPrincipal() principal: Principal) {
    const village = villageParam(villageCode);
    assertJurisdiction(principal, village, 'villageCode');
    return { villageCode: village, relatives: await listCadreRelatives(this.runtime.db, village) };
  }
}
