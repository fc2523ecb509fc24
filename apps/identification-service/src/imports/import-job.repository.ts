import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import { Injectable } from '@nestjs/common';
import type { SqlExecutor } from '@fupin/persistence';
import { InjectDb } from '@fupin/service-kit';
import { type IdentificationDb, identificationTx } from '../db';
import type { ImportJob as ImportJobModel, ImportJobPayloadPart } from '../generated/prisma/client';
import type { ImportError } from './error-report';
import type { UploadFormat } from './tabular';
import {
  type CappedErrors,
  type ErrorTally,
  type ImportJob,
  type JobKind,
  type JobStatus,
  NO_ERRORS,
  capErrors,
} from './import-jobs';

/**
 * import_job rows (see import-jobs.ts for the job's life): the only place their SQL lives, shared by the roster,
 * survey and exclusion loads. Functions take the executor (a transaction when the caller holds one); the class
 * serves the HTTP side. Model calls for the plain reads and writes; SQL where the job is read with its error count
 * (jsonb_array_length: the report itself stays in the database), for the conditional moves and the progress (only
 * from the state this run found, stamped with the database clock), the report's capped appends (jsonb), inserts
 * once (ON CONFLICT) and the stored file's parts (the memory-measured path).
 */
@Injectable()
export class ImportJobRepository {
  constructor(@InjectDb() private readonly db: IdentificationDb) {}

  get(id: string): Promise<ImportJob | null> {
    return getJob(this.db, id);
  }

  list(filter: { countyCode: string; kindPrefix?: string; limit: number }): Promise<ImportJob[]> {
    return listJobs(this.db, filter);
  }

  errors(id: string): Promise<ImportError[]> {
    return jobErrors(this.db, id);
  }

  batchOfJob(job: ImportJob): Promise<string | null> {
    return batchOfJob(this.db, job);
  }
}

type Row = Omit<ImportJobModel, 'errors'> & { errorCount: number };

const COLUMNS = `id::text AS id, kind, county_code AS "countyCode", file_name AS "fileName", file_sha256 AS "fileSha256", status,
  total_rows AS "totalRows", processed_rows AS "processedRows", households_ok AS "householdsOk", households_failed AS "householdsFailed",
  jsonb_array_length(errors) AS "errorCount", created_by AS "createdBy", created_at AS "createdAt", finished_at AS "finishedAt"`;

