import type { ExclusionSource } from '@fupin/identification-rules';
import type { SqlExecutor } from '@fupin/persistence';
import type { ImportError } from '../imports/error-report';
import type { ImportJob } from '../imports/import-jobs';

/** The exclusion load's data access (四不列 bulk load): its batch, its records, and the job's result. */

/** The load failed as a whole (unreadable file, header wrong, too many rows): the job's status and report. */
export async function recordLoadFailed(
  tx: SqlExecutor,
  jobId: string,
  errors: ImportError[],
  totalRows: number,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `UPDATE import_job SET status = 'failed', finished_at = now(), total_rows = $3, errors = $2::jsonb WHERE id = $1::uuid`,
    jobId,
    JSON.stringify(errors),
    totalRows,
  );
}

/** The batch of a load's good rows: the file it came from, how many records, who loaded it. */
export async function insertExclusionBatch(
  tx: SqlExecutor,
  batchId: string,
  source: ExclusionSource,
  job: Pick<ImportJob, 'countyCode' | 'fileName' | 'fileSha256'>,
  rows: number,
  loadedBy: string,
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO exclusion_batch (id, source, county_code, file_name, file_sha256, rows, loaded_by) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)`,
    batchId,
    source,
    job.countyCode,
    job.fileName,
    job.fileSha256,
    rows,
    loadedBy,
  );
}

/** A chunk of the batch's records: ID numbers with their details (JSON text), one multi-row INSERT. */
export async function insertExclusionRecords(
  tx: SqlExecutor,
  batchId: string,
  source: ExclusionSource,
  ids: string[],
  details: string[],
): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO exclusion_record (batch_id, source, id_number, detail)
     SELECT $1::uuid, $2, t.id_number, t.detail::jsonb FROM unnest($3::text[], $4::text[]) AS t(id_number, detail)`,
    batchId,
    source,
    ids,
    details,
  );
}

/**
 * The load is done: every row read, the good ones loaded, the rejected ones reported. False when the job was no
 * longer running (another run of it finished first): the caller rolls back.
 */
export async function recordLoadDone(
  tx: SqlExecutor,
  jobId: string,
  totalRows: number,
  loaded: number,
  rejected: number,
  errors: ImportError[],
): Promise<boolean> {
  const n = await tx.$executeRawUnsafe(
    `UPDATE import_job SET status = 'done', finished_at = now(), total_rows = $2, processed_rows = $2, households_ok = $3, households_failed = $4, errors = $5::jsonb
        WHERE id = $1::uuid AND status = 'running'`,
    jobId,
    totalRows,
    loaded,
    rejected,
    JSON.stringify(errors),
  );
  return n > 0;
}
