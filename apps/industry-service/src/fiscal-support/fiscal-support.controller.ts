import { Controller, Get, Headers, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, parseBody, requireIdempotencyKey } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import {
  catalogueBody,
  catalogueQuery,
  catalogueView,
  deliveryBody,
  supportBody,
  supportList,
  supportQuery,
  supportView,
  survivalCheckBody,
  yearParam,
} from './fiscal-support.schema';
import { FiscalSupportService } from './fiscal-support.service';

const villageCadre = { role: 'village_cadre' } as const;

/**
 * 财政扶持产业: the county's catalogue of the year, supports of registered households priced from it, the household's
 * signature on delivery and the survival check after the items' months.
 */
@ApiTags('fiscal support 财政扶持产业')
@ApiBearerAuth()
@Controller()
export class FiscalSupportController {
  constructor(private readonly fiscal: FiscalSupportService) {}

  @Put('fiscal-catalogues/:year')
  @ApiOperation({
    summary:
      "Set the county's catalogue for the year (扶持目录): every item with its unit, unit price (fen), kind and survival-check months, replacing the previous items (supports already decided keep their prices)",
  })
  @ApiParam({ name: 'year', type: Number })
  @ZodResponse(catalogueView, { description: 'The catalogue as set' })
  @Allow(...industryOffice)
  setCatalogue(
    @Param('year') year: string,
    @ZodBody(catalogueBody) input: z.output<typeof catalogueBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.fiscal.setCatalogue(principal, parseBody(yearParam, year, 'year'), input);
  }

  @Get('fiscal-catalogues/:year')
  @ApiOperation({ summary: "A county's catalogue for the year (anyone working in the county)" })
  @ApiParam({ name: 'year', type: Number })
  @ZodResponse(catalogueView, { description: 'The catalogue' })
  @Allow(...industryReaders)
  catalogue(
    @Param('year') year: string,
    @ZodQuery(catalogueQuery) q: z.output<typeof catalogueQuery>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.fiscal.catalogue(principal, q.county, parseBody(yearParam, year, 'year'));
  }

  @Post('fiscal-support')
  @ApiOperation({
    summary:
      'Decide support for a registered household: catalogue items and quantities, amount = quantity × unit price exactly (fen), per line and in total; an item not in the catalogue, or a catalogue of another year than decidedOn, is refused (422 naming the field)',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(supportView, { status: 201, description: 'The support, awaiting delivery' })
  @ZodResponse(supportView, { status: 200, description: 'The same request again: the same support' })
  @Allow(...industryOffice)
  async create(
    @ZodBody(supportBody) input: z.output<typeof supportBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const { created, support } = await this.fiscal.create(principal, input, requireIdempotencyKey(key));
    res.status(created ? 201 : 200).json(support);
  }

  @Get('fiscal-support')
  @ApiOperation({ summary: 'Supports of a county, township or village (optionally of a year or a household)' })
  @ZodResponse(supportList, { description: 'The supports, newest first' })
  @Allow(...industryReaders)
  list(@ZodQuery(supportQuery) q: z.output<typeof supportQuery>, @CurrentPrincipal() principal: Principal) {
    return this.fiscal.list(principal, q);
  }

  @Get('fiscal-support/:id')
  @ApiOperation({ summary: 'A support: its lines and amounts, the delivery, the survival check and its rates' })
  @ZodResponse(supportView, { description: 'The support' })
  @Allow(...industryReaders)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.fiscal.get(principal, id);
  }

  @Post('fiscal-support/:id/delivery')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '交付签收: the household signs for the items received (who, the day, the receipt) — once (again: 409 naming the first)',
  })
  @ZodResponse(supportView, { description: 'The support, delivered; the survival check opens on the day shown' })
  @Allow(...industryOffice, villageCadre)
  delivery(
    @Param('id') id: string,
    @ZodBody(deliveryBody) input: z.output<typeof deliveryBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.fiscal.deliver(principal, id, input);
  }

  @Post('fiscal-support/:id/survival-check')
  @HttpCode(200)
  @ApiOperation({
    summary:
      '成活核查: how many of each line survive, with the evidence — on or after the delivery + the items’ survival months (before: 422 naming the day it becomes possible), once (again: 409)',
  })
  @ZodResponse(supportView, { description: 'The support with its survival rates' })
  @Allow(...industryOffice, villageCadre)
  survivalCheck(
    @Param('id') id: string,
    @ZodBody(survivalCheckBody) input: z.output<typeof survivalCheckBody>,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.fiscal.checkSurvival(principal, id, input);
  }
}
