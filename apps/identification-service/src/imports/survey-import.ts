import { randomUUID } from 'node:crypto';
import type { LocalizedMessage } from '@fupin/localized';
import { buildEvent, contracts } from '@fupin/contracts';
import { perCapitaNetIncomeFen } from '@fupin/identification-rules';
import { addToOutbox } from '@fupin/messaging';
import type { SqlExecutor, TransactionalClient } from '@fupin/persistence';
import { type ImportError, otherRows, times } from './error-report';
import {
  type ErrorTally,
  type ImportJob,
  type JobControl,
  type JobKind,
  JobInterrupted,
  JobSuperseded,
  capErrors,
} from './import-jobs';
import { errorTally, getJob, recordBatchProgress, setTotalRows } from './import-job.repository';
import { IMPORT_TX, type ImportActor, finishJobDone, finishJobFailed, readTable, startRunning } from './roster-import';
import {
  type SurveyField,
  type SurveyItem,
  type SurveyRow,
  type ValidatedSurveys,
  validateSurveyTable,
} from './survey-columns';
import {
  householdsById,
  householdsByKey,
  insertObservations,
  lockSurveyedHouseholds,
  upsertSurveys,
} from './survey-import.repository';
import { TableError, type UploadFormat } from './tabular';

/**
 * Survey import (入户调查批量导入): one row per household with its six-calculations survey (六算, in yuan) and
 * what the surveyor saw (看). Per row all-or-nothing: the income survey of the year is written (or redone)
 * together with a new living-condition observation, or neither is.
 *
 * parse → check every row in memory → find the households (by id, or village + roster key) → per batch of
 * rows one transaction that locks the batch's households, checks them again (inside the county; status
 * applicant, in_procedure or registered), upserts the surveys and inserts the observations with multi-row
 * statements over json_to_recordset (survey-import.repository.ts), and records the job's progress and errors.
 * Net and per-capita net income are derived exactly as the single-household endpoint derives them
 * (`perCapitaNetIncomeFen`, household size from the file or else the members on record).
 *
 * Registered households: other services know them, so — as `saveSurvey`/`saveObservation` do — a
 * `household.updated` event goes to the outbox in the same transaction, one per household carrying both
 * changes: `{ survey: { incomeYear, perCapitaFen }, housingGrade, drinkingWaterSafe }`.
 *
 * The same household twice in one file is refused on every occurrence (which row is right is for the
 * county to say). One audit record per job (`survey.import`), as the roster import.
 */

/** Job kind of survey imports (import_job.kind; the JobKind union in import-jobs.ts predates it). */
export const SURVEY_JOB_KIND = 'surveys' as string as JobKind;
export const BATCH_SURVEY_ROWS = 1000;
/** Largest survey file accepted (one row per household; a county has up to ~50,000 households), refused while reading. */
export const MAX_SURVEY_ROWS = 100_000;
/** Statuses whose survey may be recorded: before and during the procedure, and registered households (动态调整). */
export const SURVEYABLE_STATUSES = ['applicant', 'in_procedure', 'registered'] as const;

export interface SurveyImportOptions {
  batchRows?: number;
}

const TX = IMPORT_TX;
const RESOLVE_CHUNK = 5000;
const msg = (zh: string, en: string): LocalizedMessage => ({ 'zh-CN': zh, en });

const STATUS_LABEL: Record<string, string> = {
  applicant: '申请中',
  in_procedure: '识别程序中',
  registered: '已建档立卡',
  refused: '未通过',
  withdrawn: '已撤回',
  exited: '已退出',
};

function isDeadlock(e: unknown): boolean {
  const err = e as {
    code?: unknown;
    meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown } } };
    message?: unknown;
  };
  if (
    err?.code === '40P01' ||
    err?.meta?.code === '40P01' ||
    err?.meta?.driverAdapterError?.cause?.originalCode === '40P01'
  )
    return true;
  return typeof err?.message === 'string' && /40P01|deadlock detected/i.test(err.message);
}

/** Where a row's household was found. */
interface Resolved {
  householdId: string;
}

