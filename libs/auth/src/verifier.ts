import { createRemoteJWKSet, jwtVerify, errors, type JWTPayload } from 'jose';
import { type Principal, isRole, parseJurisdiction } from './roles';

export type TokenRejection = 'token_missing' | 'token_expired' | 'token_invalid';

export class TokenRejected extends Error {
  constructor(
    readonly reason: TokenRejection,
    detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = 'TokenRejected';
  }
}

export interface VerifierSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
}

export type TokenVerifier = (token: string | undefined) => Promise<Principal>;

export function principalFromClaims(claims: JWTPayload): Principal {
  const role = claims['role'];
  if (!isRole(role)) throw new TokenRejected('token_invalid', `unknown role ${String(role)}`);
  const jurisdiction = parseJurisdiction(claims['jurisdiction']);
  if (!jurisdiction) throw new TokenRejected('token_invalid', `malformed jurisdiction ${String(claims['jurisdiction'])}`);
  if (!claims.sub) throw new TokenRejected('token_invalid', 'no subject');
  if (role === 'department_officer' && jurisdiction.kind !== 'department') throw new TokenRejected('token_invalid', 'a department officer needs a dept: jurisdiction');
  const name = typeof claims['name'] === 'string' ? claims['name'] : undefined;
  return { subject: claims.sub, role, jurisdiction, ...(name ? { name } : {}) };
}

/** Bearer JWT (RS256/ES256) verified against the issuer's JWKS (OIDC-compatible). */
export function createTokenVerifier(settings: VerifierSettings): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(settings.jwksUrl), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 });
  return async (token) => {
    if (!token) throw new TokenRejected('token_missing', 'no bearer token');
    try {
      const { payload } = await jwtVerify(token, jwks, { issuer: settings.issuer, audience: settings.audience, algorithms: ['RS256', 'ES256'] });
      return principalFromClaims(payload);
    } catch (e) {
      if (e instanceof TokenRejected) throw e;
      if (e instanceof errors.JWTExpired) throw new TokenRejected('token_expired', e.message);
      throw new TokenRejected('token_invalid', (e as Error).message);
    }
  };
}
