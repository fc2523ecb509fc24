import {
  type BeforeApplicationShutdown,
  Controller,
  Get,
  Inject,
  type OnApplicationBootstrap,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Allow, CurrentPrincipal, assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime } from '@fupin/service-kit';
import { errorReportCsv } from './error-report';
import { type ImportJob, getJob, jobErrors, jobView, listJobs } from './import-jobs';
import { jobRunnerFor, type JobRunner } from './job-runner';
import { submitJob } from './job-submit';
import { type ImportActor, runRosterImport } from './roster-import';
import { SURVEY_JOB_KIND, runSurveyImport } from './survey-import';
import { XLSX_MEDIA_TYPE, installUploadGate, readUpload, uploadFileName } from './upload';
import { batchOfJob } from '../exclusions/exclusion-load';

export function actorOf(principal: Principal): ImportActor {
  return { subject: principal.subject, role: principal.role, jurisdiction: principalJurisdictionLabel(principal) };
}

function notFound(id: string): DomainError {
  return new DomainError(
    404,
    'import.not_found',
    { 'zh-CN': `未找到导入任务 ${id}`, en: `Import job ${id} not found` },
    'id',
  );
}

/** Who may see a job: inside the county; a department officer only exclusion loads. */
function assertMayRead(principal: Principal, job: ImportJob): void {
  assertJurisdiction(principal, job.countyCode);
  if (principal.role === 'department_officer' && !job.kind.startsWith('exclusion.')) throw notFound(job.id);
}

const READERS = [
  { role: 'county_approver' as const },
  { role: 'department_officer' as const },
  { role: 'auditor' as const },
  { role: 'workflow_operator' as const },
];

@ApiTags('imports 导入')
@ApiBearerAuth()
@Controller('imports')
export class RosterImportController implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly runner: JobRunner;

  constructor(
    @Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime,
    adapterHost: HttpAdapterHost,
  ) {
    this.runner = jobRunnerFor(runtime);
    installUploadGate(adapterHost, [
      { method: 'POST', path: /^\/imports\/roster\/?$/ },
      { method: 'POST', path: /^\/imports\/surveys\/?$/ },
    ]);
  }

  onApplicationBootstrap(): Promise<void> {
    return this.runner.recover();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.runner.stop();
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
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'fileName', required: false })
  @Allow({ role: 'county_approver' })
  async importRoster(
    @Req() req: Request,
    @Query('fileName') fileName: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const j = principal.jurisdiction;
    if (j.kind !== 'division' || j.code.length !== 6) {
      throw new DomainError(403, 'auth.out_of_jurisdiction', {
        'zh-CN': '花名册导入须由县级审批人员进行',
        en: 'Roster imports are made by a county approver of one county',
      });
    }
    const upload = await readUpload(req);
    const actor = actorOf(principal);
    const result = await submitJob(
      this.runtime,
      this.runner,
      { kind: 'roster', countyCode: j.code, fileName: uploadFileName(fileName, upload), upload, actor },
      (jobId, control) => runRosterImport(this.runtime.db, jobId, upload, actor, control),
    );
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
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiQuery({ name: 'fileName', required: false })
  @Allow({ role: 'county_approver' })
  async importSurveys(
    @Req() req: Request,
    @Query('fileName') fileName: unknown,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const j = principal.jurisdiction;
    if (j.kind !== 'division' || j.code.length !== 6) {
      throw new DomainError(403, 'auth.out_of_jurisdiction', {
        'zh-CN': '入户调查批量导入须由县级审批人员进行',
        en: 'Survey imports are made by a county approver of one county',
      });
    }
    const upload = await readUpload(req);
    const actor = actorOf(principal);
    const result = await submitJob(
      this.runtime,
      this.runner,
      { kind: SURVEY_JOB_KIND, countyCode: j.code, fileName: uploadFileName(fileName, upload), upload, actor },
      (jobId, control) => runSurveyImport(this.runtime.db, jobId, upload, actor, control),
    );
    res.status(result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Import jobs of a county, newest first (kind: roster, surveys or exclusion)' })
  @ApiQuery({ name: 'county', required: true })
  @ApiQuery({ name: 'kind', required: false })
  @Allow(...READERS)
  async list(@Query('county') county: unknown, @Query('kind') kind: unknown, @CurrentPrincipal() principal: Principal) {
    if (typeof county !== 'string' || !/^\d{6}$/.test(county)) {
      throw new DomainError(
        400,
        'request.invalid_field',
        { 'zh-CN': '字段 county 无效：须为6位县级代码', en: 'Field county is invalid: must be a 6-digit county code' },
        'county',
      );
    }
    assertJurisdiction(principal, county, 'county');
    const kindPrefix =
      principal.role === 'department_officer'
        ? 'exclusion'
        : typeof kind === 'string' && kind !== ''
          ? kind
          : undefined;
    const jobs = await listJobs(this.runtime.db, { countyCode: county, kindPrefix, limit: 100 });
    return { county, jobs: jobs.map((job) => jobView(job)) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'An import job: status (queued|running|done|failed|interrupted), progress, counts, elapsed time',
  })
  @Allow(...READERS)
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const job = await getJob(this.runtime.db, id);
    if (!job) throw notFound(id);
    assertMayRead(principal, job);
    const batchId = await batchOfJob(this.runtime.db, job);
    return jobView(job, job.kind.startsWith('exclusion.') ? { batchId } : {});
  }

  @Get(':id/errors')
  @ApiOperation({ summary: 'The error report as JSON: rows {row, column, rule, message{zh-CN,en}, householdKey}' })
  @Allow(...READERS)
  async errors(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const job = await getJob(this.runtime.db, id);
    if (!job) throw notFound(id);
    assertMayRead(principal, job);
    const errors = await jobErrors(this.runtime.db, id);
    return { jobId: id, status: job.status, count: errors.length, errors: [...errors].sort((a, b) => a.row - b.row) };
  }

  @Get(':id/errors.csv')
  @ApiOperation({ summary: 'The error report as CSV (UTF-8 with BOM, opens in Excel)' })
  @ApiProduces('text/csv')
  @Allow(...READERS)
  async errorsCsv(@Param('id') id: string, @CurrentPrincipal() principal: Principal, @Res() res: Response) {
    const job = await getJob(this.runtime.db, id);
    if (!job) throw notFound(id);
    assertMayRead(principal, job);
    const csv = errorReportCsv(await jobErrors(this.runtime.db, id));
    const base = job.fileName.replace(/\.[^.]*$/, '') || 'import';
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="import-${job.id}-errors.csv"; filename*=UTF-8''${encodeURIComponent(`${base}-错误报告.csv`)}`,
    );
    res.send(csv);
  }
}
