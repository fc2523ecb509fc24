// 我的待办 (issue 15 §1): the steps waiting for the signed-in official across every procedure — filter by procedure,
// village and deadline, sort, page — each linking to the run's page at its step, where the official signs.
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { errorText } from '../api';
import { type MessageKey, type Translate, isMessageKey, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { type Session, useSession } from '../session';
import { isOverdue, shanghaiTime } from './InboxFormat';
import {
  INBOX_PAGE_SIZE,
  type InboxFilter,
  type InboxPage,
  WORK_ITEM_SORTS,
  type WorkItem,
  filterFromQuery,
  inboxHref,
  readInbox,
  runHref,
} from './InboxSources';

/** The procedures offered in the filter (the items' own labels are shown in the table). */
export const INBOX_PROCEDURES = [
  'identification_round',
  'household_exit',
  'relocation_case',
  'renovation_case',
  'microcredit_loan',
  'project_funds',
] as const;

/** The roles that sign procedure steps: their home page is the inbox. */
const SIGNING_ROLES: readonly string[] = [
  'village_cadre',
  'township_reviewer',
  'county_approver',
  'department_officer',
  'workflow_operator', // 流程运维: every step waiting in their division, stuck ones first, with its run
];
export const hasInbox = (session: Session | null) => session !== null && SIGNING_ROLES.includes(session.user.role);

export function Inbox({ query }: { query: URLSearchParams }) {
  const { t } = useI18n();
  const { session } = useSession();
  const filter = filterFromQuery(query);
  if (!session)
    return (
      <section>
        <h1>{t('inbox.title')}</h1>
        <p>
          {t('home.signInHint')} <Link href="/sign-in">{t('nav.signIn')}</Link>
        </p>
      </section>
    );
  return <InboxList token={session.token} filter={filter} />;
}

function InboxList({ token, filter }: { token: string; filter: InboxFilter }) {
  const { t, lang } = useI18n();
  const [page, setPage] = useState<InboxPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const key = inboxHref(filter);

  useEffect(() => {
    let live = true;
    setError(null);
    readInbox(token, filter)
      .then((p) => live && setPage(p))
      .catch((e: unknown) => {
        if (!live) return;
        setPage(null);
        setError(errorText(e, lang, t));
      });
    return () => {
      live = false;
    };
  }, [token, key, reloads]); // filter is read through its key; lang and t left out on purpose
  const refresh = useCallback(() => setReloads((n) => n + 1), []);

  const pages = page ? Math.max(1, Math.ceil(page.total / INBOX_PAGE_SIZE)) : 1;
  return (
    <section aria-labelledby="inbox-title">
      <h1 id="inbox-title">{t('inbox.title')}</h1>
      <InboxFilters filter={filter} onRefresh={refresh} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {page?.failed.map((f) => (
        <p role="alert" className="error" key={f.service}>
          {t('inbox.serviceFailed', { service: f.service, error: errorText(f.error, lang, t) })}
        </p>
      ))}
      {!page && !error && <p aria-live="polite">{t('notices.loading')}</p>}
      {page && (
        <>
          <p className="counts" data-testid="inbox-counts" aria-live="polite">
            {t('inbox.counts', { items: page.total, steps: page.householdSteps })}
          </p>
          {page.items.length === 0 ? <p>{t('inbox.empty')}</p> : <InboxTable items={page.items} />}
          {pages > 1 && (
            <nav className="pager" aria-label={t('inbox.pager')}>
              {filter.page > 1 && (
                <Link href={inboxHref({ ...filter, page: filter.page - 1 })}>{t('notices.prev')}</Link>
              )}
              <span>{t('notices.page', { page: filter.page, pages })}</span>
              {filter.page < pages && (
                <Link href={inboxHref({ ...filter, page: filter.page + 1 })}>{t('notices.next')}</Link>
              )}
            </nav>
          )}
        </>
      )}
    </section>
  );
}

const procedureKey = (p: string) => `procedure.${p}` as MessageKey;
const sortKey = (s: string) => `inbox.sort.${s}` as MessageKey;

function InboxFilters({ filter, onRefresh }: { filter: InboxFilter; onRefresh(): void }) {
  const { t } = useI18n();
  const [draft, setDraft] = useState(filter);
  const key = inboxHref(filter);
  useEffect(() => setDraft(filter), [key]); // the URL changed (link, back button): show its filter

  const apply = (e: FormEvent) => {
    e.preventDefault();
    navigate(inboxHref({ ...draft, village: draft.village.trim(), page: 1 }));
  };
  const set = <K extends keyof InboxFilter>(k: K, v: InboxFilter[K]) => setDraft((d) => ({ ...d, [k]: v }));
  return (
    <form className="filters" onSubmit={apply} aria-label={t('inbox.filters')}>
      <div>
        <label htmlFor="inbox-procedure">{t('inbox.procedure')}</label>
        <select id="inbox-procedure" value={draft.procedure} onChange={(e) => set('procedure', e.target.value)}>
          <option value="">{t('inbox.allProcedures')}</option>
          {INBOX_PROCEDURES.map((p) => (
            <option key={p} value={p}>
              {t(procedureKey(p))}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="inbox-village">{t('inbox.village')}</label>
        <input
          id="inbox-village"
          inputMode="numeric"
          pattern="\d{6}|\d{9}|\d{12}"
          value={draft.village}
          onChange={(e) => set('village', e.target.value)}
        />
      </div>
      <div>
        <label htmlFor="inbox-due-by">{t('inbox.dueBy')}</label>
        <input id="inbox-due-by" type="date" value={draft.dueBy} onChange={(e) => set('dueBy', e.target.value)} />
      </div>
      <div>
        <label htmlFor="inbox-sort">{t('inbox.sort')}</label>
        <select id="inbox-sort" value={draft.sort} onChange={(e) => set('sort', e.target.value as InboxFilter['sort'])}>
          {WORK_ITEM_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(sortKey(s))}
            </option>
          ))}
        </select>
      </div>
      <div className="check">
        <input
          id="inbox-overdue"
          type="checkbox"
          checked={draft.overdueOnly}
          onChange={(e) => set('overdueOnly', e.target.checked)}
        />
        <label htmlFor="inbox-overdue">{t('inbox.overdueOnly')}</label>
      </div>
      <div className="buttons">
        <button type="submit">{t('inbox.apply')}</button>
        <button type="button" onClick={onRefresh}>
          {t('inbox.refresh')}
        </button>
      </div>
    </form>
  );
}

function InboxTable({ items }: { items: WorkItem[] }) {
  const { t } = useI18n();
  return (
    <div className="table-wrap">
      <table className="inbox">
        <caption className="visually-hidden">{t('inbox.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('inbox.col.procedure')}</th>
            <th scope="col">{t('inbox.col.village')}</th>
            <th scope="col">{t('inbox.col.step')}</th>
            <th scope="col">{t('inbox.col.households')}</th>
            <th scope="col">{t('inbox.col.since')}</th>
            <th scope="col">{t('inbox.col.due')}</th>
            <th scope="col">{t('inbox.col.marks')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <InboxRow key={`${item.service}:${item.procedureId}:${item.step}`} item={item} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function InboxRow({ item }: { item: WorkItem }) {
  const { t, lang } = useI18n();
  const href = runHref(item);
  const overdue = item.overdueHouseholds > 0 || isOverdue(item.dueAt);
  return (
    <tr
      className={overdue ? 'overdue' : undefined}
      data-testid="work-item"
      data-procedure-id={item.procedureId}
      data-step={item.step}
    >
      <td data-label={t('inbox.col.procedure')}>{item.procedureLabel[lang]}</td>
      <td data-label={t('inbox.col.village')} className="mono">
        {item.villageCode}
      </td>
      <td data-label={t('inbox.col.step')}>
        {href ? <Link href={href}>{item.stepLabel[lang]}</Link> : item.stepLabel[lang]}
      </td>
      <td data-label={t('inbox.col.households')}>{item.households}</td>
      <td data-label={t('inbox.col.since')} className="mono">
        {shanghaiTime(item.since)}
      </td>
      <td data-label={t('inbox.col.due')} className="mono">
        {item.dueAt ? shanghaiTime(item.dueAt) : t('inbox.noDeadline')}
      </td>
      <td data-label={t('inbox.col.marks')}>
        <WorkItemMarks item={item} overdue={overdue} />
        <OperatorView item={item} />
      </td>
    </tr>
  );
}

const roleLabel = (t: Translate, role: string) => {
  const key = `role.${role}`;
  return isMessageKey(key) ? t(key) : role;
};

/** For a workflow operator: who must act, and the run in the Temporal UI (when the deployment names it). */
function OperatorView({ item }: { item: WorkItem }) {
  const { t } = useI18n();
  const { session, config } = useSession();
  if (session?.user.role !== 'workflow_operator') return null;
  const ui = config.temporalUi;
  const run =
    ui && `${ui.url}/namespaces/${encodeURIComponent(ui.namespace)}/workflows/${encodeURIComponent(item.workflowId)}`;
  return (
    <span className="operator-view">
      {t('inbox.mustAct', { role: roleLabel(t, item.role) })}
      {run && (
        <>
          {' · '}
          <a href={run} target="_blank" rel="noreferrer" aria-label={t('inbox.temporalRun', { id: item.workflowId })}>
            {t('inbox.temporalUi')}
          </a>
        </>
      )}
    </span>
  );
}

function WorkItemMarks({ item, overdue }: { item: WorkItem; overdue: boolean }) {
  const { t } = useI18n();
  return (
    <span className="marks">
      {overdue && (
        <span className="tag late">{t('inbox.overdue', { count: Math.max(1, item.overdueHouseholds) })}</span>
      )}
      {item.escalatedHouseholds > 0 && (
        <span className="tag escalated">{t('inbox.escalated', { count: item.escalatedHouseholds })}</span>
      )}
      {item.escalatedToMe && <span className="tag escalated">{t('inbox.escalatedToMe')}</span>}
    </span>
  );
}
