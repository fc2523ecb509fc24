import { Injectable } from '@nestjs/common';
import { assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { DomainError } from '@fupin/service-kit';
import { errorReportCsv } from './error-report';
import { type ImportJob, jobView } from './import-jobs';
import { ImportJobRepository } from './import-job.repository';
import { JobSubmitter } from './job-submit';
import type { ImportActor } from './roster-import';
import { SURVEY_JOB_KIND } from './survey-import';
import { type Upload, uploadFileName } from './upload';

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

/** Imports are made by a county approver of one county: that county. */
function importingCounty(principal: Principal, refusal: { 'zh-CN': string; en: string }): string {
  const j = principal.jurisdiction;
  if (j.kind !== 'division' || j.code.length !== 6) throw new DomainError(403, 'auth.out_of_jurisdiction', refusal);
  return j.code;
}

/** 导入: county rosters and surveys as import jobs (Temporal workflows), and every import job's status and error report. */
@Injectable()
export class ImportService {
  constructor(
    private readonly jobs: ImportJobRepository,
    private readonly submitter: JobSubmitter,
  ) {}

  /** 花名册导入; `read` reads the upload once the caller is known to be allowed. */
  async importRoster(principal: Principal, fileName: unknown, read: () => Promise<Upload>) {
    const countyCode = importingCounty(principal, {
      'zh-CN': '花名册导入须由县级审批人员进行',
      en: 'Roster imports are made by a county approver of one county',
    });
    const upload = await read();
    return this.submitter.submit({
      kind: 'roster',
      countyCode,
      fileName: uploadFileName(fileName, upload),
      upload,
      actor: actorOf(principal),
    });
  }

  /** 入户调查批量导入; `read` reads the upload once the caller is known to be allowed. */
  async importSurveys(principal: Principal, fileName: unknown, read: () => Promise<Upload>) {
    const countyCode = importingCounty(principal, {
      'zh-CN': '入户调查批量导入须由县级审批人员进行',
      en: 'Survey imports are made by a county approver of one county',
    });
    const upload = await read();
    return this.submitter.submit({
      kind: SURVEY_JOB_KIND,
      countyCode,
      fileName: uploadFileName(fileName, upload),
      upload,
      actor: actorOf(principal),
    });
  }

  /** A county's jobs, newest first; a department officer sees exclusion loads only. */
  async list(principal: Principal, county: unknown, kind: unknown) {
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
    const jobs = await this.jobs.list({ countyCode: county, kindPrefix, limit: 100 });
    return { county, jobs: jobs.map((job) => jobView(job)) };
  }

  async get(principal: Principal, id: string) {
    const job = await this.readable(principal, id);
    const batchId = await this.jobs.batchOfJob(job);
    return jobView(job, job.kind.startsWith('exclusion.') ? { batchId } : {});
  }

  async errors(principal: Principal, id: string) {
    const job = await this.readable(principal, id);
    const errors = await this.jobs.errors(id);
    return { jobId: id, status: job.status, count: errors.length, errors: [...errors].sort((a, b) => a.row - b.row) };
  }

  /** The error report as CSV, with the file names to offer: ASCII, and the upload's own name in Chinese. */
  async errorsCsv(principal: Principal, id: string) {
    const job = await this.readable(principal, id);
    const csv = errorReportCsv(await this.jobs.errors(id));
    const base = job.fileName.replace(/\.[^.]*$/, '') || 'import';
    return { csv, asciiName: `import-${job.id}-errors.csv`, name: `${base}-错误报告.csv` };
  }

  private async readable(principal: Principal, id: string): Promise<ImportJob> {
    const job = await this.jobs.get(id);
    if (!job) throw notFound(id);
    assertMayRead(principal, job);
    return job;
  }
}
