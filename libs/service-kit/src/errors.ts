import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@fupin/observability';
import { currentRequestContext } from '@fupin/observability';
import { IdempotencyConflict } from '@fupin/persistence';
import type { LocalizedMessage } from '@fupin/localized';

export type { LocalizedMessage };

/** A refusal in the user's terms: machine code, the field concerned, and a message in Chinese and English. */
export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly text: LocalizedMessage,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(text.en);
    this.name = 'DomainError';
  }
}

export interface ErrorBody {
  error: { code: string; field?: string; message: LocalizedMessage; details?: unknown; requestId?: string };
}

const byStatus: Record<number, { code: string; text: LocalizedMessage }> = {
  400: { code: 'request.invalid', text: { 'zh-CN': '请求无效', en: 'The request is invalid' } },
  401: { code: 'auth.unauthenticated', text: { 'zh-CN': '未登录或令牌无效', en: 'Not authenticated' } },
  403: { code: 'auth.forbidden', text: { 'zh-CN': '无权执行此操作', en: 'You may not do this' } },
  404: { code: 'not_found', text: { 'zh-CN': '未找到', en: 'Not found' } },
  409: { code: 'conflict', text: { 'zh-CN': '与现有数据冲突', en: 'Conflicts with existing data' } },
  413: { code: 'request.too_large', text: { 'zh-CN': '请求内容过大', en: 'The request body is too large' } },
  415: {
    code: 'request.unsupported_media_type',
    text: { 'zh-CN': '请求内容类型必须为 application/json', en: 'Content-Type must be application/json' },
  },
  429: {
    code: 'request.rate_limited',
    text: { 'zh-CN': '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  },
};

function isLocalized(m: unknown): m is LocalizedMessage {
  return (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as LocalizedMessage).en === 'string' &&
    typeof (m as LocalizedMessage)['zh-CN'] === 'string'
  );
}

/** Prisma 7's driver adapter (pg) reports PostgreSQL's own error under `meta.driverAdapterError.cause`. */
interface PrismaDriverAdapterMeta {
  driverAdapterError?: { cause?: { originalCode?: unknown } };
}

const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/**
 * The SQLSTATE of a PostgreSQL data exception (class 22: a NUL byte, a value out of range, a bad date, an id that
 * is no uuid …) behind an error from pg or Prisma, else null. Such an error is the input's fault: 400, never 500.
 * pg gives it as the error's `code`; Prisma through the pg driver adapter as `meta.driverAdapterError.cause
 * .originalCode` (model calls: P2007, P2000 …; raw queries: P2010, which also has it in the message).
 */
export function databaseDataError(exception: unknown): string | null {
  for (
    let e = exception, depth = 0;
    e && typeof e === 'object' && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, message, meta } = e as { code?: unknown; message?: unknown; meta?: PrismaDriverAdapterMeta };
    if (typeof code === 'string' && DATA_EXCEPTION.test(code)) return code;
    const original = meta?.driverAdapterError?.cause?.originalCode;
    if (typeof original === 'string' && DATA_EXCEPTION.test(original)) return original;
    // a raw query's error without the adapter's meta carries the SQLSTATE only in the message
    const inMessage = code === 'P2010' && typeof message === 'string' ? /Code: `(22[0-9A-Z]{3})`/.exec(message) : null;
    if (inMessage) return inMessage[1];
  }
  return null;
}

/** RFC 6750: a 401 says which scheme to use and, for a token that was sent, that it is not valid. */
export function wwwAuthenticate(code: string): string {
  return code === 'auth.token_missing'
    ? 'Bearer realm="fupin-platform"'
    : 'Bearer realm="fupin-platform", error="invalid_token"';
}

/** Map anything thrown to the platform's error shape. 5xx never carries internals. */
export function toErrorResponse(exception: unknown): { status: number; body: ErrorBody; internal: boolean } {
  const requestId = currentRequestContext()?.requestId;
  if (exception instanceof DomainError) {
    return {
      status: exception.status,
      internal: false,
      body: {
        error: {
          code: exception.code,
          field: exception.field,
          message: exception.text,
          details: exception.details,
          requestId,
        },
      },
    };
  }
  if (exception instanceof IdempotencyConflict) {
    return {
      status: 409,
      internal: false,
      body: {
        error: {
          code: 'idempotency.key_reused',
          field: 'Idempotency-Key',
          message: { 'zh-CN': '该幂等键已用于另一个不同的请求', en: exception.message },
          requestId,
        },
      },
    };
  }
  // body-parser errors (oversized payload, malformed JSON) carry a status and a type
  const bodyParser = exception as { type?: string; status?: number };
  if (bodyParser && typeof bodyParser.type === 'string' && typeof bodyParser.status === 'number') {
    if (bodyParser.type === 'entity.too.large')
      return {
        status: 413,
        internal: false,
        body: { error: { ...byStatus[413], message: byStatus[413].text, requestId } },
      };
    if (bodyParser.type === 'entity.parse.failed') {
      return {
        status: 400,
        internal: false,
        body: {
          error: {
            code: 'request.malformed_json',
            message: { 'zh-CN': '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
            requestId,
          },
        },
      };
    }
  }
  const sqlState = databaseDataError(exception);
  if (sqlState) {
    return {
      status: 400,
      internal: false,
      body: {
        error: {
          code: 'request.invalid_data',
          message: {
            'zh-CN': `提交的数据无法保存（数据库拒绝：${sqlState}），请检查输入`,
            en: `The data cannot be stored (the database refused it: ${sqlState}); check the input`,
          },
          requestId,
        },
      },
    };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    if (
      status < 500 &&
      typeof response === 'object' &&
      response !== null &&
      typeof (response as { code?: unknown }).code === 'string' &&
      isLocalized((response as { message?: unknown }).message)
    ) {
      const r = response as { code: string; message: LocalizedMessage; field?: string };
      return {
        status,
        internal: false,
        body: { error: { code: r.code, field: r.field, message: r.message, requestId } },
      };
    }
    if (status < 500) {
      const base = byStatus[status] ?? {
        code: `http.${status}`,
        text: { 'zh-CN': '请求被拒绝', en: exception.message },
      };
      // bad body-parser errors arrive wrapped as HttpException in some paths
      const causeType = (exception.cause as { type?: string } | undefined)?.type;
      if (causeType === 'entity.too.large')
        return {
          status: 413,
          internal: false,
          body: { error: { ...byStatus[413], message: byStatus[413].text, requestId } },
        };
      return { status, internal: false, body: { error: { code: base.code, message: base.text, requestId } } };
    }
  }
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    internal: true,
    body: {
      error: {
        code: 'internal',
        message: {
          'zh-CN': '服务内部错误，请联系运维并提供请求编号',
          en: 'Internal error; contact ops with the request id',
        },
        requestId,
      },
    },
  };
}

@Catch()
export class PlatformExceptionFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    const req = http.getRequest<Request>();
    const { status, body, internal } = toErrorResponse(exception);
    if (internal) this.logger.error({ err: exception, method: req.method, url: req.originalUrl }, 'request failed');
    else
      this.logger.info({ status, code: body.error.code, method: req.method, url: req.originalUrl }, 'request refused');
    if (res.headersSent) return;
    // a body the JSON parser refused never reached the request context: its id is in the header already
    body.error.requestId ??= res.getHeader('X-Request-Id')?.toString();
    if (status === 401) res.setHeader('WWW-Authenticate', wwwAuthenticate(body.error.code));
    res.status(status).json(body);
  }
}
