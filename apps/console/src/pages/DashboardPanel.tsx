// 数据看板 · a panel: its title, then what was loaded — or that it is loading, or the API's refusal in words.
import { type ReactNode, useEffect, useState } from 'react';
import { errorText } from '../api';
import { useI18n } from '../i18n';

/** What a load gives: nothing yet, the data, or the error. */
export type Loaded<T> = { data: T; error?: undefined } | { data?: undefined; error: unknown } | null;

/** Load `load()` whenever `key` changes; an answer for an earlier key is never shown. */
export function useLoad<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const [state, setState] = useState<{ key: string; loaded: Loaded<T> }>({ key, loaded: null });
  useEffect(() => {
    let live = true;
    load()
      .then((data) => live && setState({ key, loaded: { data } }))
      .catch((error: unknown) => live && setState({ key, loaded: { error } }));
    return () => {
      live = false;
    };
  }, [key]); // load is read through its key
  return state.key === key ? state.loaded : null;
}

export function Section<T>({
  loaded,
  id,
  title,
  hidden,
  children,
}: {
  loaded: Loaded<T>;
  id: string;
  title: string;
  /** leave the panel out for this data (e.g. a village has no divisions below it) */
  hidden?: (data: T) => boolean;
  children: (data: T) => ReactNode;
}) {
  const { t, lang } = useI18n();
  if (loaded?.data !== undefined && hidden?.(loaded.data)) return null;
  return (
    <section className="card dash-panel" aria-labelledby={id} data-testid={id}>
      <h2 id={id}>{title}</h2>
      {!loaded && <p aria-live="polite">{t('notices.loading')}</p>}
      {loaded?.error !== undefined && (
        <p role="alert" className="error">
          {errorText(loaded.error, lang, t)}
        </p>
      )}
      {loaded?.data !== undefined && children(loaded.data)}
    </section>
  );
}
