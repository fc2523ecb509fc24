import { condition } from '@temporalio/workflow';
import type { ProcedureLock } from '../kernel/lock';
import { refuse } from '../kernel/refusals';

/**
 * One decision or answer at a time: each may call activities and change the outcome. With the kernel version a
 * second one waits for the first, and the notice's closing waits its turn too (ProcedureLock). Runs recorded before
 * the kernel version refused a second decision at once and closed the notice once none was under way: kept as it
 * was, so their histories still replay.
 */
export class DecisionLock {
  /** Before the kernel version only: a decision or answer is under way. */
  private preKernelBusy = false;

  constructor(private readonly lock: ProcedureLock) {}

  /** An update handler's work: under the lock, or (before the kernel version) refused while another is under way. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.lock.kernel) return this.lock.run(fn);
    this.refuseWhileBusyBeforeKernel();
    this.preKernelBusy = true;
    try {
      return await fn();
    } finally {
      this.preKernelBusy = false;
    }
  }

  /** A step of the main line (the notice's closing): under the lock, or (before the kernel) once no decision is under way. */
  async mainStep(fn: () => Promise<void>): Promise<void> {
    if (this.lock.kernel) return this.lock.run(fn);
    await condition(() => !this.preKernelBusy);
    await fn();
  }

  private refuseWhileBusyBeforeKernel(): void {
    if (this.preKernelBusy)
      throw refuse(
        'village_exit.busy',
        409,
        '另一项决定正在办理，请稍后重试',
        'another decision is being recorded; retry shortly',
      );
  }
}
