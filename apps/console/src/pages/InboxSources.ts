// 待办 (ADR 0019): every service that answers GET /work-items is asked, and the pages are merged in the order the
// services sort by (deadline, village or since), so the official sees one inbox across all procedures.
import type { IdentificationPaths, ServiceName, ServicePaths } from '@fupin/api-client';
import { client, unwrap } from '../api';

type WorkItemsGet = IdentificationPaths['/work-items']['get'];
export type WorkItemList = WorkItemsGet['responses'][200]['content']['application/json'];
export type WorkItem = WorkItemList['items'][number];
export type WorkItemsQuery = NonNullable<WorkItemsGet['parameters']['query']>;
export type WorkItemSort = NonNullable<WorkItemsQuery['sort']>;

export const WORK_ITEM_SORTS: readonly WorkItemSort[] = ['due', 'village', 'since'];
export const INBOX_PAGE_SIZE = 20;
/** The services' largest page (libs/service-kit work-items.ts). */
const MAX_LIMIT = 200;

/** The services whose generated client has `GET /work-items`. */
type AnswersWorkItems = {
  [S in ServiceName]: '/work-items' extends keyof ServicePaths[S] ? S : never;
}[ServiceName];

export type Source = (token: string, query: WorkItemsQuery) => Promise<WorkItemList>;

/**
 * One line per service whose client has the operation. The mapped type makes a service that gains it in its
 * generated client a compile error here until its line is added.
 */
export const WORK_ITEM_SOURCES: { readonly [S in AnswersWorkItems]: Source } = {
  'identification-service': (token, query) =>
    unwrap(client('identification-service', token).GET('/work-items', { params: { query } })),
  'relocation-service': (token, query) =>
    unwrap(client('relocation-service', token).GET('/work-items', { params: { query } })),
  'industry-service': (token, query) =>
    unwrap(client('industry-service', token).GET('/work-items', { params: { query } })),
};

export interface InboxFilter {
  procedure: string;
  /** a 6, 9 or 12-digit division code, or '' */
  village: string;
  overdueOnly: boolean;
  /** YYYY-MM-DD (a China Standard Time day): due before the end of it, or '' */
  dueBy: string;
  sort: WorkItemSort;
  page: number;
}

const DIVISION = /^(\d{6}|\d{9}|\d{12})$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const matching = (value: string | null, pattern: RegExp) => (value !== null && pattern.test(value) ? value : '');

