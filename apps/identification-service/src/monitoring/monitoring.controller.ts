import { Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { OFFICIALS, ApiDivisionQuery } from '../procedure-http';
import {
  clearingActionBody,
  entryBody,
  eventBody,
  measureBody,
  monitoredList,
  monitoringEntered,
  monitoringState,
  monitoringView,
  riskEventAccepted,
  supportMeasure,
} from './monitoring.schema';
import { MonitoringService } from './monitoring.service';

const readers = [
  ...OFFICIALS,
  { role: 'department_officer' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;

/** 防止返贫监测: entry, support measures, risk events, re-checks, risk clearing — one workflow per household. */
@ApiTags('relapse monitoring 防止返贫监测')
@ApiBearerAuth()
@Controller('monitoring')
export class MonitoringController {
  constructor(private readonly monitoring: MonitoringService) {}

  @Post()
  @ApiOperation({
    summary:
      'Put a household under relapse monitoring (纳入监测): decided on its latest income survey; refused with the reasons when it does not qualify',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(monitoringEntered, { status: 201, description: 'Monitored; its workflow is started' })
  @ZodResponse(monitoringEntered, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(...OFFICIALS)
  async enter(
    @ZodBody(entryBody) input: z.output<typeof entryBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.monitoring.enter(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Monitored households inside a division (county, township or village code), newest first' })
  @ZodResponse(monitoredList, { description: 'The monitored households, at most 500' })
  @Allow(...readers)
  @ApiDivisionQuery()
  list(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    return this.monitoring.list(principal, division);
  }

  @Get(':householdId')
  @ApiOperation({
    summary:
      "A household's monitoring: status, categories, measures and their deadline/escalation, re-checks, clearing",
  })
  @ZodResponse(monitoringView, { description: "The household's (latest) monitoring period" })
  @Allow(...readers)
  get(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    return this.monitoring.get(principal, householdId);
  }

  @Post(':householdId/measures')
  @ApiOperation({
    summary:
      'Assign a support measure (帮扶措施): industry, employment, medical, education, housing, social assistance, other',
  })
  @ZodResponse(supportMeasure, { status: 201, description: 'Assigned and recorded' })
  @Allow(...OFFICIALS, { role: 'department_officer' })
  measure(
    @Param('householdId') householdId: string,
    @ZodBody(measureBody) input: z.output<typeof measureBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.monitoring.assignMeasure(principal, householdId, input);
  }

  @Post(':householdId/events')
  @HttpCode(202)
  @ApiOperation({ summary: 'Report a risk event (a disaster, a new survey): the household is re-checked at once' })
  @ZodResponse(riskEventAccepted, { status: 202, description: 'Accepted: the re-check follows' })
  @Allow({ role: 'village_cadre' }, { role: 'department_officer' })
  event(
    @Param('householdId') householdId: string,
    @ZodBody(eventBody) input: z.output<typeof eventBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.monitoring.reportEvent(principal, householdId, input);
  }

  @Post(':householdId/clearing')
  @ApiOperation({
    summary:
      'Propose risk clearing (风险消除): ≥ 6 stable months above the monitoring line, labour, a measure; then a village notice and county approval',
  })
  @ZodResponse(monitoringState, { status: 201, description: 'Proposed: the village notice follows' })
  @Allow({ role: 'village_cadre' })
  propose(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    return this.monitoring.proposeClearing(principal, householdId);
  }

  @Post(':householdId/clearing/actions')
  @ApiOperation({
    summary: 'Answer an objection to the clearing notice (township) or approve/reject the clearing (county)',
  })
  @ZodResponse(monitoringState, { status: 201, description: 'Recorded: the monitoring as it stands now' })
  @Allow({ role: 'township_reviewer' }, { role: 'county_approver' })
  clearingAction(
    @Param('householdId') householdId: string,
    @ZodBody(clearingActionBody) input: z.output<typeof clearingActionBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.monitoring.clearingAction(principal, householdId, input);
  }
}
