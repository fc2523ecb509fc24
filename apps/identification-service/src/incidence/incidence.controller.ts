import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Allow, CurrentPrincipal, assertJurisdiction, type Principal } from '@fupin/auth';
import { SERVICE_RUNTIME, type ServiceRuntime, parseBody, bilingual } from '@fupin/service-kit';
import type { IdentificationConfig } from '../config';
import { incidenceFor } from './incidence.repository';
import { ApiDivisionQuery } from '../procedure-http';

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
  constructor(@Inject(SERVICE_RUNTIME) private readonly runtime: ServiceRuntime<IdentificationConfig>) {}

  @Get()
  @ApiOperation({
    summary:
      'Poverty incidence (registered poor people not exited / rural population) per village under a village, township or county code, the aggregate, the line and whether it is below; villages without a rural population are named',
  })
  @Allow(...AREA_READERS)
  @ApiDivisionQuery()
  async get(@Query('division') division: string | undefined, @CurrentPrincipal() principal: Principal) {
    const code = parseBody(
      z
        .string()
        .regex(
          /^(\d{6}|\d{9}|\d{12})$/,
          bilingual(
            '须为县（6位）、乡镇（9位）或村（12位）区划代码',
            'must be a county (6), township (9) or village (12) code',
          ),
        ),
      division ?? '',
      'division',
    );
    assertJurisdiction(principal, code, 'division');
    return incidenceFor(this.runtime.db, code, this.runtime.config.exitArea.incidence);
  }
}
