import { describe, expect, it } from '@jest/globals';
import {
  INBOX_PAGE_SIZE,
  type InboxFilter,
  type Source,
  type WorkItem,
  type WorkItemList,
  endOfShanghaiDay,
  filterFromQuery,
  inboxHref,
  mergeInbox,
  runHref,
} from './InboxSources';

const item = (over: Partial<WorkItem>): WorkItem => ({
  service: 'identification-service',
  procedure: 'identification_round',
  procedureLabel: { 'zh-CN': '贫困户识别', en: 'Identification round' },
  procedureId: 'r1',
  workflowId: 'w',
  path: '/rounds/r1',
  villageCode: '430523101201',
  step: 'application',
  stepLabel: { 'zh-CN': '农户申请', en: 'application' },
  role: 'village_cadre',
  households: 1,
  overdueHouseholds: 0,
  escalatedHouseholds: 0,
  escalatedToMe: false,
  since: '2026-01-01T00:00:00.000Z',
  dueAt: null,
  ...over,
});

/** A service answering from a sorted list as the real ones do: the page asked for, and the totals. */
function serviceOf(items: WorkItem[], asked: { offset?: number; limit?: number }[] = []): Source {
  return async (_token, q) => {
    asked.push({ offset: q.offset, limit: q.limit });
    const offset = q.offset ?? 0;
    const page: WorkItemList = {
      items: items.slice(offset, offset + (q.limit ?? 50)),
      total: items.length,
      householdSteps: items.reduce((n, i) => n + i.households, 0),
    };
    return page;
  };
}

const filter = (over: Partial<InboxFilter> = {}): InboxFilter => ({
  procedure: '',
  village: '',
  overdueOnly: false,
  dueBy: '',
  sort: 'due',
  page: 1,
  ...over,
});

describe('the merged inbox', () => {
  const a = [
    item({ procedureId: 'a1', dueAt: '2026-01-02T00:00:00.000Z', villageCode: '430523101202' }),
    item({ procedureId: 'a2', dueAt: '2026-01-04T00:00:00.000Z', villageCode: '430523101201' }),
    item({ procedureId: 'a3', dueAt: null, villageCode: '430523101200', since: '2025-12-01T00:00:00.000Z' }),
  ];
  const b = [
    item({ service: 'relocation-service', procedureId: 'b1', dueAt: '2026-01-03T00:00:00.000Z', households: 5 }),
    item({ service: 'relocation-service', procedureId: 'b2', dueAt: null, villageCode: '430523101203' }),
  ];

  it('orders two services by deadline, earliest first and none last, and adds up their totals', async () => {
    const page = await mergeInbox({ a: serviceOf(a), b: serviceOf(b) }, 't', filter());
    expect(page.items.map((i) => i.procedureId)).toEqual(['a1', 'b1', 'a2', 'a3', 'b2']);
    expect(page.total).toBe(5);
    expect(page.householdSteps).toBe(9);
    expect(page.failed).toEqual([]);
  });

  it('orders by village or by waiting time when asked', async () => {
    const byVillage = await mergeInbox({ a: serviceOf(a), b: serviceOf(b) }, 't', filter({ sort: 'village' }));
    expect(byVillage.items.map((i) => i.procedureId)).toEqual(['a3', 'b1', 'a2', 'a1', 'b2']);
    const bySince = await mergeInbox({ a: serviceOf(a), b: serviceOf(b) }, 't', filter({ sort: 'since' }));
    expect(bySince.items[0].procedureId).toBe('a3');
  });

  it('takes a later page from each service’s first items, and passes one service’s page through', async () => {
    const many = Array.from({ length: INBOX_PAGE_SIZE + 3 }, (_, i) =>
      item({
        procedureId: `m${String(i).padStart(2, '0')}`,
        dueAt: `2026-02-${String(i + 1).padStart(2, '0')}T00:00:00.000Z`,
      }),
    );
    const asked: { offset?: number; limit?: number }[] = [];
    const two = await mergeInbox({ a: serviceOf(many, asked), b: serviceOf(b) }, 't', filter({ page: 2 }));
    expect(asked).toEqual([{ offset: 0, limit: 2 * INBOX_PAGE_SIZE }]);
    expect(two.items).toHaveLength(many.length + b.length - INBOX_PAGE_SIZE);
    expect(two.items.at(-1)?.procedureId).toBe('b2');

    const alone: { offset?: number; limit?: number }[] = [];
    const one = await mergeInbox({ a: serviceOf(many, alone) }, 't', filter({ page: 2 }));
    expect(alone).toEqual([{ offset: INBOX_PAGE_SIZE, limit: INBOX_PAGE_SIZE }]);
    expect(one.items[0].procedureId).toBe(`m${INBOX_PAGE_SIZE}`);
  });

  it('shows what the other services answered when one fails, and fails when none answers', async () => {
    const down: Source = () => Promise.reject(new Error('down'));
    const page = await mergeInbox({ a: serviceOf(a), b: down }, 't', filter());
    expect(page.items).toHaveLength(3);
    expect(page.failed.map((f) => f.service)).toEqual(['b']);
    await expect(mergeInbox({ b: down }, 't', filter())).rejects.toThrow('down');
  });
});

describe('the inbox address', () => {
  it('keeps the filter in the query string and reads back only valid values', () => {
    const f = filter({
      procedure: 'household_exit',
      village: '430523101',
      overdueOnly: true,
      dueBy: '2026-03-01',
      sort: 'since',
      page: 3,
    });
    const href = inboxHref(f);
    expect(href).toBe(
      '/inbox?procedure=household_exit&village=430523101&overdue=true&dueBy=2026-03-01&sort=since&page=3',
    );
    expect(filterFromQuery(new URLSearchParams(href.split('?')[1]))).toEqual(f);
    expect(filterFromQuery(new URLSearchParams('village=4305&sort=x&page=-1&dueBy=tomorrow'))).toEqual(filter());
    expect(inboxHref(filter())).toBe('/inbox');
  });

  it('counts a due-by day in China Standard Time', () => {
    expect(endOfShanghaiDay('2026-03-01')).toBe('2026-03-01T16:00:00.000Z');
  });

  it('links an item to its run at its step, only where the console has the page', () => {
    expect(runHref(item({ path: '/rounds/r1', step: 'township_review' }))).toBe('/rounds/r1?step=township_review');
    expect(runHref(item({ path: '/exits/e1', step: 'household_agreement' }))).toBe(
      '/exits/e1?step=household_agreement',
    );
    expect(runHref(item({ service: 'relocation-service', path: '/cases/c1' }))).toBeNull();
  });
});
