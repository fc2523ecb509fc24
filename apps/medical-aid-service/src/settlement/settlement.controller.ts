import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Allow, ROLES } from '@fupin/auth';
import { type SettlementInput, settleClaim } from '@fupin/medical-aid-rules';
import { violationsError } from '@fupin/service-kit';

/** 一站式结算: the layers of one claim, in integer fen. */
@ApiTags('settlement 一站式结算')
@ApiBearerAuth()
@Controller('settlements')
export class SettlementController {
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: 'Settle a claim on paper (no writes): basic insurance → critical-illness → medical assistance → backstop → patient share, all in fen' })
  @Allow(...ROLES.map((role) => ({ role })))
  preview(@Body() body: unknown) {
    const result = settleClaim(body as SettlementInput);
    if (!result.ok) throw violationsError(result.violations);
    return result.value;
  }
}
