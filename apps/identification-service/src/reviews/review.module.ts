import { Module } from '@nestjs/common';
import { ReviewController } from './review.controller';
import { ReviewRepository } from './review.repository';
import { ReviewService } from './review.service';

/**
 * 一年一评: controller (HTTP) → service (use cases, the campaign's workflow) → repository (the only SQL). The
 * campaign's activities (review.activities.ts) run outside Nest, on the worker, with the same repository functions.
 */
@Module({
  controllers: [ReviewController],
  providers: [ReviewService, ReviewRepository],
})
export class ReviewModule {}
