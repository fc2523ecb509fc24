import type { SqlExecutor } from '@fupin/persistence';
import { type ImportError, count } from './error-report';

/**
 * import_job rows: one per uploaded file and kind (roster, exclusion.<source>), unique by
 * (kind, county, sha256) so a re-upload finds the job it already made.
 *
 * Status: queued → running → done | failed, or interrupted (the process stopped or crashed mid-way, or a
 * database error broke it off). Batches already committed stay; re-uploading the same file resumes an
 * interrupted job after its last committed batch. `failed` means the file itself cannot be imported
 * (unreadable, header wrong): re-uploading it changes nothing.
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

interface Row {
  id: string;
  kind: string;
  county_code: string;
  file_name: string;
  file_sha256: string;
  status: string;
  total_rows: number;
  processed_rows: number;
  households_ok: number;
  households_failed: number;
  error_count: number;
  created_by: string;
  created_at: Date | string;
  finished_at: Date | string | null;
}

const COLUMNS = `id::text AS id, kind, county_code, file_name, file_sha256, status, total_rows, processed_rows, households_ok, households_failed,
  jsonb_array_length(errors) AS error_count, created_by, created_at, finished_at`;

function toJob(r: Row): ImportJob {
  return {
    id: r.id,
    kind: r.kind as JobKind,
    countyCode: r.county_code,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    status: r.status as JobStatus,
    totalRows: Number(r.total_rows),
    processedRows: Number(r.processed_rows),
    householdsOk: Number(r.households_ok),
    householdsFailed: Number(r.households_failed),
    errorCount: Number(r.error_count),
    createdBy: r.created_by,
    createdAt: new Date(r.created_at).toISOString(),
    finishedAt: r.finished_at === null ? null : new Date(r.finished_at).toISOString(),
  };
}

export async function getJob(db: SqlExecutor, id: string): Promise<ImportJob | null> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const rows = await db.$queryRawUnsafe<Row[]>(`SELECT ${COLUMNS} FROM import_job WHERE id = $1::uuid`, id);
  return rows[0] ? toJob(rows[0]) : null;
}

export async function listJobs(
  db: SqlExecutor,
  filter: { countyCode: string; kindPrefix?: string; limit: number },
): Promise<ImportJob[]> {
  const rows = await db.$queryRawUnsafe<Row[]>(
    `SELECT ${COLUMNS} FROM import_job WHERE county_code = $1 AND ($2::text IS NULL OR kind LIKE $2 || '%') ORDER BY created_at DESC LIMIT ${Math.max(1, Math.min(500, Math.trunc(filter.limit)))}`,
    filter.countyCode,
    filter.kindPrefix ?? null,
  );
  return rows.map(toJob);
}

export async function jobErrors(db: SqlExecutor, id: string): Promise<ImportError[]> {
  const rows = await db.$queryRawUnsafe<{ errors: ImportError[] | string }[]>(
    `SELECT errors FROM import_job WHERE id = $1::uuid`,
    id,
  );
  if (!rows[0]) return [];
  const errors = rows[0].errors;
  return typeof errors === 'string' ? (JSON.parse(errors) as ImportError[]) : errors;
}

/** Move a job from one of `from` to `to`; false when it was in none of them (someone else moved it). */
export async function transitionJob(db: SqlExecutor, id: string, from: JobStatus[], to: JobStatus): Promise<boolean> {
  const n = await db.$executeRawUnsafe(
    `UPDATE import_job SET status = $3, finished_at = CASE WHEN $3 IN ('done', 'failed') THEN now() ELSE NULL END WHERE id = $1::uuid AND status = ANY($2::text[])`,
    id,
    from,
    to,
  );
  return n > 0;
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

/** The tally of a job's stored report (a resumed job goes on counting from it). */
export async function errorTally(db: SqlExecutor, id: string): Promise<ErrorTally> {
  const rows = await db.$queryRawUnsafe<{ n: number; omitted: number | null }[]>(
    `SELECT jsonb_array_length(errors) AS n, CASE WHEN errors->-1->>'rule' = 'errors_truncated' THEN COALESCE((errors->-1->>'omitted')::int, 0) END AS omitted
       FROM import_job WHERE id = $1::uuid`,
    id,
  );
  const r = rows[0];
  if (!r) return NO_ERRORS;
  return r.omitted === null
    ? { stored: Number(r.n), omitted: 0 }
    : { stored: Number(r.n) - 1, omitted: Number(r.omitted) };
}

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

/** SQL for the new value of import_job.errors: `$append` is the JSON of CappedErrors.append, `$dropLast` its flag. */
export function appendErrorsSql(append: string, dropLast: string): string {
  return `CASE WHEN ${dropLast}::boolean THEN (errors - (-1)) || ${append}::jsonb WHEN ${append}::jsonb = '[]'::jsonb THEN errors ELSE errors || ${append}::jsonb END`;
}

/** Finish a job whose file cannot be imported at all (unreadable, header wrong): status failed with the reasons. */
export async function failJob(db: SqlExecutor, id: string, errors: ImportError[], totalRows = 0): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE import_job SET status = 'failed', finished_at = now(), total_rows = $3, errors = $2::jsonb WHERE id = $1::uuid`,
    id,
    JSON.stringify(capErrors(NO_ERRORS, errors).append),
    totalRows,
  );
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
