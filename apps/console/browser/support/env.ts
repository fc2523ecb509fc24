// The test stack's environment and two small waits. (Not @fupin/testing: its index brings Node-only fetch typings
// that clash with the DOM types these tests need for page.evaluate callbacks.)
import { mintToken } from '@fupin/auth';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: source .stack/test/env.sh (npm test sets it)`);
  return value;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll until `check` returns a value (not undefined/false) or time runs out; the last error is in the message. */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (e) {
      last = e;
    }
    await sleep(intervalMs);
  }
  throw new Error(`condition not met within ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
}

/** A token of any role and jurisdiction, signed with the test stack's dev issuer key (as the e2e tests mint them). */
export function token(role: string, jurisdiction: string, subject: string): Promise<string> {
  return mintToken({
    keyFile: requireEnv('AUTH_DEV_KEY_FILE'),
    issuer: requireEnv('AUTH_ISSUER'),
    audience: process.env.AUTH_AUDIENCE,
    subject,
    role,
    jurisdiction,
  });
}
