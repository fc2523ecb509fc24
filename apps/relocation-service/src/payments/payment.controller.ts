import { Controller, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse } from '@fupin/service-kit';
import { countyOffice } from '../actor';
import { payBody, paymentView } from './payment.schema';
import { PaymentService } from './payment.service';

/** 补助资金拨付: the county office pays a case's subsidy tranches, each exactly once. */
@ApiTags('payments 补助拨付')
@ApiBearerAuth()
@Controller('cases')
export class PaymentController {
  constructor(private readonly payments: PaymentService) {}

  @Post(':id/tranches/:milestone/pay')
  @ApiOperation({
    summary:
      "Pay a tranche of the case's subsidy (foundation, roof, acceptance, or lump_sum) under a unique payment reference, in milestone order; paid before: the first payment again (200), nothing written",
  })
  @ZodResponse(paymentView, { status: 201, description: 'Paid now' })
  @ZodResponse(paymentView, {
    status: 200,
    description: 'Paid before: the first payment (no second payment, no event)',
  })
  @Allow(...countyOffice)
  async pay(
    @Param('id') id: string,
    @Param('milestone') milestone: string,
    @ZodBody(payBody) input: z.output<typeof payBody>,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.payments.payAsOffice(principal, id, milestone, input.paymentRef);
    res.status(result.paid ? 201 : 200).json(result.payment);
  }
}
