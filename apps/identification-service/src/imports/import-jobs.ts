import { type ImportError, count } from './error-report';

/** What a running job asks of whoever runs it between two batches, and tells it after each. */
export interface JobControl {
  /** True when the job should stop after the batch in hand (its activity was cancelled or its worker is stopping). */
  readonly stopping: boolean;
  /** Rows committed so far of the file's rows (the activity heartbeats it). */
  progress?(processedRows: number, totalRows: number): void;
}

/** Thrown by work that saw `stopping` between two batches: nothing half-written, the next run goes on from there. */
export class JobInterrupted extends Error {
  constructor() {
    super('import job interrupted: its activity was cancelled or its worker is stopping');
    this.name = 'JobInterrupted';
  }
}

/**
 * Thrown when a batch finds the job's progress moved by another run of the same job (an attempt Temporal gave up
 * on that still ran): the batch rolls back, so no row is imported twice.
 */
export class JobSuperseded extends Error {
  constructor(jobId: string) {
    super(`import job ${jobId} was advanced by another run; this run stops`);
    this.name = 'JobSuperseded';
  }
}

/**
 * import_job rows: one per uploaded file and kind (roster, surveys, exclusion.<source>), unique by
 * (kind, county, sha256) so a re-upload finds the job it already made.
 *
 * Status: queued → running → done | failed, or interrupted. The work runs as a Temporal activity (workflow
 * `import-job:<jobId>`, see import-job.activities.ts): batches commit together with the job's progress, so after a
 * crash or a worker restart the retried activity goes on after the last committed batch. `interrupted` means the
 * retries ran out (the database was gone too long, say): batches already committed stay, and re-uploading the same
 * file resumes the job. `failed` means the file itself cannot be imported (unreadable, header wrong): re-uploading
 * it changes nothing.
 */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';
export type JobKind = 'roster' | `exclusion.${string}`;

export interface ImportJob {
  id: string;
  kind: JobKind;
  countyCode: string;
  fileName: string;
  fileSha256: string;
  status: JobStatus;
  totalRows: number;
  processedRows: number;
  householdsOk: number;
  householdsFailed: number;
  errorCount: number;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
}

/**
 * Most errors listed per job (about 3 MB of report); beyond it the report ends with one `errors_truncated`
 * line saying how many more there were.
 */
export const MAX_STORED_ERRORS = 10_000;

/** A job's report so far: errors listed, and errors counted but not listed. */
export interface ErrorTally {
  stored: number;
  omitted: number;
}

export const NO_ERRORS: ErrorTally = { stored: 0, omitted: 0 };

function truncatedLine(t: ErrorTally): ImportError {
  const all = t.stored + t.omitted;
  return {
    row: 0,
    column: '',
    rule: 'errors_truncated',
    omitted: t.omitted,
    message: {
      'zh-CN': `共有 ${all} 条错误，只列出前 ${t.stored} 条，另有 ${t.omitted} 条未列出`,
      en: `${count(all)} errors in all: the first ${count(t.stored)} are listed, ${count(t.omitted)} more are not listed`,
    },
  };
}

export interface CappedErrors {
  /** Lines to append to the stored report. */
  append: ImportError[];
  /** The stored report's last line is the old `errors_truncated` line: drop it before appending. */
  dropLast: boolean;
  tally: ErrorTally;
}

/** What to store of a batch's errors: at most MAX_STORED_ERRORS in all, then one summary line kept last and up to date. */
export function capErrors(tally: ErrorTally, errors: readonly ImportError[]): CappedErrors {
  if (errors.length === 0) return { append: [], dropLast: false, tally };
  const kept = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - tally.stored));
  const next = { stored: tally.stored + kept.length, omitted: tally.omitted + errors.length - kept.length };
  return { append: next.omitted > 0 ? [...kept, truncatedLine(next)] : kept, dropLast: tally.omitted > 0, tally: next };
}

export function jobView(job: ImportJob, extra: Record<string, unknown> = {}) {
  const end = job.finishedAt ? new Date(job.finishedAt).getTime() : Date.now();
  const elapsedMs = Math.max(0, end - new Date(job.createdAt).getTime());
  const exclusion = job.kind.startsWith('exclusion.');
  return {
    id: job.id,
    jobId: job.id,
    kind: job.kind,
    countyCode: job.countyCode,
    fileName: job.fileName,
    fileSha256: job.fileSha256,
    status: job.status,
    totalRows: job.totalRows,
    processedRows: job.processedRows,
    ...(exclusion
      ? { recordsLoaded: job.householdsOk, rowsRejected: job.householdsFailed }
      : { householdsOk: job.householdsOk, householdsFailed: job.householdsFailed }),
    errorCount: job.errorCount,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
    elapsedMs,
    ...(job.status === 'interrupted'
      ? {
          resume: {
            'zh-CN': '导入被中断：重新上传同一文件即可从中断处继续',
            en: 'The import was interrupted: upload the same file again to resume where it stopped',
          },
        }
      : {}),
    ...extra,
    links: {
      self: `/imports/${job.id}`,
      errors: `/imports/${job.id}/errors`,
      errorsCsv: `/imports/${job.id}/errors.csv`,
    },
  };
}
