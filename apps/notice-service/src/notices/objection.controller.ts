import { Controller, Get, Headers, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@fupin/auth';
import { normalizeReceiptCode } from '@fupin/notice-rules';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime, ZodBody, requireIdempotencyKey } from '@fupin/service-kit';
import type { NoticeConfig } from '../config';
import { clientAddress, clientKey } from './client-address';
import { type ObjectionBody, objectionBody, parseNoticeId } from './notice.schema';
import { fileObjection, objectionByReceipt, replayedObjection, takeObjectionAttempt } from './objection.repository';

@ApiTags('objections 异议')
@Controller()
export class ObjectionController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<NoticeConfig>) {}

  @Post('notices/:id/objections')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'File an objection (异议/举报) against an open notice, without a token. Stored before the answer; 202 with a receipt code to look up the outcome. ' +
      'Rate-limited per client (429 with Retry-After); 409 when the notice is closed or not yet open.',
  })
  @ApiParam({ name: 'id', description: 'notice id (uuid)' })
  @ApiResponse({
    status: 429,
    description: 'Too many objections from this client; wait the Retry-After seconds (提交过于频繁)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'optional; the same key (from the same client) returns the same receipt',
  })
  async file(
    @Param('id') id: string,
    @ZodBody(objectionBody) input: ObjectionBody,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { config, db } = this.runtime;
    const key = idempotencyHeader === undefined ? undefined : requireIdempotencyKey(idempotencyHeader);
    const client = clientKey(
      clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], config.trustedProxyHops),
    );
    const noticeId = parseNoticeId(id);
    if (key) {
      // a retry of a request that already succeeded gets its receipt again, without counting against the limit
      const replay = await replayedObjection(db, client, key, { noticeId, body: input });
      if (replay) {
        res.setHeader('Idempotent-Replayed', 'true');
        return replay;
      }
    }
    const verdict = await takeObjectionAttempt(db, client, config.objectionRateLimit);
    res.setHeader('RateLimit-Limit', String(config.objectionRateLimit.limit));
    res.setHeader('RateLimit-Remaining', String(verdict.remaining));
    if (!verdict.allowed) {
      res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
      throw new DomainError(
        429,
        'objection.rate_limited',
        {
          'zh-CN': `提交异议过于频繁，请在 ${verdict.retryAfterSeconds} 秒后再试`,
          en: `Too many objections from this client; try again in ${verdict.retryAfterSeconds} s`,
        },
        undefined,
        { retryAfterSeconds: verdict.retryAfterSeconds },
      );
    }
    const filed = await fileObjection(db, noticeId, input, client, key);
    if (filed.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return filed.body;
  }

  @Get('objections/:receiptCode')
  @Public()
  @ApiOperation({
    summary:
      'Look up an objection by its receipt code (no token): pending, upheld or dismissed, with the answer and when; never the contact',
  })
  @ApiParam({
    name: 'receiptCode',
    description: '12 characters, e.g. 7K3M9Q2XH4TB (hyphens, lower case, O/I/L accepted)',
  })
  async byReceipt(@Param('receiptCode') receiptCode: string) {
    const code = normalizeReceiptCode(receiptCode);
    if (!code) {
      throw new DomainError(
        400,
        'request.invalid_field',
        {
          'zh-CN': '字段 receiptCode 无效：回执码为 12 位字母数字',
          en: 'Field receiptCode is invalid: a receipt code has 12 letters and digits',
        },
        'receiptCode',
      );
    }
    const found = await objectionByReceipt(this.runtime.db, code, this.runtime.config.displayTimeZone);
    if (!found)
      throw new DomainError(
        404,
        'objection.not_found',
        { 'zh-CN': '未找到该回执码对应的异议', en: 'No objection has this receipt code' },
        'receiptCode',
      );
    return found;
  }
}
