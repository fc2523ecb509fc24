import { Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { OFFICIALS, READERS, reexaminationBody, ApiDivisionQuery } from '../procedure-http';
import {
  exitActionBody,
  exitActionResult,
  exitCriteria,
  exitCriteriaQuery,
  exitRoundHouseholds,
  exitRoundList,
  exitRoundOpened,
  exitRoundState,
  openExitBody,
} from './exit.schema';
import { ExitService } from './exit.service';

@ApiTags('household exit 贫困户退出')
@ApiBearerAuth()
@Controller('exits')
export class ExitController {
  constructor(private readonly exits: ExitService) {}

  @Get('criteria/:householdId')
  @ApiOperation({
    summary:
      "The exit criteria (退出标准) of a household as they stand now: each failed criterion named, with its figures; the latest observation must be of the income year (?incomeYear=, default the newest survey's)",
  })
  @ZodResponse(exitCriteria, { description: 'The criteria, judged now' })
  @Allow(...READERS)
  criteria(
    @Param('householdId') householdId: string,
    @ZodQuery(exitCriteriaQuery) query: z.output<typeof exitCriteriaQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.exits.criteria(principal, householdId, query.incomeYear);
  }

  @Post()
  @ApiOperation({
    summary:
      'Propose registered households of a village for exit (拟退出): refused, naming each failed criterion, unless every household meets the exit criteria',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(exitRoundOpened, { status: 201, description: 'Proposed; the exit procedure is started' })
  @ZodResponse(exitRoundOpened, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow({ role: 'village_cadre' })
  async open(
    @ZodBody(openExitBody) input: z.output<typeof openExitBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.exits.open(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Exit rounds inside a division (village, township or county code), newest first' })
  @ZodResponse(exitRoundList, { description: 'The exit rounds, at most 200' })
  @Allow(...READERS)
  @ApiDivisionQuery()
  list(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    return this.exits.list(principal, division);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      "The exit round: each household's step, who must act, the notices, the household's signature; ?householdId= for one household's whole history",
  })
  @ApiQuery({ name: 'householdId', required: false, description: 'one household, with its whole history' })
  @ZodResponse(exitRoundState, { description: "The exit round's state as its workflow holds it" })
  @Allow(...READERS)
  state(
    @Param('id') id: string,
    @Query('householdId') householdId: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.exits.state(principal, id, householdId);
  }

  @Get(':id/households')
  @ApiOperation({ summary: "Each household's step and outcome as the register recorded them" })
  @ZodResponse(exitRoundHouseholds, { description: "The exit round's households as recorded" })
  @Allow(...READERS)
  households(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.exits.households(principal, id);
  }

  @Post(':id/actions')
  @ApiOperation({
    summary:
      "Sign a step: approve or reject (reason); at household_agreement, approve records each household's signature and reject records that it does not agree (reason)",
  })
  @ZodResponse(exitActionResult, { status: 201, description: 'Signed: the households moved on' })
  @Allow(...OFFICIALS)
  act(
    @Param('id') id: string,
    @ZodBody(exitActionBody) input: z.output<typeof exitActionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.exits.act(principal, id, input);
  }

  @Post(':id/reexaminations')
  @ApiOperation({
    summary:
      'Decide a re-examination (复核) after an objection: upheld stops the exit, dismissed lets the household go on',
  })
  @ZodResponse(exitActionResult, { status: 201, description: 'Decided: the households moved on' })
  @Allow({ role: 'township_reviewer' }, { role: 'county_approver' })
  reexamine(
    @Param('id') id: string,
    @ZodBody(reexaminationBody) input: z.output<typeof reexaminationBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.exits.reexamine(principal, id, input);
  }
}
