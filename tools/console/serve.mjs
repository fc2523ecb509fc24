// The operator console's server: the built static files of apps/console (dist/apps/console) and, on the same origin,
//   /api/<service>/…  → that service (identification, relocation, industry, medical-aid, notice)
//   /auth/…           → the dev token issuer (dev sign-in only: GET /auth/dev/users, POST /auth/dev/token)
//   /console-config.json → what the browser needs to know at run time ({ signIn: 'dev' | 'oidc' })
// Plain node:http, no dependencies. `npm start` runs it in-process (tools/stack/dev.mjs); on its own:
//   node tools/console/serve.mjs       with a stack's env (source .stack/dev/env.sh)
// Environment: CONSOLE_PORT (default 4200; 4240 when STACK_PROFILE=test), CONSOLE_HOST (default 127.0.0.1),
// <SERVICE>_PORT or <SERVICE>_URL for each service (as tools/stack/layout.mjs sets them), AUTH_ISSUER,
// CONSOLE_SIGN_IN=dev|oidc (default dev when STACK_PROFILE is set, i.e. on a local stack; otherwise oidc).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { consoleDist } from './build.mjs';

/** Path segment under /api → the environment prefix of the service's port/URL. */
export const SERVICE_ROUTES = {
  identification: 'IDENTIFICATION',
  relocation: 'RELOCATION',
  industry: 'INDUSTRY',
  'medical-aid': 'MEDICAL_AID',
  notice: 'NOTICE',
};

const DEFAULT_PORTS = { dev: 4200, test: 4240 };
const UPSTREAM_TIMEOUT_MS = 5 * 60_000; // imports of large workbooks take a while
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
]);
const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const SECURITY_HEADERS = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

/** Where each service and the issuer are, from a stack's environment (tools/stack/layout.mjs stackEnv). */
export function consoleTargets(env = process.env) {
  const services = {};
  for (const [route, key] of Object.entries(SERVICE_ROUTES)) {
    const url = env[`${key}_URL`] || (env[`${key}_PORT`] ? `http://127.0.0.1:${env[`${key}_PORT`]}` : undefined);
    if (url) services[route] = url.replace(/\/+$/, '');
  }
  return { services, issuer: env.AUTH_ISSUER ? env.AUTH_ISSUER.replace(/\/+$/, '') : undefined };
}

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

const refusal = (code, zh, en) => ({ error: { code, message: { 'zh-CN': zh, en } } });

function proxy(req, res, target) {
  const url = new URL(target);
  const headers = {};
  for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name)) headers[name] = value;
  const peer = req.socket.remoteAddress ?? 'unknown';
  headers['x-forwarded-for'] = req.headers['x-forwarded-for'] ? `${req.headers['x-forwarded-for']}, ${peer}` : peer;
  headers['x-forwarded-proto'] = 'http';
  if (req.headers.host) headers['x-forwarded-host'] = req.headers.host;
  const upstream = http.request(
    { hostname: url.hostname, port: url.port, path: `${url.pathname}${url.search}`, method: req.method, headers },
    (up) => {
      const out = {};
      for (const [name, value] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(name)) out[name] = value;
      res.writeHead(up.statusCode ?? 502, out);
      up.pipe(res);
    },
  );
  upstream.setTimeout(UPSTREAM_TIMEOUT_MS, () => upstream.destroy(new Error('timeout')));
  upstream.on('error', () => {
    if (res.headersSent) return res.destroy();
    sendJson(
      res,
      502,
      refusal(
        'console.upstream_unavailable',
        '服务暂时无法连接，请稍后再试',
        'The service cannot be reached right now',
      ),
    );
  });
  req.pipe(upstream);
}

