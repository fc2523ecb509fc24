import { appendAudit } from '@fupin/audit';
import type { SqlExecutor, TransactionalClient } from '@fupin/persistence';
import type { ImportError } from './error-report';
import {
  type ErrorTally,
  type ImportJob,
  type JobControl,
  JobInterrupted,
  JobSuperseded,
  capErrors,
} from './import-jobs';
import {
  errorTally,
  failJob,
  getJob,
  markJobDone,
  recordBatchProgress,
  setTotalRows,
  transitionJob,
} from './import-job.repository';
import {
  countyVillageCodes,
  importedHouseholdKeys,
  insertHouseholds,
  lockCountyImports,
  registeredPeople,
} from './roster-import.repository';
import { type RosterHousehold, type ValidatedRoster, reportedErrors, validateRoster } from './roster-validation';
import { type Table, TableError, type UploadFormat, parseCsv } from './tabular';
import { parseXlsx } from './xlsx-reader';

/**
 * County roster import (花名册导入): parse → validate every row in memory → per batch of households, one
 * transaction that checks the register (person already in a household, household key already imported),
 * inserts the good households with multi-row INSERT … SELECT statements and records the job's
 * progress and errors. A household with any bad row is skipped whole (all-or-nothing per household);
 * a batch commits or rolls back with its progress, so a resumed job continues exactly after it. A batch commits only
 * where this run found the job's progress (`recordBatchProgress`), so two runs of one job never import a row twice.
 */

export const BATCH_HOUSEHOLDS = 1000;
/**
 * Largest roster accepted in one file (a county has 10,000–50,000 people), refused while reading: the file is
 * validated in memory, about 2 KB a row at the peak (the table and the validated households).
 */
export const MAX_ROSTER_ROWS = 150_000;

export interface ImportActor {
  subject: string;
  role: string;
  jurisdiction: string;
}

export interface RosterImportOptions {
  batchHouseholds?: number;
  /** "Today" for ID-number checks (YYYY-MM-DD); default the current UTC date. */
  asOf?: string;
}

/** Import transactions may run long (a batch of 1,000 households). */
export const IMPORT_TX = { timeout: 300_000, maxWait: 60_000 };
const TX = IMPORT_TX;

/** The uploaded file as a table; more than `maxRows` data rows are refused while reading (too_many_rows). */
export async function readTable(buffer: Buffer, format: UploadFormat, maxRows?: number): Promise<Table> {
  return format === 'xlsx' ? parseXlsx(buffer, { maxRows }) : parseCsv(buffer, maxRows);
}

function fileError(e: TableError): ImportError {
  return { row: 0, column: '', rule: e.rule, message: e.text };
}

function isUniqueViolation(e: unknown): boolean {
  const err = e as {
    code?: unknown;
    meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
    message?: unknown;
  };
  if (err?.code === '23505' || err?.meta?.code === '23505') return true;
  const cause = err?.meta?.driverAdapterError?.cause;
  if (cause?.originalCode === '23505' || cause?.kind === 'UniqueConstraintViolation') return true;
  return typeof err?.message === 'string' && /23505|unique constraint/i.test(err.message);
}

