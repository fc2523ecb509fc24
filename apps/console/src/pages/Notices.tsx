// The public notice board (公示公告): no sign-in. Open notices of a county, township or village with their
// households (ID numbers and phones masked by notice-service), days left, and a form to object.
import type { NoticePaths } from '@fupin/api-client';
import { type FormEvent, useEffect, useState } from 'react';
import { client, errorText, idempotencyKey, unwrap } from '../api';
import { useI18n } from '../i18n';
import { Link, navigate } from '../router';

type NoticeList = NoticePaths['/notices']['get']['responses'][200]['content']['application/json'];
type NoticeSummary = NoticeList['items'][number];
type PublicNotice = NoticePaths['/notices/{id}']['get']['responses'][200]['content']['application/json'];
type Filed = NoticePaths['/notices/{id}/objections']['post']['responses'][202]['content']['application/json'];

const DIVISION = /^(\d{6}|\d{9}|\d{12})$/;
const DAY_MS = 86_400_000;
const ENTRIES_PAGE = 200;

/** '2026-03-01T09:00:00+08:00' → '2026-03-01 09:00' (the local wall time notice-service gives). */
export const wallTime = (local: string) => local.slice(0, 16).replace('T', ' ');

export function daysLeft(closesAt: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((Date.parse(closesAt) - now) / DAY_MS));
}

