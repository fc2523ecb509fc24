import { Injectable } from '@nestjs/common';
import { normalizeReceiptCode } from '@fupin/notice-rules';
import { DomainError, InjectConfig } from '@fupin/service-kit';
import type { NoticeConfig } from '../config';
import { clientAddress, clientKey } from './client-address';
import type { FiledObjection, ObjectionBody } from './notice.schema';
import { ObjectionRepository } from './objection.repository';

/** Sets a response header (rate-limit state, replay marker) on the way, before an answer or a refusal. */
export type SetHeader = (name: string, value: string) => void;

/** 异议: filed by anyone (rate-limited per client, stored before the receipt), looked up by receipt code. */
@Injectable()
export class ObjectionService {
  constructor(
    private readonly objections: ObjectionRepository,
    @InjectConfig() private readonly config: NoticeConfig,
  ) {}

  /** What is kept of the client for rate limiting: a hash of its address (behind the trusted proxies). */
  clientOf(peer: string | undefined, forwardedFor: string | string[] | undefined): string {
    return clientKey(clientAddress(peer, forwardedFor, this.config.trustedProxyHops));
  }

  async file(
    noticeId: string,
    input: ObjectionBody,
    client: string,
    key: string | undefined,
    setHeader: SetHeader,
  ): Promise<FiledObjection> {
    if (key) {
      // a retry of a request that already succeeded gets its receipt again, without counting against the limit
      const replay = await this.objections.replayed(client, key, { noticeId, body: input });
      if (replay) {
        setHeader('Idempotent-Replayed', 'true');
        return replay;
      }
    }
    const rule = this.config.objectionRateLimit;
    const verdict = await this.objections.takeAttempt(client, rule);
    setHeader('RateLimit-Limit', String(rule.limit));
    setHeader('RateLimit-Remaining', String(verdict.remaining));
    if (!verdict.allowed) {
      setHeader('Retry-After', String(verdict.retryAfterSeconds));
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
    const filed = await this.objections.file(noticeId, input, client, key);
    if (filed.replayed) setHeader('Idempotent-Replayed', 'true');
    return filed.body;
  }

  async byReceipt(receiptCode: string) {
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
    const found = await this.objections.byReceipt(code, this.config.displayTimeZone);
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
