import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodQuery, ZodResponse } from '@fupin/service-kit';
import { AREA_READERS } from '../incidence/incidence.controller';
import { householdStatistics, statisticsQuery } from './statistics.schema';
import { StatisticsService } from './statistics.service';

/** 统计: the register of an area in figures, for the dashboards. */
@ApiTags('statistics 统计')
@ApiBearerAuth()
@Controller('statistics')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('households')
  @ApiOperation({
    summary:
      'Households and people by status, and registered households by main poverty cause (致贫原因) and by assistance category (五个一批), for a county, township or village inside your jurisdiction and for each of its divisions one level down, with bilingual labels',
  })
  @ZodResponse(householdStatistics, { description: 'The figures of the division and its children' })
  @Allow(...AREA_READERS)
  households(@ZodQuery(statisticsQuery) q: z.output<typeof statisticsQuery>, @CurrentPrincipal() principal: Principal) {
    return this.statistics.households(principal, q.division);
  }
}