/** Run (or resume) a survey import job to its end. Returns the finished job. */
export async function runSurveyImport(
  db: TransactionalClient,
  jobId: string,
  upload: { buffer: Buffer; format: UploadFormat },
  actor: ImportActor,
  control: JobControl,
  options: SurveyImportOptions = {},
): Promise<ImportJob> {
  const batchSize = options.batchRows ?? BATCH_SURVEY_ROWS;
  const job = await startRunning(db, jobId);

  const surveys = await readSurveys(upload, job.countyCode);
  if (Array.isArray(surveys)) {
    await finishFailed(db, job, actor, surveys);
    return (await getJob(db, jobId))!;
  }
  if (surveys.headerErrors.length > 0) {
    await finishFailed(db, job, actor, surveys.headerErrors, surveys.totalRows);
    return (await getJob(db, jobId))!;
  }
  await setTotalRows(db, jobId, surveys.totalRows);
  control.progress?.(job.processedRows, surveys.totalRows);

  const rows = surveys.rows;
  const resolved = await resolveHouseholds(db, job.countyCode, rows, surveys.label);
  markDuplicates(rows, resolved, surveys.label);

  let tally = await errorTally(db, jobId);
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const rowsDone = start + batch.length;
    if (rowsDone <= job.processedRows) continue; // committed by an earlier run of this job
    if (control.stopping) throw new JobInterrupted();
    for (let attempt = 1; ; attempt++) {
      try {
        tally = await db.$transaction(
          (tx) => importBatch(tx, job, batch, resolved, surveys.label, actor, { from: start, to: rowsDone }, tally),
          TX,
        );
        control.progress?.(rowsDone, surveys.totalRows);
        break;
      } catch (e) {
        if (attempt < 4 && isDeadlock(e)) continue;
        throw e;
      }
    }
  }

  return finishJobDone(db, jobId, actor, 'survey.import');
}

/** The file read and checked, or why it cannot be read; the table itself is not kept while the batches run. */
async function readSurveys(
  upload: { buffer: Buffer; format: UploadFormat },
  countyCode: string,
): Promise<ValidatedSurveys | ImportError[]> {
  try {
    return validateSurveyTable(await readTable(upload.buffer, upload.format, MAX_SURVEY_ROWS), { countyCode });
  } catch (e) {
    if (!(e instanceof TableError)) throw e;
    return [{ row: 0, column: '', rule: e.rule, message: e.text }];
  }
}

function finishFailed(
  db: TransactionalClient,
  job: ImportJob,
  actor: ImportActor,
  errors: ImportError[],
  totalRows = 0,
): Promise<void> {
  return finishJobFailed(db, job, actor, 'survey.import.failed', errors, totalRows);
}

function rowError(r: SurveyRow, column: string, rule: string, message: LocalizedMessage): ImportError {
  return { row: r.row, column, rule, message, householdKey: r.reportKey };
}

/**
 * Find every good row's household (read only; the batch locks and checks again): by household_id, else by
 * village_code + household_key. Rows that cannot be placed get their error here.
 */
async function resolveHouseholds(
  db: SqlExecutor,
  countyCode: string,
  rows: SurveyRow[],
  label: Record<SurveyField, string>,
): Promise<Map<SurveyRow, Resolved>> {
  const out = new Map<SurveyRow, Resolved>();
  const good = rows.filter((r) => r.errors.length === 0);
  const byId = good.filter((r) => r.householdId !== null);
  const byKey = good.filter((r) => r.householdId === null);

  for (let i = 0; i < byId.length; i += RESOLVE_CHUNK) {
    const chunk = byId.slice(i, i + RESOLVE_CHUNK);
    const found = await householdsById(db, [...new Set(chunk.map((r) => r.householdId!))]);
    const map = new Map(found.map((h) => [h.id, h]));
    for (const r of chunk) {
      const h = map.get(r.householdId!);
      if (!h || !h.village_code.startsWith(countyCode)) {
        // a household of another county is reported as not found: its existence is not the caller's business
        r.errors.push(
          rowError(
            r,
            label.householdId,
            'household_not_found',
            msg(`本县没有户ID为 ${r.householdId} 的户`, `no household ${r.householdId} in your county`),
          ),
        );
      } else if (
        (r.villageCode !== null && r.villageCode !== h.village_code) ||
        (r.householdKey !== null && r.householdKey !== h.roster_key)
      ) {
        r.errors.push(
          rowError(
            r,
            label.householdId,
            'household_mismatch',
            msg(
              `户ID ${r.householdId} 对应的户在村 ${h.village_code}${h.roster_key ? `，户编号 ${h.roster_key}` : '，没有户编号'}，与本行填写的村代码/户编号不符`,
              `household ${r.householdId} is in village ${h.village_code}${h.roster_key ? ` with household_key ${h.roster_key}` : ' without a household_key'}, not the village_code/household_key of this row`,
            ),
          ),
        );
      } else if (statusOk(r, h.status, label)) out.set(r, { householdId: h.id });
    }
  }

  for (let i = 0; i < byKey.length; i += RESOLVE_CHUNK) {
    const chunk = byKey.slice(i, i + RESOLVE_CHUNK);
    const found = await householdsByKey(
      db,
      chunk.map((r) => ({ v: r.villageCode, k: r.householdKey })),
    );
    const map = new Map<string, typeof found>();
    for (const h of found) {
      const k = `${h.village_code}\u0000${h.roster_key}`;
      const list = map.get(k);
      if (list) list.push(h);
      else map.set(k, [h]);
    }
    for (const r of chunk) {
      const list = map.get(`${r.villageCode}\u0000${r.householdKey}`) ?? [];
      if (list.length === 0) {
        r.errors.push(
          rowError(
            r,
            label.householdKey,
            'household_not_found',
            msg(
              `村 ${r.villageCode} 没有户编号为 ${r.householdKey} 的户（请先导入花名册，或填写户ID）`,
              `village ${r.villageCode} has no household with household_key ${r.householdKey} (import the roster first, or give household_id)`,
            ),
          ),
        );
      } else if (list.length > 1) {
        r.errors.push(
          rowError(
            r,
            label.householdKey,
            'household_ambiguous',
            msg(
              `村 ${r.villageCode} 有 ${list.length} 户的户编号都是 ${r.householdKey}：请改用户ID（${list.map((h) => h.id).join('、')}）`,
              `village ${r.villageCode} has ${list.length} households with household_key ${r.householdKey}: give household_id instead (${list.map((h) => h.id).join(', ')})`,
            ),
          ),
        );
      } else if (statusOk(r, list[0].status, label)) out.set(r, { householdId: list[0].id });
    }
  }
  return out;
}