/** Run (or resume) a roster import job to its end. Returns the finished job. */
export async function runRosterImport(
  db: TransactionalClient,
  jobId: string,
  upload: { buffer: Buffer; format: UploadFormat },
  actor: ImportActor,
  control: JobControl,
  options: RosterImportOptions = {},
): Promise<ImportJob> {
  const batchSize = options.batchHouseholds ?? BATCH_HOUSEHOLDS;
  const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
  const job = await startRunning(db, jobId);

  const roster = await readRoster(db, job.countyCode, upload, asOf);
  if (roster.headerErrors.length > 0) {
    await finishFailed(db, job, actor, roster.headerErrors, roster.totalRows);
    return (await getJob(db, jobId))!;
  }
  await setTotalRows(db, jobId, roster.totalRows);
  control.progress?.(job.processedRows, roster.totalRows);

  let tally = await errorTally(db, jobId);
  let rowsDone = 0;
  for (let start = 0; start < roster.households.length; start += batchSize) {
    const batch = roster.households.slice(start, start + batchSize);
    const batchRows = batch.reduce((n, h) => n + h.rows.length, 0);
    const fromRows = rowsDone;
    rowsDone += batchRows;
    if (rowsDone <= job.processedRows) continue; // committed by an earlier run of this job
    if (control.stopping) throw new JobInterrupted();
    for (let attempt = 1; ; attempt++) {
      try {
        const rows = { from: fromRows, to: rowsDone };
        tally = await db.$transaction((tx) => importBatch(tx, job, batch, actor, rows, tally), TX);
        control.progress?.(rowsDone, roster.totalRows);
        break;
      } catch (e) {
        // someone registered one of these people between our check and our insert: check again
        if (attempt < 4 && isUniqueViolation(e)) continue;
        throw e;
      }
    }
  }

  return finishJobDone(db, jobId, actor, 'roster.import');
}

/** The job, now running: from queued, from interrupted, or still running (a retried activity picks it up). */
export async function startRunning(db: TransactionalClient, jobId: string): Promise<ImportJob> {
  if (!(await transitionJob(db, jobId, ['queued', 'running', 'interrupted'], 'running')))
    throw new Error(`import job ${jobId} is not waiting to run (done or failed already)`);
  return (await getJob(db, jobId))!;
}

/**
 * The file read and validated; an unreadable file comes back as a header error. The table itself is not kept:
 * a job holds what it still needs (the households) while its batches run, not every cell of the file.
 */
async function readRoster(
  db: TransactionalClient,
  countyCode: string,
  upload: { buffer: Buffer; format: UploadFormat },
  asOf: string,
): Promise<ValidatedRoster> {
  let table: Table;
  try {
    table = await readTable(upload.buffer, upload.format, MAX_ROSTER_ROWS);
  } catch (e) {
    if (!(e instanceof TableError)) throw e;
    return { headerErrors: [fileError(e)], households: [], totalRows: 0 };
  }
  const villages = await countyVillageCodes(db, countyCode);
  return validateRoster(table, {
    countyCode,
    asOf,
    knownVillages: villages.length ? new Set(villages) : null,
  });
}

/** The job is done: status, counts and its one audit record (`action`) in one transaction. */
export async function finishJobDone(
  db: TransactionalClient,
  jobId: string,
  actor: ImportActor,
  action: string,
): Promise<ImportJob> {
  await db.$transaction(async (tx) => {
    if (await markJobDone(tx, jobId)) await auditJob(tx, (await getJob(tx, jobId))!, actor, action);
  }, TX);
  return (await getJob(db, jobId))!;
}

/** The job failed as a whole (unreadable file, missing columns): its errors and the audit record (`action`). */
export async function finishJobFailed(
  db: TransactionalClient,
  job: ImportJob,
  actor: ImportActor,
  action: string,
  errors: ImportError[],
  totalRows = 0,
): Promise<void> {
  await db.$transaction(async (tx) => {
    await failJob(tx, job.id, errors, totalRows);
    await auditJob(tx, (await getJob(tx, job.id))!, actor, action);
  }, TX);
}

function finishFailed(
  db: TransactionalClient,
  job: ImportJob,
  actor: ImportActor,
  errors: ImportError[],
  totalRows = 0,
): Promise<void> {
  return finishJobFailed(db, job, actor, 'roster.import.failed', errors, totalRows);
}

export async function auditJob(
  tx: SqlExecutor,
  job: ImportJob,
  actor: ImportActor,
  action: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  await appendAudit(tx, {
    actorSubject: actor.subject,
    actorRole: actor.role,
    jurisdiction: actor.jurisdiction,
    action,
    subjectType: 'import_job',
    subjectId: job.id,
    after: {
      kind: job.kind,
      countyCode: job.countyCode,
      fileName: job.fileName,
      fileSha256: job.fileSha256,
      status: job.status,
      totalRows: job.totalRows,
      householdsOk: job.householdsOk,
      householdsFailed: job.householdsFailed,
      errors: job.errorCount,
      createdBy: job.createdBy,
      ...extra,
    },
    reason: `${job.kind} import of ${job.fileName} (${job.totalRows} rows) for county ${job.countyCode}`,
  });
}

