import { Suspense, lazy, useCallback, useEffect, useMemo, useState } from 'react';
import { I18nContext, type Lang, storeLang, storedLang, translator, useI18n } from './i18n';
import { Home } from './pages/Home';
import { HouseholdFile } from './pages/HouseholdFile';
import { HouseholdSearch } from './pages/HouseholdSearch';
import { Inbox, hasInbox } from './pages/Inbox';
import { NoticePrint } from './pages/NoticePrint';
import { Notices } from './pages/Notices';
import { ObjectionLookup } from './pages/ObjectionLookup';
import { Run } from './pages/RunPage';
import { SignIn } from './pages/SignIn';
import { Link, navigate, useLocation } from './router';
import { type ConsoleConfig, type Session, SessionContext, loadSession, saveSession, useSession } from './session';

// 数据看板 with ECharts: loaded only when opened, so the other pages do not carry the charts
const Dashboard = lazy(() => import('./pages/Dashboard').then((m) => ({ default: m.Dashboard })));

function Page() {
  const { path, query } = useLocation();
  const { session } = useSession();
  if (path === '/sign-in') return <SignIn />;
  // 待办 is the home page of a signed-in official
  if (path === '/inbox' || (path === '/' && hasInbox(session))) return <Inbox query={query} />;
  const run = /^\/(rounds|exits)\/([^/]+)$/.exec(path);
  if (run)
    return (
      <Run kind={run[1] === 'rounds' ? 'round' : 'exit'} id={decodeURIComponent(run[2])} step={query.get('step')} />
    );
  // the printable notice (公示), no sign-in
  const printable = /^\/notices\/([^/]+)\/print$/.exec(path);
  if (printable) return <NoticePrint id={decodeURIComponent(printable[1])} />;
  if (path === '/notices') {
    const page = Number(query.get('page') ?? '1');
    return <Notices division={query.get('division') ?? ''} page={Number.isInteger(page) && page > 0 ? page : 1} />;
  }
  if (path === '/households') return <HouseholdSearch q={query.get('q') ?? ''} village={query.get('village') ?? ''} />;
  const household = /^\/households\/([^/]+)$/.exec(path);
  if (household) return <HouseholdFile id={decodeURIComponent(household[1])} />;
  if (path === '/dashboard')
    return (
      <Suspense fallback={<Loading />}>
        <Dashboard division={query.get('division') ?? ''} />
      </Suspense>
    );
  const objection = /^\/objections(?:\/([^/]*))?$/.exec(path);
  if (objection) return <ObjectionLookup receipt={decodeURIComponent(objection[1] ?? '')} />;
  return <Home />;
}

function Loading() {
  const { t } = useI18n();
  return <p aria-live="polite">{t('notices.loading')}</p>;
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
                <Link href="/inbox">{t('nav.inbox')}</Link>
                <Link href="/households">{t('nav.households')}</Link>
                <Link href="/dashboard">{t('nav.dashboard')}</Link>
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
