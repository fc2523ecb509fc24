import { Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { AREA_READERS } from '../incidence/incidence.controller';
import { ApiDivisionQuery } from '../procedure-http';
import {
  proposeVillageExitBody,
  villageExitAnswerBody,
  villageExitDecisionBody,
  villageExitDetail,
  villageExitList,
  villageExitProposed,
  villageExitState,
} from './village-exit.schema';
import { VillageExitService } from './village-exit.service';

/** 贫困村退出: proposed by the township (or the village), 乡镇公示, answered and approved by the county. */
@ApiTags('exit of villages and counties 贫困村退出、贫困县摘帽')
@ApiBearerAuth()
@Controller('village-exits')
export class VillageExitController {
  constructor(private readonly exits: VillageExitService) {}

  @Post()
  @ApiOperation({
    summary:
      'Propose a village exit (贫困村退出): the incidence is checked, then the township notice opens; refused with the figures when not below the line',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(villageExitProposed, { status: 201, description: 'Proposed; its workflow is started' })
  @ZodResponse(villageExitProposed, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow({ role: 'township_reviewer' }, { role: 'village_cadre' })
  async propose(
    @ZodBody(proposeVillageExitBody) input: z.output<typeof proposeVillageExitBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.exits.propose(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Village exits inside a village, township or county, latest first' })
  @ZodResponse(villageExitList, { description: 'The village exits, at most 500' })
  @Allow(...AREA_READERS)
  @ApiDivisionQuery()
  list(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    return this.exits.list(principal, division);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      'A village exit: status, the incidence figures (at the proposal and at the decision), the notice, objections and what is awaited',
  })
  @ZodResponse(villageExitDetail, { description: 'The village exit' })
  @Allow(...AREA_READERS)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.exits.get(principal, id);
  }

  @Post(':id/actions')
  @ApiOperation({
    summary:
      "The county's decision (县级审定) after the notice: approve (the incidence is checked again) or reject with a reason",
  })
  @ZodResponse(villageExitState, { status: 201, description: 'Decided: the exit as it stands now' })
  @Allow({ role: 'county_approver' })
  decide(
    @Param('id') id: string,
    @ZodBody(villageExitDecisionBody) input: z.output<typeof villageExitDecisionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.exits.decide(principal, id, input);
  }

  @Post(':id/objections/:objectionId/answer')
  @ApiOperation({
    summary:
      'Answer an objection to the township notice (复核结果): upheld stops the exit, dismissed lets it go on; the objector reads it by receipt code',
  })
  @ZodResponse(villageExitState, { status: 201, description: 'Answered: the exit as it stands now' })
  @Allow({ role: 'county_approver' })
  answer(
    @Param('id') id: string,
    @Param('objectionId') objectionId: string,
    @ZodBody(villageExitAnswerBody) input: z.output<typeof villageExitAnswerBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.exits.answer(principal, id, objectionId, input);
  }
}
