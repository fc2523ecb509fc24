// Who is signed in. On the local stack (dev sign-in) the token is kept in memory and in sessionStorage, so a reload
// keeps the tab signed in; otherwise in memory only. Never in localStorage.
import { createContext, useContext } from 'react';

export interface ConsoleConfig {
  /** `dev`: the dev issuer's user list (local stack); `oidc`: the configured issuer (not wired yet). */
  signIn: 'dev' | 'oidc';
  /** Where the operators open a procedure's run (its Temporal UI and namespace), when the deployment says. */
  temporalUi?: { url: string; namespace: string };
}

export interface DevUser {
  subject: string;
  name: string;
  role: string;
  jurisdiction: string;
  label: { 'zh-CN': string; en: string };
}

export interface Session {
  token: string;
  user: DevUser;
  /** epoch milliseconds */
  expiresAt: number;
}

const SESSION_KEY = 'fupin.console.session';

export function loadSession(config: ConsoleConfig): Session | null {
  if (config.signIn !== 'dev') return null;
  try {
    const raw = window.sessionStorage.getItem(SESSION_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'number' || s.expiresAt <= Date.now() + 60_000) {
      window.sessionStorage.removeItem(SESSION_KEY);
      return null;
    }
    return s;
  } catch {
    return null;
  }
}

export function saveSession(config: ConsoleConfig, session: Session | null): void {
  if (config.signIn !== 'dev') return;
  try {
    if (session) window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
    else window.sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // storage refused: the session lives in memory only
  }
}

export interface SessionState {
  config: ConsoleConfig;
  session: Session | null;
  signIn(session: Session): void;
  signOut(): void;
}

export const SessionContext = createContext<SessionState>({
  config: { signIn: 'oidc' },
  session: null,
  signIn: () => undefined,
  signOut: () => undefined,
});
export const useSession = () => useContext(SessionContext);

/** The console server's runtime configuration (GET /console-config.json); OIDC when it cannot be read. */
export async function loadConfig(): Promise<ConsoleConfig> {
  try {
    const res = await fetch('/console-config.json', { headers: { Accept: 'application/json' } });
    const body = (await res.json()) as Partial<ConsoleConfig>;
    const ui = body.temporalUi;
    const temporalUi =
      ui && typeof ui.url === 'string' && /^https?:\/\//.test(ui.url) && typeof ui.namespace === 'string'
        ? { url: ui.url.replace(/\/+$/, ''), namespace: ui.namespace }
        : undefined;
    return { signIn: body.signIn === 'dev' ? 'dev' : 'oidc', ...(temporalUi ? { temporalUi } : {}) };
  } catch {
    return { signIn: 'oidc' };
  }
}
