import { readRefusal } from '@fupin/workflows';
import type { ProcedureLock } from '../kernel/lock';
import { DecisionLock } from './decision-lock';

/** A run recorded before the kernel version: ProcedureLock without its marker runs everything at once. */
const preKernel = { kernel: false, run: <T>(fn: () => Promise<T>) => fn() } as unknown as ProcedureLock;

describe('DecisionLock before the kernel version', () => {
  it('refuses a second decision while one is under way, and accepts the next once it is done', async () => {
    const decisions = new DecisionLock(preKernel);
    let finish!: () => void;
    const first = decisions.exclusive(() => new Promise<string>((resolve) => (finish = () => resolve('first'))));
    const second = await decisions.exclusive(async () => 'second').catch(readRefusal);
    expect(second).toMatchObject({ code: 'village_exit.busy', status: 409 });
    finish();
    expect(await first).toBe('first');
    expect(await decisions.exclusive(async () => 'third')).toBe('third');
  });

  it('frees the way when a decision is refused inside', async () => {
    const decisions = new DecisionLock(preKernel);
    await expect(decisions.exclusive(() => Promise.reject(new Error('refused')))).rejects.toThrow('refused');
    expect(await decisions.exclusive(async () => 'next')).toBe('next');
  });
});
