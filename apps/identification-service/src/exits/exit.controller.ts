import { Controller, Get, Headers, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Allow, CurrentPrincipal, assertJurisdiction, jurisdictionLabel, type Principal } from '@fupin/auth';
import { EXIT_CRITERION_LABELS, EXIT_STEPS, type ExitStep } from '@fupin/exit-rules';
import {
  exitActUpdate,
  exitReexamineUpdate,
  exitRoundStateQuery,
  householdExitWorkflow,
  type ExitActionResult,
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
import { checkHouseholdsForExit } from './exit-criteria';
import {
  exitRoundHouseholds,
  exitWorkflowInput,
  listExitRounds,
  loadExitRound,
  openExitRound,
  type ExitRoundRow,
} from './exit.repository';

const openBody = z
  .object({
    villageCode: z.string().regex(/^\d{12}$/, bilingual('须为12位村级代码', 'must be a 12-digit village code')),
    incomeYear: z.number().int().min(2014).max(2100),
    householdIds: z.array(z.uuid()).min(1).max(5000),
  })
  .strict();

const signature = z
  .object({
    signedBy: z.string().trim().min(1, bilingual('须写明签字人', 'name who signed')).max(100),
    signedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, bilingual('须为 YYYY-MM-DD 格式的日期', 'must be YYYY-MM-DD')),
    documentRef: z.string().trim().max(200).optional(),
  })
  .strict();

const actionBody = z
  .object({
    step: z.enum(EXIT_STEPS as unknown as [ExitStep, ...ExitStep[]]),
    householdIds: z.array(z.uuid()).min(1).max(5000),
    action: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(2000).optional(),
    signatures: z.record(z.uuid(), signature).optional(),
  })
  .strict();

@ApiTags('household exit 贫困户退出')
@ApiBearerAuth()
@Controller('exits')
export class ExitController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<IdentificationConfig>) {}

  private async round(id: string, principal: Principal): Promise<ExitRoundRow> {
    const round = await loadExitRound(this.runtime.db, id);
    if (!round)
      throw new DomainError(
        404,
        'exit.not_found',
        { 'zh-CN': `未找到退出批次 ${id}`, en: `Exit round ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, round.village_code);
    return round;
  }

  private async ensureStarted(round: ExitRoundRow): Promise<void> {
    const input = await exitWorkflowInput(this.runtime.db, round, this.runtime.config.exit.round);
    await startRoundWorkflow(this.runtime, round, householdExitWorkflow, input, exitRoundStateQuery, (other) => ({
      code: 'exit.workflow_conflict',
      message: {
        'zh-CN': `退出流程 ${round.workflow_id} 正在为另一批次（${other}）运行`,
        en: `workflow ${round.workflow_id} is already running for another exit round (${other})`,
      },
    }));
  }

  @Get('criteria/:householdId')
  @ApiOperation({
    summary:
      'The exit criteria (退出标准) of a household as they stand now: each failed criterion named, with its figures',
  })
  @Allow(...READERS)
  async criteria(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    const id = parseBody(z.uuid(), householdId, 'householdId');
    const check = (
      await checkHouseholdsForExit(this.runtime.db, [id], {
        policyOverrides: this.runtime.config.policyOverrides,
        stability: this.runtime.config.exit.stability,
      })
    ).get(id);
    if (!check)
      throw new DomainError(
        404,
        'household.not_found',
        { 'zh-CN': `未找到户 ${id}`, en: `household ${id} not found` },
        'householdId',
      );
    assertJurisdiction(principal, check.villageCode);
    return { ...check, failed: check.failed.map((f) => ({ ...f, label: EXIT_CRITERION_LABELS[f.criterion] })) };
  }

  @Post()
  @ApiOperation({
    summary:
      'Propose registered households of a village for exit (拟退出): refused, naming each failed criterion, unless every household meets the exit criteria',
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
    const result = await openExitRound(
      this.runtime.db,
      input,
      { subject: principal.subject, role: principal.role, jurisdiction: jurisdictionLabel(principal.jurisdiction) },
      { policyOverrides: this.runtime.config.policyOverrides, stability: this.runtime.config.exit.stability },
      idempotencyKey,
    );
    const round = await loadExitRound(this.runtime.db, (result.body as { roundId: string }).roundId);
    if (round) await this.ensureStarted(round);
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Exit rounds inside a division (village, township or county code), newest first' })
  @Allow(...READERS)
  @ApiDivisionQuery()
  async list(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    const code = divisionQuery(division);
    assertJurisdiction(principal, code, 'division');
    return { division: code, rounds: await listExitRounds(this.runtime.db, code) };
  }

  @Get(':id')
  @ApiOperation({
    summary:
      "The exit round: each household's step, who must act, the notices, the household's signature; ?householdId= for one household's whole history",
  })
  @Allow(...READERS)
  async get(
    @Param('id') id: string,
    @Query('householdId') householdId: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    const round = await this.round(id, principal);
    return roundState(this.runtime, round, exitRoundStateQuery, householdId, {
      code: 'exit.busy',
      message: {
        'zh-CN': '退出流程暂时繁忙，请稍后重试（可先查看 /exits/:id/households）',
        en: 'The exit procedure is busy; retry shortly (recorded progress at /exits/:id/households)',
      },
    });
  }

  @Get(':id/households')
  @ApiOperation({ summary: "Each household's step and outcome as the register recorded them" })
  @Allow(...READERS)
  async households(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const round = await this.round(id, principal);
    return {
      roundId: round.id,
      villageCode: round.village_code,
      incomeYear: round.income_year,
      households: await exitRoundHouseholds(this.runtime.db, round.id),
    };
  }

  @Post(':id/actions')
  @ApiOperation({
    summary:
      "Sign a step: approve or reject (reason); at household_agreement, approve records each household's signature and reject records that it does not agree (reason)",
  })
  @Allow(...OFFICIALS)
  async act(
    @Param('id') id: string,
    @ZodBody(actionBody) input: z.output<typeof actionBody>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExitActionResult> {
    const round = await this.round(id, principal);
    return signedUpdate(this.runtime, round.workflow_id, exitActUpdate, { ...input, signer: signerOf(principal) });
  }

  @Post(':id/reexaminations')
  @ApiOperation({
    summary:
      'Decide a re-examination (复核) after an objection: upheld stops the exit, dismissed lets the household go on',
  })
  @Allow({ role: 'township_reviewer' }, { role: 'county_approver' })
  async reexamine(
    @Param('id') id: string,
    @ZodBody(reexaminationBody) input: z.output<typeof reexaminationBody>,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ExitActionResult> {
    const round = await this.round(id, principal);
    return signedUpdate(this.runtime, round.workflow_id, exitReexamineUpdate, {
      ...input,
      signer: signerOf(principal),
    });
  }
}
