// Reading the answer to an objection by its receipt code (no sign-in).
import type { NoticePaths } from '@fupin/api-client';
import { type FormEvent, useEffect, useState } from 'react';
import { client, errorText, unwrap } from '../api';
import { type MessageKey, useI18n } from '../i18n';
import { navigate } from '../router';
import { wallTime } from './Notices';

type Lookup = NoticePaths['/objections/{receiptCode}']['get']['responses'][200]['content']['application/json'];

export function ObjectionLookup({ receipt }: { receipt: string }) {
  const { t, lang } = useI18n();
  const [input, setInput] = useState(receipt);
  const [found, setFound] = useState<Lookup | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => setInput(receipt), [receipt]);
  useEffect(() => {
    setFound(null);
    setError(null);
    if (!receipt) return;
    let live = true;
    unwrap(client('notice-service').GET('/objections/{receiptCode}', { params: { path: { receiptCode: receipt } } }))
      .then((o) => live && setFound(o))
      .catch((e: unknown) => live && setError(errorText(e, lang, t)));
    return () => {
      live = false;
    };
  }, [receipt]); // lang and t left out on purpose

  const find = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/objections/${encodeURIComponent(input.trim())}`);
  };

  return (
    <section aria-labelledby="lookup-title">
      <h1 id="lookup-title">{t('lookup.title')}</h1>
      <form className="inline" onSubmit={find}>
        <label htmlFor="receipt">{t('lookup.code')}</label>
        <input
          id="receipt"
          required
          autoCapitalize="characters"
          value={input}
          onChange={(e) => setInput(e.target.value)}
        />
        <button type="submit">{t('lookup.find')}</button>
      </form>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {found && (
        <dl className="card facts">
          <dt>{t('lookup.notice')}</dt>
          <dd>
            {found.notice.kindLabel[lang]} · {found.notice.title[lang]}
          </dd>
          <dt>{t('lookup.filedAt')}</dt>
          <dd>{wallTime(found.display.filedAt)}</dd>
          <dt>{t('lookup.status')}</dt>
          <dd>
            <strong>{t(`status.${found.status}` as MessageKey)}</strong>
          </dd>
          {found.answer && (
            <>
              <dt>{t('lookup.answer')}</dt>
              <dd>{found.answer.reason ?? '—'}</dd>
              <dt>{t('lookup.answeredAt')}</dt>
              <dd>{wallTime(found.answer.display.answeredAt)}</dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}
