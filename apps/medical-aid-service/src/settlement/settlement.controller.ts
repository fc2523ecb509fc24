import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, ROLES } from '@fupin/auth';
import { ZodBody, ZodResponse } from '@fupin/service-kit';
import { previewBody, settlement } from './settlement.schema';
import { SettlementService } from './settlement.service';

/** 一站式结算: the layers of one claim, in integer fen. */
@ApiTags('settlement 一站式结算')
@ApiBearerAuth()
@Controller('settlements')
export class SettlementController {
  constructor(private readonly settlements: SettlementService) {}

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Settle a claim on paper (no writes): basic insurance → critical-illness → medical assistance → backstop → patient share, all in fen',
  })
  @ZodResponse(settlement, { description: 'The layers of the claim' })
  @Allow(...ROLES.map((role) => ({ role })))
  preview(@ZodBody(previewBody) body: z.output<typeof previewBody>) {
    return this.settlements.preview(body);
  }
}
