import { Controller, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodQuery, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { industryOffice, industryReaders } from '../actor';
import {
  contractBody,
  contractCreated,
  contractList,
  contractQuery,
  contractView,
  paymentBody,
  paymentRecorded,
} from './dividend.schema';
import { DividendService } from './dividend.service';

/** 入股分红 / 资产收益: households' shares in partners, the dividends they earn and the principal returned at term. */
@ApiTags('dividends 入股分红')
@ApiBearerAuth()
@Controller('dividend-contracts')
export class DividendController {
  constructor(private readonly dividends: DividendService) {}

  @Post()
  @ApiOperation({
    summary:
      "Record a household's dividend contract with a partner of its county: principal (fen) and its source, the yearly dividend (fixed or a rate), the payment dates, start and term — refused 422 naming field and rule. Its payments are scheduled with it; the schedule dividend:<id> raises each as due",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(contractCreated, { status: 201, description: 'Recorded, its schedule created' })
  @ZodResponse(contractCreated, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(...industryOffice)
  async create(
    @ZodBody(contractBody) input: z.output<typeof contractBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.dividends.create(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: "A household's dividend contracts with each payment's status and the arrears" })
  @ZodResponse(contractList, { description: 'The contracts' })
  @Allow(...industryReaders)
  list(@ZodQuery(contractQuery) q: z.output<typeof contractQuery>, @CurrentPrincipal() principal: Principal) {
    return this.dividends.list(principal, q.householdId);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A contract: each payment upcoming, due, paid (late or not) or missed; the arrears (欠付) are the missed',
  })
  @ZodResponse(contractView, { description: 'The contract' })
  @Allow(...industryReaders)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.dividends.get(principal, id);
  }

  @Post(':id/payments')
  @ApiOperation({
    summary:
      "The partner's payment of one item (dividend or principal), recorded by the industry office: exactly once per item (again: 409 dividend_already_recorded naming the first), the exact amount (422 dividend_amount_mismatch); dividend.paid and income.recorded follow",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(paymentRecorded, { status: 201, description: 'Recorded' })
  @ZodResponse(paymentRecorded, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow(...industryOffice)
  async pay(
    @Param('id') id: string,
    @ZodBody(paymentBody) input: z.output<typeof paymentBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.dividends.pay(principal, id, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Post(':id/schedule')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Create the contract's schedule if it is missing (e.g. Temporal was unreachable when the contract was recorded); one that exists is left as it is",
  })
  @ZodResponse(contractView, { description: 'The contract, its schedule active (or closed: every item settled)' })
  @Allow(...industryOffice)
  schedule(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.dividends.recreateSchedule(principal, id);
  }
}
