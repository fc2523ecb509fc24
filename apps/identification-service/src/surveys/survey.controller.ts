import { Controller, Get, Headers, Inject, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal, assertJurisdiction, principalJurisdictionLabel, type Principal } from '@fupin/auth';
import { SERVICE_RUNTIME, type ServiceRuntime, ZodBody, requireIdempotencyKey } from '@fupin/service-kit';
import type { z } from 'zod';
import { causesBody, observationBody, surveyBody } from './survey.schema';
import {
  householdVillage,
  latestObservation,
  listSurveys,
  saveCauses,
  saveObservation,
  saveSurvey,
} from './survey.repository';

const readers = [
  { role: 'village_cadre' },
  { role: 'township_reviewer' },
  { role: 'county_approver' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;
const actorOf = (p: Principal) => ({ subject: p.subject, role: p.role, jurisdiction: principalJurisdictionLabel(p) });

/** 入户调查: the six calculations (六算), what the surveyor saw (看), and the causes of poverty. */
@ApiTags('surveys 入户调查')
@ApiBearerAuth()
@Controller('households/:id')
export class SurveyController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Post('surveys')
  @ApiOperation({
    summary: 'Record the income survey of an income year (六算, amounts in fen); per-capita net income is derived',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow({ role: 'village_cadre' })
  async survey(
    @Param('id') id: string,
    @ZodBody(surveyBody) input: z.output<typeof surveyBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, await householdVillage(this.runtime.db, id));
    const result = await saveSurvey(this.runtime.db, id, input, actorOf(principal), idempotencyKey);
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get('surveys')
  @ApiOperation({ summary: 'Income surveys of the household, newest income year first, every line item kept' })
  @Allow(...readers)
  async surveys(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    assertJurisdiction(principal, await householdVillage(this.runtime.db, id));
    return { householdId: id, surveys: await listSurveys(this.runtime.db, id) };
  }

  @Post('observations')
  @ApiOperation({
    summary: 'Record living conditions seen at the household (看): housing grade, water, appliances, vehicles',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow({ role: 'village_cadre' })
  async observe(
    @Param('id') id: string,
    @ZodBody(observationBody) input: z.output<typeof observationBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const idempotencyKey = requireIdempotencyKey(key);
    assertJurisdiction(principal, await householdVillage(this.runtime.db, id));
    const result = await saveObservation(this.runtime.db, id, input, actorOf(principal), idempotencyKey);
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get('observations/latest')
  @ApiOperation({ summary: 'The latest living-condition observation' })
  @Allow(...readers)
  async observation(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    assertJurisdiction(principal, await householdVillage(this.runtime.db, id));
    return { householdId: id, observation: await latestObservation(this.runtime.db, id) };
  }

  @Put('causes')
  @ApiOperation({
    summary: 'Set the poverty causes (one main, at most two others) and the assistance category (五个一批)',
  })
  @Allow({ role: 'village_cadre' })
  async causes(
    @Param('id') id: string,
    @ZodBody(causesBody) input: z.output<typeof causesBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    assertJurisdiction(principal, await householdVillage(this.runtime.db, id));
    return saveCauses(this.runtime.db, id, input, actorOf(principal));
  }
}
