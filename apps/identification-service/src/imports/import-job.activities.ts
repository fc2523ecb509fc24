import { CancelledFailure, Context } from '@temporalio/activity';
import type { ImportJobActivities, ImportJobOutcome, ImportJobProgress } from '@fupin/identification-workflows';
import { isExclusionSource } from '@fupin/identification-rules';
import type { Logger } from '@fupin/observability';
import type { Db } from '@fupin/service-kit';
import { refusalFailure } from '@fupin/workflows';
import { runExclusionLoad } from '../exclusions/exclusion-load';
import { type ImportJob, type JobControl, JobInterrupted } from './import-jobs';
import { type JobPayload, deleteJobPayload, getJob, jobPayload, transitionJob } from './import-job.repository';
import { runRosterImport } from './roster-import';
import { SURVEY_JOB_KIND, runSurveyImport } from './survey-import';

/**
 * The import job's activities on identification's task queue (workflow `import-job:<jobId>`, see
 * libs/identification-workflows/src/import-job).
 *
 * `runImportJob` runs the job to its end, heartbeating its progress (rows committed / rows of the file) after every
 * batch and every few seconds. A crash or a worker restart is retried by Temporal (a crashed worker is noticed when
 * its heartbeats stop); the retry reads the job row, whose progress was committed with each batch, and goes on
 * after the last committed batch — no row imported twice, the error report continued from its stored tally (the
 * batch loops in roster-import.ts and survey-import.ts). A batch commits only where its run found the job's
 * progress, so an attempt Temporal gave up on that still runs cannot write a batch twice. A file that cannot be
 * imported ends the job `failed` with its report and a normal result: nothing to retry.
 *
 * One job at a time per process (bounded memory: a file and its validated rows are held while the job runs); a job
 * waiting for its turn heartbeats and stays `queued`.
 */

/** Heartbeat at least this often while a job runs or waits (the workflow's heartbeatTimeout is 30 s). */
const HEARTBEAT_MS = 5_000;

/** Batch sizes (tests make them small; default the measured ones of the roster and survey imports). */
export interface ImportJobOptions {
  batchHouseholds?: number;
  batchRows?: number;
}

export function importJobActivities(
  runtime: { db: Db; logger: Logger },
  options: ImportJobOptions = {},
): ImportJobActivities {
  const { db, logger } = runtime;
  const turn = new OneAtATime();
  return {
    async runImportJob(jobId) {
      const context = Context.current();
      const control = new HeartbeatControl(context);
      if (context.info.attempt > 1) {
        const { attempt, heartbeatDetails } = context.info;
        logger.info(
          { jobId, attempt, heartbeat: heartbeatDetails },
          'import job retried: resuming after its last batch',
        );
      }
      try {
        return await turn.run(() => runJob(db, jobId, control, options));
      } catch (e) {
        throw control.cancelledOr(e);
      } finally {
        control.stop();
      }
    },

    async markImportJobInterrupted(jobId) {
      await transitionJob(db, jobId, ['queued', 'running'], 'interrupted');
      const job = await getJob(db, jobId);
      return job ? outcomeOf(job) : { ...noJob(jobId), status: 'interrupted' };
    },
  };
}

async function runJob(
  db: Db,
  jobId: string,
  control: JobControl,
  options: ImportJobOptions,
): Promise<ImportJobOutcome> {
  const job = await getJob(db, jobId);
  if (!job) throw refused('import.job_not_found', `导入任务 ${jobId} 不存在`, `import job ${jobId} does not exist`);
  if (job.status === 'done' || job.status === 'failed') {
    await deleteJobPayload(db, jobId); // finished by an earlier attempt whose answer was lost
    return outcomeOf(job);
  }
  if (control.stopping) throw new JobInterrupted();
  const payload = await jobPayload(db, jobId);
  if (!payload)
    throw refused(
      'import.payload_missing',
      `导入任务 ${jobId} 的文件未保存：请重新上传该文件`,
      `the file of import job ${jobId} is not kept: upload it again`,
    );
  const finished = await runKind(db, job, payload, control, options);
  await deleteJobPayload(db, jobId);
  return outcomeOf(finished);
}

function runKind(
  db: Db,
  job: ImportJob,
  payload: JobPayload,
  control: JobControl,
  options: ImportJobOptions,
): Promise<ImportJob> {
  const upload = { buffer: payload.content, format: payload.format };
  const { actor } = payload;
  if (job.kind === 'roster') return runRosterImport(db, job.id, upload, actor, control, options);
  if (job.kind === SURVEY_JOB_KIND) return runSurveyImport(db, job.id, upload, actor, control, options);
  const source = job.kind.startsWith('exclusion.') ? job.kind.slice('exclusion.'.length) : null;
  if (isExclusionSource(source)) return runExclusionLoad(db, job.id, source, upload, actor, control);
  throw refused('import.unknown_kind', `未知的导入类型 ${job.kind}`, `unknown import kind ${job.kind}`);
}

function refused(code: string, zh: string, en: string) {
  return refusalFailure({ code, status: 409, message: { 'zh-CN': zh, en } });
}

function outcomeOf(job: ImportJob): ImportJobOutcome {
  const status = job.status === 'done' || job.status === 'failed' ? job.status : 'interrupted';
  const { id: jobId, kind, totalRows, processedRows, errorCount } = job;
  return { jobId, kind, status, totalRows, processedRows, errorCount };
}

function noJob(jobId: string): Omit<ImportJobOutcome, 'status'> {
  return { jobId, kind: '', totalRows: 0, processedRows: 0, errorCount: 0 };
}

/** The activity as the job sees it: stop when cancelled (worker shutdown, timed out), heartbeat the progress. */
class HeartbeatControl implements JobControl {
  private details: ImportJobProgress;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly context: Context) {
    // the last attempt's progress until this one has read the job row
    this.details = (context.info.heartbeatDetails as ImportJobProgress | undefined) ?? {
      processedRows: 0,
      totalRows: 0,
    };
    context.heartbeat(this.details);
    this.timer = setInterval(() => context.heartbeat(this.details), HEARTBEAT_MS);
  }

  get stopping(): boolean {
    return this.context.cancellationSignal.aborted;
  }

  progress(processedRows: number, totalRows: number): void {
    this.details = { processedRows, totalRows };
    this.context.heartbeat(this.details);
  }

  /** A stop the activity was asked for is reported as its cancellation (then Temporal retries or cancels it). */
  cancelledOr(e: unknown): unknown {
    const reason: unknown = this.context.cancellationSignal.reason;
    if (!(e instanceof JobInterrupted) || !this.stopping) return e;
    return reason instanceof CancelledFailure ? reason : new CancelledFailure('import job stopped');
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** Runs one piece of work at a time, in the order asked. */
class OneAtATime {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const result = this.tail.then(work);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
