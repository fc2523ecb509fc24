import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { JWK } from 'jose';

/**
 * Local OIDC-compatible token issuer for the local stack and tests — never for production.
 * An RS256 key pair persisted as JWK JSON; the public half is served at
 * /.well-known/jwks.json with discovery at /.well-known/openid-configuration.
 * jose is loaded on first use, so importing this module is free.
 */

export const DEFAULT_AUDIENCE = 'fupin-platform';
const DEFAULT_TTL = '8h';

/** The key file's content. */
export interface DevKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

/** Claims of a dev token; `role` and `jurisdiction` are not checked here (tests mint bad ones on purpose). */
export interface DevTokenClaims {
  subject: string;
  role: string;
  /** A division code (430523) or dept:<department>[@<division code>]. */
  jurisdiction: string;
  name?: string;
}

export interface DevMintOptions {
  /** '8h', '15m', '30s', '2d' or seconds; negative values mint an already-expired token (tests). Default 8h. */
  expiresIn?: string | number;
  /** Default: the issuer's audience, else fupin-platform. */
  audience?: string;
}

export interface MintTokenOptions extends DevTokenClaims, DevMintOptions {
  keyFile: string;
  issuer: string;
}

export interface DevIssuerOptions {
  /** 0 picks a free port; read the result from `port`/`issuer`. */
  port: number;
  host?: string;
  keyFile: string;
  audience?: string;
  /** Override the advertised issuer URL (default http://127.0.0.1:<port>, or http://<host>:<port> for a specific host). */
  issuer?: string;
}

export interface DevIssuer {
  issuer: string;
  jwksUrl: string;
  port: number;
  mint(claims: DevTokenClaims, options?: DevMintOptions): Promise<string>;
  close(): Promise<void>;
}

/** Seconds of a duration: 90, '90', '90s', '15m', '8h', '2d'; a leading '-' gives a negative value. */
export function parseDuration(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isInteger(input)) throw new Error(`duration must be whole seconds, got ${input}`);
    return input;
  }
  const m = /^(-?)(\d+)\s*(s|m|h|d)?$/.exec(input.trim());
  if (!m) throw new Error(`invalid duration "${input}" (use e.g. 30s, 15m, 8h, 2d)`);
  const unit = { s: 1, m: 60, h: 3600, d: 86400 }[(m[3] ?? 's') as 's' | 'm' | 'h' | 'd'];
  return (m[1] === '-' ? -1 : 1) * Number(m[2]) * unit;
}

function readKeyFile(keyFile: string): DevKey {
  const parsed = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as Partial<DevKey>;
  if (
    typeof parsed.kid !== 'string' ||
    parsed.privateJwk?.kty !== 'RSA' ||
    typeof parsed.privateJwk.d !== 'string' ||
    parsed.publicJwk?.kty !== 'RSA'
  ) {
    throw new Error(`${keyFile} is not a dev issuer key file ({ kid, privateJwk, publicJwk } with an RSA key)`);
  }
  return parsed as DevKey;
}

/** Load the key file, or create it (0600) with a new RS256 key. Safe if several processes race to create it. */
export async function loadOrCreateKey(keyFile: string): Promise<DevKey> {
  if (fs.existsSync(keyFile)) return readKeyFile(keyFile);
  const { generateKeyPair, exportJWK, calculateJwkThumbprint } = await import('jose');
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  const key: DevKey = {
    kid,
    privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' },
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
  };
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  const temp = `${keyFile}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, JSON.stringify(key, null, 2), { mode: 0o600 });
  try {
    fs.linkSync(temp, keyFile); // fails if another process created it meanwhile: theirs wins
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    fs.rmSync(temp, { force: true });
  }
  return readKeyFile(keyFile);
}

async function sign(key: DevKey, issuer: string, claims: DevTokenClaims, options: DevMintOptions): Promise<string> {
  const { SignJWT, importJWK } = await import('jose');
  const privateKey = await importJWK(key.privateJwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const exp = now + parseDuration(options.expiresIn ?? DEFAULT_TTL);
  return new SignJWT({
    role: claims.role,
    jurisdiction: claims.jurisdiction,
    ...(claims.name ? { name: claims.name } : {}),
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setAudience(options.audience ?? DEFAULT_AUDIENCE)
    .setSubject(claims.subject)
    .setIssuedAt(Math.min(now, exp - 60))
    .setExpirationTime(exp)
    .sign(privateKey);
}

/** Sign a token with the dev key file, without a running issuer (the CLI and tests). */
export async function mintToken(options: MintTokenOptions): Promise<string> {
  const { keyFile, issuer, expiresIn, audience, ...claims } = options;
  return sign(await loadOrCreateKey(keyFile), issuer, claims, { expiresIn, audience });
}

function advertisedHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** Serve discovery and JWKS over node:http. Port 0 picks a free port. */
export async function startDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const key = await loadOrCreateKey(options.keyFile);
  const host = options.host ?? '127.0.0.1';
  let issuer = '';
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=60' });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: 'method not allowed' });
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    switch (pathname) {
      case '/.well-known/jwks.json':
        return send(200, { keys: [key.publicJwk] });
      case '/.well-known/openid-configuration':
        return send(200, {
          issuer,
          jwks_uri: `${issuer}/.well-known/jwks.json`,
          id_token_signing_alg_values_supported: ['RS256'],
          subject_types_supported: ['public'],
          response_types_supported: ['id_token'],
        });
      case '/health/live':
        return send(200, { status: 'up' });
      default:
        return send(404, { error: 'not found' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  issuer = options.issuer ?? `http://${advertisedHost(host)}:${port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    port,
    mint: (claims, mintOptions = {}) =>
      sign(key, issuer, claims, { ...mintOptions, audience: mintOptions.audience ?? options.audience }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
