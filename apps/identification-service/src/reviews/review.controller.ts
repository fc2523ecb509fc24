import { Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { z } from 'zod';
import { Allow, CurrentPrincipal, type Principal } from '@fupin/auth';
import { ZodBody, ZodResponse, requireIdempotencyKey } from '@fupin/service-kit';
import { READERS } from '../procedure-http';
import { reviewList, reviewStarted, reviewState, startReviewBody } from './review.schema';
import { ReviewService } from './review.service';

@ApiTags('annual review 一年一评')
@ApiBearerAuth()
@Controller('reviews')
export class ReviewController {
  constructor(private readonly reviews: ReviewService) {}

  @Post()
  @ApiOperation({
    summary:
      "Start the county's annual review (一年一评、有进有出): surveys collected, exits proposed, applications identified, progress per township, a report at the end",
  })
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ZodResponse(reviewStarted, { status: 201, description: 'Started; follow it with GET /reviews/{id}' })
  @ZodResponse(reviewStarted, { status: 200, description: 'The same request again: the first answer, replayed' })
  @Allow({ role: 'county_approver' })
  async start(
    @ZodBody(startReviewBody) input: z.output<typeof startReviewBody>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res() res: Response,
  ) {
    const result = await this.reviews.start(principal, input, requireIdempotencyKey(key));
    res.status(result.replayed ? 200 : result.status).json(result.body);
  }

  @Get()
  @ApiOperation({ summary: 'Annual reviews of a county, newest first' })
  @ApiQuery({
    name: 'county',
    required: true,
    description: '6-digit county code',
    schema: { type: 'string', pattern: '^\\d{6}$' },
  })
  @ZodResponse(reviewList, { description: "The county's campaigns" })
  @Allow(...READERS)
  list(@Query('county') county: string | undefined, @CurrentPrincipal() principal: Principal) {
    return this.reviews.list(principal, county);
  }

  @Get(':id')
  @ApiOperation({
    summary:
      "The campaign: phase, surveys collected, each township's villages done / waiting / overdue, and the report (before/after) when finished",
  })
  @ZodResponse(reviewState, { description: 'The campaign, live; or its recorded report once finished' })
  @Allow(...READERS)
  get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.reviews.get(principal, id);
  }
}
