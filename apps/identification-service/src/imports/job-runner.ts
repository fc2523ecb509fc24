import { Client } from 'pg';
import type { ServiceRuntime } from '@fupin/service-kit';
import { transitionJob } from './import-jobs';

/**
 * Runs import jobs in the background of the service process, one at a time (bounded memory and CPU;
 * the HTTP side answers 202 at once).
 *
 * Crash safety: while a process holds a job (queued in its memory or running) it holds a PostgreSQL
 * session advisory lock on the job's id, on a connection of its own. At start-up every job still marked
 * queued/running whose lock is free belongs to a process that is gone: it is marked `interrupted`.
 * Work is committed per batch together with the job's progress, so nothing is half-written, and a
 * re-upload of the same file resumes after the last committed batch. A graceful stop lets the current
 * batch finish, then marks the job interrupted the same way.
 */

/** Thrown by work that saw `stopping` between two batches. */
export class JobInterrupted extends Error {
  constructor() {
    super('job interrupted by shutdown');
    this.name = 'JobInterrupted';
  }
}

export interface JobControl {
  readonly stopping: boolean;
}

type Work = (control: JobControl) => Promise<void>;

const LEASE_CLASS = 7_241_020;

export class JobRunner implements JobControl {
  private readonly queue: { jobId: string; work: Work }[] = [];
  private running: Promise<void> | null = null;
  private stopRequested = false;
  private stopped: Promise<void> | null = null;
  private recovered: Promise<void> | null = null;
  private lease: Client | null = null;
  private leaseConnecting: Promise<Client> | null = null;
  private readonly held = new Set<string>();

  constructor(private readonly runtime: ServiceRuntime) {}

  get stopping(): boolean {
    return this.stopRequested;
  }

  private leaseClient(): Promise<Client> {
    if (this.lease) return Promise.resolve(this.lease);
    this.leaseConnecting ??= (async () => {
      const client = new Client({
        connectionString: this.runtime.config.databaseUrl,
        application_name: `${this.runtime.name}-import-leases`,
      });
      client.on('error', (e) => {
        this.runtime.logger.warn({ err: e.message }, 'import lease connection lost; leases released');
        this.lease = null;
        this.held.clear();
      });
      await client.connect();
      this.lease = client;
      this.leaseConnecting = null;
      return client;
    })().catch((e: Error) => {
      this.leaseConnecting = null;
      throw e;
    });
    return this.leaseConnecting;
  }

  /** Take the job's lease; false when another process holds it (the job is alive there). */
  async acquire(jobId: string): Promise<boolean> {
    if (this.held.has(jobId)) return false; // queued or running here already
    const client = await this.leaseClient();
    const r = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [
      LEASE_CLASS,
      jobId,
    ]);
    if (r.rows[0]?.ok) this.held.add(jobId);
    return r.rows[0]?.ok === true;
  }

  /** Give a lease back (a job this process will not run after all). */
  async releaseLease(jobId: string): Promise<void> {
    if (!this.held.delete(jobId) || !this.lease) return;
    await this.lease.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LEASE_CLASS, jobId]).catch(() => undefined);
  }

  /** Queue work for a job whose lease this runner holds (see `acquire`). */
  enqueue(jobId: string, work: Work): void {
    this.queue.push({ jobId, work });
    this.running ??= this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        if (this.stopRequested) {
          await this.interrupt(next.jobId);
          continue;
        }
        try {
          await next.work(this);
        } catch (e) {
          if (!(e instanceof JobInterrupted))
            this.runtime.logger.error(
              { err: e, jobId: next.jobId },
              'import job broke off; marked interrupted (re-upload the file to resume)',
            );
          await this.interrupt(next.jobId);
        } finally {
          await this.releaseLease(next.jobId);
        }
      }
    } finally {
      this.running = null;
    }
  }

  private async interrupt(jobId: string): Promise<void> {
    await transitionJob(this.runtime.db, jobId, ['queued', 'running'], 'interrupted').catch((e: Error) =>
      this.runtime.logger.warn({ err: e.message, jobId }, 'could not mark import job interrupted; the next start will'),
    );
    await this.releaseLease(jobId);
  }

  /** Start-up: jobs left queued/running by a process that is gone become `interrupted`. Runs once. */
  recover(): Promise<void> {
    this.recovered ??= (async () => {
      const stale = await this.runtime.db.$queryRawUnsafe<{ id: string }[]>(
        `SELECT id::text AS id FROM import_job WHERE status IN ('queued', 'running')`,
      );
      let n = 0;
      for (const { id } of stale) {
        if (!(await this.acquire(id))) continue;
        if (await transitionJob(this.runtime.db, id, ['queued', 'running'], 'interrupted')) n++;
        await this.releaseLease(id);
      }
      if (n > 0)
        this.runtime.logger.warn(
          { jobs: n },
          'import jobs left unfinished by a stopped process were marked interrupted',
        );
    })().catch((e: Error) =>
      this.runtime.logger.warn({ err: e.message }, 'import job recovery failed; will retry at the next start'),
    );
    return this.recovered;
  }

  /** Graceful stop: the current batch finishes, the rest is marked interrupted, leases are released. */
  stop(graceMs = this.runtime.config.shutdownGraceMs): Promise<void> {
    this.stopped ??= (async () => {
      this.stopRequested = true;
      if (this.running) {
        await Promise.race([this.running, new Promise((r) => setTimeout(r, graceMs).unref())]);
      }
      for (const job of this.queue.splice(0)) await this.interrupt(job.jobId);
      const client = this.lease;
      this.lease = null;
      this.held.clear();
      await client?.end().catch(() => undefined);
    })();
    return this.stopped;
  }
}

const runners = new WeakMap<object, JobRunner>();

/** The one runner of a service runtime (both upload controllers share it). */
export function jobRunnerFor(runtime: ServiceRuntime): JobRunner {
  let runner = runners.get(runtime);
  if (!runner) {
    runner = new JobRunner(runtime);
    runners.set(runtime, runner);
  }
  return runner;
}
