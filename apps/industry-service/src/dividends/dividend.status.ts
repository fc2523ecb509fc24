import { type DividendPayment, type DividendStatusItem, dividendStatus } from '@fupin/industry-rules';
import type { ItemRow } from './dividend.repository';

/** The payments recorded on the items, as the rules library takes them. */
export const paymentsOf = (items: readonly ItemRow[]): DividendPayment[] =>
  items
    .filter((i) => i.status === 'paid')
    .map((i) => ({ dueOn: i.dueOn, kind: i.kind, amountFen: i.amountFen, paidOn: i.paidOn! }));

/**
 * Each item's status as of `today` by the rules library (upcoming, due, paid, missed by the calendar), and what the
 * schedule recorded on top: an item it raised is due, one it marked missed is missed (tests shorten the calendar).
 */
export function contractStatus(items: readonly ItemRow[], today: string, missedAfterDays: number) {
  const r = dividendStatus(items, paymentsOf(items), { today, missedAfterDays });
  if (!r.ok) throw new Error(`dividend items inconsistent: ${r.refusal.message.en}`);
  const merged = r.status.items.map((s, n): DividendStatusItem => {
    const row = items[n];
    if (s.status === 'paid') return s;
    if (row.status === 'missed') return { ...s, status: 'missed' };
    if (row.status === 'due' && s.status === 'upcoming') return { ...s, status: 'due' };
    return s;
  });
  const total = (st: DividendStatusItem['status']) =>
    merged.filter((i) => i.status === st).reduce((sum, i) => sum + i.amountFen, 0);
  return { items: merged, arrearsFen: total('missed'), dueFen: total('due'), paidFen: total('paid') };
}

/** Every item paid or missed: nothing left for the schedule to raise or check. */
export const settled = (items: readonly Pick<ItemRow, 'status'>[]): boolean =>
  items.every((i) => i.status === 'paid' || i.status === 'missed');
