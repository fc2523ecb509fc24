import { Controller, Headers, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { renovationBody, renovationCreated } from './renovation.schema';
import { RenovationService } from './renovation.service';

/** 危房改造: the application starts a renovation case; its later steps are the case endpoints (/cases/{id}/…). */
@ApiTags('renovations 危房改造')
@ApiBearerAuth()
@Controller('renovations')
export class RenovationController {
  constructor(private readonly renovations: RenovationService) {}

  @Post()
  @ApiOperation({
    summary:
      "危房改造: the household head's signed application and the planned year (this year to 3 years ahead). Only a registered household whose latest house grade is C or D, not relocating (422 naming the rule); one open case per household of either kind (409). The case goes to the township review; then POST /cases/{id}/review, /milestones (acceptance with newGrade A or B), /tranches/{milestone}/approve, /withdraw; completion publishes housing.renovated",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(renovationCreated, { status: 201, description: 'The renovation case, submitted to the township' })
  @ZodResponse(renovationCreated, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow({ role: 'village_cadre' })
  async apply(
    @ZodBody(renovationBody) input: z.output<typeof renovationBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.renovations.apply(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }
}
