import { randomUUID } from 'node:crypto';
import { type ExclusionSource, parseExclusionRow } from '@fupin/identification-rules';
import type { SqlExecutor, TransactionalClient } from '@fupin/persistence';
import { CONTROL_CHARACTER } from '@fupin/service-kit';
import type { ImportError } from '../imports/error-report';
import { type ImportJob, MAX_STORED_ERRORS, getJob, transitionJob } from '../imports/import-jobs';
import type { JobControl } from '../imports/job-runner';
import { type ImportActor, auditJob, readTable } from '../imports/roster-import';
import { type Table, TableError, type UploadFormat } from '../imports/tabular';
import { mapExclusionHeaders } from './exclusion-columns';

/**
 * A department's bulk load of exclusion data (四不列): the file's good rows become one exclusion_batch with
 * its records, in one transaction with the job's result and one audit record — a load is all there or not
 * there. Bad rows are skipped and listed in the job's error report.
 */

export const MAX_EXCLUSION_ROWS = 1_000_000;
const CHUNK = 5000;
const TX = { timeout: 600_000, maxWait: 60_000 };

export function exclusionJobKind(source: ExclusionSource): `exclusion.${ExclusionSource}` {
  return `exclusion.${source}`;
}

const controlCharacterMessage = {
  'zh-CN': '该单元格含有控制字符（如 NUL），本行未导入',
  en: 'the cell contains a control character (such as NUL); the row was not loaded',
};

export async function runExclusionLoad(
  db: TransactionalClient,
  jobId: string,
  source: ExclusionSource,
  upload: { buffer: Buffer; format: UploadFormat },
  actor: ImportActor,
  _control: JobControl,
  asOf = new Date().toISOString().slice(0, 10),
): Promise<ImportJob> {
  if (!(await transitionJob(db, jobId, ['queued', 'interrupted'], 'running')))
    throw new Error(`import job ${jobId} is not queued`);
  const job = (await getJob(db, jobId))!;
  const fail = async (errors: ImportError[], totalRows = 0) => {
    await db.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(
        `UPDATE import_job SET status = 'failed', finished_at = now(), total_rows = $3, errors = $2::jsonb WHERE id = $1::uuid`,
        jobId,
        JSON.stringify(errors.slice(0, MAX_STORED_ERRORS)),
        totalRows,
      );
      await auditJob(tx, (await getJob(tx, jobId))!, actor, 'exclusion.load.failed', { source });
    }, TX);
    return (await getJob(db, jobId))!;
  };

  let table: Table;
  try {
    table = await readTable(upload.buffer, upload.format);
  } catch (e) {
    if (!(e instanceof TableError)) throw e;
    return fail([{ row: 0, column: '', rule: e.rule, message: e.text }]);
  }
  if (table.rows.length > MAX_EXCLUSION_ROWS) {
    return fail(
      [
        {
          row: 0,
          column: '',
          rule: 'too_many_rows',
          message: {
            'zh-CN': `文件超过 ${MAX_EXCLUSION_ROWS} 行，请拆分`,
            en: `the file has more than ${MAX_EXCLUSION_ROWS} rows; split it`,
          },
        },
      ],
      table.rows.length,
    );
  }
  const mapping = mapExclusionHeaders(source, table.headers);
  if (mapping.errors.length > 0) return fail(mapping.errors, table.rows.length);

  const ids: string[] = [];
  const details: string[] = [];
  const errors: ImportError[] = [];
  let rejected = 0;
  for (const r of table.rows) {
    const cells: Record<string, string> = {};
    for (const [name, i] of mapping.index) cells[name] = r.cells[i] ?? '';
    const spoilt = [...mapping.index.keys()].find((name) => CONTROL_CHARACTER.test(cells[name]));
    if (spoilt !== undefined) {
      rejected++;
      if (errors.length < MAX_STORED_ERRORS)
        errors.push({
          row: r.row,
          column: mapping.label.get(spoilt) ?? spoilt,
          rule: 'control_character',
          message: controlCharacterMessage,
        });
      continue;
    }
    const parsed = parseExclusionRow(source, cells, r.row, asOf);
    if (parsed.ok) {
      ids.push(parsed.value.idNumber);
      details.push(JSON.stringify(parsed.value.detail));
    } else {
      rejected++;
      for (const v of parsed.violations) {
        if (errors.length < MAX_STORED_ERRORS)
          errors.push({
            row: v.row,
            column: mapping.label.get(v.column) ?? v.column,
            rule: v.rule,
            message: v.message,
          });
      }
    }
  }

  let batchId: string | null = null;
  await db.$transaction(async (tx) => {
    if (ids.length > 0) {
      batchId = randomUUID();
      await tx.$executeRawUnsafe(
        `INSERT INTO exclusion_batch (id, source, county_code, file_name, file_sha256, rows, loaded_by) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7)`,
        batchId,
        source,
        job.countyCode,
        job.fileName,
        job.fileSha256,
        ids.length,
        actor.subject,
      );
      for (let i = 0; i < ids.length; i += CHUNK) {
        await insertRecords(tx, batchId, source, ids.slice(i, i + CHUNK), details.slice(i, i + CHUNK));
      }
    }
    await tx.$executeRawUnsafe(
      `UPDATE import_job SET status = 'done', finished_at = now(), total_rows = $2, processed_rows = $2, households_ok = $3, households_failed = $4, errors = $5::jsonb
        WHERE id = $1::uuid`,
      jobId,
      table.rows.length,
      ids.length,
      rejected,
      JSON.stringify(errors),
    );
    await auditJob(tx, (await getJob(tx, jobId))!, actor, 'exclusion.load', { source, batchId, records: ids.length });
  }, TX);
  return (await getJob(db, jobId))!;
}

