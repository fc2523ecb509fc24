import { useCallback, useEffect, useMemo, useState } from 'react';
import { I18nContext, type Lang, storeLang, storedLang, translator } from './i18n';
import { Home } from './pages/Home';
import { Notices } from './pages/Notices';
import { ObjectionLookup } from './pages/ObjectionLookup';
import { SignIn } from './pages/SignIn';
import { Link, navigate, useLocation } from './router';
import { type ConsoleConfig, type Session, SessionContext, loadSession, saveSession } from './session';

function Page() {
  const { path, query } = useLocation();
  if (path === '/sign-in') return <SignIn />;
  if (path === '/notices') {
    const page = Number(query.get('page') ?? '1');
    return <Notices division={query.get('division') ?? ''} page={Number.isInteger(page) && page > 0 ? page : 1} />;
  }
  const objection = /^\/objections(?:\/([^/]*))?$/.exec(path);
  if (objection) return <ObjectionLookup receipt={decodeURIComponent(objection[1] ?? '')} />;
  return <Home />;
}

export function App({ config }: { config: ConsoleConfig }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  const [session, setSession] = useState<Session | null>(() => loadSession(config));

  const i18n = useMemo(
    () => ({
      lang,
      t: translator(lang),
      setLang: (l: Lang) => {
        storeLang(l);
        setLangState(l);
      },
    }),
    [lang],
  );
  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = i18n.t('app.title');
  }, [lang, i18n]);

  const signIn = useCallback(
    (s: Session) => {
      saveSession(config, s);
      setSession(s);
    },
    [config],
  );
  const signOut = useCallback(() => {
    saveSession(config, null);
    setSession(null);
    navigate('/');
  }, [config]);
  // a token past its expiry signs the tab out
  useEffect(() => {
    if (!session) return;
    const timer = window.setTimeout(signOut, Math.max(0, session.expiresAt - Date.now()));
    return () => window.clearTimeout(timer);
  }, [session, signOut]);

  const { t } = i18n;
  return (
    <I18nContext.Provider value={i18n}>
      <SessionContext.Provider value={{ config, session, signIn, signOut }}>
        <a className="skip" href="#main">
          {t('app.skip')}
        </a>
        <header className="top">
          <Link href="/" className="brand">
            {t('app.title')}
          </Link>
          <nav aria-label={t('app.title')}>
            <Link href="/notices">{t('nav.notices')}</Link>
            <Link href="/objections">{t('nav.objection')}</Link>
            {session ? (
              <>
                <span className="who" data-testid="signed-in-user">
                  {session.user.name} · {session.user.label[lang]}
                </span>
                <button type="button" onClick={signOut}>
                  {t('nav.signOut')}
                </button>
              </>
            ) : (
              <Link href="/sign-in">{t('nav.signIn')}</Link>
            )}
            <button
              type="button"
              lang={lang === 'en' ? 'zh-CN' : 'en'}
              aria-label={t('nav.languageLabel')}
              onClick={() => i18n.setLang(lang === 'en' ? 'zh-CN' : 'en')}
            >
              {t('nav.language')}
            </button>
          </nav>
        </header>
        <main id="main">
          <Page />
        </main>
      </SessionContext.Provider>
    </I18nContext.Provider>
  );
}
