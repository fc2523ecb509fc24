import { randomUUID } from 'node:crypto';
import type { SqlExecutor } from '@fupin/persistence';
import type { ServiceRuntime } from '@fupin/service-kit';
import { type ImportJob, type JobKind, getJob, jobView, transitionJob } from './import-jobs';
import type { JobControl, JobRunner } from './job-runner';
import type { ImportActor } from './roster-import';
import type { Upload } from './upload';

export interface SubmitResult {
  status: 200 | 202;
  body: ReturnType<typeof jobView>;
}

/**
 * Accept an uploaded file as a job: a new file is queued (202); the same bytes again for the same kind and
 * county return the existing job (200) — unless that job was interrupted, in which case this upload resumes
 * it (202, `resumed: true`).
 */
export async function submitJob(
  runtime: ServiceRuntime,
  runner: JobRunner,
  input: { kind: JobKind; countyCode: string; fileName: string; upload: Upload; actor: ImportActor },
  work: (jobId: string, control: JobControl) => Promise<unknown>,
): Promise<SubmitResult> {
  const db = runtime.db;
  const id = randomUUID();
  // lease first, so a process starting up meanwhile never takes the fresh job for an orphan
  await runner.acquire(id);
  const inserted = await db.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO import_job (id, kind, county_code, file_name, file_sha256, status, created_by) VALUES ($1::uuid, $2, $3, $4, $5, 'queued', $6)
     ON CONFLICT (kind, county_code, file_sha256) DO NOTHING RETURNING id::text AS id`,
    id,
    input.kind,
    input.countyCode,
    input.fileName,
    input.upload.sha256,
    input.actor.subject,
  );
  if (inserted[0]) {
    const job = (await getJob(db, id))!;
    runner.enqueue(id, (control) => work(id, control).then(() => undefined));
    return { status: 202, body: jobView(job) };
  }
  await runner.releaseLease(id);
  const existing = (await findJob(db, input.kind, input.countyCode, input.upload.sha256))!;
  if (existing.status === 'interrupted' && (await runner.acquire(existing.id))) {
    if (await transitionJob(db, existing.id, ['interrupted'], 'queued')) {
      runner.enqueue(existing.id, (control) => work(existing.id, control).then(() => undefined));
      return { status: 202, body: jobView((await getJob(db, existing.id))!, { resumed: true }) };
    }
    await runner.releaseLease(existing.id);
  }
  return { status: 200, body: jobView((await getJob(db, existing.id))!, { duplicate: true }) };
}

async function findJob(db: SqlExecutor, kind: string, countyCode: string, sha256: string): Promise<ImportJob | null> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id::text AS id FROM import_job WHERE kind = $1 AND county_code = $2 AND file_sha256 = $3`,
    kind,
    countyCode,
    sha256,
  );
  return rows[0] ? getJob(db, rows[0].id) : null;
}
