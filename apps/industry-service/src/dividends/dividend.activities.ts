import type { DividendActivities, RaisedDividend } from '@fupin/industry-workflows';
import type { ServiceRuntime } from '@fupin/service-kit';
import type { IndustryConfig } from '../config';
import { industryDb } from '../db';
import { shanghaiDay, shanghaiDayStart } from './dividend.clock';
import { DividendRepository, type ItemRow } from './dividend.repository';
import { deleteDividendSchedule } from './dividend.schedule';
import { settled } from './dividend.status';

const toRaised = (i: ItemRow): RaisedDividend => ({
  dueOn: i.dueOn,
  kind: i.kind,
  amountFen: i.amountFen,
  missedCheckAt: i.missedCheckAt!.toISOString(),
});

/**
 * The dividend schedule's activities on industry's queue. Each records once under the contract's lock: a fire's
 * items are found again by its workflow id when retried, an item leaves `scheduled` and `due` once.
 */
export function dividendActivities(
  runtime: Pick<ServiceRuntime<IndustryConfig>, 'db' | 'config' | 'temporal'>,
): DividendActivities {
  const dividends = new DividendRepository(industryDb(runtime));
  const { missedAfterDays, test } = runtime.config.dividends;
  /** Production: the day after the grace period begins (Asia/Shanghai); tests: seconds after raising. */
  const missedCheckAt = (i: ItemRow) =>
    test ? new Date(Date.now() + test.missedSeconds * 1000) : shanghaiDayStart(i.dueOn, missedAfterDays + 1);

  async function close(contractId: string) {
    const c = await dividends.find(contractId);
    if (!c || c.scheduleClosedAt) return;
    await deleteDividendSchedule(runtime.temporal, c.scheduleId);
    await dividends.markSchedule(contractId, 'closed');
  }

  return {
    async raiseDividendDue({ contractId, firedBy }) {
      const { raised, done } = await dividends.transaction(async (tx) => {
        const c = await dividends.lock(tx, contractId);
        if (!c) throw new Error(`dividend contract ${contractId} is not in industry-service's database`);
        const items = await dividends.items(contractId, tx);
        const before = items.filter((i) => i.raisedBy === firedBy);
        if (before.length) return { raised: before, done: false }; // a retry of this fire
        const waiting = items.filter((i) => i.status === 'scheduled');
        const today = shanghaiDay();
        const next = test ? waiting.slice(0, 1) : waiting.filter((i) => i.dueOn <= today);
        return { raised: await dividends.raise(tx, c, next, firedBy, missedCheckAt), done: settled(items) };
      });
      if (done) await close(contractId);
      return { raised: raised.map(toRaised) };
    },

    async checkDividendsMissed({ contractId, items: keys }) {
      const { missed, done } = await dividends.transaction(async (tx) => {
        const c = await dividends.lock(tx, contractId);
        if (!c) throw new Error(`dividend contract ${contractId} is not in industry-service's database`);
        const items = await dividends.items(contractId, tx);
        const asked = items.filter((i) => keys.some((k) => k.dueOn === i.dueOn && k.kind === i.kind));
        const early = asked.find(
          (i) => i.status === 'due' && i.missedCheckAt && i.missedCheckAt.getTime() > Date.now(),
        );
        // woken before the period ended (clocks): retried, so an unpaid item is never left due
        if (early)
          throw new Error(
            `dividend ${early.dueOn} ${early.kind} is not missed before ${early.missedCheckAt!.toISOString()}`,
          );
        const missed: ItemRow[] = [];
        for (const i of asked.filter((x) => x.status === 'due'))
          if (await dividends.miss(tx, c, i, shanghaiDay())) missed.push({ ...i, status: 'missed' });
        const after = items.map((i) => missed.find((m) => m.dueOn === i.dueOn && m.kind === i.kind) ?? i);
        return { missed, done: settled(after) };
      });
      if (done) await close(contractId);
      return { missed: missed.map(({ dueOn, kind }) => ({ dueOn, kind })), settled: done };
    },
  };
}
