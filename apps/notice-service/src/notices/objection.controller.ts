import { Controller, Get, Headers, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { type ObjectionBody, filedObjection, objectionBody, objectionLookup, parseNoticeId } from './notice.schema';
import { ObjectionService } from './objection.service';

@ApiTags('objections 异议')
@Controller()
export class ObjectionController {
  constructor(private readonly objections: ObjectionService) {}

  @Post('notices/:id/objections')
  @Public()
  @HttpCode(202)
  @ApiOperation({
    summary:
      'File an objection (异议/举报) against an open notice, without a token. Stored before the answer; 202 with a receipt code to look up the outcome. ' +
      'Rate-limited per client (429 with Retry-After); 409 when the notice is closed or not yet open.',
  })
  @ApiParam({ name: 'id', description: 'notice id (uuid)' })
  @ZodResponse(filedObjection, {
    status: 202,
    description:
      'Stored; the receipt code (a replay with the same Idempotency-Key: the same, Idempotent-Replayed: true)',
  })
  @ApiResponse({
    status: 429,
    description: 'Too many objections from this client; wait the Retry-After seconds (提交过于频繁)',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'optional; the same key (from the same client) returns the same receipt',
  })
  file(
    @Param('id') id: string,
    @ZodBody(objectionBody) input: ObjectionBody,
    @Headers('idempotency-key') idempotencyHeader: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const key = idempotencyHeader === undefined ? undefined : requireIdempotencyKey(idempotencyHeader);
    const client = this.objections.clientOf(req.socket.remoteAddress, req.headers['x-forwarded-for']);
    return this.objections.file(parseNoticeId(id), input, client, key, (name, value) => res.setHeader(name, value));
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
  @ZodResponse(objectionLookup, { description: 'The objection: status, and the answer once given' })
  byReceipt(@Param('receiptCode') receiptCode: string) {
    return this.objections.byReceipt(receiptCode);
  }
}
