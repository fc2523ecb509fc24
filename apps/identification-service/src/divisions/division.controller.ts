import { Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, Public, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, parseBody } from '@fupin/service-kit';
import { divisionChildren, divisionCode, divisionLoadBody, divisionsLoaded } from './division.schema';
import { DivisionService } from './division.service';

/** 行政区划: province → city → county → township → village, each with its code (GB/T 2260 and its village extension). */
@ApiTags('divisions 行政区划')
@Controller('divisions')
export class DivisionController {
  constructor(private readonly divisions: DivisionService) {}

  @Put()
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Load or update a county's division register (the county, its townships and villages); each code must sit under its parent",
  })
  @ZodResponse(divisionsLoaded, { description: 'Loaded (已加载)' })
  @Allow({ role: 'county_approver' }, { role: 'ops' })
  load(@ZodBody(divisionLoadBody) input: z.output<typeof divisionLoadBody>, @CurrentPrincipal() principal: Principal) {
    return this.divisions.load(principal, input);
  }

  @Get()
  @Public()
  @ApiOperation({ summary: 'The divisions directly under a code (public: codes and names only)' })
  @ApiQuery({
    name: 'parent',
    required: true,
    description: 'division code of 2, 4, 6, 9 or 12 digits',
    schema: { type: 'string', pattern: '^(\\d{2}|\\d{4}|\\d{6}|\\d{9}|\\d{12})$' },
  })
  @ZodResponse(divisionChildren, { description: 'The divisions under the code, by code' })
  children(@Query('parent') parent: string | undefined) {
    return this.divisions.children(parseBody(divisionCode, parent ?? '', 'parent'));
  }
}
