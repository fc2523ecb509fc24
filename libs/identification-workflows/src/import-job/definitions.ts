/**
 * An import job (花名册导入, 入户调查批量导入, 四不列 data loads): the upload is recorded as an import_job row with its
 * file, then one short workflow per job (`import-job:<jobId>`, the business key: starting it twice is a no-op) runs
 * the work as one long activity on identification's task queue. The activity heartbeats its progress and, retried
 * after a crash or a worker restart, resumes after the job's last committed batch; a file that cannot be imported
 * ends the job as `failed` (its bilingual report) without retries. When the retries run out the job is marked
 * `interrupted`, and uploading the same file again starts the workflow anew, resuming it.
 */

export function importJobWorkflowId(jobId: string): string {
  return `import-job:${jobId}`;
}

export interface ImportJobInput {
  jobId: string;
  /** Where the job's activities run; default identification's task queue (tests use their own). */
  activityTaskQueue?: string;
}

/** The job as its workflow ends: what GET /imports/:id shows of it then. */
export interface ImportJobOutcome {
  jobId: string;
  kind: string;
  status: 'done' | 'failed' | 'interrupted';
  totalRows: number;
  processedRows: number;
  errorCount: number;
}

/** What the activity heartbeats: rows committed so far of the file's rows (0 until the file is read). */
export interface ImportJobProgress {
  processedRows: number;
  totalRows: number;
}

/** identification-service's activities of an import job. */
export interface ImportJobActivities {
  /** Run (or resume) the job to its end: done, or failed when the file cannot be imported. */
  runImportJob(jobId: string): Promise<ImportJobOutcome>;
  /** The work broke off for good (retries exhausted, or refused): the job is `interrupted`, resumable by re-upload. */
  markImportJobInterrupted(jobId: string): Promise<ImportJobOutcome>;
}

/** Refusals of runImportJob (ApplicationFailure types, non-retryable): nothing to run. */
export const IMPORT_JOB_REFUSALS = ['import.job_not_found', 'import.payload_missing', 'import.unknown_kind'] as const;
