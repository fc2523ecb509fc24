import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { countyOffice, relocationReaders } from '../actor';
import { siteBody, siteList, siteQuery, siteRegistered, siteView } from './site.schema';
import { SiteService } from './site.service';

/** 安置点: resettlement sites of the county and the homes their cases hold. */
@ApiTags('sites 安置点')
@ApiBearerAuth()
@Controller('sites')
export class SiteController {
  constructor(private readonly sites: SiteService) {}

  @Post()
  @ApiOperation({ summary: 'Register a resettlement site of the county (code, township, mode, placement, capacity)' })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(siteRegistered, { status: 201, description: 'Registered' })
  @ZodResponse(siteRegistered, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(...countyOffice)
  async register(
    @ZodBody(siteBody) input: z.output<typeof siteBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.sites.register(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: "The county's resettlement sites with their homes allocated (derived from the cases)" })
  @ZodResponse(siteList, { description: 'The sites of the county' })
  @Allow(...relocationReaders)
  list(@ZodQuery(siteQuery) q: z.output<typeof siteQuery>, @CurrentPrincipal() principal: Principal) {
    return this.sites.list(principal, q.county);
  }

  @Get(':code')
  @ApiOperation({ summary: 'A resettlement site: capacity, homes allocated to its cases (derived) and homes free' })
  @ZodResponse(siteView, { description: 'The site' })
  @Allow(...relocationReaders)
  get(@Param('code') code: string, @CurrentPrincipal() principal: Principal) {
    return this.sites.get(principal, code);
  }
}
