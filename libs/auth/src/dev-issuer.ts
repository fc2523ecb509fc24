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

/** A user of the demo county that the console's dev sign-in offers (local stack only). */
export interface DevUser extends DevTokenClaims {
  name: string;
  /** What the user does, for the sign-in list. */
  label: { 'zh-CN': string; en: string };
}

/** The demo county of the local stack (430523) and one of its townships (430523101) and villages (430523101201). */
export const DEV_COUNTY = '430523';
export const DEV_TOWNSHIP = '430523101';
export const DEV_VILLAGE = '430523101201';

/** Who the dev issuer signs in (GET /dev/users, POST /dev/token): one user per role of SPEC §1, in the demo county. */
export const DEV_USERS: readonly DevUser[] = [
  {
    subject: 'dev-village-cadre',
    name: '李春梅',
    role: 'village_cadre',
    jurisdiction: DEV_VILLAGE,
    label: { 'zh-CN': '村两委干部', en: 'Village committee cadre' },
  },
  {
    subject: 'dev-township-reviewer',
    name: '王建军',
    role: 'township_reviewer',
    jurisdiction: DEV_TOWNSHIP,
    label: { 'zh-CN': '乡镇审核人', en: 'Township reviewer' },
  },
  {
    subject: 'dev-township-reviewer-2',
    name: '黄丽华',
    role: 'township_reviewer',
    jurisdiction: '430523102',
    label: { 'zh-CN': '乡镇审核人（另一乡镇）', en: 'Township reviewer (another township)' },
  },
  {
    subject: 'dev-county-approver',
    name: '张卫东',
    role: 'county_approver',
    jurisdiction: DEV_COUNTY,
    label: { 'zh-CN': '县扶贫办审批人', en: 'County approver (poverty alleviation office)' },
  },
  {
    subject: 'dev-industry-officer',
    name: '陈立新',
    role: 'department_officer',
    jurisdiction: `dept:industry@${DEV_COUNTY}`,
    label: { 'zh-CN': '产业扶贫（农业农村局）', en: 'Industry support officer (agriculture)' },
  },
  {
    subject: 'dev-relocation-officer',
    name: '刘志强',
    role: 'department_officer',
    jurisdiction: `dept:relocation@${DEV_COUNTY}`,
    label: { 'zh-CN': '易地扶贫搬迁（搬迁办）', en: 'Relocation officer' },
  },
  {
    subject: 'dev-medical-aid-officer',
    name: '赵雪梅',
    role: 'department_officer',
    jurisdiction: `dept:medical_aid@${DEV_COUNTY}`,
    label: { 'zh-CN': '医疗救助（医保局）', en: 'Medical aid officer (healthcare security)' },
  },
  {
    subject: 'dev-finance-officer',
    name: '孙国华',
    role: 'department_officer',
    jurisdiction: `dept:finance@${DEV_COUNTY}`,
    label: { 'zh-CN': '财政局', en: 'Finance officer' },
  },
  {
    subject: 'dev-bank',
    name: '周晓燕',
    role: 'bank',
    jurisdiction: DEV_COUNTY,
    label: { 'zh-CN': '合作银行（县支行）', en: 'Partner bank (county branch)' },
  },
  {
    subject: 'dev-auditor',
    name: '吴正清',
    role: 'auditor',
    jurisdiction: DEV_COUNTY,
    label: { 'zh-CN': '纪检/审计', en: 'Auditor' },
  },
  {
    subject: 'dev-workflow-operator',
    name: '郑海涛',
    role: 'workflow_operator',
    jurisdiction: DEV_COUNTY,
    label: { 'zh-CN': '流程运维', en: 'Workflow operator' },
  },
];

const MAX_SIGN_IN_BODY = 4096;

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_SIGN_IN_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_SIGN_IN_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const refusal = (code: string, zh: string, en: string, field?: string) => ({
  error: { code, ...(field ? { field } : {}), message: { 'zh-CN': zh, en } },
});

/** The subject of a POST /dev/token body ({ "subject": "dev-county-approver" }), or why not. */
function signInSubject(body: string | null): { subject: string } | { status: number; body: unknown } {
  if (body === null)
    return { status: 413, body: refusal('dev.body_too_large', '请求体过大', 'the request body is too large') };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { status: 400, body: refusal('dev.invalid_json', '请求体须为 JSON', 'the body must be JSON') };
  }
  const subject = (parsed as { subject?: unknown } | null)?.subject;
  if (typeof subject !== 'string' || subject === '')
    return {
      status: 400,
      body: refusal('dev.subject_required', '须指明用户（subject）', 'subject is required', 'subject'),
    };
  return { subject };
}

/**
 * Serve discovery and JWKS over node:http. Port 0 picks a free port. For the console's dev sign-in it also
 * lists DEV_USERS (GET /dev/users) and mints an 8-hour token for one of them (POST /dev/token { subject }):
 * the local stack only — in production the console signs in against the configured OIDC issuer.
 */
export async function startDevIssuer(options: DevIssuerOptions): Promise<DevIssuer> {
  const key = await loadOrCreateKey(options.keyFile);
  const host = options.host ?? '127.0.0.1';
  let issuer = '';
  const server = http.createServer((req, res) => {
    const send = (status: number, body: unknown, cache = 'max-age=60') => {
      res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': cache });
      res.end(req.method === 'HEAD' ? undefined : JSON.stringify(body));
    };
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (pathname === '/dev/token') {
      if (req.method !== 'POST') return send(405, { error: 'method not allowed' }, 'no-store');
      readBody(req)
        .then(async (raw) => {
          const wanted = signInSubject(raw);
          if ('status' in wanted) return send(wanted.status, wanted.body, 'no-store');
          const user = DEV_USERS.find((u) => u.subject === wanted.subject);
          if (!user)
            return send(
              404,
              refusal('dev.unknown_user', '没有这个开发用户', `no dev user "${wanted.subject}"`, 'subject'),
              'no-store',
            );
          const expiresIn = parseDuration(DEFAULT_TTL);
          const { subject, name, role, jurisdiction } = user;
          const token = await sign(
            key,
            issuer,
            { subject, name, role, jurisdiction },
            {
              expiresIn,
              audience: options.audience,
            },
          );
          send(200, { token, tokenType: 'Bearer', expiresIn, user }, 'no-store');
        })
        .catch(() => send(500, { error: 'internal error' }, 'no-store'));
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, { error: 'method not allowed' });
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
      case '/dev/users':
        return send(200, { users: DEV_USERS });
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
