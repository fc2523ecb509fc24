import { randomUUID } from 'node:crypto';
import { type ExclusionSource, parseExclusionRow } from '@fupin/identification-rules';
import type { TransactionalClient } from '@fupin/persistence';
import { CONTROL_CHARACTER } from '@fupin/service-kit';
import type { ImportError } from '../imports/error-report';
import {
  type ImportJob,
  type JobControl,
  JobInterrupted,
  JobSuperseded,
  MAX_STORED_ERRORS,
} from '../imports/import-jobs';
import { getJob } from '../imports/import-job.repository';
import { type ImportActor, auditJob, readTable, startRunning } from '../imports/roster-import';
import { type Table, TableError, type UploadFormat } from '../imports/tabular';
import { mapExclusionHeaders } from './exclusion-columns';
import {
  insertExclusionBatch,
  insertExclusionRecords,
  recordLoadDone,
  recordLoadFailed,
} from './exclusion-load.repository';

/**
 * A department's bulk load of exclusion data (四不列): the file's good rows become one exclusion_batch with
 * its records, in one transaction with the job's result and one audit record — a load is all there or not
 * there (a run stopped halfway rolls back; the next run loads the file from its start). Bad rows are skipped and
 * listed in the job's error report.
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
  control: JobControl,
  asOf = new Date().toISOString().slice(0, 10),
): Promise<ImportJob> {
  const job = await startRunning(db, jobId);
  const fail = async (errors: ImportError[], totalRows = 0) => {
    await db.$transaction(async (tx) => {
      await recordLoadFailed(tx, jobId, errors.slice(0, MAX_STORED_ERRORS), totalRows);
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

  const total = table.rows.length;
  control.progress?.(0, total);
  let batchId: string | null = null;
  await db.$transaction(async (tx) => {
    if (ids.length > 0) {
      batchId = randomUUID();
      await insertExclusionBatch(tx, batchId, source, job, ids.length, actor.subject);
      for (let i = 0; i < ids.length; i += CHUNK) {
        if (control.stopping) throw new JobInterrupted(); // rolls the load back whole
        await insertExclusionRecords(tx, batchId, source, ids.slice(i, i + CHUNK), details.slice(i, i + CHUNK));
        control.progress?.(Math.min(total, rejected + i + CHUNK), total); // rows handled, not yet committed
      }
    }
    if (!(await recordLoadDone(tx, jobId, total, ids.length, rejected, errors))) throw new JobSuperseded(jobId);
    await auditJob(tx, (await getJob(tx, jobId))!, actor, 'exclusion.load', { source, batchId, records: ids.length });
  }, TX);
  return (await getJob(db, jobId))!;
}
