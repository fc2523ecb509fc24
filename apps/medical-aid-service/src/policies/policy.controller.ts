import { Controller, Get, Headers, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { createPolicyBody, listPoliciesQuery, policyVersion, policyVersions } from './policy.schema';
import { PolicyService } from './policy.service';

const healthOfficers = [
  { role: 'department_officer', department: 'medical_aid' },
  { role: 'department_officer', department: 'health' },
] as const;

/**
 * A county's medical policy for a year, as data (SPEC §3.5). A change is a new version; a version a claim
 * was settled under is never edited (claims keep pointing at the version they used).
 */
@ApiTags('policies 医保与医疗救助政策')
@ApiBearerAuth()
@Controller('policies')
export class PolicyController {
  constructor(private readonly policies: PolicyService) {}

  @Post()
  @ApiOperation({
    summary: 'Publish a new version of a county’s policy for a year (deductibles, rates in basis points, caps in fen)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(policyVersion, { status: 201, description: 'Published: the new version (新版本已发布)' })
  @ZodResponse(policyVersion, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(...healthOfficers)
  async create(
    @ZodBody(createPolicyBody) input: z.output<typeof createPolicyBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.policies.publish(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({
    summary: 'The versions of a county’s policy for a year, newest first (the first is the one new claims use)',
  })
  @ZodResponse(policyVersions, { description: 'The versions, newest first' })
  @Allow(...healthOfficers, { role: 'county_approver' }, { role: 'auditor' })
  list(@ZodQuery(listPoliciesQuery) q: z.output<typeof listPoliciesQuery>, @CurrentPrincipal() principal: Principal) {
    return this.policies.list(principal, q.county, q.year);
  }
}