/** One batch (the file's rows `from` < row ≤ `to`) in one transaction; returns the job's new error tally. */
async function importBatch(
  tx: SqlExecutor,
  job: ImportJob,
  batch: RosterHousehold[],
  actor: ImportActor,
  rows: { from: number; to: number },
  tally: ErrorTally,
): Promise<ErrorTally> {
  // one import at a time per county: the register checks below stay true until we commit
  await lockCountyImports(tx, job.countyCode);
  const candidates = batch.filter((h) => h.errors.length === 0);
  const dbErrors = new Map<RosterHousehold, ImportError[]>();
  const addError = (h: RosterHousehold, e: ImportError) => {
    const list = dbErrors.get(h);
    if (list) list.push(e);
    else dbErrors.set(h, [e]);
  };

  if (candidates.length > 0) {
    // household keys already imported for the village (re-import of the same household)
    const existing = await importedHouseholdKeys(tx, candidates);
    const imported = new Map(existing.map((e) => [`${e.village_code}\u0000${e.roster_key}`, e.id]));
    for (const h of candidates) {
      const id = imported.get(`${h.villageCode}\u0000${h.key}`);
      if (id) {
        addError(h, {
          row: h.rows[0],
          column: 'household_key',
          rule: 'already_imported',
          householdKey: h.key,
          message: {
            'zh-CN': `户编号 ${h.key} 已导入村 ${h.villageCode}（户 ${id}），未重复导入`,
            en: `household_key ${h.key} was already imported into village ${h.villageCode} (household ${id}); not imported again`,
          },
        });
      }
    }
    // people already in a household of the register
    const ids = candidates.filter((h) => !dbErrors.has(h)).flatMap((h) => h.members.map((m) => m.idNumber));
    if (ids.length > 0) {
      const clashes = await registeredPeople(tx, ids);
      if (clashes.length > 0) {
        const byId = new Map(clashes.map((c) => [c.id_number, c]));
        for (const h of candidates) {
          if (dbErrors.has(h)) continue;
          for (const m of h.members) {
            const c = byId.get(m.idNumber);
            if (!c) continue;
            const inside = c.village_code.startsWith(job.countyCode);
            addError(h, {
              row: m.row,
              column: 'id_number',
              rule: 'already_registered',
              householdKey: h.key,
              message: inside
                ? {
                    'zh-CN': `身份证号 ${m.idNumber} 已在户 ${c.household_id}（村 ${c.village_code}${c.roster_key ? `，户编号 ${c.roster_key}` : ''}）中，一人只能属于一户`,
                    en: `ID number ${m.idNumber} already belongs to household ${c.household_id} (village ${c.village_code}${c.roster_key ? `, household_key ${c.roster_key}` : ''}); a person belongs to one household only`,
                  }
                : {
                    'zh-CN': `身份证号 ${m.idNumber} 已在本县以外的一个户中，一人只能属于一户`,
                    en: `ID number ${m.idNumber} already belongs to a household outside your county; a person belongs to one household only`,
                  },
            });
          }
        }
      }
    }
  }

  const good = candidates.filter((h) => !dbErrors.has(h));
  if (good.length > 0) await insertHouseholds(tx, good, actor.subject);

  const errors: ImportError[] = [];
  let failed = 0;
  for (const h of batch) {
    const own = h.errors.length > 0 ? h : dbErrors.has(h) ? { ...h, errors: [...h.errors, ...dbErrors.get(h)!] } : null;
    if (!own) continue;
    failed++;
    errors.push(...reportedErrors(own));
  }
  const capped = capErrors(tally, errors);
  if (!(await recordBatchProgress(tx, job.id, rows.from, rows.to, good.length, failed, capped)))
    throw new JobSuperseded(job.id);
  return capped.tally;
}
