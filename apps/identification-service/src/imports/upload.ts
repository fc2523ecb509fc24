import { createHash } from 'node:crypto';
import type { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { requestIdFrom, runWithRequestContext } from '@fupin/observability';
import { DomainError, allowRawUpload, toErrorResponse } from '@fupin/service-kit';
import { type UploadFormat, sniffFormat } from './tabular';

/**
 * File uploads (CSV/XLSX as the raw request body) next to a platform that takes JSON only.
 *
 * The service kit answers 415 to any write whose body is not JSON, except routes registered with
 * `allowRawUpload`. The upload gate below registers them and is installed on the Express instance when
 * the controller is constructed; for the upload routes only it refuses other media types (415, naming the
 * accepted ones) and a declared size over the limit (413). The body stream is left unread: the handler
 * reads it with `readUpload` after the auth guard has run, and answers 413 as soon as it passes the limit (a
 * chunked upload declares no size). Either way the client gets the answer before the connection is closed.
 */

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const UPLOAD_MEDIA_TYPES = [
  'text/csv',
  'application/csv',
  'text/plain',
  'application/vnd.ms-excel',
  XLSX_MEDIA_TYPE,
  'application/octet-stream',
] as const;
export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

export interface UploadRoute {
  method: 'POST';
  /** Matched against the path without query string. */
  path: RegExp;
}

type UploadRequest = Request & { uploadLength?: number };

/** Refuse before the platform middleware ran: same error shape and request id as every other refusal. */
function send(req: Request, res: Response, error: DomainError): void {
  const requestId = requestIdFrom(req.headers['x-request-id']);
  res.setHeader('X-Request-Id', requestId);
  const { status, body } = runWithRequestContext({ requestId }, () => toErrorResponse(error));
  res.status(status).json(body);
}

const installed = new WeakMap<object, UploadRoute[]>();

/** Install the gate once per Express instance; later calls add routes. */
export function installUploadGate(
  adapterHost: HttpAdapterHost,
  routes: UploadRoute[],
  limit = UPLOAD_LIMIT_BYTES,
): void {
  for (const r of routes) allowRawUpload(r); // the platform's JSON-only rule lets these through; this gate checks them
  const adapter = adapterHost.httpAdapter;
  if (!adapter) return;
  const instance = adapter.getInstance<{ use(fn: (req: Request, res: Response, next: NextFunction) => void): void }>();
  const existing = installed.get(instance);
  if (existing) {
    existing.push(...routes);
    return;
  }
  const all = [...routes];
  installed.set(instance, all);
  instance.use((req: Request, res: Response, next: NextFunction) => {
    if (!all.some((r) => r.method === req.method && r.path.test(req.path))) return next();
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!(UPLOAD_MEDIA_TYPES as readonly string[]).includes(type)) {
      return send(
        req,
        res,
        new DomainError(
          415,
          'upload.unsupported_media_type',
          {
            'zh-CN': `上传文件的内容类型须为 text/csv 或 ${XLSX_MEDIA_TYPE}（收到：${type || '无'}）`,
            en: `Upload the file as text/csv or ${XLSX_MEDIA_TYPE} (got ${type || 'none'})`,
          },
          'Content-Type',
        ),
      );
    }
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limit) {
      send(req, res, tooLarge(limit));
      return discardThenClose(req, 2 * limit); // as much as a chunked upload may send before it is refused, and as much again
    }
    const upload = req as UploadRequest;
    if (Number.isFinite(declared)) upload.uploadLength = declared;
    next();
  });
}

function tooLarge(limit: number): DomainError {
  const mb = Math.round(limit / 1024 / 1024);
  return new DomainError(413, 'request.too_large', {
    'zh-CN': `上传文件不能超过 ${mb} MB`,
    en: `The uploaded file must not exceed ${mb} MB`,
  });
}

export interface Upload {
  buffer: Buffer;
  sha256: string;
  format: UploadFormat;
}

/** After a refusal, how long the rest of the body is read and thrown away before the connection is cut. */
const DISCARD_MS = 30_000;

/**
 * A body refused before it was all read (over the limit): the answer goes out at once, but the connection is
 * closed only once the client has sent the rest — read here and thrown away — or more than `maxBytes`, or for
 * longer than DISCARD_MS. Closing a socket with unread data makes TCP reset the connection, and the client then
 * loses the answer: it sees a reset instead of the 413. (Not `Connection: close` on the answer: Node would close
 * the socket right after it, with the body still arriving — the same reset.)
 */
function discardThenClose(req: Request, maxBytes: number): void {
  const socket = req.socket;
  let discarded = 0;
  const cut = () => socket.destroy();
  const timer = setTimeout(cut, DISCARD_MS).unref();
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > maxBytes) cut();
  });
  req.once('close', () => clearTimeout(timer));
  req.once('end', () => {
    const res = req.res;
    if (!res || res.writableFinished) socket.end();
    else res.once('finish', () => socket.end());
  });
  req.resume();
}

/** The body, at most `limit` bytes; past it the 413 (up to `limit` more is discarded, then the connection closed). */
function readBody(req: Request, limit: number): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    if (req.destroyed) return reject(new Error('the upload was broken off before its end'));
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      stop();
      discardThenClose(req, limit);
      reject(tooLarge(limit));
    };
    const onEnd = () => {
      stop();
      resolve(chunks);
    };
    const onError = (e: Error) => {
      stop();
      reject(e);
    };
    const onClose = () => onError(new Error('the upload was broken off before its end'));
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.once('close', onClose);
  });
}

/** Read the request body (up to `limit` bytes) and hash it; refuses empty bodies and legacy .xls. */
export async function readUpload(req: Request, limit = UPLOAD_LIMIT_BYTES): Promise<Upload> {
  const hash = createHash('sha256');
  // already consumed by someone else (a JSON parser): there is nothing to read
  const chunks = req.readableEnded
    ? Buffer.isBuffer(req.body)
      ? [req.body as Buffer]
      : []
    : await readBody(req, limit);
  const buffer = Buffer.concat(chunks);
  if (buffer.length === 0) {
    throw new DomainError(
      400,
      'upload.empty',
      { 'zh-CN': '请求体为空：请上传 CSV 或 XLSX 文件', en: 'The request body is empty: upload a CSV or XLSX file' },
      '(body)',
    );
  }
  hash.update(buffer);
  const format = sniffFormat(buffer);
  if (format === 'xls') {
    throw new DomainError(
      415,
      'upload.legacy_xls',
      {
        'zh-CN': '不支持旧版 Excel（.xls）文件：请另存为 .xlsx 或 CSV（UTF-8）后上传',
        en: 'Legacy Excel (.xls) files are not supported: save as .xlsx or CSV (UTF-8) and upload again',
      },
      'Content-Type',
    );
  }
  return { buffer, sha256: hash.digest('hex'), format };
}

/** `?fileName=` as given (trimmed, at most 255 characters), else a name from the hash. */
export function uploadFileName(fileName: unknown, upload: Upload): string {
  const name = typeof fileName === 'string' ? fileName.trim().slice(0, 255) : '';
  return name !== '' ? name : `upload-${upload.sha256.slice(0, 12)}.${upload.format}`;
}
