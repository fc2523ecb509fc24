import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import { partnerBody, partnerList, partnerQuery, partnerRegistered, partnerView } from './partner.schema';
import { PartnerService } from './partner.service';

/** 经营主体: enterprises and cooperatives that carry projects, pay dividends and employ. */
@ApiTags('partners 经营主体')
@ApiBearerAuth()
@Controller('partners')
export class PartnerController {
  constructor(private readonly partners: PartnerService) {}

  @Post()
  @ApiOperation({
    summary:
      'Register an enterprise or cooperative of the county: 统一社会信用代码 checked (length, characters, GB 32100 check character: 422 naming the rule), the account payments go to; a code registered before: 409',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(partnerRegistered, { status: 201, description: 'Registered' })
  @ZodResponse(partnerRegistered, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(...industryOffice)
  async register(
    @ZodBody(partnerBody) input: z.output<typeof partnerBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.partners.register(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: "The county's partners" })
  @ZodResponse(partnerList, { description: 'The partners of the county, by name' })
  @Allow(...industryReaders)
  list(@ZodQuery(partnerQuery) q: z.output<typeof partnerQuery>, @CurrentPrincipal() principal: Principal) {
    return this.partners.list(principal, q.county);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A partner' })
  @ZodResponse(partnerView, { description: 'The partner' })
  @Allow(...industryReaders)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.partners.get(principal, id);
  }
}
