import http from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { type Logger, type ServiceMetrics, requestIdFrom } from '@fupin/observability';

/** The OpenAPI UI loads its own scripts and styles from this service only; nothing may frame any page. */
const DOCS_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Headers on every response: no MIME sniffing, no referrer, no framing, a content security policy (the
 * API's answers are data, /docs a page of the service's own assets), and `Cache-Control: no-store` —
 * the answers carry personal data (names, ID numbers, incomes) that no proxy or browser cache may keep.
 */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  // first of all, so that even a body the JSON parser refuses is answered with its request id
  res.setHeader('X-Request-Id', requestIdFrom(req.headers['x-request-id']));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Content-Security-Policy', req.path === '/docs' || req.path.startsWith('/docs/') ? DOCS_CSP : API_CSP);
  res.setHeader('Cache-Control', 'no-store');
  next();
}

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * Prometheus metrics on their own port (`<PREFIX>_METRICS_PORT`), never on the API port: what the
 * service counts (routes, volumes, errors) is for ops' scraper inside the cluster, not for the public.
 */
export function startMetricsServer(
  metrics: ServiceMetrics,
  host: string,
  port: number,
  logger: Logger,
): Promise<MetricsServer> {
  const server = http.createServer((req, res) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('only GET /metrics is served here\n');
      return;
    }
    metrics.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'Content-Type': contentType }).end(body),
      (e: Error) => {
        logger.error({ err: e.message }, 'metrics rendering failed');
        res.writeHead(500).end();
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address() as { port: number };
      logger.info({ metrics: `http://${host}:${address.port}/metrics` }, 'metrics listening');
      resolve({ port: address.port, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