/** True when a household in `status` may be surveyed; otherwise adds the row's error. */
function statusOk(r: SurveyRow, status: string, label: Record<SurveyField, string>): boolean {
  if ((SURVEYABLE_STATUSES as readonly string[]).includes(status)) return true;
  const column = r.householdId !== null ? label.householdId : label.householdKey;
  r.errors.push(
    rowError(
      r,
      column,
      'household_status',
      msg(
        `户 ${r.reportKey} 的状态为“${STATUS_LABEL[status] ?? status}”，只能为申请中、识别程序中或已建档立卡的户录入调查`,
        `household ${r.reportKey} is ${status}: surveys are recorded only for households that are applicant, in_procedure or registered`,
      ),
    ),
  );
  return false;
}

/** The same household on several rows (by id or by key): every occurrence is refused. */
function markDuplicates(
  rows: SurveyRow[],
  resolved: Map<SurveyRow, Resolved>,
  label: Record<SurveyField, string>,
): void {
  const byHousehold = new Map<string, SurveyRow[]>();
  for (const r of rows) {
    const h = resolved.get(r);
    if (!h) continue;
    const list = byHousehold.get(h.householdId);
    if (list) list.push(r);
    else byHousehold.set(h.householdId, [r]);
  }
  for (const list of byHousehold.values()) {
    if (list.length < 2) continue;
    const n = times(list.length);
    const message = (firstOther: number) => {
      const also = otherRows(firstOther, list.length);
      return msg(
        `同一户在文件中出现了${n['zh-CN']}（另见${also['zh-CN']}），均未导入`,
        `the same household appears ${n.en} in the file (also ${also.en}); none of them imported`,
      );
    };
    const [toFirst, toOthers] = [message(list[1].row), message(list[0].row)]; // one message object for every later occurrence
    for (const r of list) {
      resolved.delete(r);
      r.errors.push(
        rowError(
          r,
          r.householdId !== null ? label.householdId : label.householdKey,
          'duplicate_in_file',
          r === list[0] ? toFirst : toOthers,
        ),
      );
    }
  }
}

