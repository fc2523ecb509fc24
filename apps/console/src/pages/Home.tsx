import { useI18n } from '../i18n';
import { Link } from '../router';
import { useSession } from '../session';
import { roleKey } from './SignIn';

export function Home() {
  const { t, lang } = useI18n();
  const { session } = useSession();
  return (
    <section>
      <h1>{t('app.title')}</h1>
      {session ? (
        <>
          <p className="welcome">{t('home.welcome', { name: session.user.name })}</p>
          <p>
            {t('home.as', {
              role: session.user.label[lang] || t(roleKey(session.user.role)),
              jurisdiction: session.user.jurisdiction,
            })}
          </p>
          <p className="note">{t('home.inboxSoon')}</p>
        </>
      ) : (
        <p>
          {t('home.signInHint')} <Link href="/sign-in">{t('nav.signIn')}</Link>
        </p>
      )}
      <p>
        {t('home.public')} <Link href="/notices">{t('nav.notices')}</Link>
      </p>
    </section>
  );
}
