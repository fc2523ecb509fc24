import { Injectable } from '@nestjs/common';
import { assertJurisdiction, type Principal } from '@fupin/auth';
import { annualReviewWorkflow, reviewStateQuery } from '@fupin/identification-workflows';
import type { Logger } from '@fupin/observability';
import {
  DomainError,
  InjectConfig,
  InjectLogger,
  InjectWorkflows,
  type Workflows,
  parseBody,
  ProcedureWorkflow,
} from '@fupin/service-kit';
import { TaskQueues } from '@fupin/workflows';
import type { IdentificationConfig } from '../config';
import { actorOf } from '../procedure-http';
import { ReviewRepository } from './review.repository';
import { countyCode, type StartReviewInput } from './review.schema';

/** The use cases of the annual review (一年一评、有进有出): start a county's campaign, list and read campaigns. */
@Injectable()
export class ReviewService {
  constructor(
    private readonly reviews: ReviewRepository,
    @InjectWorkflows() private readonly workflows: Workflows,
    @InjectConfig() private readonly config: IdentificationConfig,
    @InjectLogger() private readonly logger: Logger,
  ) {}

  /** The campaign is recorded (once per key), then its workflow started (a retried request finds it running). */
  async start(principal: Principal, input: StartReviewInput, idempotencyKey: string) {
    assertJurisdiction(principal, input.countyCode, 'countyCode');
    const result = await this.reviews.start(input, actorOf(principal), idempotencyKey);
    const { campaignId, workflowId } = result.body;
    await new ProcedureWorkflow(this.workflows, workflowId, TaskQueues.orchestration).start(annualReviewWorkflow, {
      campaignId,
      countyCode: input.countyCode,
      incomeYear: input.incomeYear,
      config: this.config.review,
    });
    return result;
  }

  async list(principal: Principal, county: string | undefined) {
    const code = parseBody(countyCode, county ?? '', 'county');
    assertJurisdiction(principal, code, 'county');
    return { county: code, reviews: await this.reviews.list(code) };
  }

  /** The live campaign from its workflow; a finished one that no longer answers shows its recorded report. */
  async get(principal: Principal, id: string) {
    const row = await this.reviews.load(id);
    if (!row)
      throw new DomainError(
        404,
        'review.not_found',
        { 'zh-CN': `未找到一年一评 ${id}`, en: `annual review ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, row.county_code);
    const state = await new ProcedureWorkflow(this.workflows, row.workflow_id, TaskQueues.orchestration).stateOr(
      reviewStateQuery,
      [],
      (e) => {
        if (row.status === 'finished') return null;
        this.logger.warn({ err: e, workflowId: row.workflow_id }, 'review query failed');
        throw new DomainError(503, 'review.busy', {
          'zh-CN': '一年一评流程暂时繁忙，请稍后重试',
          en: 'The annual review is busy; retry shortly',
        });
      },
    );
    if (!state)
      return {
        campaignId: row.id,
        countyCode: row.county_code,
        incomeYear: row.income_year,
        phase: 'finished',
        status: row.status,
        report: row.report,
        finishedAt: row.finished_at,
      };
    return {
      ...state,
      status: row.status,
      createdBy: row.created_by,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      report: state.report ?? row.report,
    };
  }
}
