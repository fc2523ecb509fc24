import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Allow, ROLES } from '@fupin/auth';
import { settleClaim } from '@fupin/medical-aid-rules';
import { ZodBody, violationsError } from '@fupin/service-kit';
import { judgedByRules, settlementInputShape } from '../policies/policy.schema';

/** The body's shape, documented; settleClaim judges it and names each bad field with its rule. */
const previewBody = judgedByRules(settlementInputShape);

/** 一站式结算: the layers of one claim, in integer fen. */
@ApiTags('settlement 一站式结算')
@ApiBearerAuth()
@Controller('settlements')
export class SettlementController {
  @Post('preview')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Settle a claim on paper (no writes): basic insurance → critical-illness → medical assistance → backstop → patient share, all in fen',
  })
  @Allow(...ROLES.map((role) => ({ role })))
  preview(@ZodBody(previewBody) body: z.output<typeof previewBody>) {
    const result = settleClaim(body);
    if (!result.ok) throw violationsError(result.violations);
    return result.value;
  }
}