function toJob(r: Row): ImportJob {
  return {
    id: r.id,
    kind: r.kind as JobKind,
    countyCode: r.countyCode,
    fileName: r.fileName,
    fileSha256: r.fileSha256,
    status: r.status as JobStatus,
    totalRows: Number(r.totalRows),
    processedRows: Number(r.processedRows),
    householdsOk: Number(r.householdsOk),
    householdsFailed: Number(r.householdsFailed),
    errorCount: Number(r.errorCount),
    createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(),
    finishedAt: r.finishedAt === null ? null : r.finishedAt.toISOString(),
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
  const job = await identificationTx(db).importJob.findUnique({ where: { id }, select: { errors: true } });
  return job ? (job.errors as unknown as ImportError[]) : []; // the report the job wrote (capErrors)
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

/** SQL for the new value of import_job.errors: `$append` is the JSON of CappedErrors.append, `$dropLast` its flag. */
function appendErrorsSql(append: string, dropLast: string): string {
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

/** Set the job's row count once the file is read. */
export async function setTotalRows(db: SqlExecutor, id: string, totalRows: number): Promise<void> {
  await identificationTx(db).importJob.updateMany({ where: { id }, data: { totalRows } });
}

/**
 * A batch committed: progress, counts and its errors (capped), inside the batch's transaction. Only when the job's
 * progress is still `fromRows` (where this run found it): false when another run of the job moved it meanwhile — the
 * caller then rolls the batch back.
 */
export async function recordBatchProgress(
  tx: SqlExecutor,
  id: string,
  fromRows: number,
  processedRows: number,
  ok: number,
  failed: number,
  capped: CappedErrors,
): Promise<boolean> {
  const n = await tx.$executeRawUnsafe(
    `UPDATE import_job SET processed_rows = $2, households_ok = households_ok + $3, households_failed = households_failed + $4, errors = ${appendErrorsSql('$5', '$6')}
     WHERE id = $1::uuid AND processed_rows = $7 AND status = 'running'`,
    id,
    processedRows,
    ok,
    failed,
    JSON.stringify(capped.append),
    capped.dropLast,
    fromRows,
  );
  return n > 0;
}

/** Every row processed: the job is done; false when it was no longer running (another run finished it). */
export async function markJobDone(tx: SqlExecutor, id: string): Promise<boolean> {
  const n = await tx.$executeRawUnsafe(
    `UPDATE import_job SET status = 'done', finished_at = now(), processed_rows = total_rows WHERE id = $1::uuid AND status = 'running'`,
    id,
  );
  return n > 0;
}

/** A new queued job for the file; null when the same file (kind, county, hash) already has one. */
export async function insertQueuedJob(
  db: SqlExecutor,
  job: { id: string; kind: JobKind; countyCode: string; fileName: string; sha256: string; createdBy: string },
): Promise<string | null> {
  const inserted = await db.$queryRawUnsafe<Pick<ImportJobModel, 'id'>[]>(
    `INSERT INTO import_job (id, kind, county_code, file_name, file_sha256, status, created_by) VALUES ($1::uuid, $2, $3, $4, $5, 'queued', $6)
     ON CONFLICT (kind, county_code, file_sha256) DO NOTHING RETURNING id::text AS id`,
    job.id,
    job.kind,
    job.countyCode,
    job.fileName,
    job.sha256,
    job.createdBy,
  );
  return inserted[0]?.id ?? null;
}

/** The job made for the same file before. */
export async function findJob(
  db: SqlExecutor,
  kind: string,
  countyCode: string,
  sha256: string,
): Promise<ImportJob | null> {
  const job = await identificationTx(db).importJob.findUnique({
    where: { kind_countyCode_fileSha256: { kind, countyCode, fileSha256: sha256 } },
    select: { id: true },
  });
  return job ? getJob(db, job.id) : null;
}

/** The batch a finished exclusion job produced (same source, county and file hash), if any rows were good. */
export async function batchOfJob(db: IdentificationDb, job: ImportJob): Promise<string | null> {
  if (!job.kind.startsWith('exclusion.')) return null;
  const batch = await db.exclusionBatch.findUnique({
    where: {
      source_countyCode_fileSha256: {
        source: job.kind.slice('exclusion.'.length),
        countyCode: job.countyCode,
        fileSha256: job.fileSha256,
      },
    },
    select: { id: true },
  });
  return batch?.id ?? null;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** The uploaded file of an unfinished job, for its activity; who uploaded it. */
export interface JobPayload {
  format: UploadFormat;
  content: Buffer;
  actor: { subject: string; role: string; jurisdiction: string };
}

/**
 * The file is stored in parts of this size: each part crosses Prisma's raw-query path as a few transient copies
 * (base64, JSON), so a part — not the whole file (up to 50 MB) — is what writing or reading it holds at a time.
 */
export const PAYLOAD_PART_BYTES = 2 * 1024 * 1024;

/**
 * A CSV is stored gzipped (level 1: a county roster shrinks about fivefold in a few tens of ms, and so do the
 * transient copies above); an XLSX is a zip already and is stored as it is.
 */
const stored = (p: Pick<JobPayload, 'format' | 'content'>) =>
  p.format === 'csv' ? gzipAsync(p.content, { level: 1 }) : Promise.resolve(p.content);
const read = (format: string, content: Buffer) => (format === 'csv' ? gunzipAsync(content) : Promise.resolve(content));

/** Keep the job's file until the job ends (a second upload of the same file keeps the first). */
export async function saveJobPayload(db: SqlExecutor, jobId: string, payload: JobPayload): Promise<void> {
  const content = await stored(payload);
  const size = content.length;
  const saved = await db.$executeRawUnsafe(
    `INSERT INTO import_job_payload (job_id, format, size, actor) VALUES ($1::uuid, $2, $3, $4::jsonb) ON CONFLICT (job_id) DO NOTHING`,
    jobId,
    payload.format,
    size,
    JSON.stringify(payload.actor),
  );
  if (saved === 0) return;
  for (let part = 0; part * PAYLOAD_PART_BYTES < size; part++) {
    const start = part * PAYLOAD_PART_BYTES;
    await db.$executeRawUnsafe(
      `INSERT INTO import_job_payload_part (job_id, part, content) VALUES ($1::uuid, $2, $3)`,
      jobId,
      part,
      content.subarray(start, start + PAYLOAD_PART_BYTES),
    );
  }
}

/** Whether the job's file is kept (jobs made before files were kept, or finished, have none). */
export async function hasJobPayload(db: SqlExecutor, jobId: string): Promise<boolean> {
  return (await identificationTx(db).importJobPayload.count({ where: { jobId } })) > 0;
}

/** The job's file, read part by part into one buffer. */
export async function jobPayload(db: SqlExecutor, jobId: string): Promise<JobPayload | null> {
  const r = await identificationTx(db).importJobPayload.findUnique({
    where: { jobId },
    select: { format: true, size: true, actor: true },
  });
  if (!r) return null;
  const content = Buffer.alloc(r.size);
  for (let part = 0, at = 0; at < content.length; part++) {
    const [p] = await db.$queryRawUnsafe<Pick<ImportJobPayloadPart, 'content'>[]>(
      `SELECT content FROM import_job_payload_part WHERE job_id = $1::uuid AND part = $2`,
      jobId,
      part,
    );
    if (!p) return null; // not all there: as good as none
    content.set(p.content, at);
    at += p.content.byteLength;
  }
  const actor = r.actor as JobPayload['actor']; // as saveJobPayload wrote it
  return { format: r.format as UploadFormat, content: await read(r.format, content), actor };
}

/** The job ended (done or failed): its file is no longer needed (its parts go with it). */
export async function deleteJobPayload(db: SqlExecutor, jobId: string): Promise<void> {
  await identificationTx(db).importJobPayload.deleteMany({ where: { jobId } }); // its parts go with it (ON DELETE CASCADE)
}
