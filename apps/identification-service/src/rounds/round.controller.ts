import { Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { OFFICIALS, READERS, reexaminationBody, ApiDivisionQuery } from '../procedure-http';
import {
  openRoundBody,
  roundActionBody,
  roundActionResult,
  roundHouseholds,
  roundList,
  roundOpened,
  roundState,
} from './round.schema';
import { RoundService } from './round.service';

@ApiTags('identification rounds 识别批次')
@ApiBearerAuth()
@Controller('rounds')
export class RoundController {
  constructor(private readonly rounds: RoundService) {}

  @Post()
  @ApiOperation({
    summary: "Open a village's identification round (农户申请): its applying households enter the procedure together",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(roundOpened, { status: 201, description: 'Opened; its workflow is started' })
  @ZodResponse(roundOpened, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow({ role: 'village_cadre' })
  async open(
    @ZodBody(openRoundBody) input: z.output<typeof openRoundBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.rounds.open(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Rounds inside a division (village, township or county code), newest first' })
  @ZodResponse(roundList, { description: 'The rounds, at most 200' })
  @Allow(...READERS)
  @ApiDivisionQuery()
  list(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    return this.rounds.list(principal, division);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      "The round: each household's step, who must act, deadlines, notices, and (with ?householdId=) one household's whole history",
  })
  @ApiQuery({ name: 'householdId', required: false, description: 'one household, with its whole history' })
  @ZodResponse(roundState, { description: "The round's state as its workflow holds it" })
  @Allow(...READERS)
  state(
    @Param('id') id: string,
    @Query('householdId') householdId: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.rounds.state(principal, id, householdId);
  }

  @Get(':id/households')
  @ApiOperation({
    summary: "Each household's step and outcome as the register recorded them (fast; follows the workflow by a moment)",
  })
  @ZodResponse(roundHouseholds, { description: "The round's households as recorded" })
  @Allow(...READERS)
  households(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.rounds.households(principal, id);
  }

  @Post(':id/actions')
  @ApiOperation({
    summary:
      'Sign a step for households of the round: approve, reject (reason), send back (reason) or withdraw (reason) — 谁签字谁负责',
  })
  @ZodResponse(roundActionResult, { status: 201, description: 'Signed: the households moved on' })
  @Allow(...OFFICIALS)
  act(
    @Param('id') id: string,
    @ZodBody(roundActionBody) input: z.output<typeof roundActionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.rounds.act(principal, id, input);
  }

  @Post(':id/reexaminations')
  @ApiOperation({
    summary:
      'Decide a re-examination (复核) after an objection: upheld removes the household, dismissed lets it go on; the objector reads the answer by receipt code',
  })
  @ZodResponse(roundActionResult, { status: 201, description: 'Decided: the households moved on' })
  @Allow({ role: 'township_reviewer' }, { role: 'county_approver' })
  reexamine(
    @Param('id') id: string,
    @ZodBody(reexaminationBody) input: z.output<typeof reexaminationBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.rounds.reexamine(principal, id, input);
  }
}
