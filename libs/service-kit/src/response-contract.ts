import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import type { Logger } from '@fupin/observability';
import { RESPONSE_CONTRACTS, type ResponseContract } from './contracts';
import { toErrorResponse, DomainError } from './errors';

/**
 * Checks every JSON success response of an operation against the schema its ZodResponse documents (as the client
 * receives it: after JSON serialisation). On in tests (RESPONSE_CONTRACT_CHECK=true): a response the document does
 * not describe answers 500 `response.contract_violation` naming the path, so a drifted document fails the test that
 * called it. Handlers that write the response themselves (`@Res()`) are checked too: `res.json` is wrapped.
 */
@Injectable()
export class ResponseContractInterceptor implements NestInterceptor {
  constructor(private readonly logger: Logger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const contracts = Reflect.getMetadata(RESPONSE_CONTRACTS, context.getHandler()) as ResponseContract[] | undefined;
    if (context.getType() !== 'http' || !contracts?.length) return next.handle();
    const res = context.switchToHttp().getResponse<Response>();
    const send = res.json.bind(res);
    res.json = (body: unknown) => {
      const contract = contracts.find((c) => c.status === res.statusCode);
      if (res.statusCode >= 300 || !contract) {
        if (res.statusCode < 300) return send(this.violation(res, `status ${res.statusCode} is not documented`));
        return send(body);
      }
      const result = contract.schema.safeParse(JSON.parse(JSON.stringify(body ?? null)));
      if (result.success) return send(body);
      const issue = result.error.issues[0];
      return send(this.violation(res, `${issue.path.join('.') || '(body)'}: ${issue.message}`));
    };
    return next.handle();
  }

  private violation(res: Response, problem: string) {
    this.logger.error({ problem }, 'response does not match its documented schema');
    const { status, body } = toErrorResponse(
      new DomainError(500, 'response.contract_violation', {
        'zh-CN': `响应与接口文档不符：${problem}`,
        en: `The response does not match the API document: ${problem}`,
      }),
    );
    res.status(status);
    return body;
  }
}