function serveStatic(req, res, distDir) {
  if (req.method !== 'GET' && req.method !== 'HEAD')
    return sendJson(res, 405, refusal('console.method', '不支持的请求方法', 'method not allowed'));
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) {
    res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
    return res.end('The console is not built: node tools/console/build.mjs\n');
  }
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  } catch {
    return sendJson(res, 400, refusal('console.bad_path', '路径无效', 'invalid path'));
  }
  const file = path.resolve(distDir, `.${pathname}`);
  const inside = file === distDir || file.startsWith(`${distDir}${path.sep}`);
  const stat = inside ? fs.statSync(file, { throwIfNoEntry: false }) : undefined;
  let chosen;
  if (stat?.isFile()) chosen = file;
  else if (!path.extname(pathname) && !pathname.startsWith('/assets/'))
    chosen = index; // a route of the app
  else return sendJson(res, 404, refusal('console.not_found', '找不到该文件', 'not found'));
  const immutable = chosen.startsWith(path.join(distDir, 'assets') + path.sep);
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(chosen)] ?? 'application/octet-stream',
    'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  if (req.method === 'HEAD') return res.end();
  fs.createReadStream(chosen).pipe(res);
}

/**
 * Start the console server. `services` maps the /api segment to a base URL ({ notice: 'http://127.0.0.1:3005' }),
 * `issuer` is the dev issuer's URL; `signIn` 'dev' proxies /auth/… to it, 'oidc' does not.
 */
export async function startConsoleServer({
  port,
  host = '127.0.0.1',
  distDir = consoleDist,
  services,
  issuer,
  signIn = 'oidc',
  temporalUi = temporalUiOf(),
}) {
  const root = path.resolve(distDir);
  const server = http.createServer((req, res) => {
    const { pathname, search } = new URL(req.url ?? '/', 'http://localhost');
    const api = /^\/api\/([a-z-]+)(\/.*)?$/.exec(pathname);
    if (api) {
      const base = services[api[1]];
      if (!base)
        return sendJson(
          res,
          404,
          refusal('console.unknown_service', `没有名为 ${api[1]} 的服务`, `no service named ${api[1]}`),
        );
      return proxy(req, res, `${base}${api[2] ?? '/'}${search}`);
    }
    if (pathname === '/auth' || pathname.startsWith('/auth/')) {
      if (signIn !== 'dev' || !issuer)
        return sendJson(res, 404, refusal('console.no_dev_sign_in', '此环境不提供开发登录', 'no dev sign-in here'));
      return proxy(req, res, `${issuer}${pathname.slice('/auth'.length) || '/'}${search}`);
    }
    if (pathname === '/console-config.json')
      return sendJson(res, 200, { signIn, ...(temporalUi ? { temporalUi } : {}) });
    return serveStatic(req, res, root);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actual = server.address().port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The port from CONSOLE_PORT, else the profile's default (dev 4200, test 4240). */
export function consolePort(env = process.env, fallback = DEFAULT_PORTS[env.STACK_PROFILE] ?? DEFAULT_PORTS.dev) {
  if (env.CONSOLE_PORT === undefined || env.CONSOLE_PORT === '') return fallback;
  const port = Number(env.CONSOLE_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`CONSOLE_PORT must be a port number, got "${env.CONSOLE_PORT}"`);
  return port;
}

/** Where operators open a run: TEMPORAL_UI_URL (and TEMPORAL_NAMESPACE, default `default`), or none. */
export function temporalUiOf(env = process.env) {
  const url = env.TEMPORAL_UI_URL;
  if (!url) return undefined;
  if (!/^https?:\/\//.test(url)) throw new Error(`TEMPORAL_UI_URL must be an http(s) URL, got "${url}"`);
  return { url, namespace: env.TEMPORAL_NAMESPACE || 'default' };
}

export function signInMode(env = process.env) {
  const mode = env.CONSOLE_SIGN_IN || (env.STACK_PROFILE ? 'dev' : 'oidc');
  if (mode !== 'dev' && mode !== 'oidc') throw new Error(`CONSOLE_SIGN_IN must be dev or oidc, got "${mode}"`);
  return mode;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { services, issuer } = consoleTargets();
    const server = await startConsoleServer({
      port: consolePort(),
      host: process.env.CONSOLE_HOST || '127.0.0.1',
      services,
      issuer,
      signIn: signInMode(),
    });
    console.log(
      JSON.stringify({
        level: 'info',
        msg: 'console listening',
        url: server.url,
        services: Object.keys(services),
        issuer,
      }),
    );
    const stop = () => server.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    console.error(`console: ${e.message}`);
    process.exit(1);
  }
}
