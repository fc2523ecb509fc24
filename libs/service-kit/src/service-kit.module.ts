import {
  Controller,
  Get,
  Inject,
  type DynamicModule,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  Res,
} from '@nestjs/common';
import { APP_FILTER, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import {
  Allow,
  AuthModule,
  CurrentPrincipal,
  Public,
  ROLES,
  assertJurisdiction,
  type AllowRule,
  type Principal,
  jurisdictionLabel,
} from '@fupin/auth';
import { auditRecordsInDivision, verifyAuditTrail } from '@fupin/audit';
import { z } from 'zod';
import { ZodQuery } from './contracts';
import { bilingual } from './messages';
import type { BaseServiceConfig } from '@fupin/config';
import { requestIdFrom, runWithRequestContext } from '@fupin/observability';
import { PlatformExceptionFilter, toErrorResponse } from './errors';
import { SERVICE_RUNTIME, type ServiceRuntime } from './runtime';
import { ControlCharacterPipe } from './text-safety';
import { ResponseContractInterceptor } from './response-contract';
import { DB, LOGGER, SERVICE_CONFIG, WORKFLOWS, runtimeProviders } from './tokens';
import { DomainError } from './errors';

const everyRole: AllowRule[] = ROLES.map((role) => ({ role }));

const auditQuery = z.object({
  division: z
    .string()
    .regex(
      /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/,
      bilingual('须为2、4、6、9或12位行政区划代码', 'must be a division code (2, 4, 6, 9 or 12 digits)'),
    ),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  beforeSeq: z
    .string()
    .regex(/^\d{1,18}$/, bilingual('须为记录序号', 'must be a record sequence number'))
    .optional(),
});

@ApiExcludeController()
@Controller()
class OpsController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Public()
  @Get('health/live')
  live() {
    return { status: 'up', service: this.runtime.name };
  }

  @Public()
  @Get('health/ready')
  async ready(@Res() res: Response) {
    const r = await this.runtime.readiness();
    res.status(r.ok ? 200 : 503).json({ status: r.ok ? 'up' : 'down', service: this.runtime.name, checks: r.checks });
  }

  /** Who the service thinks the caller is: role and jurisdiction from the verified token. */
  @Allow(...everyRole)
  @Get('me')
  me(@CurrentPrincipal() principal: Principal) {
    return {
      service: this.runtime.name,
      subject: principal.subject,
      name: principal.name,
      role: principal.role,
      jurisdiction: jurisdictionLabel(principal.jurisdiction),
    };
  }

  /** Re-hash this service's audit chain (谁签字谁负责): any edited or deleted record is reported. */
  @Allow({ role: 'auditor' }, { role: 'ops' })
  @Get('audit/verify')
  async verifyAudit() {
    const report = await verifyAuditTrail(this.runtime.db);
    return { service: this.runtime.name, ...report };
  }

  /** The audit records signed inside a division (审计查阅), newest first; only inside the caller's jurisdiction. */
  @Allow({ role: 'auditor' }, { role: 'county_approver' }, { role: 'township_reviewer' })
  @Get('audit/records')
  async auditRecords(@ZodQuery(auditQuery) q: z.output<typeof auditQuery>, @CurrentPrincipal() principal: Principal) {
    assertJurisdiction(principal, q.division, 'division');
    const records = await auditRecordsInDivision(
      this.runtime.db,
      q.division,
      q.limit,
      q.beforeSeq === undefined ? undefined : BigInt(q.beforeSeq),
    );
    return {
      service: this.runtime.name,
      division: q.division,
      records: records.map((r) => ({ ...r, seq: r.seq.toString() })),
      nextBeforeSeq: records.length === q.limit ? records[records.length - 1].seq.toString() : null,
    };
  }
}

/** Write routes that take a raw file (CSV, XLSX) instead of JSON; they check type and size themselves. */
const rawUploadRoutes: { method: string; path: RegExp }[] = [];
export function allowRawUpload(route: { method: string; path: RegExp }): void {
  rawUploadRoutes.push(route);
}

/** Request id, access log and HTTP metrics for every request; JSON-only bodies on writes (except raw uploads). */
function platformMiddleware(runtime: ServiceRuntime) {
  return (req: Request, res: Response, next: NextFunction) => {
    const requestId = String(res.getHeader('X-Request-Id') ?? requestIdFrom(req.headers['x-request-id']));
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      runtime.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
      runtime.metrics.httpDuration.observe({ method: req.method, route }, seconds);
      runWithRequestContext({ requestId }, () =>
        runtime.logger.info(
          { method: req.method, url: req.originalUrl, status: res.statusCode, ms: Math.round(seconds * 1000) },
          'http',
        ),
      );
    });
    const hasBody = ['POST', 'PUT', 'PATCH'].includes(req.method) && Number(req.headers['content-length'] ?? 0) > 0;
    const rawUpload = rawUploadRoutes.some(
      (r) => r.method === req.method && r.path.test(req.originalUrl.split('?')[0]),
    );
    if (hasBody && !rawUpload && !req.is('application/json')) {
      const { status, body } = runWithRequestContext({ requestId }, () =>
        toErrorResponse(
          new DomainError(
            415,
            'request.unsupported_media_type',
            { 'zh-CN': '请求内容类型必须为 application/json', en: 'Content-Type must be application/json' },
            'Content-Type',
          ),
        ),
      );
      res.status(status).json(body);
      return;
    }
    runWithRequestContext({ requestId }, next);
  };
}

@Module({})
export class ServiceKitModule implements NestModule {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  static forRoot<C extends BaseServiceConfig>(typed: ServiceRuntime<C>): DynamicModule {
    const runtime = typed as unknown as ServiceRuntime;
    return {
      module: ServiceKitModule,
      global: true,
      imports: [AuthModule.forRoot(runtime.config.auth)],
      controllers: [OpsController],
      providers: [
        { provide: SERVICE_RUNTIME, useValue: runtime },
        { provide: APP_FILTER, useValue: new PlatformExceptionFilter(runtime.logger) },
        { provide: APP_PIPE, useClass: ControlCharacterPipe },
        ...(runtime.config.checkResponses
          ? [{ provide: APP_INTERCEPTOR, useValue: new ResponseContractInterceptor(runtime.logger) }]
          : []),
        ...runtimeProviders(runtime),
      ],
      exports: [SERVICE_RUNTIME, DB, WORKFLOWS, SERVICE_CONFIG, LOGGER],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(platformMiddleware(this.runtime)).forRoutes('*');
  }
}
