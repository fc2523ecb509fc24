import { Controller, Get, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { countyOffice, relocationReaders } from '../actor';
import { caseBody, caseCreated, caseList, caseQuery, caseView, planBody } from './case.schema';
import { CaseService } from './case.service';

const villageCadre = { role: 'village_cadre' } as const;

/** 搬迁户档案: a household's relocation case from its signed consent to the end. */
@ApiTags('cases 搬迁户档案')
@ApiBearerAuth()
@Controller('cases')
export class CaseController {
  constructor(private readonly cases: CaseService) {}

  @Post()
  @ApiOperation({
    summary:
      "Start a case with the household head's signed consent (自愿): registered, not exited households of designated villages only (422 naming the rule); one open case per household (409)",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(caseCreated, { status: 201, description: 'The case started (consented)' })
  @ZodResponse(caseCreated, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(villageCadre)
  async consent(
    @ZodBody(caseBody) input: z.output<typeof caseBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.cases.consent(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Put(':id/plan')
  @ApiOperation({
    summary:
      'Submit (or change, before review) the plan: mode, site, home area and persons. Over the area red line: 422 with area, members and limit; a site of another county: 422; a full site: 409 with its figures',
  })
  @ZodResponse(caseView, { description: 'The case with its plan, subsidy and tranches' })
  @Allow(villageCadre, ...countyOffice)
  plan(
    @Param('id') id: string,
    @ZodBody(planBody) input: z.output<typeof planBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.cases.plan(principal, id, input);
  }

  @Get()
  @ApiOperation({ summary: "A village's cases, newest first, optionally of one status" })
  @ZodResponse(caseList, { description: 'The cases' })
  @Allow(...relocationReaders)
  list(@ZodQuery(caseQuery) q: z.output<typeof caseQuery>, @CurrentPrincipal() principal: Principal) {
    return this.cases.list(principal, q.village, q.status);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A case: consent, plan, subsidy tranches and their payments, move-in, withdrawal' })
  @ZodResponse(caseView, { description: 'The case' })
  @Allow(...relocationReaders)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.cases.get(principal, id);
  }
}
