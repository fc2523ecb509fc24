import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodResponse, parseBody } from '@fupin/service-kit';
import { ApiDivisionQuery } from '../procedure-http';
import { incidenceDivision, incidenceReport } from './incidence.schema';
import { IncidenceService } from './incidence.service';

export const AREA_READERS = [
  { role: 'village_cadre' },
  { role: 'township_reviewer' },
  { role: 'county_approver' },
  { role: 'auditor' },
  { role: 'workflow_operator' },
] as const;

/** 贫困发生率 per village and for the area, against the line that applies there (2 %, 3 % in the western provinces). */
@ApiTags('exit of villages and counties 贫困村退出、贫困县摘帽')
@ApiBearerAuth()
@Controller('incidence')
export class IncidenceController {
  constructor(private readonly incidence: IncidenceService) {}

  @Get()
  @ApiOperation({
    summary:
      'Poverty incidence (registered poor people not exited / rural population) per village under a village, township or county code, the aggregate, the line and whether it is below; villages without a rural population are named',
  })
  @ZodResponse(incidenceReport, { description: 'The incidence report (贫困发生率)' })
  @Allow(...AREA_READERS)
  @ApiDivisionQuery()
  get(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    return this.incidence.report(principal, parseBody(incidenceDivision, division ?? '', 'division'));
  }
}
