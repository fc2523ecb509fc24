import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';

/**
 * Local OIDC-compatible issuer for the local stack and tests: an RS256 key persisted as JWK JSON,
 * served at /.well-known/openid-configuration and /.well-known/jwks.json. Never used in production.
 */
interface StoredKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: JWK;
}

export async function loadOrCreateKey(keyFile: string): Promise<StoredKey> {
  if (fs.existsSync(keyFile)) return JSON.parse(fs.readFileSync(keyFile, 'utf8')) as StoredKey;
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = `dev-${Date.now().toString(36)}`;
  const stored: StoredKey = { kid, privateJwk: { ...(await exportJWK(privateKey)), kid, alg: 'RS256' }, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
  fs.mkdirSync(path.dirname(keyFile), { recursive: true });
  fs.writeFileSync(keyFile, JSON.stringify(stored), { mode: 0o600 });
  return stored;
}

export interface MintOptions {
  keyFile: string;
  issuer: string;
  audience?: string;
  subject: string;
  role: string;
  jurisdiction: string;
  name?: string;
  /** e.g. '8h', '15m', or seconds; negative seconds mint an already-expired token (for tests). */
  expiresIn?: string | number;
}

export async function mintToken(o: MintOptions): Promise<string> {
  const key = await loadOrCreateKey(o.keyFile);
  const privateKey = await importJWK(key.privateJwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ role: o.role, jurisdiction: o.jurisdiction, ...(o.name ? { name: o.name } : {}) })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' })
    .setIssuer(o.issuer)
    .setAudience(o.audience ?? 'fupin-platform')
    .setSubject(o.subject)
    .setIssuedAt(now - (typeof o.expiresIn === 'number' && o.expiresIn < 0 ? 3600 : 0));
  jwt.setExpirationTime(typeof o.expiresIn === 'number' ? now + o.expiresIn : (o.expiresIn ?? '8h'));
  return jwt.sign(privateKey);
}

export interface DevIssuer {
  issuer: string;
  jwksUrl: string;
  port: number;
  mint(claims: Omit<MintOptions, 'keyFile' | 'issuer'>): Promise<string>;
  close(): Promise<void>;
}

export async function startDevIssuer(o: { port: number; host?: string; keyFile: string; audience?: string }): Promise<DevIssuer> {
  const key = await loadOrCreateKey(o.keyFile);
  const host = o.host ?? '127.0.0.1';
  let issuer = '';
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=60' });
      res.end(JSON.stringify(body));
    };
    if (req.url === '/.well-known/jwks.json') return send(200, { keys: [key.publicJwk] });
    if (req.url === '/.well-known/openid-configuration') {
      return send(200, { issuer, jwks_uri: `${issuer}/.well-known/jwks.json`, id_token_signing_alg_values_supported: ['RS256'], subject_types_supported: ['public'], response_types_supported: ['id_token'] });
    }
    if (req.url === '/health/live') return send(200, { status: 'up' });
    return send(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, host, () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  issuer = `http://${host}:${port}`;
  return {
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
    port,
    mint: (claims) => mintToken({ ...claims, keyFile: o.keyFile, issuer, audience: claims.audience ?? o.audience }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
