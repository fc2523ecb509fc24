import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse, householdHistory, householdHistoryQuery } from '@fupin/service-kit';
import { industryReaders } from '../actor';
import { HouseholdHistoryService } from './household-history.service';

@ApiTags('households 户')
@ApiBearerAuth()
@Controller('households')
export class HouseholdHistoryController {
  constructor(private readonly history: HouseholdHistoryService) {}

  @Get(':id/history')
  @ApiOperation({
    summary:
      "The household's history in industry's audit chain (一户一档): menu choices, production income, each step of its microcredit loans, dividend contracts, fiscal support and job placements, with who signed and when — oldest first",
  })
  @ZodResponse(householdHistory, { description: "The household's entries, oldest first" })
  @Allow(...industryReaders)
  read(
    @Param('id') id: string,
    @ZodQuery(householdHistoryQuery) q: z.output<typeof householdHistoryQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.history.read(principal, id, q.limit);
  }
}
