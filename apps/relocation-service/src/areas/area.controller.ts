import { Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse } from '@fupin/service-kit';
import { countyOffice, relocationReaders } from '../actor';
import { areaBody, areaList, areaQuery, areaView } from './area.schema';
import { AreaService } from './area.service';

/** 搬迁区域: villages designated for relocation by the county office. */
@ApiTags('areas 搬迁区域')
@ApiBearerAuth()
@Controller('areas')
export class AreaController {
  constructor(private readonly areas: AreaService) {}

  @Put(':villageCode')
  @ApiOperation({
    summary:
      'Designate a village as a relocation area for a year (or lift it), with the reason; county relocation office of its county',
  })
  @ZodResponse(areaView, { description: 'The decision as recorded (and audited)' })
  @Allow(...countyOffice)
  designate(
    @Param('villageCode') villageCode: string,
    @ZodBody(areaBody) input: z.output<typeof areaBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.areas.designate(principal, villageCode, input);
  }

  @Get()
  @ApiOperation({ summary: "The county's villages with a relocation decision (designated or not), by village code" })
  @ZodResponse(areaList, { description: 'The decisions of the county' })
  @Allow(...relocationReaders)
  list(@ZodQuery(areaQuery) q: z.output<typeof areaQuery>, @CurrentPrincipal() principal: Principal) {
    return this.areas.list(principal, q.county);
  }
}
