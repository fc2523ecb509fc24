import { Controller, Get, Headers, Inject, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  Allow,
  CurrentPrincipal,
  assertJurisdiction,
  coversDivision,
  principalJurisdictionLabel,
  type Principal,
} from '@fupin/auth';
import { DomainError, SERVICE_RUNTIME, type ServiceRuntime, ZodBody, requireIdempotencyKey } from '@fupin/service-kit';
import type { z } from 'zod';
import { householdBody } from './household.schema';
import { registerHousehold, loadHousehold } from './household.repository';

@ApiTags('households 户')
@ApiBearerAuth()
@Controller('households')
export class HouseholdController {
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime) {}

  @Post()
  @ApiOperation({
    summary:
      'Record an application (农户申请): a household and its members, status applicant; it is registered (建档立卡) at the end of its identification round',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @Allow({ role: 'village_cadre' }, { role: 'county_approver' })
  async register(
    @ZodBody(householdBody) input: z.output<typeof householdBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const key = requireIdempotencyKey(idempotencyKey);
    assertJurisdiction(principal, input.villageCode);
    const result = await registerHousehold(
      this.runtime.db,
      input,
      { subject: principal.subject, role: principal.role, jurisdiction: principalJurisdictionLabel(principal) },
      key,
      (village) => coversDivision(principal, village),
    );
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A household and its members (ID numbers visible only inside the jurisdiction)' })
  @Allow(
    { role: 'village_cadre' },
    { role: 'township_reviewer' },
    { role: 'county_approver' },
    { role: 'auditor' },
    { role: 'workflow_operator' },
  )
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const household = await loadHousehold(this.runtime.db, id);
    if (!household)
      throw new DomainError(
        404,
        'household.not_found',
        { 'zh-CN': `未找到户 ${id}`, en: `Household ${id} not found` },
        'id',
      );
    assertJurisdiction(principal, household.villageCode);
    return household;
  }
}
