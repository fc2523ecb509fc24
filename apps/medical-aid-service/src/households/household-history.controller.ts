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
      "The household's history in medical aid's audit chain (一户一档): its enrollment decision and each claim of its members (entered, settled, rejected, paid), with who signed and when — oldest first; amounts stay in the claims",
  })
  @ZodResponse(householdHistory, { description: "The household's entries, oldest first" })
  @Allow(
    { role: 'department_officer', department: 'medical_aid' },
    { role: 'county_approver' },
    { role: 'township_reviewer' },
    { role: 'village_cadre' },
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
