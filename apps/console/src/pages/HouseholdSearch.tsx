// 一户一档 · search: by member name (any part), ID number (exact) or division, inside the official's jurisdiction
// (identification-service GET /households); ID numbers come masked unless the role may read them in full.
import type { IdentificationPaths } from '@fupin/api-client';
import { type FormEvent, useEffect, useState } from 'react';
import { client, errorText, unwrap } from '../api';
import { type Lang, type MessageKey, dictionaries, useI18n } from '../i18n';
import { Link, navigate } from '../router';
import { useSession } from '../session';
import { householdHref } from './HouseholdTimeline';

type SearchResult = IdentificationPaths['/households']['get']['responses'][200]['content']['application/json'];
type Row = SearchResult['households'][number];

const PAGE = 20;
const DIVISION = /^(\d{6}|\d{9}|\d{12})$/;

export const householdStatusKey = (status: string) => `household.status.${status}` as MessageKey;

/** The address of a search: what the form holds, in the query string (so it can be shared and reloaded). */
export function searchHref(q: string, village: string): string {
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim());
  if (village.trim()) params.set('village', village.trim());
  const query = params.toString();
  return query ? `/households?${query}` : '/households';
}

export function HouseholdSearch({ q, village }: { q: string; village: string }) {
  const { t, lang } = useI18n();
  const { session } = useSession();
  const [input, setInput] = useState({ q, village });
  const [rows, setRows] = useState<Row[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const token = session?.token;
  const asked = q !== '' || village !== '';

  useEffect(() => setInput({ q, village }), [q, village]);
  useEffect(() => {
    if (!token || !asked) return;
    let live = true;
    setRows(null);
    setError(null);
    page(token, q, village)
      .then((r) => {
        if (!live) return;
        setRows(r.households);
        setNext(r.nextCursor);
      })
      .catch((e: unknown) => live && setError(errorText(e, lang, t)));
    return () => {
      live = false;
    };
  }, [token, q, village, asked]); // lang and t left out on purpose: a new language needs no new request

  if (!session)
    return (
      <p>
        {t('home.signInHint')} <Link href="/sign-in">{t('nav.signIn')}</Link>
      </p>
    );

  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(searchHref(input.q, input.village));
  };
  const more = async () => {
    if (!next) return;
    setBusy(true);
    try {
      const r = await page(session.token, q, village, next);
      setRows((prev) => [...(prev ?? []), ...r.households]);
      setNext(r.nextCursor);
    } catch (e) {
      setError(errorText(e, lang, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="household-search-title">
      <h1 id="household-search-title">{t('households.title')}</h1>
      <form className="inline" onSubmit={submit} role="search">
        <label htmlFor="household-q">{t('households.q')}</label>
        <input
          id="household-q"
          name="q"
          value={input.q}
          maxLength={40}
          onChange={(e) => setInput({ ...input, q: e.target.value })}
        />
        <label htmlFor="household-village">{t('households.village')}</label>
        <input
          id="household-village"
          name="village"
          inputMode="numeric"
          pattern="\d{6}|\d{9}|\d{12}"
          value={input.village}
          onChange={(e) => setInput({ ...input, village: e.target.value })}
        />
        <button type="submit">{t('households.search')}</button>
      </form>
      <p className="note">{t('households.hint')}</p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {asked && !rows && !error && <p aria-live="polite">{t('notices.loading')}</p>}
      {rows && rows.length === 0 && <p role="status">{t('households.none')}</p>}
      {rows && rows.length > 0 && <Results rows={rows} />}
      {next && (
        <button type="button" onClick={more} disabled={busy}>
          {busy ? t('notices.loading') : t('households.more')}
        </button>
      )}
    </section>
  );
}

function page(token: string, q: string, village: string, cursor?: string): Promise<SearchResult> {
  const query = {
    limit: PAGE,
    ...(q.trim() ? { q: q.trim() } : {}),
    ...(DIVISION.test(village.trim()) ? { village: village.trim() } : {}),
    ...(cursor ? { cursor } : {}),
  };
  return unwrap(client('identification-service', token).GET('/households', { params: { query } }));
}

function Results({ rows }: { rows: Row[] }) {
  const { t } = useI18n();
  const masked = rows.some((r) => r.idNumbersMasked);
  return (
    <>
      <p role="status">{t('households.found', { count: rows.length })}</p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('entry.name')}</th>
              <th scope="col">{t('entry.idNumber')}</th>
              <th scope="col">{t('entry.village')}</th>
              <th scope="col">{t('entry.members')}</th>
              <th scope="col">{t('households.status')}</th>
              <th scope="col">{t('households.matched')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.householdId}>
                <td data-label={t('entry.name')}>
                  <Link href={householdHref(r.householdId)}>{r.headName ?? t('households.noHead')}</Link>
                </td>
                <td data-label={t('entry.idNumber')} className="mono">
                  {r.headIdNumber ?? '—'}
                </td>
                <td data-label={t('entry.village')}>{r.villageCode}</td>
                <td data-label={t('entry.members')}>{r.memberCount}</td>
                <td data-label={t('households.status')}>
                  <StatusText status={r.status} />
                </td>
                <td data-label={t('households.matched')}>
                  {r.matchedMember ? `${r.matchedMember.name}（${r.matchedMember.relation}）` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {masked && <p className="note">{t('households.masked')}</p>}
    </>
  );
}

/** A register status in words (the code itself if the console has no words for it). */
export function StatusText({ status }: { status: string }) {
  const { t, lang } = useI18n();
  const key = householdStatusKey(status);
  return <>{knownKey(key, lang) ? t(key) : status}</>;
}

/** Whether the dictionary has a label for a key built at run time. */
export const knownKey = (key: string, lang: Lang): key is MessageKey => key in dictionaries[lang];
