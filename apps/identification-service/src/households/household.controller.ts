import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import type { z } from 'zod';
import { householdSearchQuery, householdSearchResult } from './household-search.schema';
import { HouseholdSearchService } from './household-search.service';
import { householdApplied, householdBody, householdView } from './household.schema';
import { HouseholdService } from './household.service';

/** Who reads the household file (一户一档); ID numbers in full only for some of them (household-privacy.ts). */
const fileReaders = [
  { role: 'village_cadre' },
  { role: 'township_reviewer' },
  { role: 'county_approver' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;

@ApiTags('households 户')
@ApiBearerAuth()
@Controller('households')
export class HouseholdController {
  constructor(
    private readonly households: HouseholdService,
    private readonly search: HouseholdSearchService,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'Search the register inside your jurisdiction (一户一档): q is a member name (any part of it), a resident ID number (18 characters, exact) or a county/township/village code; village narrows to a division; pages of limit, ordered by village then household, cursor for the next. ID numbers are masked (4305**********1234) except for village cadres, township reviewers and county approvers',
  })
  @ZodResponse(householdSearchResult, { description: 'A page of households with their head and size' })
  @Allow(...fileReaders)
  find(
    @ZodQuery(householdSearchQuery) q: z.output<typeof householdSearchQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.search.search(principal, q);
  }

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
  @ApiOperation({
    summary:
      'A household and its members, its poverty causes and assistance category (五个一批), and the poverty line of each income year surveyed; inside your jurisdiction, ID numbers in full only for village cadres, township reviewers and county approvers (others see them masked)',
  })
  @ZodResponse(householdView, { description: 'The household (户) and its members' })
  @Allow(...fileReaders)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.households.get(principal, id);
  }
}
