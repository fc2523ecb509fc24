import { randomUUID } from 'node:crypto';
import { Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags, ApiQuery } from '@nestjs/swagger';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { appendAudit } from '@fupin/audit';
import { Allow, CurrentPrincipal, assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import { annualReviewWorkflow, annualReviewWorkflowId, reviewStateQuery } from '@fupin/identification-workflows';
import { onceForKey } from '@fupin/persistence';
import {
  DomainError,
  SERVICE_RUNTIME,
  type ServiceRuntime,
  ZodBody,
  parseBody,
  requireIdempotencyKey,
  bilingual,
} from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import type { IdentificationConfig } from '../config';
import { READERS } from '../procedure-http';

const startBody = z
  .object({
    countyCode: z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
    incomeYear: z.number().int().min(2014).max(2100),
  })
  .strict();

interface CampaignRow {
  id: string;
  county_code: string;
  income_year: number;
  workflow_id: string;
  status: string;
  report: unknown;
  created_by: string;
  created_at: Date;
  finished_at: Date | null;
}

@ApiTags('annual review 一年一评')
@ApiBearerAuth()
@Controller('reviews')
export class ReviewController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<IdentificationConfig>) {}

  private async load(id: string): Promise<CampaignRow | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const rows = await this.runtime.db.$queryRawUnsafe<CampaignRow[]>(
      `SELECT id::text, county_code, income_year, workflow_id, status, report, created_by, created_at, finished_at FROM review_campaign WHERE id = $1::uuid`,
      id,
    );
    return rows[0] ?? null;
  }

  @Post()
  @ApiOperation({
    summary:
      "Start the county's annual review (一年一评、有进有出): surveys collected, exits proposed, applications identified, progress per township, a report at the end",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow({ role: 'county_approver' })
  async start(
    @ZodBody(startBody) input: z.output<typeof startBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const result = await this.runtime.db.$transaction(async (tx) =>
      onceForKey(tx, 'review.start', idempotencyKey, input, async () => {
        const existing = await tx.$queryRawUnsafe<{ id: string }[]>(
          `SELECT id::text FROM review_campaign WHERE county_code = $1 AND income_year = $2`,
          input.countyCode,
          input.incomeYear,
        );
        if (existing[0]) {
          throw new DomainError(
            409,
            'review.exists',
            {
              'zh-CN': `县 ${input.countyCode} ${input.incomeYear} 年度的一年一评已开始（${existing[0].id}）`,
              en: `county ${input.countyCode} already has the ${input.incomeYear} annual review (${existing[0].id})`,
            },
            'countyCode',
            { campaignId: existing[0].id },
          );
        }
        const id = randomUUID();
        const workflowId = annualReviewWorkflowId(input.countyCode, input.incomeYear);
        await tx.$executeRawUnsafe(
          `INSERT INTO review_campaign (id, county_code, income_year, workflow_id, status, created_by) VALUES ($1::uuid, $2, $3, $4, 'running', $5)`,
          id,
          input.countyCode,
          input.incomeYear,
          workflowId,
          principal.subject,
        );
        await appendAudit(tx, {
          actorSubject: principal.subject,
          actorRole: principal.role,
          jurisdiction: jurisdictionLabel(principal.jurisdiction),
          action: 'review.start',
          subjectType: 'review_campaign',
          subjectId: id,
          after: input,
          reason: `启动${input.incomeYear}年度一年一评 / annual review of ${input.incomeYear} started`,
        });
        return {
          status: 201,
          body: { campaignId: id, workflowId, countyCode: input.countyCode, incomeYear: input.incomeYear },
        };
      }),
    );
    const { campaignId, workflowId } = result.body as { campaignId: string; workflowId: string };
    try {
      await this.runtime.temporal.workflow.start(annualReviewWorkflow, {
        taskQueue: TaskQueues.orchestration,
        workflowId,
        args: [
          {
            campaignId,
            countyCode: input.countyCode,
            incomeYear: input.incomeYear,
            config: this.runtime.config.review,
          },
        ],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e; // a retried request: it is running
    }
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Annual reviews of a county, newest first' })
  @Allow(...READERS)
  @ApiQuery({
    name: 'county',
    required: true,
    description: '6-digit county code',
    schema: { type: 'string', pattern: '^\\d{6}$' },
  })
  async list(@Query('county') county: string | undefined, @CurrentPrincipal() principal: Principal) {
    const code = parseBody(
      z.string().regex(/^\d{6}$/, bilingual('须为6位县级代码', 'must be a 6-digit county code')),
      county ?? '',
      'county',
    );
    assertJurisdiction(principal, code, 'county');
    const rows = await this.runtime.db.$queryRawUnsafe<CampaignRow[]>(
      `SELECT id::text, county_code, income_year, workflow_id, status, NULL AS report, created_by, created_at, finished_at FROM review_campaign WHERE county_code = $1 ORDER BY income_year DESC`,
      code,
    );
    return { county: code, reviews: rows };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      "The campaign: phase, surveys collected, each township's villages done / waiting / overdue, and the report (before/after) when finished",
  })
  @Allow(...READERS)
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const row = await this.load(id);
    if (!row)
      throw new DomainError(
        404,
        'review.not_found',
        { 'zh-CN': `未找到一年一评 ${id}`, en: `annual review ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, row.county_code);
    try {
      const state = await this.runtime.temporal.workflow.getHandle(row.workflow_id).query(reviewStateQuery);
      return {
        ...state,
        status: row.status,
        createdBy: row.created_by,
        createdAt: row.created_at,
        finishedAt: row.finished_at,
        report: state.report ?? row.report,
      };
    } catch (e) {
      if (row.status === 'finished')
        return {
          campaignId: row.id,
          countyCode: row.county_code,
          incomeYear: row.income_year,
          phase: 'finished',
          status: row.status,
          report: row.report,
          finishedAt: row.finished_at,
        };
      this.runtime.logger.warn({ err: e, workflowId: row.workflow_id }, 'review query failed');
      throw new DomainError(503, 'review.busy', {
        'zh-CN': '一年一评流程暂时繁忙，请稍后重试',
        en: 'The annual review is busy; retry shortly',
      });
    }
  }
}