export function Notices({ division, page }: { division: string; page: number }) {
  const { t, lang } = useI18n();
  const [input, setInput] = useState(division);
  const [list, setList] = useState<NoticeList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const valid = DIVISION.test(division);

  useEffect(() => setInput(division), [division]);
  useEffect(() => {
    if (!valid) return;
    let live = true;
    setList(null);
    setError(null);
    unwrap(
      client('notice-service').GET('/notices', {
        params: { query: { division, status: 'open', page, pageSize: 20 } },
      }),
    )
      .then((l) => live && setList(l))
      .catch((e: unknown) => live && setError(errorText(e, lang, t)));
    return () => {
      live = false;
    };
  }, [division, page, valid]); // lang and t left out on purpose: a new language needs no new request

  const show = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/notices?division=${encodeURIComponent(input.trim())}`);
  };
  const pageLink = (p: number) => `/notices?division=${division}&page=${p}`;

  return (
    <section aria-labelledby="notices-title">
      <h1 id="notices-title">{t('notices.title')}</h1>
      <form className="inline" onSubmit={show}>
        <label htmlFor="division">{t('notices.division')}</label>
        <input
          id="division"
          name="division"
          inputMode="numeric"
          pattern="\d{6}|\d{9}|\d{12}"
          required
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit">{t('notices.show')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {valid && !list && !error && <p aria-live="polite">{t('notices.loading')}</p>}
      {list && list.items.length === 0 && <p>{t('notices.none')}</p>}
      {list?.items.map((n) => (
        <NoticeCard key={n.id} notice={n} />
      ))}
      {list && list.totalPages > 1 && (
        <nav className="pager" aria-label={t('notices.page', { page: list.page, pages: list.totalPages })}>
          {list.page > 1 && <Link href={pageLink(list.page - 1)}>{t('notices.prev')}</Link>}
          <span>{t('notices.page', { page: list.page, pages: list.totalPages })}</span>
          {list.page < list.totalPages && <Link href={pageLink(list.page + 1)}>{t('notices.next')}</Link>}
        </nav>
      )}
    </section>
  );
}

function NoticeCard({ notice }: { notice: NoticeSummary }) {
  const { t, lang } = useI18n();
  const [detail, setDetail] = useState<PublicNotice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const days = daysLeft(notice.closesAt);

  useEffect(() => {
    let live = true;
    unwrap(
      client('notice-service').GET('/notices/{id}', {
        params: { path: { id: notice.id }, query: { page: 1, pageSize: ENTRIES_PAGE } },
      }),
    )
      .then((d) => live && setDetail(d))
      .catch((e: unknown) => live && setError(errorText(e, lang, t)));
    return () => {
      live = false;
    };
  }, [notice.id]); // lang and t left out on purpose

  const titleId = `notice-${notice.id}`;
  return (
    <article className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{notice.title[lang]}</h2>
      <p className="meta">
        <span className="tag">{notice.kindLabel[lang]}</span>{' '}
        {t('notices.period', { opens: wallTime(notice.display.opensAt), closes: wallTime(notice.display.closesAt) })}
        {' · '}
        <strong>{days > 0 ? t('notices.daysLeft', { days }) : t('notices.lastDay')}</strong>
        {' · '}
        {t('notices.households', { count: notice.entryCount })}
        {' · '}
        <Link href={`/notices/${notice.id}/print`}>{t('notices.print')}</Link>
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {detail && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('entry.name')}</th>
                  <th scope="col">{t('entry.village')}</th>
                  <th scope="col">{t('entry.members')}</th>
                  <th scope="col">{t('entry.idNumber')}</th>
                  <th scope="col">{t('entry.phone')}</th>
                  <th scope="col">{t('entry.decision')}</th>
                  <th scope="col">{t('entry.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {detail.entries.map((e) => (
                  <tr key={e.entryId}>
                    <td data-label={t('entry.name')}>{e.name}</td>
                    <td data-label={t('entry.village')}>{e.villageCode}</td>
                    <td data-label={t('entry.members')}>{e.memberCount}</td>
                    <td data-label={t('entry.idNumber')} className="mono">
                      {e.idNumber}
                    </td>
                    <td data-label={t('entry.phone')} className="mono">
                      {e.phone ?? '—'}
                    </td>
                    <td data-label={t('entry.decision')}>{e.decision}</td>
                    <td data-label={t('entry.reason')}>{e.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {detail.entriesPage.total > detail.entries.length && (
            <p className="note">
              {t('notices.more', { shown: detail.entries.length, count: detail.entriesPage.total })}
            </p>
          )}
          {notice.acceptsObjections && <ObjectionForm notice={detail} />}
        </>
      )}
    </article>
  );
}

function ObjectionForm({ notice }: { notice: PublicNotice }) {
  const { t, lang } = useI18n();
  const [entryId, setEntryId] = useState('');
  const [text, setText] = useState('');
  const [contact, setContact] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [filed, setFiled] = useState<Filed | null>(null);
  // one key per objection being written: a retried submit is answered with the same receipt
  const [key, setKey] = useState(idempotencyKey);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const receipt = await unwrap(
        client('notice-service').POST('/notices/{id}/objections', {
          params: { path: { id: notice.id }, header: { 'Idempotency-Key': key } },
          body: {
            text,
            ...(entryId ? { entryId } : {}),
            ...(contact.trim() ? { contact: contact.trim() } : {}),
          },
        }),
      );
      setFiled(receipt);
      setText('');
      setContact('');
      setKey(idempotencyKey());
    } catch (err) {
      setError(errorText(err, lang, t));
    } finally {
      setBusy(false);
    }
  }

  const id = (name: string) => `${name}-${notice.id}`;
  return (
    <details className="objection">
      <summary>{t('objection.title')}</summary>
      {filed ? (
        <div role="status" className="receipt">
          <p>{t('objection.filed', { code: filed.receiptCode })}</p>
          <p className="note">{t('objection.keep')}</p>
          <p>
            <Link href={`/objections/${filed.receiptCode}`}>{t('objection.open')}</Link>
          </p>
        </div>
      ) : (
        <form onSubmit={submit}>
          <label htmlFor={id('entry')}>{t('objection.household')}</label>
          <select id={id('entry')} value={entryId} onChange={(e) => setEntryId(e.target.value)}>
            <option value="">{t('objection.wholeNotice')}</option>
            {notice.entries.map((e) => (
              <option key={e.entryId} value={e.entryId}>
                {e.name} · {e.idNumber}
              </option>
            ))}
          </select>
          <label htmlFor={id('text')}>{t('objection.text')}</label>
          <textarea
            id={id('text')}
            required
            maxLength={1000}
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
          <label htmlFor={id('contact')}>{t('objection.contact')}</label>
          <input
            id={id('contact')}
            type="tel"
            autoComplete="tel"
            value={contact}
            onChange={(e) => setContact(e.target.value)}
          />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <button type="submit" disabled={busy}>
            {busy ? t('objection.submitting') : t('objection.submit')}
          </button>
        </form>
      )}
    </details>
  );
}
