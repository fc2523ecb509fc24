import { Controller, Get, Headers, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import {
  causesBody,
  causesSaved,
  knownIncomeQuery,
  knownIncomeView,
  latestObservationView,
  observationBody,
  observationSaved,
  surveyBody,
  surveyList,
  surveySaved,
} from './survey.schema';
import { SurveyService } from './survey.service';

const readers = [
  { role: 'village_cadre' },
  { role: 'township_reviewer' },
  { role: 'county_approver' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;

const REPLAYED = 'The same request again: the first answer, replayed';

/** 入户调查: the six calculations (六算), what the surveyor saw (看), and the causes of poverty. */
@ApiTags('surveys 入户调查')
@ApiBearerAuth()
@Controller('households/:id')
export class SurveyController {
  constructor(private readonly householdSurveys: SurveyService) {}

  @Post('surveys')
  @ApiOperation({
    summary: 'Record the income survey of an income year (六算, amounts in fen); per-capita net income is derived',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(surveySaved, { status: 201, description: 'Survey recorded (已录入调查)' })
  @ZodResponse(surveySaved, { status: 200, description: REPLAYED })
  @Allow({ role: 'village_cadre' })
  async survey(
    @Param('id') id: string,
    @ZodBody(surveyBody) input: z.output<typeof surveyBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.householdSurveys.saveSurvey(principal, id, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get('surveys')
  @ApiOperation({ summary: 'Income surveys of the household, newest income year first, every line item kept' })
  @ZodResponse(surveyList, { description: "The household's income surveys" })
  @Allow(...readers)
  surveys(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.householdSurveys.listSurveys(principal, id);
  }

  @Get('known-income')
  @ApiOperation({
    summary:
      'Known income (已知收入) of an income year, recorded by industry support (dividends → property income, wages → wage income, production → farming income), pre-filled for the cadre to confirm in the survey',
  })
  @ZodResponse(knownIncomeView, { description: "The household's known income of the year, per source and item" })
  @Allow(...readers)
  knownIncome(
    @Param('id') id: string,
    @ZodQuery(knownIncomeQuery) q: z.output<typeof knownIncomeQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.householdSurveys.knownIncome(principal, id, q.year);
  }

  @Post('observations')
  @ApiOperation({
    summary: 'Record living conditions seen at the household (看): housing grade, water, appliances, vehicles',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(observationSaved, { status: 201, description: 'Observation recorded (已记录)' })
  @ZodResponse(observationSaved, { status: 200, description: REPLAYED })
  @Allow({ role: 'village_cadre' })
  async observe(
    @Param('id') id: string,
    @ZodBody(observationBody) input: z.output<typeof observationBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.householdSurveys.saveObservation(principal, id, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get('observations/latest')
  @ApiOperation({ summary: 'The latest living-condition observation' })
  @ZodResponse(latestObservationView, { description: 'The latest observation, or null' })
  @Allow(...readers)
  observation(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.householdSurveys.latestObservation(principal, id);
  }

  @Put('causes')
  @ApiOperation({
    summary: 'Set the poverty causes (one main, at most two others) and the assistance category (五个一批)',
  })
  @ZodResponse(causesSaved, { description: 'Causes and category set, as codes' })
  @Allow({ role: 'village_cadre' })
  causes(
    @Param('id') id: string,
    @ZodBody(causesBody) input: z.output<typeof causesBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.householdSurveys.saveCauses(principal, id, input);
  }
}
