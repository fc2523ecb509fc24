// The printable notice (公示/公告), no sign-in: the official layout on A4 — title, notice period (Asia/Shanghai),
// the table of households (ID numbers and phones masked by notice-service), the reason, where and how to object,
// the issuing body and the date. "Print / save as PDF" opens the browser's print dialog; NoticePrint.css lays it out.
import type { NoticePaths } from '@fupin/api-client';
import { useEffect, useState } from 'react';
import { client, errorText, unwrap } from '../api';
import { type Lang, type MessageKey, type Translate, useI18n } from '../i18n';
import { Link } from '../router';
import './NoticePrint.css';

type PublicNotice = NoticePaths['/notices/{id}']['get']['responses'][200]['content']['application/json'];
type Entry = PublicNotice['entries'][number];

const PAGE_SIZE = 1000; // the most notice-service gives in one page
const DAY_MS = 86_400_000;

/** Every household of the notice: its pages read one after the other (a notice lists at most 5,000). */
async function wholeNotice(id: string): Promise<PublicNotice> {
  const read = (page: number) =>
    unwrap(
      client('notice-service').GET('/notices/{id}', {
        params: { path: { id }, query: { page, pageSize: PAGE_SIZE } },
      }),
    );
  const first = await read(1);
  const entries: Entry[] = [...first.entries];
  for (let page = 2; page <= first.entriesPage.totalPages; page++) entries.push(...(await read(page)).entries);
  return { ...first, entries };
}

/** The division's parent code: village (12) → township (9) → county (6) → city (4). */
const parentOf = (code: string) => code.slice(0, code.length === 12 ? 9 : code.length === 9 ? 6 : 4);

/**
 * The registered names of the county, township and village a notice is posted in (identification-service's public
 * division register), joined as written on paper — 青石县白沙镇柳树村; null when any is not registered.
 */
async function placeName(code: string): Promise<string | null> {
  const levels = [6, 9, 12].filter((l) => l <= code.length).map((l) => code.slice(0, l));
  const names = await Promise.all(
    levels.map(async (c) => {
      const { divisions } = await unwrap(
        client('identification-service').GET('/divisions', { params: { query: { parent: parentOf(c) } } }),
      );
      return divisions.find((d) => d.code === c)?.name;
    }),
  );
  return names.every(Boolean) ? names.join('') : null;
}

/** '2026-03-01T09:00:00+08:00' (local wall time from notice-service) → 2026年3月1日 09:00 / 2026-03-01 09:00. */
export function localDate(local: string, lang: Lang, withTime = true): string {
  const [, y, m, d, hm] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(local) ?? [];
  if (!y) return local;
  const date = lang === 'zh-CN' ? `${y}年${Number(m)}月${Number(d)}日` : `${y}-${m}-${d}`;
  return withTime ? `${date} ${hm}` : date;
}

function periodText(n: PublicNotice, lang: Lang, t: Translate): string {
  const zone = n.display.timeZone === 'Asia/Shanghai' ? t('print.zone.shanghai') : n.display.timeZone;
  const period = t('print.period', {
    opens: localDate(n.display.opensAt, lang),
    closes: localDate(n.display.closesAt, lang),
    zone,
  });
  const days = (Date.parse(n.closesAt) - Date.parse(n.opensAt)) / DAY_MS;
  return days >= 1 ? `${period}${t('print.days', { days: Math.round(days) })}` : period;
}

export function NoticePrint({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const [notice, setNotice] = useState<PublicNotice | null>(null);
  const [place, setPlace] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setNotice(null);
    setPlace(null);
    setError(null);
    wholeNotice(id)
      .then(async (n) => {
        // the place's name is a courtesy: without the register the notice shows the division code
        const name = await placeName(n.divisionCode).catch(() => null);
        if (live) {
          setPlace(name);
          setNotice(n);
        }
      })
      .catch((e: unknown) => live && setError(errorText(e, lang, t)));
    return () => {
      live = false;
    };
  }, [id]); // lang and t left out on purpose: a new language needs no new request

  return (
    <>
      <div className="np-actions no-print">
        <Link href={notice ? `/notices?division=${notice.divisionCode}` : '/notices'}>{t('print.back')}</Link>
        <button type="button" onClick={() => window.print()} disabled={!notice}>
          {t('print.button')}
        </button>
        <p className="note">{t('print.hint')}</p>
      </div>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!notice && !error && <p aria-live="polite">{t('notices.loading')}</p>}
      {notice && <NoticeDocument notice={notice} place={place} />}
    </>
  );
}

function NoticeDocument({ notice: n, place }: { notice: PublicNotice; place: string | null }) {
  const { t, lang } = useI18n();
  const origin = window.location.origin;
  const issuer = t(`print.issuer.${n.kind}` as MessageKey, {
    name: place ?? t('print.unnamed', { code: n.divisionCode }),
  });
  const reviewer = t(n.kind === 'county_announcement' ? 'print.review.county' : 'print.review.township');
  return (
    <article className="np-document" aria-labelledby="np-title" data-testid="printable-notice">
      {place && <p className="np-place">{place}</p>}
      <h1 id="np-title" className="np-title">
        {n.title[lang]}
      </h1>
      <p className="np-kind">{n.kindLabel[lang]}</p>
      <p className="np-para">{t(`print.intro.${n.procedure}` as MessageKey)}</p>
      <p className="np-para np-period">{periodText(n, lang, t)}</p>
      <table className="np-table">
        <caption>{t('print.households', { count: n.entries.length })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('print.col.no')}</th>
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
          {n.entries.map((e, i) => (
            <tr key={e.entryId}>
              <td data-label={t('print.col.no')}>{i + 1}</td>
              <td data-label={t('entry.name')} className="np-nowrap">
                {e.name}
              </td>
              <td data-label={t('entry.village')} className="mono">
                {e.villageCode}
              </td>
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
      <p className="np-note">{t('print.masked')}</p>
      <h2 className="np-heading">{t('print.objectTitle')}</h2>
      <p className="np-para">
        {t('print.objectOnline', { url: `${origin}/notices?division=${n.divisionCode}` })}
        {t(`print.inPerson.${n.kind}` as MessageKey)}
      </p>
      <p className="np-para">{t('print.objectLookup', { reviewer, url: `${origin}/objections` })}</p>
      <div className="np-sign">
        <p>{issuer}</p>
        <p>{localDate(n.display.opensAt, lang, false)}</p>
      </div>
      <p className="np-footer">
        {t('print.reference', { id: n.id })}
        {n.status === 'closed' && n.display.closedAt
          ? ` · ${t('print.closed', { date: localDate(n.display.closedAt, lang) })}`
          : ''}
      </p>
    </article>
  );
}
