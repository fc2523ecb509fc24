import { Controller, Get, Headers, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import { productionIncomeBody, productionIncomeList, productionIncomeView } from './fiscal-support.schema';
import { ProductionIncomeService } from './production-income.service';

/** 生产经营性收入: income from production, sent to identification as known income (income.recorded). */
@ApiTags('fiscal support 财政扶持产业')
@ApiBearerAuth()
@Controller('households/:householdId/production-income')
export class ProductionIncomeController {
  constructor(private readonly incomes: ProductionIncomeService) {}

  @Post()
  @ApiOperation({
    summary:
      "Record a registered household's production income (sale of livestock, crops): emits income.recorded (source production), which identification shows pre-filled in the next survey (六算) for the cadre to confirm",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(productionIncomeView, { status: 201, description: 'Recorded and sent' })
  @ZodResponse(productionIncomeView, { status: 200, description: 'The same request again: the first answer' })
  @Allow(...industryOffice, { role: 'village_cadre' })
  async record(
    @Param('householdId') householdId: string,
    @ZodBody(productionIncomeBody) input: z.output<typeof productionIncomeBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const { created, income } = await this.incomes.record(principal, householdId, input, requireIdempotencyKey(key));
    res.status(created ? 201 : 200).json(income);
  }

  @Get()
  @ApiOperation({ summary: "The household's production income recorded here, newest first" })
  @ZodResponse(productionIncomeList, { description: 'The incomes' })
  @Allow(...industryReaders)
  list(@Param('householdId') householdId: string, @CurrentPrincipal() principal: Principal) {
    return this.incomes.list(principal, householdId);
  }
}
