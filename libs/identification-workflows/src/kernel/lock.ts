import { Mutex, type MutexInterface } from 'async-mutex';
import { patched } from '@temporalio/workflow';

/**
 * The version marker of the procedure kernel: update validators, one lock around every state-changing handler and
 * main-loop pass, and the re-check (dry run) just before a batch is applied. Runs recorded before it (no marker in
 * their history) keep the old ordering of activities and applications, so they still replay; new runs record it.
 */
export const PROCEDURE_KERNEL_PATCH = 'procedure-kernel-v2';

/**
 * Apply-under-lock (as in temporalio/samples-typescript `safe-message-handlers`): an update handler that awaits an
 * activity, and the main loop's passes (notices closing, deadlines, checks), never interleave. Before the kernel
 * version (a run recorded without its marker) everything runs at once, unlocked, exactly as it used to.
 */
export class ProcedureLock {
  private readonly mutex: Mutex | null;

  private constructor(readonly kernel: boolean) {
    this.mutex = kernel ? new Mutex() : null;
  }

  /** Call once, at the start of the workflow: decides the version for the whole run. */
  static start(): ProcedureLock {
    return new ProcedureLock(patched(PROCEDURE_KERNEL_PATCH));
  }

  /** Run `fn` holding the lock (kernel version), or at once (before it). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.mutex ? this.mutex.runExclusive(fn) : fn();
  }

  /**
   * Hold the lock over a stretch of the main loop (kernel version): `const held = lock.acquire(); const release =
   * held && (await held); try { … } finally { release?.(); }`. Null before the kernel version: nothing is awaited.
   */
  acquire(): Promise<MutexInterface.Releaser> | null {
    return this.mutex ? this.mutex.acquire() : null;
  }
}
