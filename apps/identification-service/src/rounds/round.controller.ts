import { Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, CurrentPrincipal, assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import { PROCEDURE_STEPS, type ProcedureStep } from '@fupin/identification-rules';
import {
  actUpdate,
  identificationRoundWorkflow,
  reexamineUpdate,
  roundStateQuery,
  type ActionResult,
} from '@fupin/identification-workflows';
import {
  DomainError,
  SERVICE_RUNTIME,
  type ServiceRuntime,
  ZodBody,
  requireIdempotencyKey,
  bilingual,
} from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import {
  OFFICIALS,
  READERS,
  divisionQuery,
  reexaminationBody,
  roundState,
  signedUpdate,
  signerOf,
  startRoundWorkflow,
  ApiDivisionQuery,
} from '../procedure-http';
import {
  listRounds,
  loadRound,
  openRound,
  roundHouseholds,
  roundWorkflowInput,
  type RoundRow,
} from './round.repository';

const openBody = z
  .object({
    villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
    incomeYear: z.number().int().min(2014).max(2100),
    householdIds: z.array(z.uuid()).min(1).max(5000).optional(),
  })
  .strict();

const actionBody = z
  .object({
    step: z.enum(PROCEDURE_STEPS as unknown as [ProcedureStep, ...ProcedureStep[]]),
    householdIds: z.array(z.uuid()).min(1).max(5000),
    action: z.enum(['approve', 'reject', 'send_back', 'withdraw']),
    reason: z.string().trim().max(2000).optional(),
  })
  .strict();

@ApiTags('identification rounds 识别批次')
@ApiBearerAuth()
@Controller('rounds')
export class RoundController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<IdentificationConfig>) {}

  private async round(id: string, principal: Principal): Promise<RoundRow> {
    const round = await loadRound(this.runtime.db, id);
    if (!round)
      throw new DomainError(
        404,
        'round.not_found',
        { 'zh-CN': `未找到识别批次 ${id}`, en: `Round ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, round.village_code);
    return round;
  }

  /** Start (or find running) the round's workflow: idempotent by its business-key id. */
  private async ensureStarted(round: RoundRow): Promise<void> {
    const input = await roundWorkflowInput(this.runtime.db, round, this.runtime.config.procedure);
    await startRoundWorkflow(this.runtime, round, identificationRoundWorkflow, input, roundStateQuery, (other) => ({
      code: 'round.workflow_conflict',
      message: {
        'zh-CN': `识别流程 ${round.workflow_id} 正在为另一批次（${other}）运行`,
        en: `workflow ${round.workflow_id} is already running for another round (${other})`,
      },
    }));
  }

  @Post()
  @ApiOperation({
    summary: "Open a village's identification round (农户申请): its applying households enter the procedure together",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow({ role: 'village_cadre' })
  async open(
    @ZodBody(openBody) input: z.output<typeof openBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, input.villageCode, 'villageCode');
    const result = await openRound(
      this.runtime.db,
      input,
      { subject: principal.subject, role: principal.role, jurisdiction: jurisdictionLabel(principal.jurisdiction) },
      idempotencyKey,
    );
    const round = await loadRound(this.runtime.db, (result.body as { roundId: string }).roundId);
    if (round) await this.ensureStarted(round);
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Rounds inside a division (village, township or county code), newest first' })
  @Allow(...READERS)
  @ApiDivisionQuery()
  async list(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    const code = divisionQuery(division);
    assertJurisdiction(principal, code, 'division');
    return { division: code, rounds: await listRounds(this.runtime.db, code) };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      "The round: each household's step, who must act, deadlines, notices, and (with ?householdId=) one household's whole history",
  })
  @Allow(...READERS)
  async get(
    @Param('id') id: string,
    @Query('householdId') householdId: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    const round = await this.round(id, principal);
    return roundState(this.runtime, round, roundStateQuery, householdId, {
      code: 'round.busy',
      message: {
        'zh-CN': '识别流程暂时繁忙，请稍后重试（可先查看 /rounds/:id/households 中登记的各户进度）',
        en: 'The procedure is busy; retry shortly (the recorded progress is at /rounds/:id/households)',
      },
    });
  }

  @Get(':id/households')
  @ApiOperation({
    summary: "Each household's step and outcome as the register recorded them (fast; follows the workflow by a moment)",
  })
  @Allow(...READERS)
  async households(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const round = await this.round(id, principal);
    return {
      roundId: round.id,
      villageCode: round.village_code,
      incomeYear: round.income_year,
      households: await roundHouseholds(this.runtime.db, round.id),
    };
  }

  @Post(':id/actions')
  @ApiOperation({
    summary:
      'Sign a step for households of the round: approve, reject (reason), send back (reason) or withdraw (reason) — 谁签字谁负责',
  })
  @Allow(...OFFICIALS)
  async act(
    @Param('id') id: string,
    @ZodBody(actionBody) input: z.output<typeof actionBody>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ActionResult> {
    const round = await this.round(id, principal);
    return signedUpdate(this.runtime, round.workflow_id, actUpdate, { ...input, signer: signerOf(principal) });
  }

  @Post(':id/reexaminations')
  @ApiOperation({
    summary:
      'Decide a re-examination (复核) after an objection: upheld removes the household, dismissed lets it go on; the objector reads the answer by receipt code',
  })
  @Allow({ role: 'township_reviewer' }, { role: 'county_approver' })
  async reexamine(
    @Param('id') id: string,
    @ZodBody(reexaminationBody) input: z.output<typeof reexaminationBody>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ActionResult> {
    const round = await this.round(id, principal);
    return signedUpdate(this.runtime, round.workflow_id, reexamineUpdate, { ...input, signer: signerOf(principal) });
  }
}
