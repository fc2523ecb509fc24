import { mintToken } from '@fupin/auth';
import { requireEnv } from './wait';

/** A token signed by the test stack's dev issuer. */
export function testToken(
  role: string,
  jurisdiction: string,
  options: { subject?: string; expiresIn?: string | number; keyFile?: string } = {},
): Promise<string> {
  return mintToken({
    keyFile: options.keyFile ?? requireEnv('AUTH_DEV_KEY_FILE'),
    issuer: requireEnv('AUTH_ISSUER'),
    audience: process.env.AUTH_AUDIENCE,
    subject: options.subject ?? `test-${role}`,
    role,
    jurisdiction,
    expiresIn: options.expiresIn,
  });
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

/** JSON over HTTP with an optional bearer token; non-JSON answers come back as text. */
export async function call<T = Record<string, unknown>>(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string | Buffer } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = {
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...options.headers,
  };
  let body: string | Buffer | undefined;
  if (options.raw !== undefined) body = options.raw;
  else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await fetch(url, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status: res.status, body: parsed as T, headers: res.headers };
}
