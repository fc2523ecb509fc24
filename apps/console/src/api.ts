// The services, reached only through the typed client (@fupin/api-client) on the console's own origin:
// tools/console/serve.mjs proxies /api/<service>/… to each service.
import { type ServiceClient, type ServiceName, type TokenSource, serviceClient } from '@fupin/api-client';
import type { LocalizedMessage } from '@fupin/localized';
import type { Lang, Translate } from './i18n';

export const API_PREFIX: Record<ServiceName, string> = {
  'identification-service': '/api/identification',
  'relocation-service': '/api/relocation',
  'industry-service': '/api/industry',
  'medical-aid-service': '/api/medical-aid',
  'notice-service': '/api/notice',
};

export function client<S extends ServiceName>(service: S, token?: TokenSource): ServiceClient<S> {
  return serviceClient(service, new URL(API_PREFIX[service], window.location.origin).href, token);
}

/** A failed call as people read it: the service's own message in the chosen language, else the status. */
export class ApiError extends Error {
  constructor(
    readonly status: number | null,
    readonly text: LocalizedMessage | null,
    readonly code?: string,
  ) {
    super(text?.en ?? `HTTP ${status ?? 'network error'}`);
  }
}

function localized(body: unknown): { message: LocalizedMessage; code?: string } | null {
  const error = (body as { error?: { code?: unknown; message?: Partial<LocalizedMessage> } } | null)?.error;
  const m = error?.message;
  if (!m || typeof m['zh-CN'] !== 'string' || typeof m.en !== 'string') return null;
  return { message: { 'zh-CN': m['zh-CN'], en: m.en }, code: typeof error.code === 'string' ? error.code : undefined };
}

/** The data of a typed-client result, or an ApiError carrying the service's bilingual message. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response };
  try {
    result = await call;
  } catch {
    throw new ApiError(null, null);
  }
  if (result.response.ok && result.data !== undefined) return result.data;
  const known = localized(result.error);
  throw new ApiError(result.response.status, known?.message ?? null, known?.code);
}

/** What to show for an error of any kind. */
export function errorText(e: unknown, lang: Lang, t: Translate): string {
  if (e instanceof ApiError) {
    if (e.text) return e.text[lang];
    return e.status === null ? t('error.network') : t('error.status', { status: e.status });
  }
  const known = localized(e);
  return known ? known.message[lang] : t('error.network');
}

/** An Idempotency-Key, also where crypto.randomUUID is missing (a phone on a plain-http LAN address). */
export function idempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
