import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import type { z } from 'zod';
import { householdApplied, householdBody, householdView } from './household.schema';
import { HouseholdService } from './household.service';

@ApiTags('households 户')
@ApiBearerAuth()
@Controller('households')
export class HouseholdController {
  constructor(private readonly households: HouseholdService) {}

  @Post()
  @ApiOperation({
    summary:
      'Record an application (农户申请): a household and its members, status applicant; it is registered (建档立卡) at the end of its identification round',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(householdApplied, { status: 201, description: 'Recorded (已登记申请)' })
  @ZodResponse(householdApplied, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow({ role: 'village_cadre' }, { role: 'county_approver' })
  async register(
    @ZodBody(householdBody) input: z.output<typeof householdBody>,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.households.apply(principal, input, requireIdempotencyKey(idempotencyKey));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A household and its members (ID numbers visible only inside the jurisdiction)' })
  @ZodResponse(householdView, { description: 'The household (户) and its members' })
  @Allow(
    { role: 'village_cadre' },
    { role: 'township_reviewer' },
    { role: 'county_approver' },
    { role: 'auditor' },
    { role: 'workflow_operator' },
  )
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.households.get(principal, id);
  }
}