/** One batch in one transaction; returns the job's new error tally. */
async function importBatch(
  tx: SqlExecutor,
  job: ImportJob,
  batch: SurveyRow[],
  resolved: Map<SurveyRow, Resolved>,
  label: Record<SurveyField, string>,
  actor: ImportActor,
  rows: { from: number; to: number },
  tally: ErrorTally,
): Promise<ErrorTally> {
  const lateErrors = new Map<SurveyRow, ImportError>();
  const candidates = batch.filter((r) => r.errors.length === 0 && resolved.has(r));
  const surveys: Record<string, unknown>[] = [];
  const observations: Record<string, unknown>[] = [];
  const events: { household: string; changes: Record<string, unknown> }[] = [];

  if (candidates.length > 0) {
    // lock in id order (two writers of overlapping households never wait on each other in a circle)
    const locked = await lockSurveyedHouseholds(
      tx,
      candidates.map((r) => resolved.get(r)!.householdId),
    );
    const byId = new Map(locked.map((h) => [h.id, h]));
    for (const r of candidates) {
      const householdId = resolved.get(r)!.householdId;
      const h = byId.get(householdId);
      const column = r.householdId !== null ? label.householdId : label.householdKey;
      if (!h || !h.village_code.startsWith(job.countyCode)) {
        lateErrors.set(
          r,
          rowError(
            r,
            column,
            'household_not_found',
            msg(
              `户 ${r.reportKey} 已不在本县登记中`,
              `household ${r.reportKey} is no longer in your county's register`,
            ),
          ),
        );
        continue;
      }
      if (!(SURVEYABLE_STATUSES as readonly string[]).includes(h.status)) {
        lateErrors.set(
          r,
          rowError(
            r,
            column,
            'household_status',
            msg(
              `户 ${r.reportKey} 的状态已变为“${STATUS_LABEL[h.status] ?? h.status}”，未导入`,
              `household ${r.reportKey} became ${h.status} meanwhile: surveys are recorded only for applicant, in_procedure or registered households`,
            ),
          ),
        );
        continue;
      }
      const householdSize = r.householdSize ?? h.members;
      const derived = perCapitaNetIncomeFen({ ...r.items, householdSize });
      if (!derived.ok) {
        const v = derived.violations[0];
        const field =
          v.field === 'householdSize' ? label.householdSize : v.field in r.items ? label[v.field as SurveyItem] : '';
        const noMembers = v.field === 'householdSize' && r.householdSize === null;
        lateErrors.set(
          r,
          rowError(
            r,
            field,
            v.rule,
            noMembers
              ? msg(
                  '该户没有登记成员：请填写家庭人口',
                  'the household has no members on record: fill in household_size',
                )
              : v.message,
          ),
        );
        continue;
      }
      surveys.push({
        household_id: householdId,
        income_year: r.incomeYear,
        household_size: householdSize,
        farming_income: r.items.farmingIncome,
        livestock_income: r.items.livestockIncome,
        wage_income: r.items.wageIncome,
        property_income: r.items.propertyIncome,
        transfer_income: r.items.transferIncome,
        business_net_income: r.items.businessNetIncome,
        production_costs: r.items.productionCosts,
        living_expenses: r.items.livingExpenses,
        illness_spending: r.items.illnessSpending,
        student_costs: r.items.studentCosts,
        net_income_fen: derived.value.netIncomeFen,
        per_capita_fen: derived.value.perCapitaFen,
      });
      const o = r.observation;
      observations.push({
        id: randomUUID(),
        household_id: householdId,
        housing_grade: o.housingGrade,
        drinking_water_safe: o.drinkingWaterSafe,
        food_secure: o.foodSecure,
        clothing_secure: o.clothingSecure,
        children_out_of_school: o.childrenOutOfSchool,
      });
      if (h.status === 'registered') {
        events.push({
          household: householdId,
          changes: {
            survey: { incomeYear: r.incomeYear, perCapitaFen: derived.value.perCapitaFen },
            housingGrade: o.housingGrade,
            drinkingWaterSafe: o.drinkingWaterSafe,
          },
        });
      }
    }
  }

  if (surveys.length > 0) {
    await upsertSurveys(tx, surveys, actor.subject);
    await insertObservations(tx, observations, actor.subject);
    for (const e of events) {
      const event = buildEvent(contracts.householdUpdated, {
        aggregateId: e.household,
        actor,
        payload: { householdId: e.household, changes: e.changes },
      });
      await addToOutbox(tx, contracts.householdUpdated.topic, event);
    }
  }

  const errors: ImportError[] = [];
  let failed = 0;
  for (const r of batch) {
    const late = lateErrors.get(r);
    if (r.errors.length === 0 && !late) continue;
    failed++;
    errors.push(...r.errors);
    if (late) errors.push(late);
  }
  const capped = capErrors(tally, errors);
  if (!(await recordBatchProgress(tx, job.id, rows.from, rows.to, surveys.length, failed, capped)))
    throw new JobSuperseded(job.id);
  return capped.tally;
}
