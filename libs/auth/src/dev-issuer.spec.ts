// Real tokens against a real (local, ephemeral-port) dev issuer: no network beyond 127.0.0.1.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { SignJWT, importJWK } from 'jose';
import {
  DEV_USERS,
  type DevIssuer,
  type DevKey,
  type DevUser,
  loadOrCreateKey,
  mintToken,
  parseDuration,
  startDevIssuer,
} from './dev-issuer';
import { ROLES, isRole, parseJurisdiction, roleJurisdictionMismatch } from './roles';
import { IssuerUnavailable, TokenRejected, type TokenVerifier, createTokenVerifier } from './verifier';

const approver = { subject: 'u-approver', name: '张三', role: 'county_approver', jurisdiction: '430523' };

async function rejection(promise: Promise<unknown>): Promise<TokenRejected> {
  try {
    await promise;
  } catch (e) {
    if (e instanceof TokenRejected) return e;
    throw e;
  }
  throw new Error('expected the token to be rejected');
}
const reason = async (promise: Promise<unknown>): Promise<string> => (await rejection(promise)).reason;

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const decodePart = (part: string) =>
  JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('dev issuer and token verifier', () => {
  let dir: string;
  let keyFile: string;
  let issuer: DevIssuer;
  let verify: TokenVerifier;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fupin-auth-'));
    keyFile = path.join(dir, 'nested', 'dev-issuer-key.json');
    issuer = await startDevIssuer({ port: 0, keyFile });
    verify = createTokenVerifier({ issuer: issuer.issuer, audience: 'fupin-platform', jwksUrl: issuer.jwksUrl });
  });

  afterAll(async () => {
    await issuer.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('listens on the port the OS picked and advertises itself as http://127.0.0.1:<port>', () => {
    expect(issuer.port).toBeGreaterThan(0);
    expect(issuer.issuer).toBe(`http://127.0.0.1:${issuer.port}`);
    expect(issuer.jwksUrl).toBe(`${issuer.issuer}/.well-known/jwks.json`);
  });

  it('serves OIDC discovery and a JWKS holding only the public key', async () => {
    const discovery = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(discovery).toMatchObject({ issuer: issuer.issuer, jwks_uri: issuer.jwksUrl });
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(jwks.keys[0]).not.toHaveProperty(secret);
    expect((await fetch(`${issuer.issuer}/nothing`)).status).toBe(404);
    expect((await fetch(issuer.jwksUrl, { method: 'POST' })).status).toBe(405);
  });

  describe('dev sign-in for the console (GET /dev/users, POST /dev/token)', () => {
    const signIn = (body: unknown, init: RequestInit = {}) =>
      fetch(`${issuer.issuer}/dev/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
        ...init,
      });

    it('lists one user of the demo county per role, each with a valid role and jurisdiction and a bilingual label', async () => {
      const res = await fetch(`${issuer.issuer}/dev/users`);
      expect(res.status).toBe(200);
      const { users } = (await res.json()) as { users: DevUser[] };
      expect(users).toEqual(DEV_USERS);
      expect(new Set(users.map((u) => u.subject)).size).toBe(users.length);
      for (const role of ROLES.filter((r) => r !== 'ops')) expect(users.map((u) => u.role)).toContain(role);
      for (const u of users) {
        expect(isRole(u.role)).toBe(true);
        const j = parseJurisdiction(u.jurisdiction);
        expect(j).not.toBeNull();
        if (!isRole(u.role) || !j) continue;
        expect(roleJurisdictionMismatch(u.role, j)).toBeNull();
        expect(u.jurisdiction.replace(/^dept:[a-z_]+@/, '')).toMatch(/^430523/);
        expect(u.name).toMatch(/^\p{Script=Han}+$/u);
        expect(u.label['zh-CN']).toBeTruthy();
        expect(u.label.en).toBeTruthy();
      }
      const departments = users.filter((u) => u.role === 'department_officer').map((u) => u.jurisdiction);
      expect(departments).toEqual(
        expect.arrayContaining(['industry', 'relocation', 'medical_aid', 'finance'].map((d) => `dept:${d}@430523`)),
      );
    });

    it('mints an 8-hour token for a listed user that the services accept as that principal', async () => {
      const before = Math.floor(Date.now() / 1000);
      const res = await signIn({ subject: 'dev-township-reviewer' });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const body = (await res.json()) as { token: string; tokenType: string; expiresIn: number; user: DevUser };
      expect(body).toMatchObject({
        tokenType: 'Bearer',
        expiresIn: 8 * 3600,
        user: { subject: 'dev-township-reviewer' },
      });
      await expect(verify(body.token)).resolves.toEqual({
        subject: 'dev-township-reviewer',
        name: '王建军',
        role: 'township_reviewer',
        jurisdiction: { kind: 'division', code: '430523101' },
      });
      const claims = decodePart(body.token.split('.')[1]);
      expect(claims.exp).toBeGreaterThanOrEqual(before + 8 * 3600);
      expect(claims.exp).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 8 * 3600);
      expect(claims).not.toHaveProperty('label');
    });

    it('refuses an unknown user (404), a missing subject or a body that is not JSON (400), and other methods (405)', async () => {
      const unknown = await signIn({ subject: 'someone-else' });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({
        error: {
          code: 'dev.unknown_user',
          field: 'subject',
          message: { 'zh-CN': expect.any(String), en: expect.any(String) },
        },
      });
      const missing = await signIn({ role: 'county_approver', jurisdiction: '430523' });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toMatchObject({ error: { code: 'dev.subject_required', field: 'subject' } });
      expect((await signIn('{not json')).status).toBe(400);
      expect((await signIn({ subject: 'x'.repeat(5000) })).status).toBe(413);
      expect((await fetch(`${issuer.issuer}/dev/token`)).status).toBe(405);
      expect((await fetch(`${issuer.issuer}/dev/users`, { method: 'POST' })).status).toBe(405);
    });
  });

  it('persists the key pair as JWK JSON readable only by its owner', () => {
    const stored = JSON.parse(fs.readFileSync(keyFile, 'utf8')) as DevKey;
    expect(stored.privateJwk).toMatchObject({ kty: 'RSA', kid: stored.kid });
    expect(stored.publicJwk).toMatchObject({ kty: 'RSA', kid: stored.kid });
    expect(fs.statSync(keyFile).mode & 0o777).toBe(0o600);
  });

  it('accepts a valid token and maps its claims to a principal', async () => {
    const token = await issuer.mint(approver, { expiresIn: '1h' });
    await expect(verify(token)).resolves.toEqual({
      subject: 'u-approver',
      name: '张三',
      role: 'county_approver',
      jurisdiction: { kind: 'division', code: '430523' },
    });
    const officer = await issuer.mint({
      subject: 'd1',
      role: 'department_officer',
      jurisdiction: 'dept:medical_aid@430523',
    });
    await expect(verify(officer)).resolves.toMatchObject({
      jurisdiction: { kind: 'department', department: 'medical_aid', divisionCode: '430523' },
    });
  });

  it('accepts tokens minted from the key file without the server (CLI path)', async () => {
    const token = await mintToken({
      keyFile,
      issuer: issuer.issuer,
      subject: 'u2',
      role: 'village_cadre',
      jurisdiction: '430523101201',
      expiresIn: '15m',
    });
    await expect(verify(token)).resolves.toMatchObject({ subject: 'u2', role: 'village_cadre' });
  });

  it('keeps the key across restarts: tokens stay valid against a new issuer on the same key file', async () => {
    const again = await startDevIssuer({ port: 0, keyFile });
    try {
      const token = await again.mint(approver);
      const verifyAgain = createTokenVerifier({
        issuer: again.issuer,
        audience: 'fupin-platform',
        jwksUrl: again.jwksUrl,
      });
      await expect(verifyAgain(token)).resolves.toMatchObject({ subject: 'u-approver' });
      expect((await loadOrCreateKey(keyFile)).kid).toBe(JSON.parse(fs.readFileSync(keyFile, 'utf8')).kid);
    } finally {
      await again.close();
    }
  });

  it('rejects no token as token_missing', async () => {
    expect(await reason(verify(undefined))).toBe('token_missing');
    expect(await reason(verify(''))).toBe('token_missing');
  });

  it('rejects an expired token as token_expired', async () => {
    const token = await issuer.mint(approver, { expiresIn: -120 });
    expect(await reason(verify(token))).toBe('token_expired');
  });

  it('rejects a token signed by another key (forged) as token_invalid, even with the real kid', async () => {
    const forgedKeyFile = path.join(dir, 'forged-key.json');
    const forged = await loadOrCreateKey(forgedKeyFile);
    const otherKid = await mintToken({ ...approver, keyFile: forgedKeyFile, issuer: issuer.issuer });
    expect(await reason(verify(otherKid))).toBe('token_invalid');

    const realKid = JSON.parse(fs.readFileSync(keyFile, 'utf8')).kid as string;
    const signer = await importJWK(forged.privateJwk, 'RS256');
    const sameKid = await new SignJWT({ role: 'county_approver', jurisdiction: '430523' })
      .setProtectedHeader({ alg: 'RS256', kid: realKid })
      .setIssuer(issuer.issuer)
      .setAudience('fupin-platform')
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(signer);
    expect(await rejection(verify(sameKid))).toMatchObject({
      reason: 'token_invalid',
      detail: expect.stringMatching(/signature/),
    });
  });

  it('rejects a wrong audience or a wrong issuer as token_invalid', async () => {
    expect(await rejection(verify(await issuer.mint(approver, { audience: 'another-platform' })))).toMatchObject({
      reason: 'token_invalid',
      detail: expect.stringMatching(/"aud"/),
    });
    expect(
      await rejection(verify(await mintToken({ ...approver, keyFile, issuer: 'http://127.0.0.1:1' }))),
    ).toMatchObject({ reason: 'token_invalid', detail: expect.stringMatching(/"iss"/) });
  });

  it('rejects a tampered payload as token_invalid', async () => {
    const [header, payload, signature] = (
      await issuer.mint({ subject: 'u3', role: 'village_cadre', jurisdiction: '430523101201' })
    ).split('.');
    const raised = b64url({ ...decodePart(payload), role: 'county_approver', jurisdiction: '430523' });
    expect(await rejection(verify(`${header}.${raised}.${signature}`))).toMatchObject({
      reason: 'token_invalid',
      detail: expect.stringMatching(/signature/),
    });
  });

  it('rejects unsigned (alg none), HMAC-signed and garbage tokens as token_invalid', async () => {
    const claims = {
      sub: 'm',
      role: 'ops',
      jurisdiction: '430523',
      iss: issuer.issuer,
      aud: 'fupin-platform',
      exp: Math.floor(Date.now() / 1000) + 600,
    };
    expect(await reason(verify(`${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`))).toBe('token_invalid');
    const hmac = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('a shared secret of enough length!!'));
    expect(await reason(verify(hmac))).toBe('token_invalid');
    expect(await reason(verify('not-a-jwt'))).toBe('token_invalid');
  });

  it('rejects a correctly signed token without exp, or with claims outside the model, as token_invalid', async () => {
    const key = await loadOrCreateKey(keyFile);
    const signer = await importJWK(key.privateJwk, 'RS256');
    const noExp = await new SignJWT({ role: 'ops', jurisdiction: '430523' })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid })
      .setIssuer(issuer.issuer)
      .setAudience('fupin-platform')
      .setSubject('u4')
      .sign(signer);
    expect(await reason(verify(noExp))).toBe('token_invalid');
    expect(await reason(verify(await issuer.mint({ ...approver, role: 'governor' })))).toBe('token_invalid');
    expect(await reason(verify(await issuer.mint({ ...approver, jurisdiction: 'dept:police' })))).toBe('token_invalid');
  });

  it('reports an unreachable issuer as IssuerUnavailable, not as a bad token', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const verifyDown = createTokenVerifier({
      issuer: issuer.issuer,
      audience: 'fupin-platform',
      jwksUrl: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    });
    await expect(verifyDown(await issuer.mint(approver))).rejects.toBeInstanceOf(IssuerUnavailable);
  });
});

describe('parseDuration', () => {
  it.each([
    [90, 90],
    ['90', 90],
    ['30s', 30],
    ['15m', 900],
    ['8h', 28800],
    ['2d', 172800],
    ['-1h', -3600],
    [-60, -60],
  ])('%j → %d seconds', (input, seconds) => expect(parseDuration(input)).toBe(seconds));

  it.each(['', 'soon', '8 hours', '1.5h', '1w', 'h'])('refuses %j', (input) =>
    expect(() => parseDuration(input)).toThrow(/invalid duration/),
  );
  it('refuses fractional seconds', () => expect(() => parseDuration(1.5)).toThrow(/whole seconds/));
});
