import type { JWTPayload, JWTVerifyGetKey } from 'jose';
import { type Principal, isRole, parseJurisdiction, roleJurisdictionMismatch } from './roles';

/** Why a request's token was refused; the guard answers 401 `auth.<reason>`. */
export type TokenRejection = 'token_missing' | 'token_expired' | 'token_invalid' | 'token_lifetime';

export class TokenRejected extends Error {
  constructor(
    readonly reason: TokenRejection,
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'TokenRejected';
  }
}

/** The issuer's key set could not be fetched: not the caller's fault, the guard answers 503. */
export class IssuerUnavailable extends Error {
  constructor(detail: string, options?: { cause?: unknown }) {
    super(`token issuer unavailable: ${detail}`, options);
    this.name = 'IssuerUnavailable';
  }
}

export interface VerifierSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** Allowed clock skew between issuer and service, in seconds (default 5). */
  clockToleranceSeconds?: number;
  /** Longest lifetime a token may have, `exp` − `iat` (or − now without `iat`), in seconds (default 12 h). */
  maxLifetimeSeconds?: number;
}

export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;

/** A token valid for longer than the platform allows is refused even if its signature is good (a leaked one stays usable for too long). */
export function checkTokenLifetime(
  claims: JWTPayload,
  maxSeconds: number,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceSeconds = 5,
): void {
  if (typeof claims.exp !== 'number') return; // jose requires exp; nothing to measure
  const from = typeof claims.iat === 'number' ? claims.iat : nowSeconds;
  if (typeof claims.iat === 'number' && claims.iat > nowSeconds + toleranceSeconds)
    throw new TokenRejected('token_invalid', 'issued in the future');
  if (claims.exp - from > maxSeconds + toleranceSeconds)
    throw new TokenRejected('token_lifetime', `valid for ${claims.exp - from} s, more than ${maxSeconds} s`);
}

/** Verifies a bearer token and returns who the caller is; rejects with TokenRejected or IssuerUnavailable. */
export type TokenVerifier = (token: string | undefined) => Promise<Principal>;

export const TOKEN_ALGORITHMS = ['RS256', 'ES256'];

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive), else undefined. */
export function extractBearerToken(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(value ?? '');
  return m ? m[1] : undefined;
}

/**
 * Map verified claims to a principal: `sub`, optional `name`, `role` (one of ROLES) and
 * `jurisdiction` (a division code, or `dept:<department>[@<division code>]`). The role must fit the
 * jurisdiction (village cadre ↔ village code, department officer ↔ dept:…). Anything else is token_invalid.
 */
export function principalFromClaims(claims: JWTPayload): Principal {
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new TokenRejected('token_invalid', 'no subject');
  const role = claims['role'];
  if (!isRole(role)) throw new TokenRejected('token_invalid', `unknown role ${String(role)}`);
  const jurisdiction = parseJurisdiction(claims['jurisdiction']);
  if (!jurisdiction)
    throw new TokenRejected('token_invalid', `malformed jurisdiction ${String(claims['jurisdiction'])}`);
  const mismatch = roleJurisdictionMismatch(role, jurisdiction);
  if (mismatch) throw new TokenRejected('token_invalid', mismatch);
  const name = typeof claims['name'] === 'string' && claims['name'] !== '' ? claims['name'] : undefined;
  return { subject: claims.sub, role, jurisdiction, ...(name !== undefined ? { name } : {}) };
}

/**
 * Bearer JWT (RS256/ES256) verified against the issuer's JWKS (OIDC-compatible): signature, `iss`,
 * `aud`, `exp` (required), `nbf` and the token's lifetime (at most `maxLifetimeSeconds`). jose is loaded on first use, so importing this module is free.
 */
export function createTokenVerifier(settings: VerifierSettings): TokenVerifier {
  let keys: Promise<JWTVerifyGetKey> | undefined;
  const keySet = (): Promise<JWTVerifyGetKey> =>
    (keys ??= import('jose').then(({ createRemoteJWKSet, errors }) => {
      const remote = createRemoteJWKSet(new URL(settings.jwksUrl));
      return async (header, token) => {
        try {
          return await remote(header, token);
        } catch (e) {
          // no key for this kid → the token's fault; fetch failures and bad key sets → the issuer's
          if (e instanceof errors.JWKSNoMatchingKey || e instanceof errors.JWKSMultipleMatchingKeys) throw e;
          if (
            e instanceof errors.JWKSTimeout ||
            e instanceof errors.JWKSInvalid ||
            !(e instanceof errors.JOSEError) ||
            e.code === 'ERR_JOSE_GENERIC'
          ) {
            throw new IssuerUnavailable(`${settings.jwksUrl}: ${(e as Error).message}`, { cause: e });
          }
          throw e;
        }
      };
    }));

  return async (token) => {
    if (!token) throw new TokenRejected('token_missing', 'no bearer token');
    const { jwtVerify, errors } = await import('jose');
    const getKey = await keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, getKey, {
        issuer: settings.issuer,
        audience: settings.audience,
        algorithms: TOKEN_ALGORITHMS,
        requiredClaims: ['exp', 'sub'],
        clockTolerance: settings.clockToleranceSeconds ?? 5,
      }));
    } catch (e) {
      if (e instanceof IssuerUnavailable) throw e;
      if (e instanceof errors.JWTExpired) throw new TokenRejected('token_expired', e.message);
      throw new TokenRejected('token_invalid', e instanceof Error ? e.message : String(e));
    }
    checkTokenLifetime(
      payload,
      settings.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
      undefined,
      settings.clockToleranceSeconds ?? 5,
    );
    return principalFromClaims(payload);
  };
}