export function filterFromQuery(q: URLSearchParams): InboxFilter {
  const sort = q.get('sort') as WorkItemSort | null;
  const page = Number(q.get('page') ?? '1');
  return {
    procedure: q.get('procedure') ?? '',
    village: matching(q.get('village'), DIVISION),
    overdueOnly: q.get('overdue') === 'true',
    dueBy: matching(q.get('dueBy'), DAY),
    sort: sort && WORK_ITEM_SORTS.includes(sort) ? sort : 'due',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

export function inboxHref(f: InboxFilter): string {
  const q = new URLSearchParams();
  if (f.procedure) q.set('procedure', f.procedure);
  if (f.village) q.set('village', f.village);
  if (f.overdueOnly) q.set('overdue', 'true');
  if (f.dueBy) q.set('dueBy', f.dueBy);
  if (f.sort !== 'due') q.set('sort', f.sort);
  if (f.page > 1) q.set('page', String(f.page));
  const s = q.toString();
  return s ? `/inbox?${s}` : '/inbox';
}

/** The end of a China Standard Time day as an instant: items due before it are due by that day. */
export function endOfShanghaiDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();
}

function serviceQuery(f: InboxFilter): WorkItemsQuery {
  return {
    sort: f.sort,
    ...(f.procedure ? { procedure: f.procedure } : {}),
    ...(f.village ? { village: f.village } : {}),
    ...(f.overdueOnly ? { overdue: 'true' as const } : {}),
    ...(f.dueBy ? { dueBefore: endOfShanghaiDay(f.dueBy) } : {}),
  };
}

const time = (iso: string | null) => (iso === null ? Number.POSITIVE_INFINITY : Date.parse(iso));
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byDue = (a: WorkItem, b: WorkItem) => time(a.dueAt) - time(b.dueAt);
const byVillage = (a: WorkItem, b: WorkItem) => byText(a.villageCode, b.villageCode);
const byRun = (a: WorkItem, b: WorkItem) =>
  byText(a.procedureId, b.procedureId) || byText(a.step, b.step) || byText(a.service, b.service);

/** The order each service sorts by (work-item.repository.ts SORTS), so merged pages keep it. */
export const COMPARE: Record<WorkItemSort, (a: WorkItem, b: WorkItem) => number> = {
  due: (a, b) => byDue(a, b) || byVillage(a, b) || byRun(a, b),
  village: (a, b) => byVillage(a, b) || byDue(a, b) || byRun(a, b),
  since: (a, b) => time(a.since) - time(b.since) || byVillage(a, b) || byRun(a, b),
};

/** The first `count` items of one service (in pages of at most 200), with its totals. */
async function firstItems(source: Source, token: string, query: WorkItemsQuery, count: number): Promise<WorkItemList> {
  const items: WorkItem[] = [];
  let totals: Omit<WorkItemList, 'items'> = { total: 0, householdSteps: 0 };
  while (items.length < count) {
    const limit = Math.min(MAX_LIMIT, count - items.length);
    const page = await source(token, { ...query, offset: items.length, limit });
    totals = { total: page.total, householdSteps: page.householdSteps };
    items.push(...page.items);
    if (page.items.length < limit) break;
  }
  return { items, ...totals };
}

export interface InboxPage<S extends string = ServiceName> {
  items: WorkItem[];
  total: number;
  householdSteps: number;
  /** services that did not answer: the others' items are still shown */
  failed: { service: S; error: unknown }[];
}

/**
 * One page of the inbox merged from `sources`. With one source the page is asked for as is; with several, each gives
 * its first `offset + limit` items and the merge keeps the page's slice.
 */
export async function mergeInbox<S extends string>(
  sources: Readonly<Record<S, Source>>,
  token: string,
  filter: InboxFilter,
): Promise<InboxPage<S>> {
  const services = Object.keys(sources) as S[];
  const query = serviceQuery(filter);
  const offset = (filter.page - 1) * INBOX_PAGE_SIZE;
  const single = services.length === 1;
  const answers = await Promise.allSettled(
    services.map((s) =>
      single
        ? sources[s](token, { ...query, offset, limit: INBOX_PAGE_SIZE })
        : firstItems(sources[s], token, query, offset + INBOX_PAGE_SIZE),
    ),
  );
  const lists: WorkItemList[] = [];
  const failed: InboxPage<S>['failed'] = [];
  answers.forEach((a, i) =>
    a.status === 'fulfilled' ? lists.push(a.value) : failed.push({ service: services[i], error: a.reason }),
  );
  if (lists.length === 0 && failed.length > 0) throw failed[0].error;
  const merged = lists.flatMap((l) => l.items).sort(COMPARE[filter.sort]);
  return {
    items: single ? merged : merged.slice(offset, offset + INBOX_PAGE_SIZE),
    total: lists.reduce((n, l) => n + l.total, 0),
    householdSteps: lists.reduce((n, l) => n + l.householdSteps, 0),
    failed,
  };
}

/** One page of the signed-in official's inbox, from every service that answers it. */
export const readInbox = (token: string, filter: InboxFilter) => mergeInbox(WORK_ITEM_SOURCES, token, filter);

/** The console's page of the item's run at its step, where the console has one. */
export function runHref(item: WorkItem): string | null {
  if (item.service !== 'identification-service') return null;
  if (!/^\/(rounds|exits)\/[^/?#]+$/.test(item.path)) return null;
  return `${item.path}?step=${encodeURIComponent(item.step)}`;
}
