import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse, householdHistory, householdHistoryQuery } from '@fupin/service-kit';
import { relocationReaders } from '../actor';
import { HouseholdHistoryService } from './household-history.service';

@ApiTags('households 建档立卡户')
@ApiBearerAuth()
@Controller('households')
export class HouseholdHistoryController {
  constructor(private readonly history: HouseholdHistoryService) {}

  @Get(':id/history')
  @ApiOperation({
    summary:
      "The household's history in relocation's audit chain (一户一档): each relocation or renovation case's consent, plan, steps, payments and withdrawal, with who signed and when — oldest first",
  })
  @ZodResponse(householdHistory, { description: "The household's entries, oldest first" })
  @Allow(...relocationReaders)
  read(
    @Param('id') id: string,
    @ZodQuery(householdHistoryQuery) q: z.output<typeof householdHistoryQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.history.read(principal, id, q.limit);
  }
}
