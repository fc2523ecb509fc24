import { Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, CurrentPrincipal, assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import {
  answerVillageExitObjectionUpdate,
  decideVillageExitUpdate,
  villageExitStateQuery,
  villageExitWorkflow,
  type RoundSigner,
  type VillageExitInput,
  type VillageExitView,
} from '@fupin/identification-workflows';
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
import { AREA_READERS } from '../incidence/incidence.controller';
import { divisionQuery, signedUpdate, signerOf, ApiDivisionQuery } from '../procedure-http';
import {
  listVillageExits,
  loadVillageExit,
  proposeVillageExit,
  villageExitBody,
  type VillageExitRow,
} from './village-exit.repository';

const proposeBody = z
  .object({
    villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
    year: z.number().int().min(2014).max(2100),
  })
  .strict();

const decisionBody = z
  .object({
    action: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();

const answerBody = z
  .object({
    outcome: z.enum(['upheld', 'dismissed']),
    reason: z.string().trim().min(1, bilingual('须写明理由', 'a reason is required')).max(1000),
  })
  .strict();

/** 贫困村退出: proposed by the township (or the village), 乡镇公示, answered and approved by the county. */
@ApiTags('exit of villages and counties 贫困村退出、贫困县摘帽')
@ApiBearerAuth()
@Controller('village-exits')
export class VillageExitController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<IdentificationConfig>) {}

  private async exit(id: string, principal: Principal): Promise<VillageExitRow> {
    const row = await loadVillageExit(this.runtime.db, id);
    if (!row)
      throw new DomainError(
        404,
        'village_exit.not_found',
        { 'zh-CN': `未找到贫困村退出 ${id}`, en: `village exit ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, row.village_code);
    return row;
  }

  /** Start the attempt's workflow once (a retried request finds it running, or already past the check). */
  private async ensureStarted(row: VillageExitRow, proposedBy: RoundSigner): Promise<void> {
    if (row.status !== 'proposed') return;
    const input: VillageExitInput = {
      exitId: row.id,
      villageCode: row.village_code,
      year: row.year,
      attempt: row.attempt,
      noticeSeconds: this.runtime.config.exitArea.villageExitNoticeSeconds,
      proposedBy,
    };
    try {
      await this.runtime.temporal.workflow.start(villageExitWorkflow, {
        taskQueue: TaskQueues.orchestration,
        workflowId: row.workflow_id,
        args: [input],
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      const running = await this.runtime.temporal.workflow.getHandle(row.workflow_id).query(villageExitStateQuery);
      if (running.exitId !== row.id || running.attempt !== row.attempt) {
        throw new DomainError(409, 'village_exit.workflow_conflict', {
          'zh-CN': `退出流程 ${row.workflow_id} 正在运行另一次申请`,
          en: `workflow ${row.workflow_id} is running another attempt`,
        });
      }
    }
  }

  private async live(row: VillageExitRow): Promise<VillageExitView | null> {
    try {
      const view = await this.runtime.temporal.workflow.getHandle(row.workflow_id).query(villageExitStateQuery);
      return view.exitId === row.id && view.attempt === row.attempt ? view : null;
    } catch (e) {
      this.runtime.logger.debug({ err: e, workflowId: row.workflow_id }, 'village exit query failed');
      return null;
    }
  }

  @Post()
  @ApiOperation({
    summary:
      'Propose a village exit (贫困村退出): the incidence is checked, then the township notice opens; refused with the figures when not below the line',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow({ role: 'township_reviewer' }, { role: 'village_cadre' })
  async propose(
    @ZodBody(proposeBody) input: z.output<typeof proposeBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, input.villageCode, 'villageCode');
    const result = await proposeVillageExit(
      this.runtime.db,
      input,
      { subject: principal.subject, role: principal.role, jurisdiction: jurisdictionLabel(principal.jurisdiction) },
      idempotencyKey,
    );
    const row = await loadVillageExit(this.runtime.db, (result.body as { id: string }).id);
    if (row && row.attempt === (result.body as { attempt: number }).attempt)
      await this.ensureStarted(row, signerOf(principal));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Village exits inside a village, township or county, latest first' })
  @Allow(...AREA_READERS)
  @ApiDivisionQuery()
  async list(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    const code = divisionQuery(division);
    assertJurisdiction(principal, code, 'division');
    return { division: code, exits: (await listVillageExits(this.runtime.db, code)).map(villageExitBody) };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A village exit: status, the incidence figures (at the proposal and at the decision), the notice, objections and what is awaited',
  })
  @Allow(...AREA_READERS)
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const row = await this.exit(id, principal);
    const live = await this.live(row);
    return {
      ...villageExitBody(row),
      waitingFor: live?.waitingFor ?? null,
      notice: live?.notice ?? null,
      objections: live?.objections ?? [],
      decision: live?.decision ?? null,
    };
  }

  @Post(':id/actions')
  @ApiOperation({
    summary:
      "The county's decision (县级审定) after the notice: approve (the incidence is checked again) or reject with a reason",
  })
  @Allow({ role: 'county_approver' })
  async decide(
    @Param('id') id: string,
    @ZodBody(decisionBody) input: z.output<typeof decisionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const row = await this.exit(id, principal);
    this.assertOpen(row);
    return signedUpdate(this.runtime, row.workflow_id, decideVillageExitUpdate, {
      ...input,
      signer: signerOf(principal),
    });
  }

  @Post(':id/objections/:objectionId/answer')
  @ApiOperation({
    summary:
      'Answer an objection to the township notice (复核结果): upheld stops the exit, dismissed lets it go on; the objector reads it by receipt code',
  })
  @Allow({ role: 'county_approver' })
  async answer(
    @Param('id') id: string,
    @Param('objectionId') objectionId: string,
    @ZodBody(answerBody) input: z.output<typeof answerBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    const objection = parseBody(
      z.uuid(bilingual('须为异议编号（UUID）', 'must be an objection id (uuid)')),
      objectionId,
      'objectionId',
    );
    const row = await this.exit(id, principal);
    this.assertOpen(row);
    return signedUpdate(this.runtime, row.workflow_id, answerVillageExitObjectionUpdate, {
      ...input,
      objectionId: objection,
      signer: signerOf(principal),
    });
  }

  private assertOpen(row: VillageExitRow): void {
    if (row.status === 'exited' || row.status === 'refused') {
      throw new DomainError(409, 'village_exit.finished', {
        'zh-CN': `本次退出已办结（${row.status}）`,
        en: `this exit has already been decided (${row.status})`,
      });
    }
  }
}