async function insertRecords(
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

export interface ExclusionBatchView {
  id: string;
  source: string;
  countyCode: string;
  fileName: string;
  fileSha256: string;
  rows: number;
  /** Who loaded it: subject, and from the load's audit record the role and jurisdiction (which department). */
  loadedBy: { subject: string; role: string | null; jurisdiction: string | null };
  loadedAt: string;
  jobId: string | null;
}

export async function listExclusionBatches(
  db: SqlExecutor,
  filter: { countyCode: string; source?: string; limit: number },
): Promise<ExclusionBatchView[]> {
  const rows = await db.$queryRawUnsafe<
    {
      id: string;
      source: string;
      county_code: string;
      file_name: string;
      file_sha256: string;
      rows: number;
      loaded_by: string;
      loaded_at: Date | string;
      job_id: string | null;
      actor_role: string | null;
      jurisdiction: string | null;
    }[]
  >(
    `SELECT b.id::text AS id, b.source, b.county_code, b.file_name, b.file_sha256, b.rows, b.loaded_by, b.loaded_at, j.id::text AS job_id, a.actor_role, a.jurisdiction
       FROM exclusion_batch b
       LEFT JOIN import_job j ON j.kind = 'exclusion.' || b.source AND j.county_code = b.county_code AND j.file_sha256 = b.file_sha256
       LEFT JOIN LATERAL (SELECT actor_role, jurisdiction FROM audit_record
                           WHERE subject_type = 'import_job' AND subject_id = j.id::text AND action = 'exclusion.load' ORDER BY seq DESC LIMIT 1) a ON true
      WHERE b.county_code = $1 AND ($2::text IS NULL OR b.source = $2) ORDER BY b.loaded_at DESC LIMIT ${Math.max(1, Math.min(500, Math.trunc(filter.limit)))}`,
    filter.countyCode,
    filter.source ?? null,
  );
  return rows.map((r) => ({
    id: r.id,
    source: r.source,
    countyCode: r.county_code,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    rows: Number(r.rows),
    loadedBy: { subject: r.loaded_by, role: r.actor_role, jurisdiction: r.jurisdiction },
    loadedAt: new Date(r.loaded_at).toISOString(),
    jobId: r.job_id,
  }));
}

/** The batch a finished exclusion job produced (same source, county and file hash), if any rows were good. */
export async function batchOfJob(db: SqlExecutor, job: ImportJob): Promise<string | null> {
  if (!job.kind.startsWith('exclusion.')) return null;
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text AS id FROM exclusion_batch WHERE source = $1 AND county_code = $2 AND file_sha256 = $3`,
    job.kind.slice('exclusion.'.length),
    job.countyCode,
    job.fileSha256,
  );
  return rows[0]?.id ?? null;
}
