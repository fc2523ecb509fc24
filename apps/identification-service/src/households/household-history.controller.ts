import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse, householdHistory, householdHistoryQuery } from '@fupin/service-kit';
import { HouseholdHistoryService } from './household-history.service';

@ApiTags('households 户')
@ApiBearerAuth()
@Controller('households')
export class HouseholdHistoryController {
  constructor(private readonly history: HouseholdHistoryService) {}

  @Get(':id/history')
  @ApiOperation({
    summary:
      "The household's history in identification's audit chain (一户一档): application, each step of its identification and exit procedures with who signed it and when, surveys, causes, monitoring, outcomes — oldest first; the step moved to where the record proves it",
  })
  @ZodResponse(householdHistory, { description: "The household's entries, oldest first" })
  @Allow(
    { role: 'village_cadre' },
    { role: 'township_reviewer' },
    { role: 'county_approver' },
    { role: 'auditor' },
    { role: 'workflow_operator' },
  )
  read(
    @Param('id') id: string,
    @ZodQuery(householdHistoryQuery) q: z.output<typeof householdHistoryQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.history.read(principal, id, q.limit);
  }
}
