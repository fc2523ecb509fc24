import { useEffect, useState } from 'react';
import { errorText } from '../api';
import { type MessageKey, useI18n } from '../i18n';
import { navigate } from '../router';
import { type DevUser, useSession } from '../session';

export const roleKey = (role: string) => `role.${role}` as MessageKey;

/** Dev sign-in: the dev issuer's users (GET /auth/dev/users), an 8-hour token for the one chosen (POST /auth/dev/token). */
export function SignIn() {
  const { t, lang } = useI18n();
  const { config, session, signIn } = useSession();
  const [users, setUsers] = useState<DevUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    if (config.signIn !== 'dev') return;
    let live = true;
    fetch('/auth/dev/users', { headers: { Accept: 'application/json' } })
      .then(async (res) => {
        const body = (await res.json()) as { users?: DevUser[] };
        if (!res.ok || !Array.isArray(body.users)) throw body;
        if (live) setUsers(body.users);
      })
      .catch((e: unknown) => live && setError(errorText(e, lang, t)));
    return () => {
      live = false;
    };
    // the list does not depend on the language (an error is shown in the language of the moment)
  }, [config.signIn]); // lang and t left out on purpose

  async function choose(user: DevUser) {
    setBusy(user.subject);
    setError(null);
    try {
      const res = await fetch('/auth/dev/token', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ subject: user.subject }),
      });
      const body = (await res.json()) as { token?: string; expiresIn?: number; user?: DevUser };
      if (!res.ok || !body.token || !body.user || !body.expiresIn) throw body;
      signIn({ token: body.token, user: body.user, expiresAt: Date.now() + body.expiresIn * 1000 });
      navigate('/');
    } catch (e) {
      setError(errorText(e, lang, t));
    } finally {
      setBusy(null);
    }
  }

  if (config.signIn !== 'dev')
    return (
      <section>
        <h1>{t('nav.signIn')}</h1>
        <p>{t('signIn.oidcNote')}</p>
      </section>
    );

  return (
    <section aria-labelledby="sign-in-title">
      <h1 id="sign-in-title">{t('signIn.title')}</h1>
      <p className="note">{t('signIn.devNote')}</p>
      {session && <p>{t('signIn.signedInAs', { name: session.user.name, role: t(roleKey(session.user.role)) })}</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {!users && !error && <p aria-live="polite">{t('signIn.loading')}</p>}
      {users && (
        <ul className="users">
          {users.map((u) => (
            <li key={u.subject}>
              <button
                type="button"
                onClick={() => choose(u)}
                disabled={busy !== null}
                aria-label={`${t('signIn.as')}: ${u.name}, ${u.label[lang]}, ${u.jurisdiction}`}
              >
                <span className="user-name">{u.name}</span>
                <span className="user-role">{u.label[lang]}</span>
                <span className="user-jurisdiction">{u.jurisdiction}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
