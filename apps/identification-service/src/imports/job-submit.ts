import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { importJobWorkflow, importJobWorkflowId } from '@fupin/identification-workflows';
import { type Db, InjectDb, InjectWorkflows, type Workflows } from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import { type ImportJob, type JobKind, jobView } from './import-jobs';
import {
  findJob,
  getJob,
  hasJobPayload,
  insertQueuedJob,
  saveJobPayload,
  transitionJob,
} from './import-job.repository';
import type { ImportActor } from './roster-import';
import type { Upload } from './upload';

export interface SubmitResult {
  status: 200 | 202;
  body: ReturnType<typeof jobView>;
}

export interface JobSubmission {
  kind: JobKind;
  countyCode: string;
  fileName: string;
  upload: Upload;
  actor: ImportActor;
}

/**
 * Where import jobs run: the workflow on the orchestration task queue, its activity on identification's. Tests that
 * run their own workers on the shared Temporal point these at task queues of their own.
 */
@Injectable()
export class ImportJobQueues {
  workflow: string = TaskQueues.orchestration;
  activity: string = TaskQueues.identification;
}

/** The job's row and its file (up to 50 MB) are recorded in one transaction, given this long. */
const RECORD_TX = { timeout: 120_000, maxWait: 30_000 };

/**
 * Uploads (roster, surveys, exclusion loads) become import jobs: the job row and its file are recorded, then the job's
 * workflow `import-job:<jobId>` is started (see import-job.activities.ts for the work).
 *
 * A new file answers 202 (queued). The same bytes again for the same kind and county answer the existing job (200,
 * `duplicate: true`) — unless that job was interrupted or its workflow is gone (a process stopped between recording
 * the job and starting it): then this upload resumes it (202, `resumed: true`).
 */
@Injectable()
export class JobSubmitter {
  constructor(
    @InjectDb() private readonly db: Db,
    @InjectWorkflows() private readonly workflows: Workflows,
    private readonly queues: ImportJobQueues,
  ) {}

  async submit(input: JobSubmission): Promise<SubmitResult> {
    void this.workflows.temporal; // 503 while Temporal is not connected, before anything is recorded
    const id = randomUUID();
    const { kind, countyCode, fileName, upload, actor } = input;
    const row = { id, kind, countyCode, fileName, sha256: upload.sha256, createdBy: actor.subject };
    const inserted = await this.db.$transaction(async (tx) => {
      if (!(await insertQueuedJob(tx, row))) return false;
      await saveJobPayload(tx, id, { format: upload.format, content: upload.buffer, actor });
      return true;
    }, RECORD_TX);
    if (inserted) {
      const job = (await getJob(this.db, id))!;
      await this.startWorkflow(id);
      return { status: 202, body: jobView(job) };
    }
    const existing = (await findJob(this.db, kind, countyCode, upload.sha256))!;
    if (await this.resume(existing, input)) {
      return { status: 202, body: jobView((await getJob(this.db, existing.id))!, { resumed: true }) };
    }
    return { status: 200, body: jobView((await getJob(this.db, existing.id))!, { duplicate: true }) };
  }

  /** An unfinished job whose workflow is not running gets it started again; false when it is finished or running. */
  private async resume(job: ImportJob, input: JobSubmission): Promise<boolean> {
    if (job.status === 'done' || job.status === 'failed') return false;
    if (!(await hasJobPayload(this.db, job.id))) {
      const payload = { format: input.upload.format, content: input.upload.buffer, actor: input.actor };
      await this.db.$transaction((tx) => saveJobPayload(tx, job.id, payload), RECORD_TX);
    }
    if (job.status !== 'interrupted') return this.startWorkflow(job.id);
    if (!(await transitionJob(this.db, job.id, ['interrupted'], 'queued'))) return false; // another upload resumed it
    return this.startWorkflow(job.id, true);
  }

  /**
   * Start the job's workflow; false when it is running already (idempotent by its business key). `afterLastRun`:
   * the job was interrupted, so a run still there is the one that marked it so, closing: wait for it, then start.
   */
  private async startWorkflow(jobId: string, afterLastRun = false): Promise<boolean> {
    const workflowId = importJobWorkflowId(jobId);
    try {
      await this.workflows.temporal.workflow.start(importJobWorkflow, {
        taskQueue: this.queues.workflow,
        workflowId,
        args: [{ jobId, activityTaskQueue: this.queues.activity }],
      });
      return true;
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      if (!afterLastRun) return false;
      await this.workflows.temporal.workflow
        .getHandle(workflowId)
        .result()
        .catch(() => undefined);
      return this.startWorkflow(jobId);
    }
  }
}
