import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { claimBody, claimEntered, claimView, claimWorkflowState, reviewBody } from './claim.schema';
import { ClaimService } from './claim.service';

const medicalOfficer = { role: 'department_officer', department: 'medical_aid' } as const;

/** 报销: claims from discharge to payment, each run by its own workflow. */
@ApiTags('claims 医疗报销')
@ApiBearerAuth()
@Controller('claims')
export class ClaimController {
  constructor(private readonly claims: ClaimService) {}

  @Post()
  @ApiOperation({
    summary: 'Enter a claim at discharge (amounts in fen); it is checked, settled, reviewed when selected, and paid',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(claimEntered, { status: 202, description: 'Entered; its workflow takes it on (已受理)' })
  @ZodResponse(claimEntered, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(medicalOfficer)
  async enter(
    @ZodBody(claimBody) input: z.output<typeof claimBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.claims.enter(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A claim: status, the five figures once settled, review, payment, and its workflow state' })
  @ZodResponse(claimView, { description: 'The claim and its workflow state' })
  @Allow(medicalOfficer, { role: 'auditor' }, { role: 'county_approver' }, { role: 'workflow_operator' })
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.claims.get(principal, id);
  }

  @Post(':id/review')
  @ApiOperation({ summary: 'Manual review of a selected claim by a medical officer of its county (reason required)' })
  @ZodResponse(claimWorkflowState, { status: 201, description: "Reviewed: the claim's workflow state after it" })
  @Allow(medicalOfficer)
  review(
    @Param('id') id: string,
    @ZodBody(reviewBody) input: z.output<typeof reviewBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.claims.review(principal, id, input);
  }
}
